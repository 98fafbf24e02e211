import TrialCheckCore

/// Matches recorded terms against a `terms` parameter.
///
/// A recorded term matches an entry when it equals the entry's term or one of its
/// synonyms, ignoring case, leading and trailing whitespace, and runs of inner
/// whitespace. A term that merely contains a listed phrase does not match
/// (`cervical carcinoma in situ` does not match `cervical cancer` or `carcinoma`), so
/// the exceptions a protocol permits stay out unless the protocol file lists them.
struct TermMatcher: Sendable {
    /// The listed term for each normalised name.
    private let lookup: [String: String]

    /// Builds a matcher, rejecting empty lists, empty names and a name listed under two terms.
    init(_ entries: [TermEntry], parameter: String) throws(ParameterProblem) {
        guard !entries.isEmpty else {
            throw ParameterProblem("'\(parameter)' lists no terms", parameter: parameter)
        }
        var lookup: [String: String] = [:]
        for entry in entries {
            let term = entry.term.trimmingWhitespace()
            guard !term.isEmpty else {
                throw ParameterProblem("'\(parameter)' has an empty term", parameter: parameter)
            }
            for name in entry.names {
                let key = Self.normalized(name)
                guard !key.isEmpty else {
                    throw ParameterProblem("term '\(term)' has an empty synonym", parameter: parameter)
                }
                if let other = lookup[key], other != term {
                    throw ParameterProblem("'\(name.trimmingWhitespace())' is listed under both '\(other)' and '\(term)'", parameter: parameter)
                }
                lookup[key] = term
            }
        }
        self.lookup = lookup
    }

    /// The listed term that `recorded` matches, if any.
    func match(_ recorded: String) -> String? {
        lookup[Self.normalized(recorded)]
    }

    /// The text in lower case, trimmed, with each run of inner whitespace read as one space.
    static func normalized(_ text: String) -> String {
        TextKey.collapsedLowercased(text)
    }
}
