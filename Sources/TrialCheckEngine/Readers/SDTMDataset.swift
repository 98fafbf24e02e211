import TrialCheckCore

/// One SDTM dataset read from a CSV file: its header and rows, with the supplemental
/// qualifiers (SUPP--) that belong to its records. A class: each of its records holds it.
final class SDTMDataset {
    /// One supplemental qualifier: IDVAR, IDVARVAL, QNAM (upper case) and the QVAL field.
    struct Qualifier {
        let idVariable: String
        let idValue: String
        let name: String
        let value: CSVField
        /// ``name`` as a ``packed(_:upperCased:)`` number (``unpacked`` for a name that is
        /// not one): a variable named in the code is looked up by number, with no text made.
        let packedName: UInt64
        /// Whether ``idValue`` is a plain whole number (``isPlainWholeNumber(_:)``), told
        /// once rather than at every row it is compared with.
        let idValueIsPlainWholeNumber: Bool

        init(idVariable: String, idValue: String, name: String, value: CSVField) {
            self.idVariable = idVariable
            self.idValue = idValue
            self.name = name
            self.value = value
            packedName = SDTMDataset.packed(name) ?? SDTMDataset.unpacked
            idValueIsPlainWholeNumber = SDTMDataset.isPlainWholeNumber(idValue)
        }
    }

    /// The domain (`DM`, `AE`, ...), from the file name.
    let domain: String
    /// The domains the mapping reads, each one case: the domain told once per dataset, not
    /// compared as text at every record.
    enum Mapped { case ex, ec, pr, cm, lb, ae, mh, rs, ds, ie, qs, other }
    /// ``domain`` as the mapping reads it.
    let mapped: Mapped
    /// The file's name in the folder (`ae.csv`).
    let fileName: String
    /// The file's path, as locations name it.
    let path: String
    let header: CSVHeader
    let rows: [CSVRow]
    /// Supplemental qualifiers by subject: (IDVAR, IDVARVAL, QNAM, QVAL field).
    let supplements: [String: [Qualifier]]
    /// Each column's variable name in upper case: a variable's column is the first of its
    /// name (a scan of a few short names costs less than hashing the name).
    private let variables: [String]
    /// ``variables`` as ``packed(_:)`` numbers (``unpacked`` for a name that is not one).
    private let packedVariables: [UInt64]

    init(domain: String, fileName: String, path: String, header: CSVHeader, rows: [CSVRow]) {
        self.domain = domain
        mapped = Self.mapped(domain)
        self.fileName = fileName
        self.path = path
        self.header = header
        self.rows = rows
        supplements = [:]
        variables = header.names.map { $0.uppercased() }
        packedVariables = variables.map { Self.packed($0) ?? Self.unpacked }
    }

    /// The dataset with the supplemental qualifiers `supplements` (by subject).
    private init(_ dataset: SDTMDataset, supplements: [String: [Qualifier]]) {
        domain = dataset.domain
        mapped = dataset.mapped
        fileName = dataset.fileName
        path = dataset.path
        header = dataset.header
        rows = dataset.rows
        variables = dataset.variables
        packedVariables = dataset.packedVariables
        self.supplements = supplements
    }

    /// The case of `domain`, exactly as spelled (`other` for any domain not mapped).
    private static func mapped(_ domain: String) -> Mapped {
        switch domain {
        case "EX": .ex
        case "EC": .ec
        case "PR": .pr
        case "CM": .cm
        case "LB": .lb
        case "AE": .ae
        case "MH": .mh
        case "RS": .rs
        case "DS": .ds
        case "IE": .ie
        case "QS": .qs
        default: .other
        }
    }

    /// The dataset with the supplemental qualifiers `supplements` (by subject).
    func with(supplements: [String: [Qualifier]]) -> SDTMDataset { SDTMDataset(self, supplements: supplements) }

