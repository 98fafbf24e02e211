/// Renders an audit report in one output format.
///
/// Requirements: the output is a pure function of the report (no clock, no environment),
/// so the same audit gives byte-identical output.
public protocol Reporter: Sendable {
    /// The format's name on the command line (`--format json`).
    static var identifier: String { get }
    /// The rendered report.
    func render(_ report: AuditReport) throws -> String
}
