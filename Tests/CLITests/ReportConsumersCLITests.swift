import Foundation
import Testing

/// The reports as their consumers use them, end to end: JUnit agreeing with the exit code,
/// baselines of another protocol or other ids refused, the DV dataset with its SUPPDV and
/// transport files, the CSV's extra rows and byte-order mark.
@Suite("Report consumers, end to end")
struct ReportConsumersCLITests {
    /// L-1 has a deviation (enrolled 62 days after chemoradiotherapy) and not-evaluable findings.
    static let late = CIGatingTests.late

    static func failures(_ junit: String) -> Int {
        junit.components(separatedBy: "<failure ").count - 1
    }

    @Test("JUnit fails exactly the cases that fail the gate: --fail-on not-evaluable with every deviation waived")
    func junitAgreesWithExitCode() throws {
        let folder = try CIGatingTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let waivers = try CIGatingTests.write(CIGatingTests.waiver(expires: "2027-01-31"), "waivers.yaml", in: folder)
        let junit = "\(folder.path)/junit.xml"
        for (level, expected) in [("deviation", Int32(0)), ("not-evaluable", Int32(1))] {
            let run = try CIGatingTests.audit(["--waivers", waivers, "--fail-on", level, "--report", "junit:\(junit)"])
            #expect(run.status == expected, "\(level): \(run.standardError)")
            let text = try String(contentsOfFile: junit, encoding: .utf8)
            #expect((Self.failures(text) > 0) == (run.status == 1), "--fail-on \(level): exit \(run.status) but \(Self.failures(text)) failures")
            // The waived deviation is never a failure.
            #expect(text.contains("<skipped message=\"waived: Enrollment delayed by a public holiday"))
        }
    }

    @Test("--junit-cases per-check: one case per check, the failing patients in its failure")
    func junitPerCheck() throws {
        let run = try CIGatingTests.audit(["--format", "junit", "--junit-cases", "per-check"])
        #expect(run.status == 1)
        let cases = run.standardOutput.components(separatedBy: "<testcase ").count - 1
        let suites = run.standardOutput.components(separatedBy: "<testsuite ").count - 1
        // One case per check, and the quality suite's one per limit (the shipped protocol declares 5).
        #expect(run.standardOutput.contains("name=\"quality-tolerance-limits\" timestamp=\"2026-11-25T00:00:00\" hostname=\"trialcheck\" tests=\"5\" failures=\"0\""))
        #expect(cases - 5 == suites - 1)
        #expect(Self.failures(run.standardOutput) == 1)
        #expect(run.standardOutput.contains("<failure message=\"1 of 1 patient fail at --fail-on deviation\" type=\"deviation\">L-1: deviation: Enrollment is 62 days"))
        let bad = try CIGatingTests.audit(["--junit-cases", "per-test"])
        #expect(bad.status == 2 && bad.standardError.contains("'per-patient' and 'per-check'"))
    }

