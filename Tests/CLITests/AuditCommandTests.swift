import Foundation
import Testing

/// `trialcheck audit` end to end: the built binary, its exit codes and its output.
@Suite("trialcheck audit, end to end")
struct AuditCommandTests {
    static let cohort = "Examples/NCT07177794/site-records.yaml"

    /// Two patients whose records carry everything the full protocol reads: one compliant
    /// (arm A, dosed as the protocol says), one (arm B) enrolled 43 days after
    /// chemoradiotherapy, its only deviation.
    static let twoPatients = """
        {"id": "P-1", "birth_date": "1960-05-01", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "diagnosis", "date": "2025-08-04", "histology": "squamous cell carcinoma", "stage": "III"}, {"type": "radiotherapy", "start": "2025-11-01", "end": "2025-12-09", "dose": "50.4 Gy", "fractions": 28, "technique": "IMRT"}, {"type": "chemotherapy", "phase": "concurrent", "agents": ["paclitaxel", "cisplatin"], "start": "2025-11-01", "end": "2025-12-05"}, {"type": "performance-status", "date": "2026-01-12", "scale": "ECOG", "score": 1}, {"type": "consent", "date": "2026-01-12"}, {"type": "lab", "date": "2026-01-14", "test": "wbc", "value": 6.1, "unit": "10^9/L"}, {"type": "lab", "date": "2026-01-14", "test": "anc", "value": 3.4, "unit": "10^9/L"}, {"type": "lab", "date": "2026-01-14", "test": "platelets", "value": 210, "unit": "10^9/L"}, {"type": "lab", "date": "2026-01-14", "test": "hemoglobin", "value": 124, "unit": "g/L"}, {"type": "lab", "date": "2026-01-14", "test": "albumin", "value": 3.9, "unit": "g/dL"}, {"type": "lab", "date": "2026-01-14", "test": "bilirubin", "value": 10, "unit": "umol/L", "uln": 17.1}, {"type": "lab", "date": "2026-01-14", "test": "alt", "value": 25, "unit": "U/L", "uln": 40}, {"type": "lab", "date": "2026-01-14", "test": "ast", "value": 22, "unit": "U/L", "uln": 40}, {"type": "lab", "date": "2026-01-14", "test": "alp", "value": 80, "unit": "U/L", "uln": 120}, {"type": "lab", "date": "2026-01-14", "test": "creatinine", "value": 70, "unit": "umol/L", "uln": 104}, {"type": "administration", "drug": "toripalimab", "dose": "240 mg", "route": "IV", "cycle": 1, "date": "2026-01-22"}, {"type": "administration", "drug": "toripalimab", "dose": "240 mg", "route": "IV", "cycle": 2, "date": "2026-02-12"}, {"type": "administration", "drug": "capecitabine", "dose": "500 mg", "route": "oral", "frequency": "BID", "start": "2026-01-22", "end": "2026-07-21"}]}
        {"id": "P-2", "birth_date": "1960-05-01", "enrollment": {"date": "2026-01-21", "arm": "B"}, "events": [{"type": "diagnosis", "date": "2025-08-04", "histology": "squamous cell carcinoma", "stage": "III"}, {"type": "radiotherapy", "start": "2025-11-01", "end": "2025-12-09", "dose": "5040 cGy", "fractions": 28, "technique": "IMRT"}, {"type": "chemotherapy", "phase": "concurrent", "agents": ["paclitaxel", "cisplatin"], "start": "2025-11-01", "end": "2025-12-05"}, {"type": "performance-status", "date": "2026-01-12", "scale": "ECOG", "score": 1}, {"type": "consent", "date": "2026-01-12"}, {"type": "lab", "date": "2026-01-14", "test": "wbc", "value": 6.1, "unit": "10^9/L"}, {"type": "lab", "date": "2026-01-14", "test": "anc", "value": 3.4, "unit": "10^9/L"}, {"type": "lab", "date": "2026-01-14", "test": "platelets", "value": 210, "unit": "10^9/L"}, {"type": "lab", "date": "2026-01-14", "test": "hemoglobin", "value": 124, "unit": "g/L"}, {"type": "lab", "date": "2026-01-14", "test": "albumin", "value": 3.9, "unit": "g/dL"}, {"type": "lab", "date": "2026-01-14", "test": "bilirubin", "value": 10, "unit": "umol/L", "uln": 17.1}, {"type": "lab", "date": "2026-01-14", "test": "alt", "value": 25, "unit": "U/L", "uln": 40}, {"type": "lab", "date": "2026-01-14", "test": "ast", "value": 22, "unit": "U/L", "uln": 40}, {"type": "lab", "date": "2026-01-14", "test": "alp", "value": 80, "unit": "U/L", "uln": 120}, {"type": "lab", "date": "2026-01-14", "test": "creatinine", "value": 70, "unit": "umol/L", "uln": 104}]}

        """

