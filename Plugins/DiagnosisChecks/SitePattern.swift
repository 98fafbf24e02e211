import TrialCheckCore

/// An anatomical site named in a check's parameters, possibly with `*` wildcards
/// (`*lymph-node*` matches every site whose name contains `lymph-node`).
///
/// Sites compare by ``Term/siteKey(_:)``: case-insensitive, spaces and underscores as hyphens.
struct SitePattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written in the protocol file.
    let description: String
    private let pattern: [Character]

    /// A pattern from its text.
    /// - Throws: ``ParameterProblem`` naming `parameter` when the text is empty.
    init(_ text: String, parameter: String) throws(ParameterProblem) {
        let key = Term.siteKey(text)
        guard !key.isEmpty else {
            throw ParameterProblem("an empty site name in '\(parameter)'", parameter: parameter)
        }
        description = text.trimmingWhitespace()
        pattern = Array(key)
    }

    /// Whether `site` (as written in a record) matches the pattern.
    func matches(_ site: String) -> Bool {
        Self.glob(pattern, Array(Term.siteKey(site)))
    }

    /// Wildcard matching where `*` stands for any run of characters, including none.
    private static func glob(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0
        var t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] != "*", pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}

extension Array where Element == SitePattern {
    /// Whether any pattern matches `site`.
    func matchesAny(_ site: String) -> Bool {
        contains { $0.matches(site) }
    }

    /// The patterns as a sentence fragment: `'*lymph-node*'` or `'a' and 'b'`, or `none`.
    var listed: String {
        isEmpty ? "none" : Term.quotedList(map(\.description))
    }
}
