import TrialCheckCore

/// The deviations as a CDISC SDTM DV (Protocol Deviations) dataset in CSV, one record
/// per deviation per subject, in the SDTMIG v3.4 variable order.
///
/// Only `deviation` findings are written (indeterminate and not-evaluable verdicts are
/// not deviations); waived deviations are written too, since a deviation occurred.
/// CDISC has no codelist for DVDECOD or DVCAT: the check's category maps to the
/// TransCelerate-derived terms (see ``CheckCategory``). DVSPID holds the check id and
/// DVSCAT its severity (MAJOR or MINOR).
public struct SDTMDeviationReporter: Reporter {
    public static let identifier = "sdtm-dv"

    /// A DV reporter.
    public init() {}

    static let variables = ["STUDYID", "DOMAIN", "USUBJID", "DVSEQ", "DVREFID", "DVSPID", "DVTERM", "DVDECOD",
                            "DVCAT", "DVSCAT", "EPOCH", "DVSTDTC", "DVENDTC"]

    public func render(_ report: AuditReport) -> String {
        ReportOutput.collecting { write(report, to: $0) }
    }

    public func write(_ report: AuditReport, to output: ReportOutput) {
        let studyID = report.protocol.id
        let categories = Dictionary(report.checks.map { ($0.id, $0.category) }, uniquingKeysWith: { first, _ in first })
        output.write(CSVReporter.row(Self.variables))
        var sequence: [String: Int] = [:]
        for finding in report.allFindings where finding.status == .deviation {
            let category = categories[finding.check] ?? .procedure
            let subject = "\(studyID)-\(finding.patient)"
            sequence[subject, default: 0] += 1
            output.write(CSVReporter.row([
                studyID, "DV", subject, String(sequence[subject] ?? 1), "", finding.check,
                ControlEscaping.escape(finding.message, limit: 200), category.dvDecodedTerm, category.dvCategory,
                finding.severity.rawValue.uppercased(), category.epoch, finding.date ?? "", "",
            ]))
        }
    }
}
