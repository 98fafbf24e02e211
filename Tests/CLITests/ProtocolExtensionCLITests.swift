import Foundation
import Testing

/// The example protocol that extends NCT07177794 with one check, audited end to end.
@Suite("A protocol extending NCT07177794, end to end")
struct ProtocolExtensionCLITests {
    static func findings(_ protocolReference: String) throws -> (report: [String: Any], findings: [String]) {
        let run = try TrialCheckBinary.run(["audit", "-p", protocolReference, "--format", "json", "--fail-on", "never", "Examples/NCT07177794/site-records.yaml"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]]).map { finding in
            "\(finding["patient"] ?? "") \(finding["check"] ?? "") \(finding["status"] ?? "")"
        }
        return (report, findings)
    }

    @Test("The shipped checks' verdicts are the shipped protocol's, and the added check reports its own")
    func extendedAudit() throws {
        let shipped = try Self.findings("NCT07177794")
        let extended = try Self.findings("Examples/extending/NCT07177794-site.yaml")
        let protocolInfo = try #require(extended.report["protocol"] as? [String: Any])
        #expect(protocolInfo["id"] as? String == "NCT07177794-SITE")
        let checks = try #require(extended.report["checks"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(checks.count == 36)
        #expect(checks.last == "lab-crcl-site")
        #expect(extended.findings.filter { !$0.contains(" lab-crcl-site ") } == shipped.findings)
        #expect(extended.findings.contains { $0.contains(" lab-crcl-site deviation") })
    }

    @Test("An amendment extending NCT07177794: each patient judged by the version in force at consent, the version in each finding")
    func amendedAudit() throws {
        let shipped = try Self.findings("NCT07177794")
        let amended = try Self.findings("Examples/extending/NCT07177794-amended.yaml")
        let protocolInfo = try #require(amended.report["protocol"] as? [String: Any])
        #expect(protocolInfo["version_date"] as? String == "consent")
        #expect((protocolInfo["versions"] as? [[String: Any]])?.count == 2)
        let findings = try #require(amended.report["findings"] as? [[String: Any]])
        #expect(findings.allSatisfy { $0["version"] is String })
        // Only the amended criterion changes, and only for patients judged by the amendment.
        #expect(amended.findings.filter { !$0.contains(" age ") } == shipped.findings.filter { !$0.contains(" age ") })
        let amendedAge = findings.filter { $0["check"] as? String == "age" }
        let underOriginal = amendedAge.filter { $0["version"] as? String == "2025-09-17" }.map { "\($0["patient"] ?? "") age \($0["status"] ?? "")" }
        #expect(!underOriginal.isEmpty)
        #expect(Set(underOriginal).isSubset(of: Set(shipped.findings)))
        #expect(amendedAge.count < shipped.findings.filter { $0.contains(" age ") }.count)
    }

    @Test("The example is a few lines")
    func fewLines() throws {
        let text = try String(contentsOf: TrialCheckBinary.repositoryRoot.appendingPathComponent("Examples/extending/NCT07177794-site.yaml"), encoding: .utf8)
        #expect(text.split(separator: "\n").count <= 12)
        let amendment = try String(contentsOf: TrialCheckBinary.repositoryRoot.appendingPathComponent("Examples/extending/NCT07177794-amended.yaml"), encoding: .utf8)
        #expect(amendment.split(separator: "\n").count <= 12)
    }
}
