/// What an audit keeps beyond the findings and counts, because some reporter needs it.
/// Each grows with the cohort, so an audit keeps only what was asked for.
public struct ReportDetails: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The id of every patient audited (JUnit lists passes as test cases).
    public static let patientIDs = ReportDetails(rawValue: 1)
    /// The dated events of every patient with a finding (HTML draws timelines).
    public static let timelines = ReportDetails(rawValue: 2)
    /// Every patient audited, with its location and verdict counts (the rows output).
    public static let patientRows = ReportDetails(rawValue: 4)
    /// Everything.
    public static let all: ReportDetails = [.patientIDs, .timelines, .patientRows]
}
