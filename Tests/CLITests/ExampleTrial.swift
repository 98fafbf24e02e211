import Foundation
import Testing

/// An example trial under Examples/ whose cohort comes with the verdicts it must give
/// (expected-verdicts.csv): the cohort audited by the built binary, and the two compared
/// patient by patient and check by check.
struct ExampleTrial {
    /// The protocol id, also the example's folder name (`EPOC1802`).
    let protocolID: String

    /// The example's folder, from the repository root.
    var folder: String { "Examples/\(protocolID)" }

    /// The expected findings per patient: check id to status; a check not listed passes.
    func expected() throws -> [String: [String: String]] {
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

    /// The JSON report of the example cohort, which has deviations (exit status 1).
    func audit() throws -> [String: Any] {
        let run = try TrialCheckBinary.run(["audit", "-p", protocolID, "--format", "json", "\(folder)/site-records.yaml"])
        #expect(run.status == 1, "\(run.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    /// Expects `report` to hold no rejected record and exactly the expected findings of
    /// every patient, check by check.
    func expectFindingsMatch(_ report: [String: Any], expected: [String: [String: String]], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let summary = try #require(report["summary"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(summary["patients"] as? Int == expected.count, sourceLocation: sourceLocation)
        #expect(summary["rejected"] as? Int == 0, sourceLocation: sourceLocation)
        var actual: [String: [String: String]] = [:]
        for finding in try #require(report["findings"] as? [[String: Any]], sourceLocation: sourceLocation) {
            guard let patient = finding["patient"] as? String, let check = finding["check"] as? String,
                  let status = finding["status"] as? String else { continue }
            actual[patient, default: [:]][check] = status
        }
        #expect(Set(actual.keys).isSubset(of: Set(expected.keys)), "findings for patients the reference does not know", sourceLocation: sourceLocation)
        for (patient, findings) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(
                (actual[patient] ?? [:]) == findings,
                "\(patient): expected \(findings.sorted { $0.key < $1.key }), got \((actual[patient] ?? [:]).sorted { $0.key < $1.key })",
                sourceLocation: sourceLocation
            )
        }
    }
}
