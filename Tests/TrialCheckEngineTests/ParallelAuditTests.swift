import BuiltinPlugins
import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The parallel audit must give the serial audit's report, byte for byte, whatever the
/// number of threads, with duplicates and bad records falling across wave boundaries.
@Suite("Parallel audit")
struct ParallelAuditTests {
    /// 3,000 records: some deviate, one id repeats far from its first use, some lines are bad.
    static func cohort() throws -> String {
        var lines: [String] = []
        for index in 0..<3000 {
            if index == 1100 { lines.append("{\"id\": broken") ; continue }
            let id = index == 2600 ? "P-0007" : "P-\(String(format: "%04d", index))"
            let end = index % 17 == 0 ? "2025-10-01" : "2025-12-09"
            let dose = index % 23 == 0 ? "60 Gy" : "50.4 Gy"
            lines.append(#"{"id": "\#(id)", "age": \#(40 + index % 50), "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "radiotherapy", "start": "2025-08-20", "end": "\#(end)", "dose": "\#(dose)"}]}"#)
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-\(UUID().uuidString).ndjson")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url.path
    }

    @Test("Reports are identical for 1, 2, 3 and 8 threads")
    func identical() throws {
        let path = try Self.cohort()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let definition = try TestSupport.shippedProtocol()
        let auditor = Auditor(definition: definition)
        let serial = JSONReporter().render(auditor.audit(inputs: [path], jobs: 1))
        for jobs in [2, 3, 8] {
            let parallel = JSONReporter().render(auditor.audit(inputs: [path], jobs: jobs))
            #expect(parallel == serial, "jobs \(jobs) differs from the serial report")
        }
        let report = auditor.audit(inputs: [path], jobs: 2)
        #expect(report.summary.patients == 2998)
        #expect(report.summary.rejected == 2)
        #expect(report.rejected.map(\.location.line) == [1101, 2601])
    }

    @Test("Progress counts every record once, in order, with several threads")
    func progress() throws {
        let path = try Self.cohort()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let auditor = Auditor(definition: try TestSupport.shippedProtocol())
        nonisolated(unsafe) var counts: [Int] = []
        _ = auditor.audit(inputs: [path], jobs: 4) { counts.append($0) }
        #expect(counts == Array(1...3000))
    }
}
