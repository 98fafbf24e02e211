import Foundation
import Testing

/// What a CI job relies on, end to end: several reports from one audit, waivers and
/// baselines deciding the exit code, and pseudonymized ids.
@Suite("CI gating, end to end")
struct CIGatingTests {
    /// One patient enrolled 62 days after chemoradiotherapy (a deviation of `enrollment-window`).
    static let late = #"{"id": "L-1", "birth_date": "1960-05-01", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 Gy"}]}"#

    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-ci-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func audit(_ extra: [String], input: String = late) throws -> TrialCheckBinary.Run {
        try TrialCheckBinary.run(["audit", "-p", "Protocols/NCT07177794.yaml", "--as-of", "2026-11-25"] + extra + ["-"], input: input)
    }

    static func waiver(expires: String) -> String {
        """
        waivers:
          - patient: L-1
            check: enrollment-window
            reason: Enrollment delayed by a public holiday
            approved_by: Sponsor medical monitor
            expires: \(expires)
        """
    }

    @Test("One audit writes every requested report")
    func severalReports() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let formats = ["json", "junit", "sarif", "markdown", "csv", "sdtm-dv"]
        let run = try Self.audit(formats.flatMap { ["--report", "\($0):\(folder.path)/out/report.\($0)"] })
        #expect(run.status == 1)
        for format in formats {
            let path = "\(folder.path)/out/report.\(format)"
            #expect(FileManager.default.fileExists(atPath: path), "no \(format) report")
        }
        let junit = try String(contentsOfFile: "\(folder.path)/out/report.junit", encoding: .utf8)
        #expect(junit.contains("<failure message=\"Enrollment is 62 days after completion of chemoradiotherapy"))
    }

    @Test("A valid waiver turns exit 1 into 0; an expired one does not")
    func waivers() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let valid = try Self.write(Self.waiver(expires: "2027-01-31"), "valid.yaml", in: folder)
        let expired = try Self.write(Self.waiver(expires: "2026-11-24"), "expired.yaml", in: folder)
        #expect(try Self.audit([]).status == 1)
        let waived = try Self.audit(["--waivers", valid])
        #expect(waived.status == 0, "\(waived.standardOutput)\(waived.standardError)")
        #expect(waived.standardOutput.contains("Waived: Enrollment delayed by a public holiday"))
        let lapsed = try Self.audit(["--waivers", expired])
        #expect(lapsed.status == 1)
        #expect(lapsed.standardError.contains("waiver for L-1 / enrollment-window is expired"))
    }

    @Test("An unmatched waiver is reported, and a waiver for an unknown check is a located error")
    func badWaivers() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let unmatched = try Self.write(Self.waiver(expires: "2027-01-31").replacingOccurrences(of: "L-1", with: "Z-9"), "unmatched.yaml", in: folder)
        let run = try Self.audit(["--waivers", unmatched])
        #expect(run.status == 1)
        #expect(run.standardError.contains("waiver for Z-9 / enrollment-window is unmatched"))
        let unknown = try Self.write(Self.waiver(expires: "2027-01-31").replacingOccurrences(of: "enrollment-window", with: "enrolment-window"), "unknown.yaml", in: folder)
        let bad = try Self.audit(["--waivers", unknown])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("unknown.yaml:3:12: error: no check 'enrolment-window' in the protocol; did you mean 'enrollment-window'?"))
    }

    @Test("With a baseline, only new deviations fail")
    func baseline() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let previous = "\(folder.path)/previous.json"
        #expect(try Self.audit(["--format", "json", "--output", previous]).status == 1)
        let same = try Self.audit(["--baseline", previous])
        #expect(same.status == 0, "\(same.standardOutput)")
        let second = Self.late.replacingOccurrences(of: "L-1", with: "L-2")
        let grown = try Self.audit(["--baseline", previous], input: Self.late + "\n" + second)
        #expect(grown.status == 1)
        #expect(grown.standardOutput.contains("new since the baseline"))
        // Every new finding is the new patient's (the shipped protocol grows, so count none).
        let json = try Self.audit(["--baseline", previous, "--format", "json"], input: Self.late + "\n" + second)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let new = findings.filter { $0["new"] as? Bool == true }
        #expect(!new.isEmpty)
        #expect(new.allSatisfy { $0["patient"] as? String == "L-2" })
        #expect(new.contains { $0["status"] as? String == "deviation" && $0["check"] as? String == "enrollment-window" })
    }

    @Test("Pseudonymized reports carry no patient id")
    func pseudonymized() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = try Self.write("0123456789abcdef0123456789abcdef\n", "key", in: folder)
        let run = try Self.audit(["--pseudonymize-key-file", key, "--format", "json"])
        #expect(run.status == 1)
        #expect(!run.standardOutput.contains("L-1"))
        #expect(run.standardOutput.contains("\"patient\" : \"P-"))
        let short = try Self.write("short", "short-key", in: folder)
        #expect(try Self.audit(["--pseudonymize-key-file", short]).status == 2)
    }

    @Test("Progress never shows when standard error is not a terminal")
    func noProgressInCI() throws {
        let run = try Self.audit([])
        #expect(!run.standardError.contains("audited"))
    }
}
