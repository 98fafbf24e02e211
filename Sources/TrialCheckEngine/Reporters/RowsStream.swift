import Foundation

/// Reads the rows output (see ``RowsReporter``) back into reports, for merging: each
/// `summary` line closes one audit's report, made of the `finding` and `rejected` lines
/// before it (since the previous summary).
///
/// A stream is checked whole: every line must be a row, each summary's `rows` must count
/// the lines of its audit, and the stream must end with a summary. Anything else is a
/// ``Problem``: an audit that did not finish, whose rows must not be counted.
public enum RowsStream {
    /// The number of rows of each type in one audit's stream (the summary's `rows`).
    public struct Counts: Codable, Sendable, Hashable {
        public var patients = 0
        public var findings = 0
        public var rejected = 0

        /// No rows.
        public init() {}
    }

    /// Why a stream is not a complete rows output.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Whether `data` looks like a rows stream rather than a JSON report: its first line
    /// is a whole JSON object with a `"type"`.
    public static func isRows(_ data: Data) -> Bool {
        let firstLine = data.prefix { $0 != 0x0A }
        guard let object = try? JSONSerialization.jsonObject(with: Data(firstLine)) as? [String: Any] else { return false }
        return object["type"] is String
    }

    /// The reports in the rows stream `data` (read from `path`, for messages), in order.
    public static func reports(in data: Data, path: String) throws(Problem) -> [AuditReport] {
        let decoder = JSONDecoder()
        var reports: [AuditReport] = []
        var findings: [AuditReport.Finding] = []
        var rejected: [RecordRejection] = []
        var counts = Counts()
        var lineNumber = 0
        var lastWasSummary = false
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            let row = Data(line)
            let type: String
            do {
                type = try decoder.decode(RowType.self, from: row).type
            } catch {
                throw Problem(description: "\(path):\(lineNumber): expected a row (a JSON object with a \"type\"): \(Self.reason(error))")
            }
            lastWasSummary = false
            do {
                switch type {
                case "patient":
                    counts.patients += 1
                case "finding":
                    findings.append(try decoder.decode(AuditReport.Finding.self, from: row))
                    counts.findings += 1
                case "rejected":
                    rejected.append(try decoder.decode(RecordRejection.self, from: row))
                    counts.rejected += 1
                case "summary":
                    let summary = try decoder.decode(SummaryRow.self, from: row)
                    guard summary.rows == counts else {
                        throw Problem(description: "\(path):\(lineNumber): the summary counts \(summary.rows.patients) patient, \(summary.rows.findings) finding and \(summary.rows.rejected) rejected rows, but \(counts.patients), \(counts.findings) and \(counts.rejected) came before it: rows were lost or repeated")
                    }
                    var report = try decoder.decode(AuditReport.self, from: row)
                    report.findings = findings
                    report.rejected = rejected
                    reports.append(report)
                    (findings, rejected, counts) = ([], [], Counts())
                    lastWasSummary = true
                default:
                    throw Problem(description: "\(path):\(lineNumber): unknown row type '\(type)' (expected patient, finding, rejected or summary)")
                }
            } catch let problem as Problem {
                throw problem
            } catch {
                throw Problem(description: "\(path):\(lineNumber): a '\(type)' row that does not read: \(Self.reason(error))")
            }
        }
        guard lastWasSummary else {
            throw Problem(description: "\(path): the rows do not end with a summary line: the audit that wrote them did not finish")
        }
        return reports
    }

    private struct RowType: Decodable { let type: String }
    private struct SummaryRow: Decodable { let rows: Counts }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "no '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            (context.codingPath.map(\.stringValue).joined(separator: ".") + " " + context.debugDescription).trimmingCharacters(in: .whitespaces)
        default: "\(error)"
        }
    }
}
