import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// What a protocol author sees: every problem in one pass, meaningful suggestions,
/// anchor synonyms, manual criteria by basis.
@Suite("Authoring help")
struct AuthoringHelpTests {
    static func problems(_ checks: String, manual: String = "") -> [ProtocolProblem] {
        let yaml = "id: T\ntitle: T\nversion: \"1\"\nchecks:\n" + checks + manual
        do {
            _ = try ProtocolLoader(registry: TestSupport.registry).load(yaml: yaml, path: "t.yaml")
            return []
        } catch {
            return error.problems
        }
    }

    @Test("Every parameter problem of every check, in one pass")
    func everyProblemAtOnce() {
        let found = Self.problems("""
              - {id: age, kind: age-range, criterion: a, severity: major, min: old, max: older}
              - id: window
                kind: days-between
                criterion: w
                severity: major
                from: crt-completion
                to: enrollment
                min: one
                max: forty-two

            """)
        let messages = found.map(\.description)
        #expect(found.count == 4, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("t.yaml:5:") && $0.contains("'min'") })
        #expect(messages.contains { $0.hasPrefix("t.yaml:5:") && $0.contains("'max'") })
        #expect(messages.contains { $0.hasPrefix("t.yaml:12:") && $0.contains("'min'") })
        #expect(messages.contains { $0.hasPrefix("t.yaml:13:") && $0.contains("'max'") })
    }

    @Test("Keys t and or get the list of keys, never 'did you mean id'")
    func noSillySuggestions() {
        let found = Self.problems("  - {id: age, kind: age-range, criterion: a, severity: major, min: 18, t: 1, or: [x]}\n")
        #expect(found.count == 2, "\(found.map(\.description))")
        #expect(found.allSatisfy { !$0.message.contains("did you mean") && $0.message.contains("expected one of") }, "\(found.map(\.description))")
    }

    @Test("radiotherapy-end suggests crt-completion and says what it is; registration is enrollment")
    func anchors() {
        let found = Self.problems("  - {id: w, kind: days-between, criterion: w, severity: major, from: radiotherapy-end, to: registration, min: 1}\n")
        #expect(found.count == 1, "\(found.map(\.description))")
        #expect(found.first?.message.contains("did you mean 'crt-completion' (the last fraction of the definitive radiotherapy course") == true, "\(found.map(\.description))")
        #expect(Self.problems("  - {id: w, kind: days-between, criterion: w, severity: major, from: crt-completion, to: registration, min: 1}\n").isEmpty)
    }

    @Test("Manual criteria carry their basis; an unknown basis is located with a suggestion")
    func manualBasis() throws {
        let check = "  - {id: age, kind: age-range, criterion: a, severity: major, min: 18}\n"
        let yaml = "id: T\ntitle: T\nversion: \"1\"\nchecks:\n" + check + """
            manual:
              - {criterion: "Life expectancy > 6 months", basis: clinical-judgement}
              - {criterion: "Willing to comply", reason: not recorded}
              - "Adequate contraception"

            """
        let definition = try ProtocolLoader(registry: TestSupport.registry).load(yaml: yaml, path: "t.yaml")
        #expect(definition.manualCriteria.map(\.basis) == [.clinicalJudgement, .notDecidableFromData, .notDecidableFromData])
        let found = Self.problems(check, manual: "manual:\n  - {criterion: x, basis: clinical-judgment}\n")
        #expect(found.map(\.description) == ["t.yaml:7:27: error: a manual criterion: 'basis': expected clinical-judgement or not-decidable-from-data, found 'clinical-judgment'; did you mean 'clinical-judgement'?"])

        var report = AuditReport(
            tool: .init(name: "trialcheck", version: "0"),
            protocol: .init(id: "T", title: "T", version: "1", sha256: "0"),
            inputs: [], summary: .init(patients: 0, rejected: 0, deviation: 0, indeterminate: 0, notEvaluable: 0, patientsWithDeviations: 0),
            checks: [], findings: [], rejected: [], manual: definition.manualCriteria, waivers: nil, baseline: nil
        )
        report.coverage = nil
        let text = TextReporter().render(report)
        #expect(text.contains("Not checked from data: needs clinical judgement\n  - Life expectancy > 6 months\n"))
        #expect(text.contains("Not checked from data: not decidable from data\n  - Willing to comply (not recorded)\n  - Adequate contraception\n"))
        let decoded = try JSONReporter.decode(Data(JSONReporter().render(report).utf8))
        #expect(decoded.manual == report.manual)
    }
}
