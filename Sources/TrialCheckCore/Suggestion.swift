/// "Did you mean" suggestions for misspelt names.
public enum Suggestion {
    /// The candidate closest to `name`, if it is close enough to be a plausible typo.
    ///
    /// A suggestion must be meaningful: a name that differs only in case always gets one; a
    /// name of one or two characters (`t`, `or`) gets one only when a candidate is the name
    /// with one more character (`al` for `all`), since any short name is a couple of edits
    /// from every other; a longer name gets one when few of its characters need an edit
    /// (one for three letters, two from four, a third of a longer name, never more than
    /// three), a swap of two neighbours counting as one edit.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let folded = name.lowercased()
        let scored = candidates.map { ($0, distance(folded, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
        if best.1 == 0 { return best.0 }
        guard folded.count >= 3 else {
            return scored.filter { $0.1 == 1 && $0.0.count == folded.count + 1 && $0.0.lowercased().hasPrefix(folded) }.map(\.0).min()
        }
        // One edit in three letters, at least one for three letters and two from four, at
        // most three: more rewrites a word (`radiotherapy-end` is not `radiotherapy-start`).
        let allowed = folded.count <= 3 ? 1 : min(3, max(2, folded.count / 3))
        return best.1 <= allowed ? best.0 : nil
    }

    /// A sentence tail: `; did you mean 'x'?` or, failing that, the valid names.
    public static func hint(for name: String, among candidates: [String]) -> String {
        if let match = closest(to: name, among: candidates) { return "; did you mean '\(match)'?" }
        return " (expected one of: \(candidates.sorted().joined(separator: ", ")))"
    }

    /// The optimal-string-alignment distance: insertions, deletions, substitutions and
    /// swaps of two neighbouring characters, each one edit.
    public static func distance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs.unicodeScalars)
        let right = Array(rhs.unicodeScalars)
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var beforePrevious = Array(repeating: 0, count: right.count + 1)
        var previous = Array(0...right.count)
        var current = previous
        for (i, leftScalar) in left.enumerated() {
            current[0] = i + 1
            for (j, rightScalar) in right.enumerated() {
                let substitution = previous[j] + (leftScalar == rightScalar ? 0 : 1)
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, substitution)
                if i > 0, j > 0, leftScalar == right[j - 1], left[i - 1] == rightScalar {
                    current[j + 1] = min(current[j + 1], beforePrevious[j - 1] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[right.count]
    }
}

extension Decodable where Self: RawRepresentable & CaseIterable, RawValue == String {
    /// Decodes one of the cases by its raw value; an unknown value is an error that lists
    /// the valid ones or suggests the closest.
    public static func decodeCase(from decoder: any Decoder) throws -> Self {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let value = Self(rawValue: text) { return value }
        let names = allCases.map(\.rawValue)
        throw DecodingError.dataCorruptedError(
            in: container, debugDescription: "unknown value '\(text)'\(Suggestion.hint(for: text, among: names))"
        )
    }
}
