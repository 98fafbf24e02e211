import TrialCheckCore

/// The header row of a CSV file: column names (trimmed, as written and lowercased) and
/// where each is. Every lookup ignores case, and names are trimmed of whitespace
/// (non-breaking spaces too) and of a byte-order mark.
struct CSVHeader: Sendable {
    /// The column names as written (trimmed), in order.
    let names: [String]
    /// The column names lowercased: the keys a column's values are read under.
    let keys: [String]
    /// The header row's fields.
    let fields: [CSVField]
    /// The line of the header row.
    let line: Int
    private let indexByKey: [String: Int]

    /// Reads a header row; a repeated or empty column name is malformed.
    init(row: CSVRow, inputName: String) throws(InputError) {
        fields = row.fields
        line = row.line
        names = row.fields.map { Self.columnName($0.text) }
        keys = names.map { $0.lowercased() }
        var indexByKey: [String: Int] = [:]
        for (offset, name) in names.enumerated() {
            let key = keys[offset]
            guard !key.isEmpty else {
                throw .malformed(location: row.fields[offset].position.location(in: inputName), reason: "column \(offset + 1) of the header has no name")
            }
            if let first = indexByKey[key] {
                throw .malformed(
                    location: row.fields[offset].position.location(in: inputName),
                    reason: "column '\(name)' appears twice in the header (first as column \(first + 1))"
                )
            }
            indexByKey[key] = offset
        }
        self.indexByKey = indexByKey
    }

    /// A header cell's text as a column name: without surrounding whitespace (non-breaking
    /// spaces too) or byte-order marks.
    static func columnName(_ text: String) -> String {
        let isPadding: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{FEFF}" }
        guard let start = text.firstIndex(where: { !isPadding($0) }), let end = text.lastIndex(where: { !isPadding($0) }) else { return "" }
        return String(text[start...end])
    }

    /// Whether the header has the column (case-insensitive).
    func has(_ name: String) -> Bool { index(of: name) != nil }

    /// The column's index (case-insensitive).
    func index(of name: String) -> Int? { indexByKey[name] ?? indexByKey[name.lowercased()] }

    /// The row's field in the column, or `nil` if the column is absent, the row is short,
    /// or the field is blank.
    func field(_ name: String, in row: CSVRow) -> CSVField? {
        guard let index = self.index(of: name), index < row.fields.count else { return nil }
        let field = row.fields[index]
        return field.trimmed == nil ? nil : field
    }

    /// The row's trimmed text in the column, or `nil` if absent or blank.
    func text(_ name: String, in row: CSVRow) -> String? {
        field(name, in: row)?.trimmed
    }

    /// Throws unless the header has every column of `required`, naming the missing ones.
    func require(_ required: [String], inputName: String, what: String) throws(InputError) {
        let missing = required.filter { !has($0) }
        guard !missing.isEmpty else { return }
        let list = missing.map { "'\($0)'" }.joined(separator: ", ")
        throw .malformed(
            location: (fields.first?.position ?? TextPosition(line: line, column: 1)).location(in: inputName),
            reason: "\(what): the header has no column \(list) (it has \(names.map { "'\($0)'" }.joined(separator: ", ")))"
        )
    }
}
