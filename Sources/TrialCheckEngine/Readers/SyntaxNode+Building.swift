import TrialCheckCore

/// Building nodes from other formats' values, so their readers hand the patient-record
/// decoder the same tree a YAML or JSON record gives it, positioned at the source.
extension SyntaxNode {
    /// Text, typed as a YAML plain scalar would be: `true`/`false` as Booleans, a decimal
    /// number as a number (its text kept), anything else as text.
    static func typedScalar(_ text: String, at position: TextPosition) -> SyntaxNode {
        switch text {
        case "true", "True", "TRUE": return SyntaxNode(content: .bool(true), position: position)
        case "false", "False", "FALSE": return SyntaxNode(content: .bool(false), position: position)
        default: break
        }
        if isDecimalNumber(text) { return SyntaxNode(content: .number(text), position: position) }
        return SyntaxNode(content: .string(text), position: position)
    }

    /// A text node.
    static func text(_ text: String, at position: TextPosition) -> SyntaxNode {
        SyntaxNode(content: .string(text), position: position)
    }

    /// A number node (the text as written).
    static func number(_ text: String, at position: TextPosition) -> SyntaxNode {
        SyntaxNode(content: .number(text), position: position)
    }

    /// A list node.
    static func list(_ items: [SyntaxNode], at position: TextPosition) -> SyntaxNode {
        SyntaxNode(content: .array(items), position: position)
    }

    /// A mapping node; each key is placed at its value.
    static func mapping(_ members: [(String, SyntaxNode)], at position: TextPosition) -> SyntaxNode {
        SyntaxNode(content: .object(members.map { (key: $0.0, keyPosition: $0.1.position, value: $0.1) }), position: position)
    }

    /// Whether `text` is a decimal number: an optional minus, digits, an optional
    /// fraction and an optional exponent.
    static func isDecimalNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let count = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        guard digits() > 0 else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if let first = bytes.first, first == UInt8(ascii: "e") || first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
