import TrialCheckCore

/// The rows output, for distributed engines (Spark) and tables: NDJSON, one object per
/// line, each with a `"type"`:
///
/// - `patient`: one per patient audited, in input order: `patient`, `site`, `arm`,
///   `location` (the record's file and line) and its verdict counts (`pass`, `deviation`,
///   `indeterminate`, `not-evaluable`);
/// - `finding`: one per finding, the JSON report's finding object (its `location` names
///   the record's file and line);
/// - `rejected`: one per rejected record, the JSON report's rejection object;
/// - `summary`, always last: the JSON report without its findings and rejections (tool,
///   protocol, inputs, summary, checks, coverage, diagnostics, ...), with `rows`, the
///   number of lines of each type above it.
///
/// A stream whose last line is not a summary whose `rows` counts the lines before it is
/// incomplete: a reader must treat it as a failed audit (see ``RowsStream``).
public struct RowsReporter: Reporter {
    public static let identifier = "rows"

    /// A rows reporter.
    public init() {}

    public func render(_ report: AuditReport) -> String {
        ReportOutput.collecting { write(report, to: $0) }
    }

    /// Writes each line with the JSON report's writer, compact: a finding, a rejection and
    /// the report's members are written by the code that writes them in the JSON report.
    public func write(_ report: AuditReport, to output: ReportOutput) {
        var writer = PrettyJSONWriter(output: output, layout: .compact)
        var counts = RowsStream.Counts()
        for row in report.patientRows {
            writer.line(type: "patient") { $0.patientRowMembers(row) }
            counts.patients += 1
        }
        for finding in report.allFindings {
            writer.line(type: "finding") { $0.findingMembers(finding) }
            counts.findings += 1
        }
        for rejection in report.rejected {
            writer.line(type: "rejected") { $0.rejectionMembers(rejection) }
            counts.rejected += 1
        }
        var header = report
        header.removeAllFindings()
        header.rejected = []
        writer.line(type: "summary") { writer in
            writer.object("rows") { writer in
                writer.member("findings", counts.findings)
                writer.member("patients", counts.patients)
                writer.member("rejected", counts.rejected)
            }
            writer.reportMembers(header)
        }
    }
}

extension PrettyJSONWriter {
    /// Writes one line: an object with `"type"` first, then the members `body` writes.
    fileprivate mutating func line(type: String, _ body: (inout PrettyJSONWriter) -> Void) {
        beginObject()
        member("type", type)
        body(&self)
        endObject()
        output.write(byte: UInt8(ascii: "\n"))
    }

    /// A patient row's members, in sorted order.
    fileprivate mutating func patientRowMembers(_ row: AuditReport.PatientRow) {
        member("arm", row.arm)
        member("deviation", row.deviation)
        member("indeterminate", row.indeterminate)
        if let location = row.location { self.location("location", location) }
        member("not-evaluable", row.notEvaluable)
        member("pass", row.pass)
        member("patient", row.patient)
        member("site", row.site)
    }
}
