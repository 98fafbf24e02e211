import Foundation

/// The machine-readable report: ``AuditReport`` as JSON with sorted keys, pretty printed
/// (the bytes `JSONEncoder` writes), written as it is made.
public struct JSONReporter: Reporter {
    public static let identifier = "json"

    /// A JSON reporter.
    public init() {}

    public func render(_ report: AuditReport) -> String {
        ReportOutput.collecting { write(report, to: $0) }
    }

    public func write(_ report: AuditReport, to output: ReportOutput) {
        var writer = PrettyJSONWriter(output: output)
        writer.report(report)
        output.write("\n")
    }

    /// Reads a report this reporter wrote.
    public static func decode(_ data: Data) throws -> AuditReport {
        try JSONDecoder().decode(AuditReport.self, from: data)
    }
}
