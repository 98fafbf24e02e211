import TrialCheckCore

/// An input record that could not be audited: where it is and why.
public struct RecordRejection: Error, Sendable, Hashable, Codable {
    /// Where the problem is (the record, or the key at fault).
    public let location: SourceLocation
    /// What was expected and what was found.
    public let reason: String
    /// The record's id, if it could be read.
    public let patient: String?

    /// Creates a rejection.
    public init(location: SourceLocation, reason: String, patient: String? = nil) {
        self.location = location
        self.reason = reason
        self.patient = patient
    }
}
