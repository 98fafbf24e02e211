/// "Did you mean" suggestions for misspelt names.
public enum Suggestion {
    /// The candidate closest to `name`, if it is close enough to be a plausible typo.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let scored = candidates.map { ($0, distance(name.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
        return best.1 <= max(2, name.count / 3) ? best.0 : nil
    }

    /// A sentence tail: `; did you mean 'x'?` or, failing that, the valid names.
    public static func hint(for name: String, among candidates: [String]) -> String {
        if let match = closest(to: name, among: candidates) { return "; did you mean '\(match)'?" }
        return " (expected one of: \(candidates.sorted().joined(separator: ", ")))"
    }

    /// Levenshtein distance.
    public static func distance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs.unicodeScalars)
        let right = Array(rhs.unicodeScalars)
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        var current = previous
        for (i, leftScalar) in left.enumerated() {
            current[0] = i + 1
            for (j, rightScalar) in right.enumerated() {
                let substitution = previous[j] + (leftScalar == rightScalar ? 0 : 1)
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, substitution)
            }
            swap(&previous, &current)
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
