import TrialCheckCore

/// A mapping resolved against one export's header: every column it names found (or a
/// located problem), with the codes each coded column is read with.
struct ColumnPlan: Sendable {
    /// A condition on a row: the cell of `column` holds one of `values` (`""` for blank).
    struct Filter: Sendable {
        let column: Int
        let values: Set<String>
    }

    /// Codes and where they come from, for messages.
    struct Codes: Sendable {
        let table: [String: String]
        /// `the mapping file` or `the data dictionary (path)`.
        let origin: String
        /// The codes in order with their names, for "expected one of" messages.
        let listing: String
    }

    /// Where a field's value is read from, for one numbered repeat (or the only one).
    enum Source: Sendable {
        case column(Int)
        case checkbox([(code: String, label: String, column: Int)])
        case constant(String)
        case absent
    }

    /// Where a unit is read from.
    enum UnitSource: Sendable {
        case fixed(String)
        case column(Int, Codes?)
        case absent
    }

    /// A field resolved: its source per repeat number (0 for an unnumbered field).
    struct Field: Sendable {
        let mapping: FieldMapping
        let sources: [Int: Source]
        let codes: Codes?
        let units: [Int: UnitSource]
        /// The column's name as written in the mapping (for messages).
        var name: String {
            switch mapping.origin {
            case .column(let name), .checkbox(let name): name.text
            case .constant: mapping.key.text
            }
        }

        func source(_ number: Int) -> Source {
            if case .constant(let value) = mapping.origin { return .constant(value) }
            return sources[number] ?? .absent
        }
        func unit(_ number: Int) -> UnitSource? {
            guard mapping.unit != nil else { return nil }
            return units[number] ?? .absent
        }
    }

    /// Fields read from the rows that pass every filter.
    struct Part: Sendable {
        let filters: [Filter]
        let fields: [Field]
        /// The repeat numbers: `[0]` for an unnumbered part.
        let numbers: [Int]
        /// Every column the part reads, to tell what a row held that nothing read.
        let columns: [Int]
        /// The column holding each event's type, where the type is read from a column.
        let type: Field?

        func accepts(_ row: CSVRow) -> Bool {
            filters.allSatisfy { filter in
                let text = filter.column < row.fields.count ? (row.fields[filter.column].trimmed ?? "") : ""
                return filter.values.contains(text)
            }
        }
    }

    let idColumn: Int
    /// Columns read for every row (the id, REDCap's grouping columns).
    let alwaysRead: [Int]
    let patient: Part
    let events: [Part]
    /// Every column some part reads.
    let mappedColumns: Set<Int>
    /// Checkbox columns (whose `0` is no value).
    let checkboxColumns: Set<Int>

    /// Resolves `mapping` against `header` (of the export `exportPath`).
    /// - Throws: ``MappingError`` naming each column the export does not have, and each
    ///   checkbox column whose choice code neither the mapping nor the dictionary defines.
    init(mapping: ExportMapping, header: CSVHeader, exportPath: String) throws(MappingError) {
        var resolver = Resolver(mapping: mapping, header: header, exportPath: exportPath)
        let id = resolver.column(mapping.idColumn, what: "the id column")
        var always: [Int] = []
        if mapping.layout == .redcap {
            always = ExportMapping.redcapColumns.compactMap { header.index(of: $0) }
        }
        let patient = resolver.part(filters: mapping.patient.filters, fields: mapping.patient.fields, type: nil)
        let events = mapping.events.map { resolver.part(filters: $0.filters, fields: $0.fields, type: $0.type, numbered: $0.isNumbered) }
        guard resolver.problems.isEmpty, let id else { throw MappingError(problems: resolver.problems) }
        idColumn = id
        alwaysRead = [id] + always
        self.patient = patient
        self.events = events
        mappedColumns = Set(alwaysRead + patient.columns + events.flatMap(\.columns))
        checkboxColumns = resolver.checkboxColumns
    }
}

/// Finds a mapping's columns in a header, collecting problems.
private struct Resolver {
    let mapping: ExportMapping
    let header: CSVHeader
    let exportPath: String
    var problems: [ProtocolProblem] = []
    var checkboxColumns = Set<Int>()

