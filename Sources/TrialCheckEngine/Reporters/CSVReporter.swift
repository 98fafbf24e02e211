import Foundation
import TrialCheckCore

/// One row per finding, for spreadsheets (RFC 4180: comma-separated, CRLF line ends,
/// fields quoted when they hold a comma, quote or line break).
public struct CSVReporter: Reporter {
    public static let identifier = "csv"

    /// A CSV reporter.
    public init() {}

    static let header = ["patient", "site", "arm", "check", "criterion", "severity", "status", "waived", "new",
                         "message", "evidence", "file", "line"]

    public func render(_ report: AuditReport) -> String {
        ReportOutput.collecting { write(report, to: $0) }
    }

    public func write(_ report: AuditReport, to output: ReportOutput) {
        output.write(Self.row(Self.header))
        for finding in report.allFindings {
            let evidence = finding.evidence.map { "\($0.name): \($0.value)" }.joined(separator: "; ")
            output.write(Self.row([
                finding.patient, finding.site ?? "", finding.arm ?? "", finding.check, finding.criterion,
                finding.severity.rawValue, finding.status.rawValue, finding.waiver == nil ? "no" : "yes",
                finding.isNew.map { $0 ? "yes" : "no" } ?? "",
                finding.message, evidence, finding.location?.file ?? "", finding.location?.line.map(String.init) ?? "",
            ]))
        }
    }

    /// One row: its fields, quoted as needed, separated by commas, and a CRLF.
    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// The characters that make a spreadsheet read a cell as a formula when they lead it.
    static let formulaLeaders: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n"]

    /// A field, quoted if it needs to be. A leading `=`, `+`, `-`, `@`, tab, carriage return
    /// or line feed is prefixed with a quote mark so a spreadsheet does not run it as a
    /// formula (a number such as `-5` is kept); control characters are then written as
    /// visible escapes (see ``ControlEscaping``), so a field is always one line.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, formulaLeaders.contains(first), Double(value) == nil { value = "'" + value }
        value = ControlEscaping.escape(value)
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
