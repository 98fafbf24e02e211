import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// SARIF as GitHub code scanning reads it: rule help, help links into the check catalogue,
/// evidence as related locations, URIs under a named root, fingerprints that do not move.
@Suite("SARIF for code scanning")
struct SARIFCodeScanningTests {
    static func log(_ options: SARIFOptions = SARIFOptions(), report: AuditReport? = nil) throws -> [String: Any] {
        let sarif = SARIFReporter(options: options).render(try report ?? ReporterGoldenTests.report())
        return try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
    }

    static func run(_ log: [String: Any]) throws -> [String: Any] {
        try #require((log["runs"] as? [[String: Any]])?.first)
    }

    static func rules(_ run: [String: Any]) -> [[String: Any]] {
        ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
    }

    @Test("Every rule has help in text and Markdown; helpUri is the check's kind in the catalogue when a base is given")
    func help() throws {
        var options = SARIFOptions()
        options.helpBase = "https://example.org/docs/checks.md"
        let rules = Self.rules(try Self.run(try Self.log(options)))
        let report = try ReporterGoldenTests.report()
        // One rule per check, per quality tolerance limit, and for rejected records.
        #expect(rules.count == report.checks.count + (report.quality?.limits.count ?? 0) + 1)
        #expect(rules.contains { $0["id"] as? String == "qtl/eligibility-deviations" })
        for rule in rules {
            let help = try #require(rule["help"] as? [String: Any])
            #expect((help["text"] as? String)?.isEmpty == false)
            #expect((help["markdown"] as? String)?.isEmpty == false)
        }
        for check in report.checks {
            let rule = try #require(rules.first { $0["id"] as? String == check.id })
            #expect(rule["helpUri"] as? String == "https://example.org/docs/checks.md#\(check.kind)")
        }
        // Without a base there is no link to invent.
        #expect(Self.rules(try Self.run(try Self.log())).allSatisfy { $0["helpUri"] == nil })
    }

    @Test("Each piece of evidence is a related location; the message links the located ones")
    func relatedLocations() throws {
        let report = try ReporterGoldenTests.report()
        let results = try #require(try Self.run(try Self.log())["results"] as? [[String: Any]])
        for finding in report.findings {
            let result = try #require(results.first {
                ($0["properties"] as? [String: Any])?["patient"] as? String == finding.patient && $0["ruleId"] as? String == finding.check
            })
            let related = result["relatedLocations"] as? [[String: Any]] ?? []
            #expect(related.count == finding.evidence.count)
            let message = try #require((result["message"] as? [String: Any])?["text"] as? String)
            for (index, item) in finding.evidence.enumerated() where item.location != nil {
                #expect(message.contains("](\(index + 1))"), "evidence \(index + 1) of \(finding.patient) is not linked")
                let physical = related[index]["physicalLocation"] as? [String: Any]
                #expect(((physical?["region"] as? [String: Any])?["startLine"] as? Int) == item.location?.line)
            }
        }
    }

    @Test("Artifact URIs are relative to the named root, declared in originalUriBaseIds; files outside it are absolute")
    func roots() throws {
        var options = SARIFOptions()
        options.rootID = "REPO"
        options.root = "/checkout/project"
        options.workingDirectory = "/checkout/project/sub"
        #expect(options.relative("data/site.yaml") == ("sub/data/site.yaml", true))
        #expect(options.relative("../other/site.yaml") == ("other/site.yaml", true))
        #expect(options.relative("/elsewhere/site.yaml") == ("/elsewhere/site.yaml", false))
        #expect(options.relative("../../outside.yaml") == ("/checkout/outside.yaml", false))

        let run = try Self.run(try Self.log(options))
        let bases = try #require(run["originalUriBaseIds"] as? [String: Any])
        #expect((bases["REPO"] as? [String: Any])?["uri"] as? String == "file:///checkout/project/")
        // The golden report's paths are relative (Fixtures/...): under the root.
        let results = try #require(run["results"] as? [[String: Any]])
        let artifacts = results.flatMap { result in
            ((result["locations"] as? [[String: Any]]) ?? []) + ((result["relatedLocations"] as? [[String: Any]]) ?? [])
        }.compactMap { ($0["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any] }
        #expect(!artifacts.isEmpty)
        for artifact in artifacts {
            #expect(artifact["uriBaseId"] as? String == "REPO")
            #expect((artifact["uri"] as? String)?.hasPrefix("sub/Fixtures/") == true)
        }
    }

    @Test("Fingerprints name patient, check and status: the same when the record moves to another line")
    func stableFingerprints() throws {
        let report = try ReporterGoldenTests.report()
        var moved = report
        moved.findings = moved.findings.map { finding in
            var finding = finding
            finding.location = finding.location.map { SourceLocation(file: $0.file, line: ($0.line ?? 0) + 40, column: $0.column) }
            return finding
        }
        func fingerprints(_ report: AuditReport) throws -> [String] {
            let results = try #require(try Self.run(try Self.log(report: report))["results"] as? [[String: Any]])
            return results.compactMap { ($0["partialFingerprints"] as? [String: String])?["patientCheck/v1"] }
        }
        let before = try fingerprints(report)
        #expect(before.count >= report.findings.count)
        #expect(try fingerprints(moved) == before)
    }

    @Test("Findings resolved since the baseline are absent results; expired and unmatched waivers are notifications")
    func baselineAndWaivers() throws {
        let run = try Self.run(try Self.log())
        let results = try #require(run["results"] as? [[String: Any]])
        let states = results.compactMap { $0["baselineState"] as? String }
        #expect(states.contains("new") && states.contains("unchanged"))
        let absent = results.filter { $0["baselineState"] as? String == "absent" }
        #expect(absent.count == 1)
        #expect(absent.first?["level"] as? String == "none")
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        let notes = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
        #expect(notes.compactMap { ($0["properties"] as? [String: Any])?["waiverStatus"] as? String } == ["expired", "unmatched"])
    }

    @Test("With a help base and a root, the log still validates against the SARIF 2.1.0 schema",
          .enabled(if: SchemaValidator.isAvailable, "needs python3 with jsonschema and xmlschema"))
    func schema() throws {
        var options = SARIFOptions()
        options.helpBase = "https://example.org/docs/checks.md"
        options.root = "/checkout/project"
        options.workingDirectory = "/checkout/project"
        let sarif = SARIFReporter(options: options).render(try ReporterGoldenTests.report())
        try SchemaValidator.validate(sarif, fileExtension: "json", schema: "sarif-schema-2.1.0.json")
    }
}
