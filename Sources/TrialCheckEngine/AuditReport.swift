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
    /// Every non-pass verdict held in memory: all of them, unless the audit spilled findings
    /// to disk (``FindingStorage/temporaryFile``). ``allFindings`` reads every one.
    public var findings: [Finding]
    /// Records (or whole inputs) that could not be audited.
    public var rejected: [RecordRejection]
    /// Criteria the protocol lists as needing clinical judgement: not checked from data.
    public var manual: [ManualCriterion]
    /// What came of each waiver, when a waiver file was given.
    public var waivers: [WaiverOutcome]?
    /// The baseline compared against, when one was given.
    public var baseline: BaselineSummary?
    /// Which ids the report holds (see ``IDScheme``): `raw`, or `hmac-sha256:<fingerprint>`
    /// of the pseudonymization key. A baseline of another scheme is refused. Absent in
    /// reports written before it was recorded.
    public var idScheme: String? = IDScheme.raw
    /// What the audit has to say besides verdicts (external plugins that failed, their
    /// standard error); absent when there is nothing to say.
    public var diagnostics: [Diagnostic]?
    /// What the audit used of its inputs and what it did not (see ``DataCoverage``).
    public var coverage: DataCoverage?
    /// The external plugins the protocol runs, in protocol order: what ran, exactly;
    /// absent when the protocol has none.
    public var plugins: [Plugin]?
    /// The protocol's quality tolerance limits over the study and each site, with each
    /// site's key risk indicators; absent when the protocol declares none.
    public var quality: QualityReport?
    /// The ids of every patient audited, in input order (for reporters that list passes,
    /// such as JUnit). Not written to JSON.
    public var patientIDs: [String] = []
    /// Every patient audited, in input order, with its verdict counts (for the rows
    /// output). Not written to JSON.
    public var patientRows: [PatientRow] = []
    /// The dated events of every patient with a finding, for reporters that draw
    /// timelines (HTML). Not written to JSON.
    public var timelines: [String: PatientTimeline] = [:]
    /// Inputs that could not be used at all (missing, unreadable, or holding no record),
    /// one error each. When there are any, the report is incomplete and must not be
    /// written: the command line prints these, one line each, and exits 2. Not written to JSON.
    public var inputErrors: [InputError] = []
    /// The findings the audit wrote to disk, which come before ``findings``.
    var spilledFindings: SpilledFindings?

    enum CodingKeys: String, CodingKey {
        case tool, `protocol`, inputs, summary, checks, coverage, findings, rejected, manual, waivers, baseline, diagnostics, plugins, quality
        case idScheme = "id-scheme"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tool, forKey: .tool)
        try container.encode(self.protocol, forKey: .protocol)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(summary, forKey: .summary)
        try container.encode(checks, forKey: .checks)
        try container.encodeIfPresent(coverage, forKey: .coverage)
        try container.encode(Array(allFindings), forKey: .findings)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(manual, forKey: .manual)
        try container.encodeIfPresent(waivers, forKey: .waivers)
        try container.encodeIfPresent(baseline, forKey: .baseline)
        try container.encodeIfPresent(idScheme, forKey: .idScheme)
        try container.encodeIfPresent(diagnostics, forKey: .diagnostics)
        try container.encodeIfPresent(plugins, forKey: .plugins)
        try container.encodeIfPresent(quality, forKey: .quality)
    }

    /// Whether some check could not judge some patients (an external plugin failed): the
    /// verdicts are incomplete.
    public var isIncomplete: Bool {
        diagnostics?.contains { $0.level == .error } ?? false
    }

    /// One external check's plugin: the program it ran and a fingerprint of its code.
    public struct Plugin: Codable, Sendable, Hashable {
        /// The check's id.
        public var check: String
        /// The program and its arguments, as the protocol gives them.
        public var command: [String]
        /// The SHA-256 of the plugin's script (the first argument naming an existing file
        /// in the protocol's folder, else the program found on `PATH`); absent when there
        /// is no such file.
        public var sha256: String?

        /// Creates a plugin record.
        public init(check: String, command: [String], sha256: String?) {
            self.check = check
            self.command = command
            self.sha256 = sha256
        }
    }

    /// One patient audited: where its record is and how many verdicts of each kind it got.
    public struct PatientRow: Sendable, Hashable {
        public var patient: String
        public var site: String?
        public var arm: String?
        /// The patient record's location.
        public var location: SourceLocation?
        public var pass: Int
        public var deviation: Int
        public var indeterminate: Int
        public var notEvaluable: Int

        /// Creates a row.
        public init(
            patient: String, site: String?, arm: String?, location: SourceLocation?,
            pass: Int, deviation: Int, indeterminate: Int, notEvaluable: Int
        ) {
            self.patient = patient
            self.site = site
            self.arm = arm
            self.location = location
            self.pass = pass
            self.deviation = deviation
            self.indeterminate = indeterminate
            self.notEvaluable = notEvaluable
        }
    }

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
        /// The protocol's versions, when it has amendments: the original and each
        /// amendment with the day it takes effect.
        public var versions: [ProtocolVersioning.Version]? = nil
        /// What chooses a patient's version (`consent` or `enrollment`), when there are versions.
        public var versionDate: String? = nil

        /// One sentence naming the versions and what chooses among them, when there are versions.
        public var versionsSentence: String? {
            guard let versions, let versionDate else { return nil }
            let listed = versions.map { version in
                version.effective.map { "\(version.version) (effective \(PartialDate($0)))" } ?? "\(version.version) (original)"
            }
            let anchor = versionDate == ProtocolVersioning.Anchor.consent.rawValue ? "informed consent" : versionDate
            return "Protocol versions: \(listed.joined(separator: ", ")); each patient is judged by the version in force at \(anchor)."
        }

        enum CodingKeys: String, CodingKey {
            case id, title, version, sha256, versions
            case versionDate = "version_date"
        }
    }

    /// One input and what came of it.
    public struct Input: Codable, Sendable, Hashable {
        /// The path as given (`-` for standard input).
        public var path: String
        /// The format read (`yaml`, `json`, `ndjson`, `csv`, `fhir`, `sdtm`).
        public var format: String?
        /// The SHA-256 of the bytes read.
        public var sha256: String?
        /// Patients audited from this input.
        public var patients: Int
        /// Records rejected from this input.
        public var rejected: Int
        /// What the input held that its format's mapping did not use (FHIR resources
        /// of an unmapped type, SDTM datasets without a mapping, ...), one sentence each;
        /// absent when there is nothing to say.
        public var notes: [String]?
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
        /// Findings covered by a valid waiver (counted above too, never toward the exit code).
        public var waived: Int?
        /// Findings not in the baseline (when one was given).
        public var new: Int?
        /// Deviations by the severity of their check.
        public var deviationsBySeverity: [Severity: Int] = [:]

        enum CodingKeys: String, CodingKey {
            case patients, rejected, deviation, indeterminate, waived, new
            case deviationsBySeverity = "deviations-by-severity"
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
        public var category: CheckCategory
        public var pass: Int
        public var deviation: Int
        public var indeterminate: Int
        public var notEvaluable: Int

        enum CodingKeys: String, CodingKey {
            case id, kind, criterion, severity, category, pass, deviation, indeterminate
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
        /// When the deviation happened (ISO 8601, possibly partial): the check's date, else
        /// the enrollment date.
        public var date: String?
        /// The span of days the criterion allowed, where it is a window in time.
        public var window: DateWindow?
        /// The waiver that accepts this finding, if any.
        public var waiver: Waiver?
        /// Whether the finding is new since the baseline (absent without a baseline).
        public var isNew: Bool?
        /// The protocol version that judged the patient, when the protocol has amendments
        /// (`1.0 or 2.0` when the patient's version cannot be told).
        public var version: String? = nil

        /// The finding's fields as JSON members: the one list the `Codable` conformance and
        /// the streamed JSON report (``PrettyJSONWriter/finding(_:)``) both follow.
        enum CodingKeys: String, CodingKey, CaseIterable {
            case patient, site, arm, check, status, severity, criterion, message, evidence, location, date, window, waiver, version
            case isNew = "new"

            /// The keys in the order `JSONEncoder`'s `sortedKeys` writes them (by their UTF-8 bytes).
            static let sorted: [Self] = allCases.sorted { $0.stringValue.utf8.lexicographicallyPrecedes($1.stringValue.utf8) }
        }

        /// The identity of a finding across runs: patient, check and status.
        public var key: String { "\(patient)\u{1F}\(check)\u{1F}\(status.rawValue)" }
    }
}
