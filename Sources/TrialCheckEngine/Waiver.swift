import TrialCheckCore

/// An accepted deviation: a patient, a check, why it is accepted, who approved it, and
/// until when. Waived findings are reported as waived and never fail an audit.
public struct Waiver: Codable, Sendable, Hashable {
    /// The patient id the waiver covers.
    public var patient: String
    /// The check id the waiver covers.
    public var check: String
    /// Why the deviation is accepted.
    public var reason: String
    /// Who approved it (a role, as a report may leave the site).
    public var approvedBy: String
    /// The last day the waiver holds; none means it does not expire.
    public var expires: String?
    /// Where the waiver is written.
    public var location: SourceLocation?

    enum CodingKeys: String, CodingKey {
        case patient, check, reason, expires, location
        case approvedBy = "approved_by"
    }
}

/// What came of one waiver in an audit.
public struct WaiverOutcome: Codable, Sendable, Hashable {
    /// `applied` (it covered a finding), `expired` (it matched but had expired: the
    /// finding counts), or `unmatched` (no finding for that patient and check).
    public enum Status: String, Codable, Sendable {
        case applied, expired, unmatched
    }

    public var waiver: Waiver
    public var status: Status
}

/// The baseline a report was compared against.
public struct BaselineSummary: Codable, Sendable, Hashable {
    /// The baseline report's path.
    public var path: String
    /// Findings of this audit that the baseline does not have.
    public var new: Int
    /// Findings of the baseline that this audit no longer has.
    public var resolved: Int
    /// Those findings, as the baseline has them.
    public var resolvedFindings: [AuditReport.Finding]?
    /// Findings of this audit the baseline has too.
    public var unchanged: Int?

    enum CodingKeys: String, CodingKey {
        case path, new, resolved, unchanged
        case resolvedFindings = "resolved-findings"
    }

    /// A baseline summary.
    public init(path: String, new: Int, resolved: Int, resolvedFindings: [AuditReport.Finding]? = nil, unchanged: Int? = nil) {
        self.path = path
        self.new = new
        self.resolved = resolved
        self.resolvedFindings = resolvedFindings
        self.unchanged = unchanged
    }
}
