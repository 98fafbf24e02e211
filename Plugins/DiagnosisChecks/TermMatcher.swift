import TrialCheckCore

/// Maps the terms a record may use (allowed terms and their synonyms) to the allowed term
/// they stand for, comparing by ``Term/key(_:)`` (exact match, case-insensitive, trimmed).
struct TermMatcher: Sendable {
    /// The allowed terms, as written in the protocol file.
    let allowed: [String]
    /// The allowed terms for a sentence: `'squamous cell carcinoma'`.
    let listed: String
    private let canonical: [String: String]

    /// A matcher for `allowed` terms with `synonyms` (allowed term -> other names for it).
    /// - Throws: ``ParameterProblem`` naming `allowedName` or `synonymsName` for an empty
    ///   list, an empty term, a synonym of a term not allowed, or a name given to two terms.
    init(
        allowed: [String],
        synonyms: [String: [String]],
        allowedName: String,
        synonymsName: String
    ) throws(ParameterProblem) {
        var canonical: [String: String] = [:]
        var terms: [String] = []
        for term in allowed {
            let key = Term.key(term)
            guard !key.isEmpty else { throw ParameterProblem("'\(allowedName)' holds an empty term", parameter: allowedName) }
            guard canonical[key] == nil else { continue }
            let written = term.trimmingWhitespace()
            canonical[key] = written
            terms.append(written)
        }
        guard !terms.isEmpty else { throw ParameterProblem("'\(allowedName)' lists no terms", parameter: allowedName) }
        for (term, names) in synonyms.sorted(by: { $0.key < $1.key }) {
            guard let target = canonical[Term.key(term)] else {
                throw ParameterProblem(
                    "'\(synonymsName)' gives synonyms for '\(term)', which is not in '\(allowedName)'", parameter: synonymsName
                )
            }
            for name in names {
                let key = Term.key(name)
                guard !key.isEmpty else { throw ParameterProblem("'\(synonymsName)' holds an empty synonym", parameter: synonymsName) }
                if let existing = canonical[key], existing != target {
                    throw ParameterProblem("'\(name)' stands for both '\(existing)' and '\(target)'", parameter: synonymsName)
                }
                canonical[key] = target
            }
        }
        self.allowed = terms
        listed = Term.quotedList(terms)
        self.canonical = canonical
    }

    /// The allowed term `text` names, or `nil` if it names none.
    func match(_ text: String) -> String? {
        canonical[Term.key(text)]
    }
}
