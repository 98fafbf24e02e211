import Foundation
import Testing

/// A third trial, EPOC1802, written with regimens, drug classes, event anchors and TNM: the
/// example cohort holds one compliant patient and one variant per boundary, each on one side
/// of one limit; expected-verdicts.csv says what each must give, and the tool must agree,
/// patient by patient and check by check.
@Suite("EPOC1802 example cohort: every boundary, both sides")
struct ThirdTrialTests {
    static let folder = "Examples/EPOC1802"
    static let checkIDs = [
        "age", "ecog", "histology", "stage", "metastasis-sites", "rt-dose", "rt-fractionation", "concurrent-chemo",
        "no-progression", "registration-window", "no-prior-anti-pd1-pdl1", "no-autoimmune-disease",
        "no-interstitial-pneumonia", "lab-neutrophils", "lab-platelets", "lab-hemoglobin", "lab-ast-alt",
        "lab-bilirubin", "lab-crcl", "atezolizumab-dose", "atezolizumab-interval", "atezolizumab-max-doses",
        "atezolizumab-duration", "atezolizumab-first-dose", "atezolizumab-until-progression",
    ]

    /// The expected findings per patient: check id to status; a check not listed passes.
    static func expected() throws -> [String: [String: String]] {
        let url = TrialCheckBinary.repositoryRoot.appendingPathComponent("\(folder)/expected-verdicts.csv")
        let csv = try String(contentsOf: url, encoding: .utf8)
        var expected: [String: [String: String]] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var findings: [String: String] = [:]
            for check in fields[2].split(separator: " ") { findings[String(check)] = "deviation" }
            for pair in fields[3].split(separator: " ") {
                let parts = pair.split(separator: "=").map(String.init)
                findings[parts[0]] = parts[1]
            }
            expected[fields[0]] = findings
        }
        return expected
    }

    static func audit() throws -> [String: Any] {
        let run = try TrialCheckBinary.run(["audit", "-p", "EPOC1802", "--format", "json", "\(folder)/site-records.yaml"])
        #expect(run.status == 1, "\(run.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    @Test("The protocol validates, with exactly the issue's check ids in order")
    func validates() throws {
        let run = try TrialCheckBinary.run(["validate", "Protocols/EPOC1802.yaml"])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("25 checks, 1 manual criteria"), "\(run.standardOutput)")
        let checks = try #require(try Self.audit()["checks"] as? [[String: Any]])
        #expect(checks.compactMap { $0["id"] as? String } == Self.checkIDs)
    }

    @Test("Every patient's findings match the expected verdicts, check by check")
    func findingsMatch() throws {
        let expected = try Self.expected()
        let report = try Self.audit()
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["patients"] as? Int == expected.count)
        #expect(summary["rejected"] as? Int == 0)
        var actual: [String: [String: String]] = [:]
        for finding in try #require(report["findings"] as? [[String: Any]]) {
            guard let patient = finding["patient"] as? String, let check = finding["check"] as? String,
                  let status = finding["status"] as? String else { continue }
            actual[patient, default: [:]][check] = status
        }
        #expect(Set(actual.keys).isSubset(of: Set(expected.keys)), "findings for patients the reference does not know")
        for (patient, findings) in expected.sorted(by: { $0.key < $1.key }) {
            #expect((actual[patient] ?? [:]) == findings, "\(patient): expected \(findings.sorted { $0.key < $1.key }), got \((actual[patient] ?? [:]).sorted { $0.key < $1.key })")
        }
    }

    @Test("Every check has a deviation in the cohort, and a passing patient beside it")
    func everyCheckCovered() throws {
        let checks = try #require(try Self.audit()["checks"] as? [[String: Any]])
        for check in checks {
            let id = check["id"] as? String ?? "?"
            #expect((check["deviation"] as? Int ?? 0) > 0, "\(id) has no deviation in the example cohort")
            #expect((check["pass"] as? Int ?? 0) > 0, "\(id) has no pass in the example cohort")
        }
    }
}