    @Test("A baseline of another protocol, or of other ids, is refused with exit 2 and a reason; the report is still written")
    func baselineScope() throws {
        let folder = try CIGatingTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = try CIGatingTests.write("0123456789abcdef0123456789abcdef\n", "key", in: folder)
        let raw = "\(folder.path)/raw.json"
        let pseudonymized = "\(folder.path)/pseudonymized.json"
        #expect(try CIGatingTests.audit(["--format", "json", "-o", raw]).status == 1)
        #expect(try CIGatingTests.audit(["--format", "json", "-o", pseudonymized, "--pseudonymize-key-file", key]).status == 1)

        let mixed = try CIGatingTests.audit(["--baseline", pseudonymized])
        #expect(mixed.status == 2)
        #expect(mixed.standardError.contains("error: the baseline's patient ids are pseudonymized (key fingerprint"))
        #expect(mixed.standardError.contains("this audit's are raw (not pseudonymized)"))
        #expect(mixed.standardOutput.contains("L-1"), "the report is written without the baseline")

        let otherKey = try CIGatingTests.write("fedcba9876543210fedcba9876543210\n", "other-key", in: folder)
        #expect(try CIGatingTests.audit(["--baseline", pseudonymized, "--pseudonymize-key-file", otherKey]).status == 2)
        #expect(try CIGatingTests.audit(["--baseline", pseudonymized, "--pseudonymize-key-file", key]).status == 0)

        var report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: raw))) as? [String: Any])
        var proto = try #require(report["protocol"] as? [String: Any])
        proto["id"] = "NCT00000000"
        report["protocol"] = proto
        let other = "\(folder.path)/other.json"
        try JSONSerialization.data(withJSONObject: report).write(to: URL(fileURLWithPath: other))
        let wrong = try CIGatingTests.audit(["--baseline", other])
        #expect(wrong.status == 2)
        #expect(wrong.standardError.contains("the baseline is a report of protocol NCT00000000, this audit is of NCT07177794"))
    }

    @Test("The Markdown summary leads with the new findings that failed the job")
    func markdownLeadsWithNewFindings() throws {
        let folder = try CIGatingTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let previous = "\(folder.path)/previous.json"
        #expect(try CIGatingTests.audit(["--format", "json", "-o", previous]).status == 1)
        let second = Self.late.replacingOccurrences(of: "L-1", with: "L-2")
        let run = try CIGatingTests.audit(["--baseline", previous, "--format", "markdown"], input: Self.late + "\n" + second)
        #expect(run.status == 1)
        let lines = run.standardOutput.components(separatedBy: "\n")
        let heading = try #require(lines.firstIndex { $0.hasPrefix("### ") })
        #expect(lines[heading] == "### New findings that fail the job (1, --fail-on deviation)")
        #expect(lines[heading + 4].hasPrefix("| L-2 | `enrollment-window` | deviation |"))
        #expect(run.standardOutput.contains("Against the baseline"))
        #expect(run.standardOutput.contains(": 19 new, 19 unchanged, 0 resolved."))
        #expect(heading == 2, "the failing findings come right after the title")
    }

    @Test("sdtm-dv to a file writes SUPPDV and both XPORT files beside it; the USUBJID pattern applies")
    func dvCompanions() throws {
        let folder = try CIGatingTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CIGatingTests.audit(["--report", "sdtm-dv:\(folder.path)/sdtm/dv.csv", "--usubjid-pattern", "{study}-{site}-{patient}"])
        #expect(run.status == 1)
        for name in ["dv.csv", "suppdv.csv", "dv.xpt", "suppdv.xpt"] {
            #expect(FileManager.default.fileExists(atPath: "\(folder.path)/sdtm/\(name)"), "no \(name)")
        }
        let dv = try String(contentsOfFile: "\(folder.path)/sdtm/dv.csv", encoding: .utf8)
        #expect(dv.contains("NCT07177794,DV,NCT07177794--L-1,1,enrollment-window,"))
        let bad = try CIGatingTests.audit(["--usubjid-pattern", "{study}"])
        #expect(bad.status == 2 && bad.standardError.contains("--usubjid-pattern: expected a pattern with {patient}"))
    }

    @Test("For SDTM input, USUBJID is DM's USUBJID, or its pseudonym under the key that pseudonymizes the rest")
    func dvSubjectsFromDM() throws {
        let folder = try CIGatingTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dm = try String(contentsOfFile: "Examples/formats/sdtm/dm.csv", encoding: .utf8)
        let subjects = Set(dm.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[2]) })
        func usubjids(_ csv: String) -> [String] {
            csv.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[2]) }
        }
        let raw = try TrialCheckBinary.run(["audit", "-p", "Protocols/NCT07177794.yaml", "Examples/formats/sdtm", "--format", "sdtm-dv"])
        #expect(raw.status == 1)
        #expect(!usubjids(raw.standardOutput).isEmpty)
        #expect(Set(usubjids(raw.standardOutput)).isSubset(of: subjects))

        let key = try CIGatingTests.write("0123456789abcdef0123456789abcdef\n", "key", in: folder)
        let json = "\(folder.path)/report.json"
        let pseudonymized = try TrialCheckBinary.run([
            "audit", "-p", "Protocols/NCT07177794.yaml", "Examples/formats/sdtm", "--format", "sdtm-dv",
            "--pseudonymize-key-file", key, "--report", "json:\(json)",
        ])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let patients = Set(((report["findings"] as? [[String: Any]]) ?? []).compactMap { $0["patient"] as? String })
        let dvSubjects = usubjids(pseudonymized.standardOutput)
        #expect(!dvSubjects.isEmpty && Set(dvSubjects).isSubset(of: patients))
        #expect(dvSubjects.allSatisfy { $0.hasPrefix("P-") })
    }

    @Test("--csv-bom starts the CSV with a byte-order mark; rejected records are rows of their own kind")
    func csv() throws {
        let run = try CIGatingTests.audit(["--format", "csv", "--csv-bom"], input: Self.late + "\n{not json\n")
        #expect(run.status == 2)
        #expect(run.standardOutput.hasPrefix("\u{FEFF}kind,patient,site,arm,check,criterion,severity,status,date,"))
        #expect(run.standardOutput.contains("\r\nrejected,"))
        let plain = try CIGatingTests.audit(["--format", "csv"])
        #expect(plain.standardOutput.hasPrefix("kind,patient,"))
    }
}