    /// The column of a variable (any case), or `nil` if the dataset has none.
    func column(of variable: String) -> Int? {
        // A name that packs is compared in upper case at once (the header's names are).
        if let key = Self.packed(variable, upperCased: true) { return packedVariables.firstIndex(of: key) }
        if let column = firstColumn(named: variable) { return column }
        guard variable.utf8.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) else { return nil }
        return firstColumn(named: variable.uppercased())
    }

    /// The column of a variable named in the code (any case): its bytes are packed as they
    /// lie, with no string made of them. Inlined, so the literal's number is worked out
    /// where the code names it.
    @inline(__always)
    func column(of variable: StaticString) -> Int? {
        if let key = Self.packed(variable) { return packedVariables.firstIndex(of: key) }
        return column(of: variable.description)
    }

    /// The first column whose upper-case name is `name`.
    private func firstColumn(named name: String) -> Int? {
        guard let key = Self.packed(name) else { return variables.firstIndex(of: name) }
        return packedVariables.firstIndex(of: key)
    }

    /// A name of 1 to 8 ASCII bytes other than NUL (every SDTM variable name) as one
    /// number, its bytes in order: two such names are equal when their numbers are.
    /// `nil` for another name.
    /// With `upperCased`, the number of the name in upper case (ASCII letters only: the
    /// name is ASCII).
    static func packed(_ name: String, upperCased: Bool = false) -> UInt64? {
        var name = name
        return name.withUTF8 { bytes -> UInt64? in
            guard !bytes.isEmpty, bytes.count <= 8 else { return nil }
            var key: UInt64 = 0
            for offset in 0..<bytes.count {
                var byte = bytes[offset]
                guard byte != 0, byte < 0x80 else { return nil }
                if upperCased, byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") { byte -= 0x20 }
                key |= UInt64(byte) << (8 * offset)
            }
            return key
        }
    }

    /// `name.uppercased()`: the name itself when it is ASCII without a lower-case letter
    /// (the usual QNAM), with no text made.
    static func upperCased(_ name: String) -> String {
        var name = name
        let isUpperCase = name.withUTF8 { bytes in
            for byte in bytes where byte >= 0x80 || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) { return false }
            return true
        }
        return isUpperCase ? name : name.uppercased()
    }

    /// ``packed(_:upperCased:)`` of a name in upper case, read from the literal's bytes.
    /// The bytes are read as one word and upper-cased all at once (the mapping looks up a
    /// variable by a literal name at every field it reads).
    @inline(__always)
    static func packed(_ name: StaticString) -> UInt64? {
        let count = name.utf8CodeUnitCount
        guard name.hasPointerRepresentation, count > 0, count <= 8 else { return nil }
        var key: UInt64 = 0
        withUnsafeMutableBytes(of: &key) { $0.copyMemory(from: UnsafeRawBufferPointer(start: name.utf8Start, count: count)) }
        key = UInt64(littleEndian: key)
        let high: UInt64 = 0x8080_8080_8080_8080
        // A byte of 0x80 or more: not ASCII.
        guard key & high == 0 else { return nil }
        // A NUL among the name's bytes (the word's bytes after them are zero).
        let used: UInt64 = count == 8 ? .max : (1 << (8 * UInt64(count))) - 1
        guard ByteWord.zeroBytes(key) & used == 0 else { return nil }
        // Each byte from `a` (0x61) to `z` (0x7A) loses 0x20: no byte carries into the next,
        // every byte being below 0x80.
        let fromA = (key &+ 0x1F1F_1F1F_1F1F_1F1F) & high
        let pastZ = (key &+ 0x0505_0505_0505_0505) & high
        return key ^ ((fromA & ~pastZ) >> 2)
    }

    /// What ``packedVariables`` holds for a name that ``packed(_:)`` gives no number: no
    /// packed name has it (each of their bytes is below 0x80).
    private static let unpacked = UInt64.max

    /// The row's value of a variable, or `nil` if the dataset has no such variable, the
    /// row is short, or the value is blank.
    func value(of variable: String, in row: SDTMRow) -> CSVField? {
        guard let column = column(of: variable) else { return nil }
        return row.value(column)
    }

    /// ``value(of:in:)`` for a variable named in the code.
    func value(of variable: StaticString, in row: SDTMRow) -> CSVField? {
        guard let column = column(of: variable) else { return nil }
        return row.value(column)
    }

    /// One record of the dataset.
    struct Record {
        let dataset: SDTMDataset
        let row: SDTMRow
        /// The supplemental qualifiers that belong to the row, in the order given: those of
        /// the whole subject (no IDVAR) and those whose IDVAR (such as `AESEQ`) has the
        /// row's value. Resolved once per record, not per variable looked up.
        private let qualifiers: ArraySlice<Qualifier>

        init(dataset: SDTMDataset, row: SDTMRow) {
            self.dataset = dataset
            self.row = row
            qualifiers = dataset.qualifiers(of: row)
        }

        /// A record of a row whose fields are made.
        init(dataset: SDTMDataset, row: CSVRow) {
            self.init(dataset: dataset, row: SDTMRow(row))
        }

        /// The record's value of a variable named in the code (or of a supplemental
        /// qualifier of that name), or `nil` if absent or blank.
        func field(_ name: StaticString) -> CSVField? {
            if let field = dataset.value(of: name, in: row) { return field }
            guard !qualifiers.isEmpty else { return nil }
            return qualifier(name)
        }

        /// ``field(_:)``'s trimmed text and position, read without the field where the row's
        /// cell is read in place.
        @inline(__always)
        func value(_ name: StaticString) -> SDTMValue? {
            if let column = dataset.column(of: name), let value = row.trimmedValue(column) { return value }
            guard !qualifiers.isEmpty else { return nil }
            return qualifier(name).flatMap(SDTMValue.init)
        }

        /// ``field(_:)`` for a name made at run time (`EX` + `DOSE`).
        func field(named name: String) -> CSVField? {
            if let field = dataset.value(of: name, in: row) { return field }
            guard !qualifiers.isEmpty else { return nil }
            return qualifier(name)
        }

        /// ``qualifier(_:)`` of a name named in the code: found by its packed number (a
        /// qualifier's name is upper case, as the packed number is), with no text made.
        private func qualifier(_ name: StaticString) -> CSVField? {
            guard let key = SDTMDataset.packed(name) else { return qualifier(name.description) }
            for index in qualifiers.indices where qualifiers[index].packedName == key { return qualifiers[index].value }
            return nil
        }

        /// The value of the supplemental qualifier `name` (any case), or `nil`.
        private func qualifier(_ name: String) -> CSVField? {
            let upper = name.utf8.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") } ? name.uppercased() : name
            return qualifiers.first { $0.name == upper }?.value
        }

        /// The trimmed text of a variable, or `nil`: ``field(_:)``'s, the field made only
        /// for a supplemental qualifier.
        @inline(__always)
        func text(_ name: StaticString) -> String? {
            if let column = dataset.column(of: name), let text = row.trimmed(column) { return text }
            guard !qualifiers.isEmpty else { return nil }
            return qualifier(name)?.trimmed
        }

        /// Calls `body` with the bytes of ``text(_:)`` where they lie (none when it is `nil`),
        /// for a variable read from a plain cell of a row kept as cells; `nil` where the text
        /// is read otherwise (a cell that is not plain, a row of fields, a supplemental
        /// qualifier that may stand in for a blank or absent variable).
        @inline(__always)
        func withPlainText<Result>(_ name: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
            let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            guard let column = dataset.column(of: name) else { return hasQualifier(name) ? nil : body(none) }
            // `.some(nil)`: a blank cell, which leaves the text to a qualifier, if any.
            guard let read = row.withTrimmedPlainBytes(column, { $0.isEmpty ? nil : body($0) }) else { return nil }
            if let read { return read }
            return hasQualifier(name) ? nil : body(none)
        }

        /// Whether ``value(_:)`` of `name` is not `nil`, told from a plain cell's bytes where
        /// it can be, with no text made.
        @inline(__always)
        func hasValue(_ name: StaticString) -> Bool {
            withPlainText(name) { !$0.isEmpty } ?? (value(name) != nil)
        }

        /// Whether the record has a supplemental qualifier named `name` (``qualifier(_:)``'s).
        private func hasQualifier(_ name: StaticString) -> Bool {
            guard !qualifiers.isEmpty else { return false }
            guard let key = SDTMDataset.packed(name) else { return qualifier(name) != nil }
            for index in qualifiers.indices where qualifiers[index].packedName == key { return true }
            return false
        }

        /// ``text(_:)`` for a name made at run time.
        func text(named name: String) -> String? { field(named: name)?.trimmed }

        /// Where the record starts.
        var position: TextPosition { TextPosition(line: row.line, column: 1, file: dataset.path) }

        /// The subject (USUBJID).
        var subject: String? { text("USUBJID") }
    }

    /// The dataset with `entries`, if any, as the supplemental qualifiers of `subject`.
    func joined(_ entries: [Qualifier]?, of subject: String) -> SDTMDataset {
        guard let entries else { return self }
        return SDTMDataset(self, supplements: [subject: entries])
    }

    /// The records of the dataset.
    var records: [Record] { rows.map { Record(dataset: self, row: $0) } }

    /// The supplemental qualifiers of `subject`, or `nil` if it has none.
    func supplements(of subject: String) -> [Qualifier]? {
        // A dataset joined for the subject streamed holds that subject alone: compared, not hashed.
        if supplements.count == 1, let only = supplements.first { return only.key == subject ? only.value : nil }
        return supplements[subject]
    }

    /// The supplemental qualifiers of a row, in the order given: those for the whole
    /// subject (no IDVAR) and those whose IDVAR (such as `AESEQ`) has the row's value.
    func qualifiers(of row: SDTMRow) -> ArraySlice<Qualifier> {
        guard !supplements.isEmpty, let subjectColumn = column(of: "USUBJID" as StaticString), let subject = row.trimmed(subjectColumn),
              let entries = supplements(of: subject) else { return [] }
        // The entries that belong are given where they lie while they come together (one, or
        // all: the usual), and gathered into an array of their own only when they do not.
        var runStart = -1
        var runEnd = -1
        var gathered: [Qualifier]?
        // The entries of a dataset mostly share one IDVAR (`AESEQ`): its value is read once.
        // Each entry is read in place, and copied only when it is gathered.
        var lastVariable: String?
        var value: String?
        var isPlainWholeNumber = false
        for index in entries.indices {
            if !entries[index].idVariable.isEmpty {
                if lastVariable != entries[index].idVariable {
                    value = column(of: entries[index].idVariable).flatMap { row.trimmed($0) }
                    isPlainWholeNumber = value.map(Self.isPlainWholeNumber) ?? false
                    lastVariable = entries[index].idVariable
                }
                guard let value, Self.sameValue(
                    value, isPlainWholeNumber: isPlainWholeNumber, entries[index].idValue, isPlainWholeNumber: entries[index].idValueIsPlainWholeNumber
                ) else { continue }
            }
            if gathered != nil {
                gathered?.append(entries[index])
            } else if runStart < 0 {
                runStart = index
                runEnd = index + 1
            } else if runEnd == index {
                runEnd += 1
            } else {
                gathered = Array(entries[runStart..<runEnd]) + CollectionOfOne(entries[index])
            }
        }
        if let gathered { return gathered[...] }
        return runStart < 0 ? [] : entries[runStart..<runEnd]
    }

    /// ``sameValue(_:_:)`` of a row's value and an entry's IDVARVAL, whether each is a plain
    /// whole number told before.
    private static func sameValue(_ value: String, isPlainWholeNumber: Bool, _ idValue: String, isPlainWholeNumber idValueIsPlainWholeNumber: Bool) -> Bool {
        if value == idValue { return true }
        if isPlainWholeNumber, idValueIsPlainWholeNumber { return false }
        guard let left = Double(value), let right = Double(idValue) else { return false }
        return left == right
    }

    /// Whether two identifier values are equal, `1` and `1.0` alike (exports of numeric
    /// --SEQ variables differ in this).
    static func sameValue(_ lhs: String, _ rhs: String) -> Bool {
        if lhs == rhs { return true }
        // Two different plain whole numbers without leading zeros (`1`, `12`) differ as
        // numbers too: no parsing for the usual --SEQ values.
        if isPlainWholeNumber(lhs), isPlainWholeNumber(rhs) { return false }
        guard let left = Double(lhs), let right = Double(rhs) else { return false }
        return left == right
    }

    /// Whether `text` is 1 to 15 ASCII digits, the first not `0` unless it is the only one:
    /// such numbers are exact as `Double`s, so two different texts are different numbers.
    private static func isPlainWholeNumber(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, bytes.count <= 15, first != UInt8(ascii: "0") || bytes.count == 1 else { return false }
        return bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
