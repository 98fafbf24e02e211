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
        case .html: HTMLReporter()
        case .markdown: MarkdownReporter(limit: options.markdownLimit, fullReport: options.fullReport)
        case .junit: JUnitReporter(timestamp: options.timestamp)
        case .sarif: SARIFReporter()
        case .csv: CSVReporter()
        case .sdtmDV: SDTMDeviationReporter()
        case .rows: RowsReporter()
        }
    }
}
