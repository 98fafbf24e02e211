import Foundation
import Testing

/// A second trial, EC-CRT-001, built from the same kinds: the example cohort's generator
/// recomputes every check's verdict by a plain reading of the protocol and writes them to
/// expected-verdicts.csv; the tool must agree with it, patient by patient and check by check.
@Suite("EC-CRT-001 example cohort against the generator's reference verdicts")
struct SecondTrialTests {
    static let trial = ExampleTrial(protocolID: "EC-CRT-001")

    @Test("The protocol validates with the shipped kinds")
    func validates() throws {
        let run = try TrialCheckBinary.run(["validate", "Protocols/EC-CRT-001.yaml"])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("18 checks, 3 manual criteria"))
    }

    @Test("Every patient's findings match the reference, check by check")
    func findingsMatch() throws {
        let expected = try Self.trial.expected()
        #expect(expected.count == 42)
        try Self.trial.expectFindingsMatch(try Self.trial.audit(), expected: expected)
    }

    @Test("Every check of the protocol has at least one deviation in the cohort")
    func everyCheckCovered() throws {
        let checks = try #require(try Self.trial.audit()["checks"] as? [[String: Any]])
        #expect(checks.count == 18)
        for check in checks {
            let id = check["id"] as? String ?? "?"
            #expect((check["deviation"] as? Int ?? 0) > 0, "\(id) has no deviation in the example cohort")
        }
    }

    @Test("Study chemoradiotherapy after enrollment is judged, and radiotherapy before it is prior treatment")
    func courseAfterEnrollment() throws {
        let record = """
            {"id": "X-1", "birth_date": "1960-05-02", "enrollment": {"date": "2020-03-02", "arm": "A"}, "events": [\
            {"type": "radiotherapy", "start": "2012-04-02", "end": "2012-05-18", "dose": "70 Gy", "fractions": 33, "intent": "definitive"},\
            {"type": "radiotherapy", "start": "2020-03-09", "end": "2020-04-15", "dose": "50.4 Gy", "fractions": 28, "intent": "definitive"},\
            {"type": "administration", "drug": "toripalimab", "dose": "240 mg", "route": "IV", "date": "2020-03-10", "cycle": 1}]}
            """
        let run = try TrialCheckBinary.run(["audit", "-p", "EC-CRT-001", "--format", "json", "-"], input: record + "\n")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let statuses = Dictionary(uniqueKeysWithValues: findings.compactMap { finding -> (String, String)? in
            guard let check = finding["check"] as? String, let status = finding["status"] as? String else { return nil }
            return (check, status)
        })
        #expect(statuses["no-prior-radiotherapy"] == "deviation")
        #expect(statuses["radiotherapy-dose"] == nil, "the 50.4 Gy study course passes")
        #expect(statuses["radiotherapy-fractionation"] == nil)
        #expect(statuses["toripalimab-start"] == nil, "toripalimab 1 day after the first fraction passes")
    }
}
