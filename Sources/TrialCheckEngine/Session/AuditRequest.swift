import TrialCheckCore

/// Everything one audit needs: the protocol, the inputs and how to read them, and what to
/// apply to the report (waivers, a baseline, pseudonyms, generalized dates).
///
/// A library user builds one and hands it to ``AuditSession``; the command line builds one
/// from its arguments.
public struct AuditRequest: Sendable {
    /// The protocol audited against.
    public var definition: ProtocolDefinition
    /// The inputs, in order: paths (`-` for standard input), or inputs rebuilt in memory
    /// from a tagged-line stream.
    public var sources: [AuditInput]
    /// How the inputs are read.
    public var reading = ReadingOptions()
    /// Threads to decode and judge on (at least 1).
    public var jobs = Auditor.defaultJobs
    /// What reporters need beyond findings and counts.
    public var details: ReportDetails = .all
    /// Where findings wait until the report is written.
    public var findingStorage: FindingStorage = .memory
    /// A YAML file of accepted deviations.
    public var waiversPath: String?
    /// The day waivers' expiry dates are judged on.
    public var asOf: CalendarDay = .today()
    /// A previous JSON report: findings it holds are not new.
    public var baselinePath: String?
    /// The key that replaces patient ids with keyed hashes in every report.
    public var pseudonymKey: PseudonymKey?
    /// How the dates the reports write are generalized (``DateProtection/shift`` needs
    /// ``pseudonymKey``).
    public var dateProtection: DateProtection?
    /// The least serious verdict that fails the audit.
    public var failOn: FailLevel = .deviation
    /// Whether data the audit does not understand is an input error.
    public var strict = false
    /// How wide EDC exports (REDCap, one row per patient) map to the model, when the inputs
    /// are such exports.
    public var mapping: ExportMapping?

    /// A request to audit `inputs` (paths, `-` for standard input) against `definition`,
    /// with every option at its default.
    public init(definition: ProtocolDefinition, inputs: [String]) {
        self.init(definition: definition, sources: inputs.map(AuditInput.path))
    }

    /// A request to audit `sources` against `definition`, with every option at its default.
    public init(definition: ProtocolDefinition, sources: [AuditInput]) {
        self.definition = definition
        self.sources = sources
    }
}

/// How an audit reads its inputs.
public struct ReadingOptions: Sendable, Hashable {
    /// Read every input as this format instead of detecting it.
    public var format: InputFormat?
    /// The data cut-off of records whose file or record names none.
    public var dataCutoff: PartialDate?
    /// The sites' time zone, for records whose file or record names none.
    public var timeZone: SiteTimeZone?
    /// The field separator of CSV inputs.
    public var csvSeparator: CSVSeparator = .auto
    /// The longest record read, in bytes.
    public var maxRecordBytes = HistoryReader.defaultMaxRecordBytes

    /// Options that detect every format and take no cut-off or time zone from outside.
    public init() {}
}
