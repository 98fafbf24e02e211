import Foundation
import Testing

/// A third trial, EPOC1802, written with regimens, drug classes, event anchors and TNM: the
/// example cohort holds one compliant patient and one variant per boundary, each on one side
/// of one limit; expected-verdicts.csv says what each must give, and the tool must agree,
/// patient by patient and check by check.
@Suite("EPOC1802 example cohort: every boundary, both sides")
struct ThirdTrialTests {
    static let trial = ExampleTrial(protocolID: "EPOC1802")
    static let checkIDs = [
        "age", "ecog", "histology", "stage", "metastasis-sites", "rt-dose", "rt-fractionation", "concurrent-chemo",
        "no-progression", "registration-window", "no-prior-anti-pd1-pdl1", "no-autoimmune-disease",
        "no-interstitial-pneumonia", "lab-neutrophils", "lab-platelets", "lab-hemoglobin", "lab-ast-alt",
        "lab-bilirubin", "lab-crcl", "atezolizumab-dose", "atezolizumab-interval", "atezolizumab-max-doses",
        "atezolizumab-duration", "atezolizumab-first-dose", "atezolizumab-until-progression",
    ]

    @Test("The protocol validates, with exactly the issue's check ids in order")
    func validates() throws {
        let run = try TrialCheckBinary.run(["validate", "Protocols/EPOC1802.yaml"])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("25 checks, 1 manual criteria"), "\(run.standardOutput)")
        let checks = try #require(try Self.trial.audit()["checks"] as? [[String: Any]])
        #expect(checks.compactMap { $0["id"] as? String } == Self.checkIDs)
    }

    @Test("Every patient's findings match the expected verdicts, check by check")
    func findingsMatch() throws {
        try Self.trial.expectFindingsMatch(try Self.trial.audit(), expected: try Self.trial.expected())
    }

    @Test("Every check has a deviation in the cohort, and a passing patient beside it")
    func everyCheckCovered() throws {
        let checks = try #require(try Self.trial.audit()["checks"] as? [[String: Any]])
        for check in checks {
            let id = check["id"] as? String ?? "?"
            #expect((check["deviation"] as? Int ?? 0) > 0, "\(id) has no deviation in the example cohort")
            #expect((check["pass"] as? Int ?? 0) > 0, "\(id) has no pass in the example cohort")
        }
    }
}
