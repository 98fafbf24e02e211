import TrialCheckCore

/// A parsed document node with its position: the common shape the YAML and JSON parsers
/// produce, so one decoder maps both to the patient-history model with located errors.
struct SyntaxNode: Sendable {
    /// The node's content. Not `indirect`: lists and mappings hold their nodes in array
    /// storage already, so a scalar node needs no allocation of its own.
    enum Content: Sendable {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array([SyntaxNode])
        /// Keys in document order, each with its own position.
        case object([(key: String, keyPosition: TextPosition, value: SyntaxNode)])
    }

    var content: Content
    var position: TextPosition

    /// The value of `key` in an object.
    subscript(key: String) -> SyntaxNode? {
        guard case .object(let members) = content else { return nil }
        // Comparing lengths first keeps most keys that differ off the string comparison.
        let length = key.utf8.count
        return members.first { $0.key.utf8.count == length && $0.key == key }?.value
    }

    /// What the node is, for "expected ..., found ..." messages.
    var kindDescription: String {
        switch content {
        case .null: "null"
        case .bool: "a Boolean"
        case .number(let text): "the number \(text)"
        case .string(let text): "the text '\(text)'"
        case .array: "a list"
        case .object: "a mapping"
        }
    }

    /// The text of a string or number scalar.
    var scalarText: String? {
        switch content {
        case .string(let text), .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }

    /// The node as a model ``Value`` (positions dropped).
    var value: Value {
        switch content {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let text): .number(text)
        case .string(let text): .string(text)
        case .array(let items): .list(items.map(\.value))
        case .object(let members):
            .map(Dictionary(members.map { ($0.key, $0.value.value) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}

/// A line and column in a text, both counting from 1.
///
/// A reader that assembles one record from several files (FHIR Bulk Data, SDTM datasets)
/// names the file a node came from in ``file``; otherwise the input's path is used.
struct TextPosition: Sendable, Hashable {
    var line: Int
    var column: Int
    /// The file the position is in, where it is not the input's own path.
    var file: String?

    init(line: Int, column: Int, file: String? = nil) {
        self.line = line
        self.column = column
        self.file = file
    }

    /// The position as a location; `file` unless the position names its own.
    func location(in file: String) -> SourceLocation {
        SourceLocation(file: self.file ?? file, line: line, column: column)
    }

    /// The position's line (without column) as a location.
    func lineLocation(in file: String) -> SourceLocation {
        SourceLocation(file: self.file ?? file, line: line)
    }
}
