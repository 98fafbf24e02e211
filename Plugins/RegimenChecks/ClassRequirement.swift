import TrialCheckCore

/// How many of the listed agent classes a regimen must include.
public enum ClassRequirement: String, Decodable, Sendable, CaseIterable {
    /// At least one agent of at least one class.
    case any
    /// At least one agent of every class.
    case all

    /// Decodes `any` or `all`; another value is an error that suggests the closest.
    public init(from decoder: any Decoder) throws {
        self = try Self.decodeCase(from: decoder)
    }
}
