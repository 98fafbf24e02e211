import TrialCheckCore

/// How a report generalizes the dates in its evidence, so that a pseudonymized report does
/// not carry dates that identify a patient (`--generalize-dates`).
public enum DateGeneralization: String, Sendable, Hashable, CaseIterable {
    /// Birth dates (evidence named `birth date`) are written as the year alone
    /// (`1957-03-14` becomes `1957`); every other date is kept.
    case year

    /// The evidence named `birth date`, which this generalization reduces.
    static let birthDate = "birth date"

    /// `evidence` generalized.
    func generalize(_ evidence: Evidence) -> Evidence {
        switch self {
        case .year:
            guard evidence.name == Self.birthDate, let year = Self.year(of: evidence.value) else { return evidence }
            return Evidence(evidence.name, year, at: evidence.location)
        }
    }

    /// The year of an ISO 8601 date (`1957` of `1957-03-14` or `1957-03`), or `nil` when
    /// `text` does not start with four digits.
    static func year(of text: String) -> String? {
        let prefix = text.prefix(4)
        guard prefix.count == 4, prefix.allSatisfy(\.isASCII), prefix.allSatisfy(\.isNumber) else { return nil }
        return String(prefix)
    }
}
