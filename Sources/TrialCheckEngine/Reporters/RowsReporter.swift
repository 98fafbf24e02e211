import Foundation

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

    public func render(_ report: AuditReport) throws -> String {
        try ReportOutput.collecting { try write(report, to: $0) }
    }

    public func write(_ report: AuditReport, to output: ReportOutput) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var counts = RowsStream.Counts()
        for row in report.patientRows {
            Self.line(type: "patient", try encoder.encode(PatientLine(row)), to: output)
            counts.patients += 1
        }
        for finding in report.allFindings {
            Self.line(type: "finding", try encoder.encode(finding), to: output)
            counts.findings += 1
        }
        for rejection in report.rejected {
            Self.line(type: "rejected", try encoder.encode(rejection), to: output)
            counts.rejected += 1
        }
        var header = report
        header.removeAllFindings()
        header.rejected = []
        let rows = String(decoding: try encoder.encode(counts), as: UTF8.self)
        Self.line(type: "summary", try encoder.encode(header), extra: ",\"rows\":\(rows)", to: output)
    }

    /// Writes `object` (a JSON object) as one line, with `"type"` (and `extra` members) first.
    private static func line(type: String, _ object: Data, extra: String = "", to output: ReportOutput) {
        output.write("{\"type\":\"\(type)\"\(extra)")
        let body = object.dropFirst()
        if body.first != UInt8(ascii: "}") { output.write(",") }
        body.withUnsafeBytes { output.write($0.bindMemory(to: UInt8.self)) }
        output.write("\n")
    }
}

/// A patient row's members, as the rows output writes them.
private struct PatientLine: Encodable {
    let row: AuditReport.PatientRow

    init(_ row: AuditReport.PatientRow) { self.row = row }

    enum CodingKeys: String, CodingKey {
        case patient, site, arm, location, pass, deviation, indeterminate
        case notEvaluable = "not-evaluable"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(row.patient, forKey: .patient)
        try container.encodeIfPresent(row.site, forKey: .site)
        try container.encodeIfPresent(row.arm, forKey: .arm)
        try container.encodeIfPresent(row.location, forKey: .location)
        try container.encode(row.pass, forKey: .pass)
        try container.encode(row.deviation, forKey: .deviation)
        try container.encode(row.indeterminate, forKey: .indeterminate)
        try container.encode(row.notEvaluable, forKey: .notEvaluable)
    }
}
