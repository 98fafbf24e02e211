import Foundation
import Testing

/// The example cohort's generator carries an independent reference implementation of the
/// four design checks and writes its verdicts to expected-verdicts.csv: the tool must
/// agree with it, patient by patient, from both the YAML and the NDJSON file.
@Suite("Example cohort against the generator's reference verdicts")
struct ExampleCohortTests {
    static let checks = ["age", "radiotherapy-dose", "enrollment-window", "no-adjuvant-therapy"]

    @Test("Every patient's four design verdicts match", arguments: ["site-records.yaml", "site-records.ndjson"])
    func verdictsMatch(file: String) throws {
        let folder = TrialCheckBinary.repositoryRoot.appendingPathComponent("Examples/NCT07177794")
        let csv = try String(contentsOf: folder.appendingPathComponent("expected-verdicts.csv"), encoding: .utf8)
        var expected: [String: [String: String]] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            expected[fields[0]] = Dictionary(uniqueKeysWithValues: zip(Self.checks, fields[1...4]))
        }
        #expect(expected.count == 242)

        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "Examples/NCT07177794/\(file)"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        var actual: [String: [String: String]] = [:]
        for finding in findings {
            guard let patient = finding["patient"] as? String, let check = finding["check"] as? String,
                  let status = finding["status"] as? String, Self.checks.contains(check) else { continue }
            actual[patient, default: [:]][check] = status
        }
        for (patient, verdicts) in expected.sorted(by: { $0.key < $1.key }) {
            for check in Self.checks {
                let got = actual[patient]?[check] ?? "pass"
                #expect(got == verdicts[check], "\(patient) \(check): expected \(verdicts[check] ?? "?"), got \(got)")
            }
        }
    }

    /// The generator's plain reading of the other checks lists, per patient, the checks the
    /// record fails besides the design checks (column `other-deviations`); and the cohort
    /// is meant to cover every check of the protocol with at least one deviation.
    @Test("Other deviations match the generator's, and every check has one", arguments: ["site-records.yaml", "site-records.ndjson"])
    func otherDeviationsMatch(file: String) throws {
        let folder = TrialCheckBinary.repositoryRoot.appendingPathComponent("Examples/NCT07177794")
        let csv = try String(contentsOf: folder.appendingPathComponent("expected-verdicts.csv"), encoding: .utf8)
        var expected: [String: Set<String>] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            expected[fields[0]] = Set(fields[6].split(separator: " ").map(String.init))
        }
        #expect(expected.count == 242)

        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "Examples/NCT07177794/\(file)"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        var actual: [String: Set<String>] = [:]
        for finding in findings {
            guard let patient = finding["patient"] as? String, let check = finding["check"] as? String,
                  finding["status"] as? String == "deviation", !Self.checks.contains(check) else { continue }
            actual[patient, default: []].insert(check)
        }
        for (patient, checks) in expected.sorted(by: { $0.key < $1.key }) {
            #expect((actual[patient] ?? []) == checks, "\(patient): expected \(checks.sorted()), got \((actual[patient] ?? []).sorted())")
        }

        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.count == 35)
        for check in checks {
            let id = check["id"] as? String ?? "?"
            #expect((check["deviation"] as? Int ?? 0) > 0, "\(id) has no deviation in the example cohort")
        }
    }
}
