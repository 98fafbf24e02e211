import Yams

/// Parses a YAML document (through Yams) into a ``SyntaxNode`` tree with positions.
///
/// Plain scalars are typed as YAML's core schema types them (null, Boolean, number);
/// quoted scalars and everything else (dates included) stay text. Only `true`/`false`
/// are Booleans: `no` is Norway, not false.
enum YAMLSyntaxParser {
    /// Parses `text`; an empty document is `null`. Data files take the direct routes: the
    /// bytes (``YAMLDataScanner``), else libyaml's events (``YAMLEventReader``); a document
    /// neither reads (anchors, tags, an error, ...) is composed through Yams.
    static func parse(_ text: String) throws(SyntaxError) -> SyntaxNode {
        try parseDocument(text).tree
    }

    /// Parses `text` as ``parse(_:)`` does, and tells whether every mapping of the tree is
    /// known to hold each key once: the direct routes give way on a repeated key, so their
    /// trees never repeat one; a tree composed through Yams may (keys that are not scalars,
    /// or that only tags tell apart, read as the same text), and its reader must look.
    static func parseDocument(_ text: String) throws(SyntaxError) -> (tree: SyntaxNode, keysAreUnique: Bool) {
        if let tree = YAMLDataScanner.read(text) ?? YAMLEventReader.read(text) { return (tree, true) }
        return (try parseThroughYams(text), false)
    }

    /// Parses `text` through Yams's composer: every YAML feature, and the reference for
    /// messages and trees.
    static func parseThroughYams(_ text: String) throws(SyntaxError) -> SyntaxNode {
        let composed: Node?
        do {
            // The basic resolver: plain scalars are typed below by the core schema, so the
            // default resolver's regular expressions would be work thrown away.
            composed = try Yams.compose(yaml: text, .basic)
        } catch {
            throw syntaxError(from: error, in: text)
        }
        guard let composed else { return SyntaxNode(content: .null, position: TextPosition(line: 1, column: 1)) }
        try checkExpansion(of: composed, sourceBytes: text.utf8.count)
        return convert(composed)
    }

    /// The most nodes a document of `bytes` bytes may expand to. Every node but an alias
    /// takes at least one byte of text, so only aliases (`*name`) make a document larger
    /// than its text; a document that grows past ten times its size plus 10,000 nodes is
    /// an alias bomb (nested aliases that expand exponentially), not data.
    static func expansionLimit(sourceBytes bytes: Int) -> Int {
        10 * bytes + 10_000
    }

    /// Counts `node`'s nodes as a reader of the tree would meet them (aliases expanded),
    /// stopping as soon as the count passes ``expansionLimit(sourceBytes:)``: the walk is
    /// bounded by the limit, however far the aliases would expand.
    /// - Throws: ``SyntaxError`` at the node where the limit was passed.
    static func checkExpansion(of node: Node, sourceBytes: Int) throws(SyntaxError) {
        let limit = expansionLimit(sourceBytes: sourceBytes)
        var count = 0
        var stack = [node]
        while let next = stack.popLast() {
            count += 1
            if count > limit {
                throw SyntaxError(
                    message: "the document expands to more than \(limit) nodes for \(sourceBytes) bytes of text: nested aliases (an alias bomb?) are refused",
                    position: TextPosition(line: next.mark?.line ?? 1, column: next.mark?.column ?? 1)
                )
            }
            switch next {
            case .scalar, .alias: continue
            case .sequence(let sequence): stack.append(contentsOf: sequence)
            case .mapping(let mapping):
                for pair in mapping {
                    stack.append(pair.key)
                    stack.append(pair.value)
                }
            }
        }
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
        content(of: scalar.string, isPlain: scalar.style == .plain)
    }

    /// A scalar's content: a plain scalar typed by the core schema, a quoted or block one as text.
    static func content(of text: String, isPlain: Bool) -> SyntaxNode.Content {
        guard isPlain else { return .string(text) }
        var utf8 = text
        return content(of: text, kind: utf8.withUTF8(plainKind(utf8:)))
    }

    /// A plain scalar's content, its kind already known (``plainKind(utf8:)`` of its bytes).
    static func content(of text: String, kind: PlainKind) -> SyntaxNode.Content {
        switch kind {
        case .null: .null
        case .true: .bool(true)
        case .false: .bool(false)
        case .number: .number(text)
        case .text: .string(text)
        }
    }

