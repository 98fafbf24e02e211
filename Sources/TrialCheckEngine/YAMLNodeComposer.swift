import Yams

/// Composes a YAML document into Yams's `Node` tree, the tree `Yams.compose(yaml:)` gives,
/// for the files whose readers work on Yams nodes: protocols and input mappings.
///
/// Yams's default resolver tags a plain scalar by matching seven regular expressions, and
/// its parser tags every mapping key to check that none repeats: compiling and matching
/// them was about 30 M of the 60 M instructions of loading the shipped protocol. So the
/// document is composed with the basic resolver (no expressions), then each plain scalar is
/// given the tag the default resolver would give it (``YAMLImplicitTag``). Where that
/// cannot be done exactly (keys of the same text in a mapping, which only the default
/// resolver's tags tell apart; a key the default resolver does not read as text, which
/// Yams's look-up by name resolves with the mapping's resolver; a scalar
/// ``YAMLImplicitTag`` does not answer for; any syntax error) the
/// document is composed again the reference way, for its tree and its messages. A test
/// holds both routes to the same trees on every protocol and mapping file of the
/// repository and on documents made to differ.
enum YAMLNodeComposer {
    /// The root of `text`'s document, or `nil` for a document with none (empty, or only
    /// comments).
    /// - Throws: ``SyntaxError`` for YAML that does not read, and for nested aliases that
    ///   expand past ``YAMLSyntaxParser/expansionLimit(sourceBytes:)``.
    static func compose(_ text: String) throws(SyntaxError) -> Node? {
        switch try composeTaggingPlainScalars(text) {
        case .composed(let root): return root
        case .needsReference: return try composeThroughDefaultResolver(text)
        }
    }

    /// The reference route: Yams's default resolver.
    static func composeThroughDefaultResolver(_ text: String) throws(SyntaxError) -> Node? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw YAMLSyntaxParser.syntaxError(from: error, in: text)
        }
        if let root { try YAMLSyntaxParser.checkExpansion(of: root, sourceBytes: text.utf8.count) }
        return root
    }

    /// What the fast route made of a document.
    enum Outcome {
        /// The document's root; `nil` for none.
        case composed(Node?)
        /// The document needs the reference route.
        case needsReference
    }

    /// The fast route alone.
    /// - Throws: ``SyntaxError`` for nested aliases past the expansion limit (checked
    ///   before the tree is walked).
    static func composeTaggingPlainScalars(_ text: String) throws(SyntaxError) -> Outcome {
        // Without a `!` the document has no explicit tag, so every plain scalar's tag is
        // the resolver's to give (the basic resolver may have given keys theirs already,
        // comparing them).
        let mayHaveTags = text.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "!")) } ?? text.utf8.contains(UInt8(ascii: "!"))
        guard !mayHaveTags else { return .needsReference }
        // `Constructor.default` builds a new constructor, with its tables, each time it is
        // named: one for the document.
        let constructor = Constructor.default
        let composed: Node?
        do {
            // UTF-8 named, not looked up in the environment as the default is.
            composed = try Yams.compose(yaml: text, .basic, constructor, .utf8)
        } catch {
            return .needsReference
        }
        guard let composed else { return .composed(nil) }
        try YAMLSyntaxParser.checkExpansion(of: composed, sourceBytes: text.utf8.count)
        return Self.taggingPlainScalars(composed, constructor: constructor).map { .composed($0) } ?? .needsReference
    }

    /// `node` with every plain scalar (in a document without explicit tags) tagged as the
    /// default resolver tags it, or `nil` where that is not certain.
    private static func taggingPlainScalars(_ node: Node, constructor: Constructor) -> Node? {
        switch node {
        case .scalar(var scalar):
            // Quoted and block scalars are strings as the parser tags them.
            guard scalar.style == .plain else { return node }
            guard let name = YAMLImplicitTag.name(ofPlain: scalar.string) else { return nil }
            // The basic resolver is never asked for a resolved name; naming it spares
            // compiling the default resolver's expressions.
            scalar.tag = Tag(name, .basic, constructor)
            return .scalar(scalar)
        case .sequence(let sequence):
            var nodes: [Node] = []
            nodes.reserveCapacity(sequence.count)
            for item in sequence {
                guard let tagged = taggingPlainScalars(item, constructor: constructor) else { return nil }
                nodes.append(tagged)
            }
            return .sequence(Node.Sequence(nodes, sequence.tag, sequence.style, sequence.mark, sequence.anchor))
        case .mapping(let mapping):
            // Keys of one text: the default resolver's tags decide whether they repeat.
            // A key whose text the default resolver does not read as text (`on`, `1`,
            // quoted or not): Yams looks a name up in a mapping by resolving it with the
            // mapping's resolver, so only the default one finds such a key as it did.
            guard !repeatsAKeyText(mapping), mapping.keys.allSatisfy({ key in
                key.scalar.map { YAMLImplicitTag.name(ofPlain: $0.string) == .str } ?? false
            }) else { return nil }
            var pairs: [(Node, Node)] = []
            pairs.reserveCapacity(mapping.count)
            for pair in mapping {
                guard let key = taggingPlainScalars(pair.key, constructor: constructor),
                      let value = taggingPlainScalars(pair.value, constructor: constructor) else { return nil }
                pairs.append((key, value))
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark, mapping.anchor))
        case .alias:
            return nil
        }
    }

    private static func repeatsAKeyText(_ mapping: Node.Mapping) -> Bool {
        guard mapping.count > 1 else { return false }
        let keys = mapping.map { pair -> String? in
            guard case .scalar(let scalar) = pair.key else { return nil }
            return scalar.string
        }
        guard keys.count <= 16 else { return Set(keys).count < keys.count }
        for later in 1..<keys.count {
            for earlier in 0..<later where keys[earlier] == keys[later] { return true }
        }
        return false
    }
}
