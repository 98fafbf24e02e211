/// Renders an audit report in one output format.
///
/// Requirements: the output is a pure function of the report (no clock, no environment),
/// so the same audit gives byte-identical output.
public protocol Reporter: Sendable {
    /// The format's name on the command line (`--format json`).
    static var identifier: String { get }
    /// The rendered report.
    func render(_ report: AuditReport) throws -> String
    /// Writes the rendered report to `output`: the same bytes as ``render(_:)``, written as
    /// they are made by reporters that can (so a large report is never whole in memory).
    func write(_ report: AuditReport, to output: ReportOutput) throws
}

extension Reporter {
    /// Writes what ``render(_:)`` returns.
    public func write(_ report: AuditReport, to output: ReportOutput) throws {
        output.write(try render(report))
    }
}
