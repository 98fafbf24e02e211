import TrialCheckCore

/// When a listed adverse event counts against the `adverse-event-grade` rule.
public enum AdverseEventTiming: String, Decodable, Sendable, CaseIterable {
    /// Started before the enrollment date, whether or not it has ended.
    case beforeEnrollment = "before-enrollment"
    /// Started on or before the enrollment date and not ended on or before it.
    case ongoingAtEnrollment = "ongoing-at-enrollment"

    /// Decodes one of the cases by name; an unknown name is an error with a suggestion.
    public init(from decoder: any Decoder) throws {
        self = try Self.decodeCase(from: decoder)
    }
}
extension AdverseEventTiming: ParameterDefault {}