    @Test("The README's first command audits the example cohort and exits 1 on its deviations")
    func exampleCohort() throws {
        let run = try TrialCheckBinary.run(["audit", "--protocol", "Protocols/NCT07177794.yaml", Self.cohort])
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.standardOutput.contains("Summary by check"))
        #expect(run.standardOutput.contains("DEVIATION"))
        #expect(run.standardOutput.contains("242 patients audited, 0 rejected"))
    }

    @Test("A protocol id is found in Protocols/, and standard input is read with '-'")
    func standardInput() throws {
        let run = try TrialCheckBinary.run(["audit", "--protocol", "NCT07177794", "-"], input: Self.twoPatients)
        #expect(run.status == 1)
        #expect(run.standardOutput.contains("P-2"))
        #expect(run.standardOutput.contains("Enrollment is 43 days after completion of chemoradiotherapy"))
        #expect(!run.standardOutput.contains("P-1 ·"))
        #expect(run.standardOutput.contains("2 patients audited, 0 rejected: 1 deviation in 1 patient"))
    }

    @Test("--fail-on chooses what fails the audit", arguments: [("deviation", Int32(1)), ("never", Int32(0))])
    func failOn(level: String, expected: Int32) throws {
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--fail-on", level, "-"], input: Self.twoPatients)
        #expect(run.status == expected)
    }

    @Test("A compliant cohort exits 0")
    func clean() throws {
        let first = String(Self.twoPatients.split(separator: "\n")[0])
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "-"], input: first)
        #expect(run.status == 0, "\(run.standardOutput)")
        #expect(run.standardOutput.contains("No findings"))
    }

    @Test("Indeterminate fails only at --fail-on indeterminate or below")
    func indeterminate() throws {
        let partial = #"{"id": "P-3", "birth_date": "2008", "enrollment": {"date": "2026-06-30"}, "events": [{"type": "radiotherapy", "start": "2026-04-01", "end": "2026-06-01", "dose": "50 Gy"}]}"#
        let lenient = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "-"], input: partial)
        #expect(lenient.status == 0)
        #expect(lenient.standardOutput.contains("INDETERMINATE"))
        let strict = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--fail-on", "indeterminate", "-"], input: partial)
        #expect(strict.status == 1)
    }

    @Test("JSON report to a file follows the contract and is byte-identical between runs")
    func jsonReport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("first.json").path
        let second = folder.appendingPathComponent("second.json").path
        let arguments = ["audit", "--protocol", "NCT07177794", "--format", "json", Self.cohort]
        let run = try TrialCheckBinary.run(arguments + ["--output", first])
        #expect(run.status == 1)
        #expect(run.standardOutput.isEmpty)
        _ = try TrialCheckBinary.run(arguments + ["--output", second])
        let data = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(data == (try Data(contentsOf: URL(fileURLWithPath: second))))

        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(report.keys).isSuperset(of: ["tool", "protocol", "inputs", "summary", "checks", "findings", "rejected"]))
        let proto = try #require(report["protocol"] as? [String: Any])
        #expect(proto["id"] as? String == "NCT07177794")
        #expect((proto["sha256"] as? String)?.count == 64)
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["patients"] as? Int == 242)
        for key in ["rejected", "deviation", "indeterminate", "not-evaluable"] {
            #expect(summary[key] is Int, "summary.\(key)")
        }
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.map { $0["id"] as? String }.prefix(4) == ["age", "radiotherapy-dose", "enrollment-window", "no-adjuvant-therapy"])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let finding = try #require(findings.first)
        for key in ["patient", "check", "status", "severity", "message", "evidence", "location"] {
            #expect(finding[key] != nil, "finding.\(key)")
        }
        #expect(Set(findings.compactMap { $0["status"] as? String }).isSubset(of: ["deviation", "indeterminate", "not-evaluable"]))
    }

    @Test("A bad record is rejected with its location, the rest is audited, and the exit code is 2")
    func rejectedRecord() throws {
        let input = Self.twoPatients + "{\"id\": \"P-9\", \"enrollment\": {\"date\": \"2026-02-30\"}}\n{not json}\n"
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "-"], input: input)
        #expect(run.status == 2)
        #expect(run.standardError.contains("<stdin>:3:38: error: 'enrollment.date'"))
        #expect(run.standardError.contains("2026-02-30"))
        #expect(run.standardError.contains("<stdin>:4:2: error: invalid JSON"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["patients"] as? Int == 2)
        #expect(summary["rejected"] as? Int == 2)
    }

    @Test("Usage errors exit 2", arguments: [
        ["audit", "-p", "NCT07177794"],
        ["audit", Self.cohort],
        ["audit", "-p", "NCT07177794", "--format", "pdf", Self.cohort],
        ["audit", "-p", "NO-SUCH-TRIAL", Self.cohort],
        ["frobnicate"],
    ])
    func usage(arguments: [String]) throws {
        let run = try TrialCheckBinary.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run.standardError)")
        #expect(!run.standardError.isEmpty)
    }

    @Test("A missing input file stops the audit before any report: one line naming it, exit 2")
    func missingInput() throws {
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "no-such-file.ndjson", Self.cohort])
        #expect(run.status == 2)
        #expect(run.standardError == "no-such-file.ndjson: error: cannot read the input: No such file or directory\n")
        #expect(run.standardOutput.isEmpty)
    }
}
