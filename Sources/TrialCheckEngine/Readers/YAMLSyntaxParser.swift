import Yams

/// Parses a YAML document (through Yams) into a ``SyntaxNode`` tree with positions.
///
/// Plain scalars are typed as YAML's core schema types them (null, Boolean, number);
/// quoted scalars and everything else (dates included) stay text. Only `true`/`false`
/// are Booleans: `no` is Norway, not false.
enum YAMLSyntaxParser {
    /// Parses `text`; an empty document is `null`.
    static func parse(_ text: String) throws(SyntaxError) -> SyntaxNode {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch {
            throw syntaxError(from: error)
        }
        guard let composed else { return SyntaxNode(content: .null, position: TextPosition(line: 1, column: 1)) }
        return convert(composed)
    }

    /// Converts a Yams node.
    static func convert(_ node: Node) -> SyntaxNode {
        let position = TextPosition(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            return SyntaxNode(content: content(of: scalar), position: position)
        case .sequence(let sequence):
            return SyntaxNode(content: .array(sequence.map(convert)), position: position)
        case .mapping(let mapping):
            let members = mapping.map { pair in
                let keyPosition = TextPosition(line: pair.key.mark?.line ?? position.line, column: pair.key.mark?.column ?? position.column)
                return (key: pair.key.string ?? "", keyPosition: keyPosition, value: convert(pair.value))
            }
            return SyntaxNode(content: .object(members), position: position)
        case .alias:
            return SyntaxNode(content: .null, position: position)
        }
    }

    private static func content(of scalar: Node.Scalar) -> SyntaxNode.Content {
        guard scalar.style == .plain else { return .string(scalar.string) }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        let node = Node.scalar(scalar)
        if node.int != nil || (node.float != nil && looksNumeric(scalar.string)) {
            return .number(scalar.string)
        }
        return .string(scalar.string)
    }

    private static func looksNumeric(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { "0123456789.-+eE".unicodeScalars.contains($0) }
    }

    /// The position and message of a Yams error.
    static func syntaxError(from error: any Error) -> SyntaxError {
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(let context, let problem, let mark, _),
                 .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                let note = context.map { " (\($0.text))" } ?? ""
                return SyntaxError(message: "invalid YAML: \(problem)\(note)", position: TextPosition(line: mark.line, column: mark.column))
            case .duplicatedKeysInMapping(let duplicates, let context):
                let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                return SyntaxError(message: "duplicate key \(keys) in a mapping", position: TextPosition(line: context.mark.line, column: context.mark.column))
            case .reader(let problem, _, _, _):
                return SyntaxError(message: "unreadable YAML: \(problem)", position: TextPosition(line: 1, column: 1))
            default:
                return SyntaxError(message: "invalid YAML: \(yamlError)", position: TextPosition(line: 1, column: 1))
            }
        }
        return SyntaxError(message: "invalid YAML: \(error)", position: TextPosition(line: 1, column: 1))
    }
}
