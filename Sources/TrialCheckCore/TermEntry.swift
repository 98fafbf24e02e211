/// One entry of a `terms` parameter: a term and the other names a record may use for it.
///
/// Written in YAML either as the term alone (`autoimmune disease`) or as a mapping
/// (`{term: HIV infection, synonyms: [HIV, human immunodeficiency virus]}`).
public struct TermEntry: Decodable, Sendable, Hashable {
    /// The term as the protocol names it; messages quote it as the listed term.
    public let term: String
    /// Other names that count as the same term.
    public let synonyms: [String]

    /// Creates an entry.
    public init(_ term: String, synonyms: [String] = []) {
        self.term = term
        self.synonyms = synonyms
    }

    /// The term and its synonyms.
    public var names: [String] { [term] + synonyms }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        static let term = Key(stringValue: "term")
        static let synonyms = Key(stringValue: "synonyms")
    }

    /// Decodes a plain term or a `{term, synonyms}` mapping; any other key in the mapping
    /// is an error with a suggestion.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            self.init(text)
            return
        }
        guard let container = try? decoder.container(keyedBy: Key.self) else {
            throw DecodingError.typeMismatch(TermEntry.self, DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "expected a term (text) or a mapping {term: ..., synonyms: [...]}"
            ))
        }
        let allowed = [Key.term.stringValue, Key.synonyms.stringValue]
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "unknown key '\(key.stringValue)' in a term entry\(Suggestion.hint(for: key.stringValue, among: allowed))"
            )
        }
        self.init(
            try container.decode(String.self, forKey: .term),
            synonyms: try container.decodeIfPresent([String].self, forKey: .synonyms) ?? []
        )
    }
}
