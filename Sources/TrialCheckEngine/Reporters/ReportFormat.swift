/// The report formats, by their command-line names.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, html, markdown, junit, sarif, csv
    case sdtmDV = "sdtm-dv"
    /// NDJSON rows for distributed engines (see ``RowsReporter``).
    case rows

    /// What a reporter may need beyond the report.
    public struct Options: Sendable {
        /// ANSI colour in the text report.
        public var colour = false
        /// The date-time JUnit suites are stamped with (`2026-11-25T00:00:00`).
        public var timestamp = "1970-01-01T00:00:00"
        /// Where the full report is, for the Markdown summary to point at.
        public var fullReport: String?
        /// How many findings the Markdown summary lists.
        public var markdownLimit = 25
        /// The level the audit fails at: JUnit marks the cases that fail it as failures,
        /// the Markdown summary leads with them.
        public var failOn: FailLevel = .deviation
        /// One JUnit test case per check, or per check and patient.
        public var junitCases: JUnitReporter.Cases = .perPatient
        /// Where SARIF artifact URIs are rooted and where rule help lives.
        public var sarif = SARIFOptions()
        /// How the DV dataset identifies subjects and stamps its transport files.
        public var sdtm = SDTMOptions()
        /// The HTML report's large-cohort layout.
        public var html = HTMLOptions()
        /// Whether the CSV report starts with a UTF-8 byte-order mark (for Excel).
        public var csvByteOrderMark = false

        /// Default options.
        public init() {}
    }

    /// Whether the format holds every finding with its evidence (what a summary points to).
    public var isFullReport: Bool {
        switch self {
        case .json, .text, .html: true
        default: false
        }
    }

    /// What the audit must keep for this format's reporter.
    public var requiredDetails: ReportDetails {
        switch self {
        case .junit: .patientIDs
        case .html: .timelines
        case .rows: .patientRows
        default: []
        }
    }

    /// The reporter for this format.
    public func reporter(_ options: Options) -> any Reporter {
        switch self {
        case .text: TextReporter(colour: options.colour)
        case .json: JSONReporter()
        case .html: HTMLReporter(options: options.html)
        case .markdown: MarkdownReporter(limit: options.markdownLimit, fullReport: options.fullReport, failOn: options.failOn)
        case .junit: JUnitReporter(timestamp: options.timestamp, failOn: options.failOn, cases: options.junitCases)
        case .sarif: SARIFReporter(options: options.sarif)
        case .csv: CSVReporter(byteOrderMark: options.csvByteOrderMark)
        case .sdtmDV: SDTMDeviationReporter(options: options.sdtm)
        case .rows: RowsReporter()
        }
    }
}
