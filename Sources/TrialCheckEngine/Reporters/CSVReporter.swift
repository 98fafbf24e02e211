import Foundation
import TrialCheckCore

/// One row per finding, for spreadsheets (RFC 4180: comma-separated, CRLF line ends,
/// fields quoted when they hold a comma, quote or line break), then rows of their own
/// `kind`: the baseline's findings this audit no longer has (`resolved`), records that could
/// not be audited (`rejected`), waivers that did not apply (`waiver`, status `expired`
/// or `unmatched`), and breached quality tolerance limits (`qtl`: `check` is the rule id
/// `qtl/<limit>`, `site` empty for the study). The `baseline` column says `new` or
/// `unchanged` with a baseline.
///
/// With ``byteOrderMark`` the file starts with a UTF-8 byte-order mark, which Excel needs to
/// read it as UTF-8 ("±", accented names).
public struct CSVReporter: Reporter {
    public static let identifier = "csv"

    /// Whether to start with a UTF-8 byte-order mark.
    public let byteOrderMark: Bool

    /// A CSV reporter.
    public init(byteOrderMark: Bool = false) {
        self.byteOrderMark = byteOrderMark
    }

    static let header = ["kind", "patient", "site", "arm", "check", "criterion", "severity", "status", "date", "waived", "baseline",
                         "message", "evidence", "file", "line"]

    public func render(_ report: AuditReport) -> String {
        ReportOutput.collecting { write(report, to: $0) }
    }

    public func write(_ report: AuditReport, to output: ReportOutput) {
        if byteOrderMark { output.write("\u{FEFF}") }
        output.write(Self.row(Self.header))
        for finding in report.allFindings {
            output.write(Self.row(Self.fields("finding", finding, baseline: finding.isNew.map { $0 ? "new" : "unchanged" } ?? "")))
        }
        for finding in report.baseline?.resolvedFindings ?? [] {
            output.write(Self.row(Self.fields("resolved", finding, baseline: "resolved")))
        }
        for rejection in report.rejected {
            output.write(Self.row([
                "rejected", rejection.patient ?? "", "", "", "", "", "", "rejected", "", "", "",
                rejection.reason, "", rejection.location.file, rejection.location.line.map(String.init) ?? "",
            ]))
        }
        for breach in report.quality?.breaches ?? [] {
            output.write(Self.row([
                "qtl", "", breach.site.map { QualityReport.siteName($0.site) } ?? "", "", breach.limit.ruleID, breach.limit.title, "",
                QualityReport.Status.breached.rawValue, "", "", "", breach.message,
                "\(breach.rate.numerator) of \(breach.rate.denominator) \(breach.limit.unit.rawValue); limit \(QualityReport.percent(breach.limit.threshold))",
                "", "",
            ]))
        }
        for outcome in report.waivers ?? [] where outcome.status != .applied {
            let waiver = outcome.waiver
            let message = "\(waiver.reason) (approved by \(waiver.approvedBy)\(waiver.expires.map { ", expires \($0)" } ?? ""))"
            output.write(Self.row([
                "waiver", waiver.patient, "", "", waiver.check, "", "", outcome.status.rawValue, waiver.expires ?? "", "", "",
                message, "", waiver.location?.file ?? "", waiver.location?.line.map(String.init) ?? "",
            ]))
        }
    }

    private static func fields(_ kind: String, _ finding: AuditReport.Finding, baseline: String) -> [String] {
        let evidence = finding.evidence.map { "\($0.name): \($0.value)" }.joined(separator: "; ")
        return [
            kind, finding.patient, finding.site ?? "", finding.arm ?? "", finding.check, finding.criterion,
            finding.severity.rawValue, finding.status.rawValue, finding.date ?? "", finding.waiver == nil ? "no" : "yes", baseline,
            finding.message, evidence, finding.location?.file ?? "", finding.location?.line.map(String.init) ?? "",
        ]
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
