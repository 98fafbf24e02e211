import TrialCheckCore

/// The result of an audit: the JSON report's contract, which outside tools rely on.
///
/// Findings are in input order (patients as read), then protocol order (checks as
/// listed); a pass produces no finding. The same inputs give a byte-identical report.
public struct AuditReport: Codable, Sendable {
    /// The tool that wrote the report.
    public var tool: Tool
    /// The protocol audited against.
    public var `protocol`: ProtocolInfo
    /// The inputs read, in command-line order.
    public var inputs: [Input]
    /// Totals.
    public var summary: Summary
    /// Per-check totals, in protocol order.
    public var checks: [CheckSummary]
    /// Every non-pass verdict.
    public var findings: [Finding]
    /// Records (or whole inputs) that could not be audited.
    public var rejected: [RecordRejection]
    /// Criteria the protocol lists as needing clinical judgement: not checked from data.
    public var manual: [ManualCriterion]

    /// The tool's name and version.
    public struct Tool: Codable, Sendable, Hashable {
        public var name: String
        public var version: String
    }

    /// Which protocol, exactly.
    public struct ProtocolInfo: Codable, Sendable, Hashable {
        public var id: String
        public var title: String
        public var version: String
        public var sha256: String
    }

    /// One input and what came of it.
    public struct Input: Codable, Sendable, Hashable {
        /// The path as given (`-` for standard input).
        public var path: String
        /// The format read (`yaml`, `json`, `ndjson`).
        public var format: String?
        /// The SHA-256 of the bytes read.
        public var sha256: String?
        /// Patients audited from this input.
        public var patients: Int
        /// Records rejected from this input.
        public var rejected: Int
    }

    /// Totals over all inputs. Records in = `patients` + `rejected`.
    public struct Summary: Codable, Sendable, Hashable {
        /// Patients audited.
        public var patients: Int
        /// Records (or inputs) rejected.
        public var rejected: Int
        /// Deviation findings.
        public var deviation: Int
        /// Indeterminate findings.
        public var indeterminate: Int
        /// Not-evaluable findings.
        public var notEvaluable: Int
        /// Patients with at least one deviation.
        public var patientsWithDeviations: Int

        enum CodingKeys: String, CodingKey {
            case patients, rejected, deviation, indeterminate
            case notEvaluable = "not-evaluable"
            case patientsWithDeviations = "patients-with-deviations"
        }
    }

    /// One check's verdict counts.
    public struct CheckSummary: Codable, Sendable, Hashable {
        public var id: String
        public var kind: String
        public var criterion: String
        public var severity: Severity
        public var pass: Int
        public var deviation: Int
        public var indeterminate: Int
        public var notEvaluable: Int

        enum CodingKeys: String, CodingKey {
            case id, kind, criterion, severity, pass, deviation, indeterminate
            case notEvaluable = "not-evaluable"
        }

        /// Patients the check judged.
        public var evaluated: Int { pass + deviation + indeterminate + notEvaluable }

        mutating func count(_ verdict: Verdict) {
            switch verdict {
            case .pass: pass += 1
            case .deviation: deviation += 1
            case .indeterminate: indeterminate += 1
            case .notEvaluable: notEvaluable += 1
            }
        }
    }

    /// One non-pass verdict: which patient, which criterion, what evidence.
    public struct Finding: Codable, Sendable, Hashable {
        public var patient: String
        public var site: String?
        public var arm: String?
        public var check: String
        public var status: Verdict
        public var severity: Severity
        public var criterion: String
        public var message: String
        public var evidence: [Evidence]
        /// The patient record's location.
        public var location: SourceLocation?
    }
}