    init(mapping: ExportMapping, header: CSVHeader, exportPath: String) {
        self.mapping = mapping
        self.header = header
        self.exportPath = exportPath
    }

    mutating func problem(_ location: SourceLocation, _ message: String) {
        problems.append(ProtocolProblem(location: location, message: message))
    }

    var headerLocation: SourceLocation { SourceLocation(file: exportPath, line: header.line) }

    /// The index of a named column, or a problem with a suggestion.
    mutating func column(_ name: MappedName, what: String) -> Int? {
        if let index = header.index(of: name.text) { return index }
        let hint = Suggestion.closest(to: name.text, among: header.names).map { "; did you mean '\($0)'?" } ?? ""
        problem(name.location, "\(what) '\(name.text)' is not a column of the export (its header is \(headerLocation))\(hint)")
        return nil
    }

    /// The columns matching a numbered template (`dose_{n}`), by number; with `checkbox`,
    /// the numbers of checkbox columns `<template>___<code>` (each with one of its columns).
    func numberedColumns(_ template: String, checkbox: Bool = false) -> [Int: Int] {
        let lowered = template.lowercased()
        guard let range = lowered.range(of: ExportMapping.repeatPlaceholder) else { return [:] }
        let prefix = String(lowered[..<range.lowerBound])
        let rest = String(lowered[range.upperBound...])
        var found: [Int: Int] = [:]
        for (index, column) in header.keys.enumerated() {
            var key = Substring(column)
            if checkbox {
                guard let boxes = column.range(of: "___") else { continue }
                key = column[..<boxes.lowerBound]
            }
            guard key.hasPrefix(prefix), key.hasSuffix(rest), key.count > prefix.count + rest.count else { continue }
            let middle = key.dropFirst(prefix.count).dropLast(rest.count)
            if middle.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(middle) { found[number] = index }
        }
        return found
    }

