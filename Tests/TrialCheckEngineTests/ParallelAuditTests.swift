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

/// Waves start small and double: where they start must not change a report, with
/// duplicates, bad lines and a CSV patient's rows on either side of every early boundary.
@Suite("Growing waves")
struct GrowingWaveTests {
    private static func write(_ text: String, suffix: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("waves-\(UUID().uuidString).\(suffix)")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// 300 NDJSON records: bad lines and repeated ids at and around the boundaries of
    /// waves of 1, 2, 4, ... and 32, 64, 128 records.
    private static func ndjson() throws -> String {
        let lines = (0..<300).map { index -> String in
            if [1, 31, 32, 95, 96, 223].contains(index) { return "{\"id\": broken" }
            let id = [33, 97, 224].contains(index) ? "P-0002" : "P-\(index)"
            let dose = index % 5 == 0 ? "60 Gy" : "50.4 Gy"
            return #"{"id": "\#(id)", "age": \#(40 + index % 50), "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "radiotherapy", "start": "2025-08-20", "end": "2025-12-09", "dose": "\#(dose)"}]}"#
        }
        return try write(lines.joined(separator: "\n") + "\n", suffix: "ndjson")
    }

    /// 120 CSV patients of three rows each; one patient's rows come twice, far apart.
    private static func csv() throws -> String {
        var rows = ["patient_id,type,date,start,end,age,enrollment_date,arm,dose"]
        for index in 0..<120 {
            let id = index == 70 ? "P-5" : "P-\(index)"
            rows.append("\(id),patient,,,,\(40 + index % 50),2026-01-20,A,")
            rows.append("\(id),radiotherapy,,2025-08-20,2025-12-09,,,,\(index % 7 == 0 ? "60 Gy" : "50.4 Gy")")
            rows.append("\(id),consent,2026-01-10,,,,,,")
        }
        return try write(rows.joined(separator: "\n") + "\n", suffix: "csv")
    }

    @Test("Reports are those of one wave, whatever the first wave and the threads", arguments: [1, 2, 3])
    func sameAsOneWave(jobs: Int) throws {
        let definition = try TestSupport.shippedProtocol()
        for path in [try Self.ndjson(), try Self.csv()] {
            defer { try? FileManager.default.removeItem(atPath: path) }
            var whole = Auditor(definition: definition)
            whole.firstWave = 100_000
            let reference = JSONReporter().render(whole.audit(inputs: [path], jobs: 1))
            for first in [1, 7, 32] {
                var auditor = Auditor(definition: definition)
                auditor.firstWave = first
                #expect(JSONReporter().render(auditor.audit(inputs: [path], jobs: jobs)) == reference, "first wave \(first), \(jobs) jobs, \(path)")
            }
        }
    }
}
