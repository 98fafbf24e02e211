import TrialCheckCore

/// Building nodes from other formats' values, so their readers hand the patient-record
/// decoder the same tree a YAML or JSON record gives it, positioned at the source.
extension SyntaxNode {
    /// Text, typed as a YAML plain scalar would be: `true`/`false` as Booleans, a decimal
    /// number as a number (its text kept), anything else as text. The builders consume their
    /// text and position: a caller's last use of them moves them into the node.
    static func typedScalar(_ text: consuming String, at position: consuming TextPosition) -> SyntaxNode {
        // Only a text of 4 or 5 bytes can be one of the words: no comparisons for the others.
        let count = text.utf8.count
        if count == 4 || count == 5 {
            switch text {
            case "true", "True", "TRUE": return SyntaxNode(content: .bool(true), position: position)
            case "false", "False", "FALSE": return SyntaxNode(content: .bool(false), position: position)
            default: break
            }
        }
        if isDecimalNumber(text) { return SyntaxNode(content: .number(text), position: position) }
        return SyntaxNode(content: .string(text), position: position)
    }

    /// A text node.
    static func text(_ text: consuming String, at position: consuming TextPosition) -> SyntaxNode {
        SyntaxNode(content: .string(text), position: position)
    }

    /// A number node (the text as written).
    static func number(_ text: consuming String, at position: consuming TextPosition) -> SyntaxNode {
        SyntaxNode(content: .number(text), position: position)
    }

    /// A list node.
    static func list(_ items: consuming [SyntaxNode], at position: consuming TextPosition) -> SyntaxNode {
        SyntaxNode(content: .array(items), position: position)
    }

    /// A mapping node; each key is placed at its value.
    static func mapping(_ members: [(String, SyntaxNode)], at position: TextPosition) -> SyntaxNode {
        SyntaxNode(content: .object(members.map { (key: $0.0, keyPosition: $0.1.position, value: $0.1) }), position: position)
    }

    /// A quantity's mapping, `{value, unit}`, each key placed at its value: made in one
    /// allocation (a list of pairs mapped to members made two).
    static func quantity(value: consuming SyntaxNode, unit: consuming SyntaxNode, at position: consuming TextPosition) -> SyntaxNode {
        SyntaxNode(
            content: .object([(key: "value", keyPosition: value.position, value: value), (key: "unit", keyPosition: unit.position, value: unit)]),
            position: position
        )
    }

    /// Whether `text` is a decimal number: an optional minus, digits, an optional
    /// fraction and an optional exponent.
    static func isDecimalNumber(_ text: String) -> Bool {
        // The bytes are read in place: no array is made of them.
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            func digits() -> Int {
                let start = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                return index - start
            }
            func skip(_ accepted: (UInt8) -> Bool) {
                if index < bytes.count, accepted(bytes[index]) { index += 1 }
            }
            skip { $0 == UInt8(ascii: "-") }
            guard digits() > 0 else { return false }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { return false }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                skip { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
                guard digits() > 0 else { return false }
            }
            return index == bytes.count
        }
    }
}