    /// What a plain scalar is in the core schema.
    enum PlainKind {
        case null, `true`, `false`, number, text
    }

    /// A plain scalar's kind, from its bytes: `~`, `null`, `Null`, `NULL` and the empty
    /// scalar are null; `true`/`false` in the three spellings are Booleans; numbers as
    /// ``isCoreSchemaNumber(_:)``. The first byte and the length rule out the words, so
    /// most scalars are compared with none of them.
    static func plainKind(utf8 bytes: UnsafeBufferPointer<UInt8>) -> PlainKind {
        let whole = 0..<bytes.count
        switch (bytes.count, bytes.first) {
        case (0, _): return .null
        case (1, UInt8(ascii: "~")): return .null
        case (4, UInt8(ascii: "n")), (4, UInt8(ascii: "N")):
            if bytes.matches(whole, "null") || bytes.matches(whole, "Null") || bytes.matches(whole, "NULL") { return .null }
        case (4, UInt8(ascii: "t")), (4, UInt8(ascii: "T")):
            if bytes.matches(whole, "true") || bytes.matches(whole, "True") || bytes.matches(whole, "TRUE") { return .true }
        case (5, UInt8(ascii: "f")), (5, UInt8(ascii: "F")):
            if bytes.matches(whole, "false") || bytes.matches(whole, "False") || bytes.matches(whole, "FALSE") { return .false }
        default: break
        }
        return isCoreSchemaNumber(utf8: bytes) ? .number : .text
    }

    /// Whether a plain scalar is a number in YAML 1.2's core schema: decimal integers and
    /// floats, `0x` hex and `0o` octal (not YAML 1.1's `1_000` or sexagesimal `12:30`).
    static func isCoreSchemaNumber(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(isCoreSchemaNumber(utf8:))
    }

    private static func isCoreSchemaNumber(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "0"), bytes[1] == UInt8(ascii: "x") || bytes[1] == UInt8(ascii: "o") {
            let digits = bytes.dropFirst(2)
            let isHex = bytes[1] == UInt8(ascii: "x")
            return !digits.isEmpty && digits.allSatisfy { byte in
                isHex
                    ? isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
                    : (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte)
            }
        }
        var index = 0
        func skipSign() {
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        }
        func digits() -> Int {
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            return index - start
        }
        skipSign()
        let integer = digits()
        var fraction = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fraction = digits()
        }
        guard integer + fraction > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            skipSign()
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }

    /// Whether a mapping's members repeat a key (the direct routes give such a mapping to
    /// Yams, whose message names the key).
    static func repeatsAKey(_ members: [(key: String, keyPosition: TextPosition, value: SyntaxNode)]) -> Bool {
        members.firstRepeatedKey != nil
    }

    /// The position and message of a Yams error.
    static func syntaxError(from error: any Error, in text: String) -> SyntaxError {
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(let context, let problem, let mark, _),
                 .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                let note = context.map { " (\(ControlEscaping.excerpt($0.text)))" } ?? ""
                return SyntaxError(message: "invalid YAML: \(ControlEscaping.excerpt(problem))\(note)", position: TextPosition(line: mark.line, column: mark.column))
            case .duplicatedKeysInMapping(let duplicates, let context):
                let keys = duplicates.map { "'\(ControlEscaping.excerpt($0))'" }.joined(separator: ", ")
                let mapping = TextPosition(line: context.mark.line, column: context.mark.column)
                let repeated = duplicates.first.flatMap { DuplicateKeyLocator.secondOccurrence(of: $0, in: text, mappingAt: mapping) }
                return SyntaxError(message: "duplicate key \(keys) in a mapping", position: repeated ?? mapping)
            case .reader(let problem, _, _, _):
                return SyntaxError(message: "unreadable YAML: \(ControlEscaping.excerpt(problem))", position: TextPosition(line: 1, column: 1))
            default:
                return SyntaxError(message: "invalid YAML: \(ControlEscaping.excerpt("\(yamlError)"))", position: TextPosition(line: 1, column: 1))
            }
        }
        return SyntaxError(message: "invalid YAML: \(ControlEscaping.excerpt("\(error)"))", position: TextPosition(line: 1, column: 1))
    }
}
