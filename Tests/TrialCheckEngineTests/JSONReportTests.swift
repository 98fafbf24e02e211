import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The JSON report is a contract outside tools rely on: these tests read it as such a tool
/// would, through JSONSerialization, and check keys and values.
@Suite("JSONReporter: the report contract")
struct JSONReportTests {
    private struct Rendered {
        let cohort: String
        let stream: String
        let text: String
        let root: [String: Any]
    }

    private func rendered() throws -> Rendered {
        let definition = try TestSupport.shippedProtocol()
        let cohort = try TestSupport.fixture("audit/cohort.yaml")
        let stream = try TestSupport.fixture("audit/stream.ndjson")
        let report = Auditor(definition: definition).audit(inputs: [cohort, stream])
        let text = JSONReporter().render(report)
        let root = try #require(try TestSupport.jsonObject(text) as? [String: Any])
        return Rendered(cohort: cohort, stream: stream, text: text, root: root)
    }

    private func keys(_ object: Any?) -> Set<String> {
        Set((object as? [String: Any]).map { Array($0.keys) } ?? [])
    }

    private func int(_ object: Any?) -> Int? {
        (object as? NSNumber)?.intValue
    }

    @Test("Top level: tool, protocol, inputs, summary, checks, findings, rejected")
    func topLevel() throws {
        let root = try rendered().root
        let required: Set = ["tool", "protocol", "inputs", "summary", "checks", "findings", "rejected"]
        #expect(required.isSubset(of: Set(root.keys)), "keys: \(root.keys.sorted())")
        #expect(Set(root.keys).subtracting(required).isSubset(of: ["manual", "coverage", "id-scheme"]), "unexpected keys: \(root.keys.sorted())")
    }

    @Test("tool {name, version}")
    func tool() throws {
        let tool = try #require(try rendered().root["tool"] as? [String: Any])
        #expect(keys(tool) == ["name", "version"])
        #expect(tool["name"] as? String == "trialcheck")
        #expect(tool["version"] as? String == TrialCheckVersion.current)
    }

    @Test("protocol {id, version, sha256, ...}")
    func protocolInfo() throws {
        let info = try #require(try rendered().root["protocol"] as? [String: Any])
        #expect(["id", "version", "sha256"].allSatisfy(keys(info).contains), "keys: \(keys(info).sorted())")
        #expect(info["id"] as? String == "NCT07177794")
        #expect(info["version"] as? String == "2025-09-17")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.shippedProtocolPath)))
        #expect(info["sha256"] as? String == ReferenceSHA256.hex(bytes))
    }

    @Test("inputs [{path, sha256, patients, ...}]")
    func inputs() throws {
        let rendered = try rendered()
        let inputs = try #require(rendered.root["inputs"] as? [[String: Any]])
        #expect(inputs.count == 2)
        for input in inputs {
            #expect(["path", "sha256", "patients"].allSatisfy(keys(input).contains), "keys: \(keys(input).sorted())")
        }
        #expect(inputs.map { $0["path"] as? String } == [rendered.cohort, rendered.stream])
        #expect(inputs.map { int($0["patients"]) } == [4, 1])
        #expect(inputs.map { int($0["rejected"]) } == [0, 3])
        for input in inputs {
            let path = try #require(input["path"] as? String)
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(input["sha256"] as? String == ReferenceSHA256.hex(bytes))
        }
    }

    @Test("summary {patients, rejected, deviation, indeterminate, not-evaluable, ...}")
    func summary() throws {
        let summary = try #require(try rendered().root["summary"] as? [String: Any])
        let required: Set = ["patients", "rejected", "deviation", "indeterminate", "not-evaluable"]
        #expect(required.isSubset(of: keys(summary)), "keys: \(keys(summary).sorted())")
        #expect(int(summary["patients"]) == 5)
        #expect(int(summary["rejected"]) == 3)
        #expect(int(summary["deviation"]) == 5)
        #expect(int(summary["indeterminate"]) == 1)
        #expect(int(summary["not-evaluable"]) == 4)
    }

    @Test("checks [{id, criterion, severity, pass, deviation, indeterminate, not-evaluable, ...}]")
    func checks() throws {
        let checks = try #require(try rendered().root["checks"] as? [[String: Any]])
        let required: Set = ["id", "criterion", "severity", "pass", "deviation", "indeterminate", "not-evaluable"]
        for check in checks {
            #expect(required.isSubset(of: keys(check)), "keys: \(keys(check).sorted())")
            #expect(check["severity"] as? String == "major")
        }
        #expect(checks.map { $0["id"] as? String } == ["age", "radiotherapy-dose", "enrollment-window", "no-adjuvant-therapy"])
        #expect(checks.first?["criterion"] as? String == "Inclusion 5: age 18-75 years")
        #expect(checks.map { int($0["pass"]) } == [1, 3, 3, 3])
        #expect(checks.map { int($0["deviation"]) } == [2, 1, 1, 1])
        #expect(checks.map { int($0["indeterminate"]) } == [1, 0, 0, 0])
        #expect(checks.map { int($0["not-evaluable"]) } == [1, 1, 1, 1])
    }

    @Test("findings [{patient, check, status, severity, message, evidence, location, ...}]")
    func findings() throws {
        let rendered = try rendered()
        let findings = try #require(rendered.root["findings"] as? [[String: Any]])
        #expect(findings.count == 10)
        let required: Set = ["patient", "check", "status", "severity", "message", "evidence", "location"]
        for finding in findings {
            #expect(required.isSubset(of: keys(finding)), "keys: \(keys(finding).sorted())")
            #expect(["deviation", "indeterminate", "not-evaluable"].contains(finding["status"] as? String))
            #expect(finding["evidence"] is [Any])
        }
        let first = findings[0]
        #expect(first["patient"] as? String == "DEVIANT")
        #expect(first["check"] as? String == "age")
        #expect(first["status"] as? String == "deviation")
        #expect(first["severity"] as? String == "major")
        #expect((first["message"] as? String)?.isEmpty == false)
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["file"] as? String == rendered.cohort)
        #expect(int(location["line"]) == 10)
        let evidence = try #require(first["evidence"] as? [[String: Any]])
        #expect(!evidence.isEmpty)
        #expect(evidence.allSatisfy { $0["name"] is String && $0["value"] is String })
        #expect(findings.map { $0["status"] as? String }.contains("not-evaluable"))
    }

    @Test("rejected [{location, reason}], the location with file, line and column")
    func rejected() throws {
        let rendered = try rendered()
        let rejected = try #require(rendered.root["rejected"] as? [[String: Any]])
        #expect(rejected.count == 3)
        for rejection in rejected {
            #expect(["location", "reason"].allSatisfy(keys(rejection).contains), "keys: \(keys(rejection).sorted())")
            #expect((rejection["reason"] as? String)?.isEmpty == false)
        }
        let badJSON = try #require(rejected[1]["location"] as? [String: Any])
        #expect(badJSON["file"] as? String == rendered.stream)
        #expect(int(badJSON["line"]) == 2)
        #expect(int(badJSON["column"]) != nil)
    }

    @Test("The report is sorted-key, pretty JSON ending in a newline, and reads back")
    func format() throws {
        let rendered = try rendered()
        #expect(rendered.text.hasSuffix("}\n"))
        #expect(!rendered.text.contains("\\/"))
        let report = try JSONReporter.decode(Data(rendered.text.utf8))
        #expect(JSONReporter().render(report) == rendered.text)
        // Keys at the top level are written in sorted order.
        let topKeys = rendered.text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(topKeys == topKeys.sorted())
    }
}