    /// The codes of a coded column: the mapping's, else the dictionary's choices.
    func codes(_ field: FieldMapping, column: String) -> ColumnPlan.Codes? {
        if let table = field.codes {
            return ColumnPlan.Codes(table: table, origin: "the mapping file (\(field.key.location))", listing: Self.listing(table.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
        guard field.date == nil, let dictionary = mapping.dictionary, let defined = dictionary.field(column), let table = defined.codes else { return nil }
        return ColumnPlan.Codes(table: table, origin: "the data dictionary (\(defined.location))", listing: Self.listing(defined.choices))
    }

    static func listing(_ pairs: [(code: String, label: String)]) -> String {
        let shown = pairs.prefix(12).map { "\($0.code) (\($0.label))" }.joined(separator: ", ")
        return pairs.count > 12 ? shown + ", ..." : shown
    }

    mutating func part(filters: [RowFilter], fields: [FieldMapping], type: FieldMapping?, numbered: Bool = false) -> ColumnPlan.Part {
        let resolvedFilters = filters.compactMap { filter -> ColumnPlan.Filter? in
            if filter.isImplicit, !header.has(filter.column.text) { return nil }
            return column(filter.column, what: "the column").map { ColumnPlan.Filter(column: $0, values: filter.values) }
        }
        var numbers = Set<Int>()
        let resolvedType = type.map { resolve($0, numbered: numbered, numbers: &numbers) }
        var resolved: [ColumnPlan.Field] = []
        for field in fields { resolved.append(resolve(field, numbered: numbered, numbers: &numbers)) }
        var columns = resolvedFilters.map(\.column)
        for field in resolved + (resolvedType.map { [$0] } ?? []) {
            for source in field.sources.values {
                switch source {
                case .column(let index): columns.append(index)
                case .checkbox(let boxes): columns += boxes.map(\.column)
                case .constant, .absent: break
                }
            }
            for unit in field.units.values { if case .column(let index, _) = unit { columns.append(index) } }
        }
        return ColumnPlan.Part(filters: resolvedFilters, fields: resolved, numbers: numbered ? numbers.sorted() : [0], columns: columns, type: resolvedType)
    }

    mutating func resolve(_ field: FieldMapping, numbered: Bool, numbers: inout Set<Int>) -> ColumnPlan.Field {
        var sources: [Int: ColumnPlan.Source] = [:]
        var units: [Int: ColumnPlan.UnitSource] = [:]
        var codes: ColumnPlan.Codes?
        switch field.origin {
        case .constant(let value):
            sources[0] = .constant(value)
        case .column(let name):
            codes = self.codes(field, column: name.text)
            if numbered {
                let found = numberedColumns(name.text)
                if found.isEmpty { problem(name.location, "no column of the export (\(headerLocation)) matches '\(name.text)' ('{n}' standing for 1, 2, ...)") }
                for (number, index) in found { sources[number] = .column(index) }
                numbers.formUnion(found.keys)
            } else if let index = column(name, what: "the column") {
                sources[0] = .column(index)
            }
        case .checkbox(let name):
            codes = self.codes(field, column: name.text)
            guard let codes else {
                problem(name.location, "checkbox '\(name.text)': no choices: give 'codes', or a data dictionary that defines the field")
                break
            }
            let templates: [Int: String] = numbered
                ? Dictionary(uniqueKeysWithValues: numberedColumns(name.text, checkbox: true).keys.map { ($0, name.text.replacingOccurrences(of: ExportMapping.repeatPlaceholder, with: String($0))) })
                : [0: name.text]
            if templates.isEmpty { problem(name.location, "no checkbox columns of the export (\(headerLocation)) match '\(name.text)___<code>'") }
            for (number, base) in templates {
                let boxes = checkboxes(base, codes: codes, at: name)
                sources[number] = .checkbox(boxes)
                checkboxColumns.formUnion(boxes.map(\.column))
            }
            numbers.formUnion(templates.keys.filter { $0 != 0 })
        }
        if let unit = field.unit {
            switch unit {
            case .fixed(let text):
                for number in Set(sources.keys).union([0]) { units[number] = .fixed(text) }
            case .column(let name):
                let unitCodes = mapping.dictionary?.field(name.text)?.codes.map { table in
                    ColumnPlan.Codes(table: table, origin: "the data dictionary", listing: Self.listing(table.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
                }
                if numbered {
                    let found = numberedColumns(name.text)
                    if found.isEmpty { problem(name.location, "no column of the export (\(headerLocation)) matches '\(name.text)'") }
                    for (number, index) in found { units[number] = .column(index, unitCodes) }
                } else if let index = column(name, what: "the unit column") {
                    units[0] = .column(index, unitCodes)
                }
            }
        }
        return ColumnPlan.Field(mapping: field, sources: sources, codes: codes, units: units)
    }

    /// The checkbox columns `<base>___<code>` of the header, each with its choice; a
    /// column whose code is not a choice is a problem located at the header cell.
    mutating func checkboxes(_ base: String, codes: ColumnPlan.Codes, at name: MappedName) -> [(code: String, label: String, column: Int)] {
        let prefix = base.lowercased() + "___"
        var byColumnCode: [String: (String, String)] = [:]
        for (code, label) in codes.table { byColumnCode[Self.columnCode(code)] = (code, label) }
        var boxes: [(code: String, label: String, column: Int)] = []
        for (index, key) in header.keys.enumerated() where key.hasPrefix(prefix) {
            let code = String(key.dropFirst(prefix.count))
            guard let choice = byColumnCode[code] else {
                problem(
                    header.fields[index].position.location(in: exportPath),
                    "column '\(header.names[index])': the choice code '\(code)' of checkbox '\(base)' is not in \(codes.origin): expected one of \(codes.listing)"
                )
                continue
            }
            boxes.append((choice.0, choice.1, index))
        }
        if boxes.isEmpty, !base.contains(ExportMapping.repeatPlaceholder) {
            problem(name.location, "checkbox '\(base)': the export (\(headerLocation)) has no column '\(base)___<code>'")
        }
        return boxes
    }

    /// A choice code as REDCap writes it in a checkbox column's name: lowercased, with
    /// characters other than letters and digits as `_`.
    static func columnCode(_ code: String) -> String {
        String(code.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
