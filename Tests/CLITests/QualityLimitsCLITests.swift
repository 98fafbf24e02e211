import Foundation
import Testing

/// `--fail-on qtl` and the quality tolerance limits of the shipped protocol, end to end.
@Suite("Quality tolerance limits, end to end")
struct QualityLimitsCLITests {
    /// `count` patients at one site, each enrolled 62 days after chemoradiotherapy.
    static func late(_ count: Int) -> String {
        (1...count).map { index in
            #"{"id": "L-\#(index)", "site": "S1", "birth_date": "1960-05-01", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 Gy"}]}"#
        }.joined(separator: "\n") + "\n"
    }

    static func audit(_ extra: [String], patients: Int) throws -> TrialCheckBinary.Run {
        try TrialCheckBinary.run(["audit", "-p", "Protocols/NCT07177794.yaml", "--as-of", "2026-11-25"] + extra + ["-"], input: late(patients))
    }

    @Test("A breached limit fails at --fail-on qtl and at the default level, not at never")
    func breached() throws {
        let qtl = try Self.audit(["--fail-on", "qtl", "--format", "text"], patients: 12)
        #expect(qtl.status == 1)
        #expect(qtl.standardOutput.contains("BREACHED qtl/enrollment-window: Patients enrolled outside 1-42 days after chemoradiotherapy at the study: 12 of 12 patients, 100.0%, above the limit of 5.0%"))
        #expect(qtl.standardOutput.contains("Key risk indicators by site"))
        #expect(try Self.audit([], patients: 12).status == 1)
        #expect(try Self.audit(["--fail-on", "never"], patients: 12).status == 0)
    }

    @Test("Deviations without a breach pass --fail-on qtl and fail the default level")
    func deviationsOnly() throws {
        // Two patients: under the limits' 10-patient minimum, so no limit is judged.
        let qtl = try Self.audit(["--fail-on", "qtl", "--format", "json"], patients: 2)
        #expect(qtl.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(qtl.standardOutput.utf8)) as? [String: Any])
        let quality = try #require(json["quality"] as? [String: Any])
        let limits = try #require(quality["limits"] as? [[String: Any]])
        #expect(limits.count == 5)
        #expect((limits[0]["overall"] as? [String: Any])?["status"] as? String == "too-small")
        #expect(try Self.audit([], patients: 2).status == 1)
    }

    @Test("The breach is a finding of its own in JUnit, SARIF, CSV and Markdown")
    func consumers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-qtl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let formats = ["junit", "sarif", "csv", "markdown"]
        let run = try Self.audit(["--fail-on", "qtl"] + formats.flatMap { ["--report", "\($0):\(folder.path)/report.\($0)"] }, patients: 12)
        #expect(run.status == 1)
        func read(_ format: String) throws -> String { try String(contentsOfFile: "\(folder.path)/report.\(format)", encoding: .utf8) }
        let junit = try read("junit")
        #expect(junit.contains("name=\"quality-tolerance-limits\""))
        #expect(junit.contains("<testcase name=\"qtl/enrollment-window\""))
        #expect(junit.contains("type=\"quality-tolerance-limit\""))
        let sarif = try read("sarif")
        #expect(sarif.contains("\"ruleId\" : \"qtl/enrollment-window\""))
        #expect(sarif.contains("\"qualityLimit/v1\" : \"enrollment-window:study\""))
        let csv = try read("csv")
        #expect(csv.contains("qtl,,,,qtl/enrollment-window,"))
        let markdown = try read("markdown")
        #expect(markdown.contains("### Quality tolerance limits"))
        #expect(markdown.hasPrefix("## ❌"))
    }
}
