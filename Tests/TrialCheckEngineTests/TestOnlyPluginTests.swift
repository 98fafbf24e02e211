import BuiltinPlugins
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// A plugin the engine has never seen, registered through `CheckRegistry` alone, works with
/// the real protocol loader, auditor and reporters: adding a plugin needs no engine change.
@Suite("A plugin defined in a test")
struct TestOnlyPluginTests {
    /// `site-listed`: the record's site is one of `sites`.
    struct SiteListedCheck: Check {
        static let sitesParameter = Parameter<[String]>(required: "sites", "list of text", "The sites allowed.")

        static let description = CheckDescription(
            kind: "site-listed",
            name: "Site listed",
            summary: "The record's site is one of `sites`; a record without a site is not evaluable.",
            parameters: [sitesParameter],
            exampleParameters: "sites: [S1]",
            passingExamples: ["{id: P1, site: S1, age: 40, enrollment: {date: 2026-01-20}}"],
            deviatingExamples: ["{id: P2, site: S9, age: 40, enrollment: {date: 2026-01-20}}"],
            inputs: CheckInputs(fields: [.site])
        )

        let sites: Set<String>

        init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
            let listed = try parameters[Self.sitesParameter]
            guard !listed.isEmpty else { throw ParameterProblem("list at least one site", parameter: "sites") }
            sites = Set(listed)
        }

        func judge(_ patient: PatientHistory) -> Judgement {
            guard let site = patient.site else { return .notEvaluable("No site is recorded.") }
            let evidence = [Evidence("site", site, at: patient.location)]
            return sites.contains(site)
                ? .pass("Site \(site) is listed.", evidence: evidence)
                : .deviation("Site \(site) is not one of \(sites.sorted().joined(separator: ", ")).", evidence: evidence)
        }
    }

    enum TestPlugin: CheckPlugin {
        static let name = "test-only"
        static let kinds = [CheckKind(SiteListedCheck.self)]
    }

    static let registry = CheckRegistry(kinds: BuiltinPlugins.kinds + EngineKinds.all + TestPlugin.kinds)

    @Test("The loader validates its parameters and the auditor runs it beside built-in checks")
    func endToEnd() throws {
        let yaml = """
            id: T
            title: T
            version: "1"
            checks:
              - {id: age, kind: age-range, criterion: "age", severity: major, min: 18, max: 75}
              - {id: site, kind: site-listed, criterion: "Sites", severity: minor, sites: [S1, S2]}
            """
        let definition = try ProtocolLoader(registry: Self.registry).load(yaml: yaml, path: "t.yaml")
        let input = try TestSupport.writeTemporary("""
            {"id":"A","site":"S1","age":40,"enrollment":{"date":"2026-01-20"}}
            {"id":"B","site":"S7","age":40,"enrollment":{"date":"2026-01-20"}}
            {"id":"C","age":90,"enrollment":{"date":"2026-01-20"}}
            """, name: "records.ndjson")
        let report = Auditor(definition: definition).audit(inputs: [input])
        #expect(report.findings.map { "\($0.patient) \($0.check) \($0.status.rawValue)" } == [
            "B site deviation", "C age deviation", "C site not-evaluable",
        ])
        #expect(report.checks.map(\.kind) == ["age-range", "site-listed"])
        #expect(TextReporter().render(report).contains("Site S7 is not one of S1, S2."))
        #expect(CheckCatalogue(registry: Self.registry).markdown().contains("## site-listed"))
    }

    @Test("Its parameter problems are reported with their location, like a built-in's")
    func parameterProblems() {
        let yaml = """
            id: T
            title: T
            version: "1"
            checks:
              - id: site
                kind: site-listed
                criterion: "Sites"
                severity: minor
                sites: []
                sitez: [S1]
            """
        do {
            _ = try ProtocolLoader(registry: Self.registry).load(yaml: yaml, path: "t.yaml")
            Issue.record("expected problems")
        } catch {
            #expect(error.description.contains("t.yaml:10:5: error: unknown key 'sitez'"))
            #expect(error.description.contains("list at least one site"))
        }
    }
}
