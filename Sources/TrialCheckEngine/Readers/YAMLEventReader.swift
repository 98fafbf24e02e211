// libyaml, as Yams bundles it: its event API, which Yams keeps private.
internal import CYaml

/// Builds a ``SyntaxNode`` tree straight from libyaml's events: one tree, no intermediate
/// Yams nodes with their tags, and a duplicate-key check on the keys' text. About a third
/// of the cost of composing through Yams and converting.
///
/// It reads what data files hold: one document of mappings, sequences and scalars. Anything
/// else (an anchor, an alias, an explicit tag, a key that is not a scalar, a second
/// document), a repeated key and any syntax error make it give up with `nil`, and the caller
/// reads the document through Yams instead: Yams's tree and messages stay the reference,
/// and every tree this reader returns is the one the Yams route gives.
enum YAMLEventReader {
    /// The tree of `text`, or `nil` when the document needs the full route.
    static func read(_ text: String) -> SyntaxNode? {
        var text = text
        return text.withUTF8 { bytes in
            bytes.isEmpty ? SyntaxNode(content: .null, position: TextPosition(line: 1, column: 1)) : read(utf8: bytes)
        }
    }

    private static func read(utf8 bytes: UnsafeBufferPointer<UInt8>) -> SyntaxNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        var builder = TreeBuilder(nodeLimit: YAMLSyntaxParser.expansionLimit(sourceBytes: bytes.count))
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            let step = builder.take(event)
            yaml_event_delete(&event)
            switch step {
            case .more: continue
            case .done(let root): return root
            case .unsupported: return nil
            }
        }
    }
}

/// Assembles nodes from events, innermost open collection last.
private struct TreeBuilder {
    enum Step {
        case more
        case done(SyntaxNode)
        case unsupported
    }

    /// An open sequence or mapping.
    struct Frame {
        let isMapping: Bool
        let position: TextPosition
        var items: [SyntaxNode] = []
        var members: [(key: String, keyPosition: TextPosition, value: SyntaxNode)] = []
        /// A mapping's key read, waiting for its value.
        var key: (text: String, position: TextPosition)?
    }

    let nodeLimit: Int
    var stack: [Frame] = []
    var root: SyntaxNode?
    var documents = 0
    var nodes = 0

    init(nodeLimit: Int) {
        self.nodeLimit = nodeLimit
    }

    mutating func take(_ event: yaml_event_t) -> Step {
        switch event.type {
        case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
            return .more
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            return documents > 1 ? .unsupported : .more
        case YAML_STREAM_END_EVENT:
            return .done(root ?? SyntaxNode(content: .null, position: TextPosition(line: 1, column: 1)))
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            guard scalar.anchor == nil, scalar.tag == nil else { return .unsupported }
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
            let content = YAMLSyntaxParser.content(of: text, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE)
            return add(SyntaxNode(content: content, position: Self.position(event.start_mark)), keyText: text)
        case YAML_SEQUENCE_START_EVENT:
            guard event.data.sequence_start.anchor == nil, event.data.sequence_start.tag == nil else { return .unsupported }
            stack.append(Frame(isMapping: false, position: Self.position(event.start_mark)))
            return .more
        case YAML_MAPPING_START_EVENT:
            guard event.data.mapping_start.anchor == nil, event.data.mapping_start.tag == nil else { return .unsupported }
            stack.append(Frame(isMapping: true, position: Self.position(event.start_mark)))
            return .more
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return .unsupported }
            if frame.isMapping {
                guard !YAMLSyntaxParser.repeatsAKey(frame.members) else { return .unsupported }
                return add(SyntaxNode(content: .object(frame.members), position: frame.position), keyText: nil)
            }
            return add(SyntaxNode(content: .array(frame.items), position: frame.position), keyText: nil)
        default:
            // YAML_ALIAS_EVENT, and any event this reader does not know.
            return .unsupported
        }
    }

    /// Puts a finished node in its parent; `keyText` is a scalar's text (a mapping key must be one).
    private mutating func add(_ node: SyntaxNode, keyText: String?) -> Step {
        nodes += 1
        guard nodes <= nodeLimit else { return .unsupported }
        guard !stack.isEmpty else {
            root = node
            return .more
        }
        let top = stack.count - 1
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return .more
        }
        if let key = stack[top].key {
            stack[top].members.append((key: key.text, keyPosition: key.position, value: node))
            stack[top].key = nil
        } else {
            guard let keyText else { return .unsupported }
            stack[top].key = (keyText, node.position)
        }
        return .more
    }

    private static func position(_ mark: yaml_mark_t) -> TextPosition {
        TextPosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}
