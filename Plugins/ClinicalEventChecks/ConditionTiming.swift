import TrialCheckCore

/// When a listed condition counts against the `excluded-conditions` rule.
public enum ConditionTiming: String, Decodable, Sendable, CaseIterable {
    /// Present on the enrollment date: begun on or before it, and not ended on or before it.
    case activeAtEnrollment = "active-at-enrollment"
    /// Begun before the enrollment date, whatever its status since.
    case beforeEnrollment = "before-enrollment"

    /// Decodes one of the cases by name; an unknown name is an error with a suggestion.
    public init(from decoder: any Decoder) throws {
        self = try Self.decodeCase(from: decoder)
    }
}
extension ConditionTiming: ParameterDefault {}
