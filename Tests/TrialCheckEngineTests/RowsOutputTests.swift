import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The rows output (`--format rows`) and reading it back for `merge`.
@Suite("Rows output")
struct RowsOutputTests {
    static func audit() throws -> AuditReport {
        let path = ReaderTestSupport.repositoryRoot.appendingPathComponent("Examples/NCT07177794/site-records.ndjson").path
        let duplicate = try ReaderTestSupport.temporaryFile("more.ndjson", try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")[0] + "\n{bad\n")
        return Auditor(definition: try TestSupport.shippedProtocol()).audit(inputs: [path, duplicate], jobs: 2, details: [.patientRows])
    }

    static func lines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test("One line per patient, finding and rejected record, then a summary that counts them")
    func rows() throws {
        let report = try Self.audit()
        let text = RowsReporter().render(report)
        let rows = Self.lines(text)
        #expect(rows.count == text.split(separator: "\n").count)
        let types = rows.map { $0["type"] as? String ?? "" }
        #expect(types.filter { $0 == "patient" }.count == report.summary.patients)
        #expect(types.filter { $0 == "finding" }.count == Array(report.allFindings).count)
        #expect(types.filter { $0 == "rejected" }.count == 2)
        #expect(types.last == "summary")
        #expect(types.dropLast().allSatisfy { $0 != "summary" })
        let summary = try #require(rows.last)
        #expect(summary["rows"] as? [String: Int] == ["patients": report.summary.patients, "findings": Array(report.allFindings).count, "rejected": 2])
        #expect((summary["findings"] as? [Any])?.isEmpty == true)
        for row in rows where row["type"] as? String != "summary" {
            let location = try #require(row["location"] as? [String: Any])
            #expect((location["file"] as? String)?.hasSuffix(".ndjson") == true)
            #expect((location["line"] as? Int ?? 0) >= 1)
        }
        let patient = try #require(rows.first { $0["type"] as? String == "patient" })
        let counts = ["pass", "deviation", "indeterminate", "not-evaluable"].compactMap { patient[$0] as? Int }
        #expect(counts.reduce(0, +) == report.checks.count)
    }

    @Test("Rows read back as the report they came from")
    func roundTrip() throws {
        let report = try Self.audit()
        let text = RowsReporter().render(report)
        let read = try RowsStream.reports(in: Data(text.utf8), path: "rows.ndjson")
        #expect(read.count == 1)
        let back = try #require(read.first)
        #expect(JSONReporter().render(back) == JSONReporter().render(report))
        #expect(RowsStream.isRows(Data(text.utf8)))
        #expect(!RowsStream.isRows(Data(JSONReporter().render(report).utf8)))
    }

    @Test("Rows that do not end with a summary counting them are refused", arguments: [
        ("drop the summary", "do not end with a summary"),
        ("drop a finding", "rows were lost or repeated"),
        ("repeat a finding", "rows were lost or repeated"),
        ("unknown type", "unknown row type"),
    ])
    func incomplete(change: String, expected: String) throws {
        var lines = RowsReporter().render(try Self.audit()).split(separator: "\n").map(String.init)
        let finding = try #require(lines.firstIndex { $0.hasPrefix("{\"type\":\"finding\"") })
        switch change {
        case "drop the summary": lines.removeLast()
        case "drop a finding": lines.remove(at: finding)
        case "repeat a finding": lines.insert(lines[finding], at: finding)
        default: lines.insert("{\"type\":\"other\"}", at: 0)
        }
        #expect {
            _ = try RowsStream.reports(in: Data(lines.joined(separator: "\n").utf8), path: "rows.ndjson")
        } throws: { error in
            (error as? RowsStream.Problem)?.description.contains(expected) == true
        }
    }

    @Test("A merge keeps every report's diagnostics, in order")
    func diagnostics() throws {
        var first = try ReportMergerTests.plainReport()
        var second = ReportMergerTests.otherShard(first)
        first.diagnostics = [Diagnostic(check: "ecog", level: .warning, message: "stopped in the first shard")]
        second.diagnostics = [Diagnostic(check: "ecog", level: .error, message: "failed in the second shard")]
        let merged = try ReportMerger.merge([("a.json", first), ("b.json", second)])
        #expect(merged.diagnostics?.map(\.message) == ["stopped in the first shard", "failed in the second shard"])
        #expect(merged.isIncomplete)
        let reversed = try ReportMerger.merge([("b.json", second), ("a.json", first)])
        #expect(reversed.diagnostics?.count == 2)
        first.diagnostics = nil
        #expect(try ReportMerger.merge([("a.json", first), ("b.json", second)]).diagnostics?.count == 1)
    }
}
