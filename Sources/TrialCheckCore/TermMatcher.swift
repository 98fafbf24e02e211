/// Recorded names matched to the terms a check's parameters list, with their synonyms, in
/// the one normalisation every kind uses (``normalized(_:)``): a histology, an excluded condition,
/// an adverse event or a radiotherapy technique is recognised the same way in every kind.
public struct TermMatcher: Sendable {
    /// The terms, as the protocol writes them (trimmed, the first spelling of each), in order.
    public let terms: [String]
    /// Every name, by key, mapped to the term it stands for.
    private let lookup: [String: String]

    /// The form names are compared in: trimmed, each inner run of whitespace read as one
    /// space, in lower case (`"Squamous  cell carcinoma "` reads as `squamous cell carcinoma`).
    public static func normalized(_ text: String) -> String {
        TextKey.collapsedLowercased(text)
    }

    /// Whether `one` and `other` are the same name in the one normalisation
    /// (``normalized(_:)``): `"Capecitabine  "` and `capecitabine` are.
    public static func same(_ one: String, _ other: String) -> Bool {
        normalized(one) == normalized(other)
    }

    /// A matcher of `entries`, each a term and its synonyms, given by the parameter `parameter`.
    /// - Throws: ``ParameterProblem`` for no terms, an empty term or synonym, or a name that
    ///   stands for two different terms.
    public init(_ entries: [TermEntry], parameter: String) throws(ParameterProblem) {
        try self.init(entries, termsParameter: parameter, synonymsParameter: parameter)
    }

    /// A matcher of the terms `allowed`, with `synonyms` (term -> its other names), given by
    /// the parameters `allowedName` and `synonymsName`.
    /// - Throws: ``ParameterProblem`` as ``init(_:parameter:)`` does, and for synonyms of a
    ///   term `allowed` does not list.
    public init(allowed: [String], synonyms: [String: [String]], allowedName: String, synonymsName: String) throws(ParameterProblem) {
        let keys = Set(allowed.map(Self.normalized))
        var others: [String: [String]] = [:]
        for (term, names) in synonyms.sorted(by: { $0.key < $1.key }) {
            guard keys.contains(Self.normalized(term)) else {
                throw ParameterProblem(
                    "synonyms are given for '\(term)', which is not in '\(allowedName)'\(Suggestion.hint(for: term, among: allowed))",
                    parameter: synonymsName
                )
            }
            others[Self.normalized(term), default: []] += names
        }
        var seen: Set<String> = []
        let entries = allowed.map { term in
            TermEntry(term, synonyms: seen.insert(Self.normalized(term)).inserted ? others[Self.normalized(term)] ?? [] : [])
        }
        try self.init(entries, termsParameter: allowedName, synonymsParameter: synonymsName)
    }

    private init(_ entries: [TermEntry], termsParameter: String, synonymsParameter: String) throws(ParameterProblem) {
        guard !entries.isEmpty else { throw ParameterProblem("'\(termsParameter)' lists no terms", parameter: termsParameter) }
        var lookup: [String: String] = [:]
        var terms: [String] = []
        for entry in entries {
            let written = entry.term.trimmingWhitespace()
            let key = Self.normalized(written)
            guard !key.isEmpty else { throw ParameterProblem("'\(termsParameter)' holds an empty term", parameter: termsParameter) }
            // The same term twice (in any spelling) is one term, first spelling first.
            let term = lookup[key].flatMap { Self.normalized($0) == key ? $0 : nil } ?? written
            if lookup[key] == nil { terms.append(term) }
            for name in [written] + entry.synonyms {
                let nameKey = Self.normalized(name)
                guard !nameKey.isEmpty else {
                    throw ParameterProblem("an empty synonym is given for '\(term)'", parameter: synonymsParameter)
                }
                if let other = lookup[nameKey], other != term {
                    throw ParameterProblem(
                        "'\(name.trimmingWhitespace())' stands for both '\(other)' and '\(term)'",
                        parameter: synonymsParameter
                    )
                }
                lookup[nameKey] = term
            }
        }
        self.terms = terms
        self.lookup = lookup
    }

    /// The term `recorded` stands for, or `nil`.
    public func match(_ recorded: String) -> String? {
        lookup[Self.normalized(recorded)]
    }

    /// The terms as a list for messages: `'SCC', 'adenocarcinoma' and 'NSCLC'`.
    public var listed: String { Self.quotedList(terms) }

    /// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`: terms quoted for a sentence.
    public static func quotedList(_ terms: [String]) -> String {
        let quoted = terms.map { "'\($0)'" }
        guard let last = quoted.last, quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " and " + last
    }
}
