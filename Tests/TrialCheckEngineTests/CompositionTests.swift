import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// `any_of`, `all_of` and `not`: loading, judging in three-valued logic, reporting.
@Suite("Composition of checks")
struct CompositionTests {
    /// "Age >= 70, or 65-69 and ECOG 0": a referenced component, a nested all_of of inline conditions.
    static let elderly = """
        id: T
        title: T
        version: "1"
        checks:
          - id: elderly
            criterion: "age >= 70, or 65-69 and ECOG 0"
            severity: major
            any_of:
              - age-70-plus
              - all_of:
                  - {kind: age-range, min: 65, max: 69}
                  - {kind: performance-status, scale: ECOG, max: 0}
          - id: age-70-plus
            kind: age-range
            criterion: "age >= 70"
            severity: major
            report: false
            min: 70
          - id: not-ecog-3
            criterion: "not ECOG 3 or more"
            severity: minor
            not: {kind: performance-status, scale: ECOG, min: 3}

        """

    static func load(_ yaml: String) throws -> ProtocolDefinition {
        try ProtocolLoader(registry: TestSupport.registry).load(yaml: yaml, path: "t.yaml")
    }

    static func problems(_ yaml: String) -> [ProtocolProblem] {
        do {
            _ = try ProtocolLoader(registry: TestSupport.registry).load(yaml: yaml, path: "t.yaml")
            return []
        } catch {
            return error.problems
        }
    }

    static func judge(_ record: String, check: String = "elderly") throws -> Judgement {
        let definition = try load(Self.elderly)
        let configured = try #require(definition.checks.first { $0.id == check })
        return configured.check.judge(try CheckExamplesTests.patient(record))
    }

    static func record(born: String?, ecog: Int?) -> String {
        let birth = born.map { "birth_date: \($0), " } ?? ""
        let events = ecog.map { "[{type: performance-status, date: 2026-01-12, scale: ECOG, score: \($0)}]" } ?? "[]"
        return "{id: P1, \(birth)enrollment: {date: 2026-01-20}, events: \(events)}"
    }

    @Test("A report: false check is a component: judged inside the composition, never reported on its own")
    func componentsAreNotReported() throws {
        let definition = try Self.load(Self.elderly)
        #expect(definition.checks.map(\.id) == ["elderly", "not-ecog-3"])
        #expect(definition.checks.map(\.kind) == ["any_of", "not"])
        #expect(definition.components.map(\.id) == ["age-70-plus"])
        // What the members read is what the composition reads.
        #expect(definition.checks[0].check.inputs.events[.performanceStatus] != nil)
        #expect(definition.checks[0].check.inputs.fields.contains(.birthDate))
    }

    @Test("any_of and all_of decide by Kleene's logic at each boundary", arguments: [
        // 70 on enrollment day: the first alternative holds, whatever the ECOG.
        ("1956-01-20", nil, Verdict.pass),
        // 69 and ECOG 0: the second alternative holds.
        ("1956-01-21", 0, .pass),
        // 69 and ECOG 1: neither holds.
        ("1956-01-21", 1, .deviation),
        // 64: neither holds, whatever the ECOG (no ECOG recorded: still a deviation).
        ("1961-06-01", nil, .deviation),
        // 67 without ECOG: the second alternative cannot be decided, the first fails.
        ("1958-06-01", nil, .notEvaluable),
        // Born in 1956, month unknown: 69 or 70; with ECOG 1 only the first could hold.
        ("1956", 1, .indeterminate),
        // Born in 1956 with ECOG 0: 69 (second holds) or 70 (first holds). Kleene's logic
        // judges each alternative alone, both undecided: indeterminate, never a pass.
        ("1956", 0, .indeterminate),
    ] as [(String, Int?, Verdict)])
    func verdicts(_ born: String, _ ecog: Int?, _ expected: Verdict) throws {
        let judgement = try Self.judge(Self.record(born: born, ecog: ecog))
        #expect(judgement.verdict == expected, "\(judgement.message)")
    }

    @Test("No birth date and no ECOG: not evaluable, never a pass")
    func missingData() throws {
        let judgement = try Self.judge(Self.record(born: nil, ecog: nil))
        #expect(judgement.verdict == .notEvaluable)
    }

    @Test("A deviation names every alternative and carries every branch's evidence")
    func evidenceFromEveryBranch() throws {
        let judgement = try Self.judge(Self.record(born: "1956-01-21", ecog: 1))
        #expect(judgement.message.hasPrefix("No alternative is met."), "\(judgement.message)")
        #expect(judgement.message.contains("'age-70-plus':"), "\(judgement.message)")
        #expect(judgement.message.contains("Alternative 2 (all_of): A requirement is not met."), "\(judgement.message)")
        let names = Set(judgement.evidence.map(\.name))
        #expect(names.contains("birth date"), "\(names)")
        #expect(names.contains { $0.lowercased().contains("ecog") || $0.lowercased().contains("performance") }, "\(names)")
    }

    @Test("not: a deviation when its condition holds, a pass when it does not, unknown stays unknown", arguments: [
        (3, Verdict.deviation), (2, .pass),
    ])
    func negation(_ ecog: Int, _ expected: Verdict) throws {
        let judgement = try Self.judge(Self.record(born: "1950-01-01", ecog: ecog), check: "not-ecog-3")
        #expect(judgement.verdict == expected, "\(judgement.message)")
    }

    @Test("not of a condition without data is not evaluable")
    func negationOfMissing() throws {
        let judgement = try Self.judge(Self.record(born: "1950-01-01", ecog: nil), check: "not-ecog-3")
        #expect(judgement.verdict == .notEvaluable)
    }

    @Test("The audit reports the composition once per patient and never the component")
    func auditReportsOnce() throws {
        let definition = try Self.load(Self.elderly)
        let cohort = try TestSupport.writeTemporary(
            "format: patient-history/1\npatients:\n  - " + Self.record(born: "1956-01-21", ecog: 1).replacingOccurrences(of: "P1", with: "A1") + "\n"
                + "  - " + Self.record(born: "1950-01-01", ecog: 0).replacingOccurrences(of: "P1", with: "A2") + "\n",
            name: "cohort.yaml"
        )
        let report = Auditor(definition: definition).audit(inputs: [cohort], jobs: 1)
        #expect(report.checks.map(\.id) == ["elderly", "not-ecog-3"])
        #expect(report.findings.map { "\($0.patient) \($0.check) \($0.status.rawValue)" } == ["A1 elderly deviation"])
    }

    @Test("Composition problems are located, all in one pass", arguments: [
        ("unknown id", "    any_of: [age-70-pluss, {kind: age-range, min: 65}]\n", "no check 'age-70-pluss' in this protocol; did you mean 'age-70-plus'?"),
        ("kind and any_of", "    kind: age-range\n    any_of: [age-70-plus, age-70-plus]\n", "give either 'kind' or 'any_of', not both"),
        ("one member", "    any_of: [age-70-plus]\n", "'any_of' lists one member"),
        ("not of a list", "    not: [age-70-plus]\n", "'not' takes one check id or condition, found a list"),
        ("bad inline", "    all_of: [age-70-plus, {kind: age-range, min: old}]\n", "'min': expected a whole number"),
        ("inline unknown key", "    all_of: [age-70-plus, {kind: age-range, mni: 3}]\n", "unknown key 'mni'"),
    ])
    func problems(_ name: String, _ body: String, _ expected: String) {
        let yaml = """
            id: T
            title: T
            version: "1"
            checks:
              - id: age-70-plus
                kind: age-range
                criterion: "age >= 70"
                severity: major
                min: 70
              - id: combined
                criterion: c
                severity: major

            """ + body
        let found = Self.problems(yaml)
        #expect(found.contains { $0.message.contains(expected) }, "\(name): \(found.map(\.description))")
        #expect(found.allSatisfy { $0.location.line != nil && $0.location.file == "t.yaml" })
    }

    @Test("Compositions that name each other form a located cycle")
    func cycle() {
        let yaml = """
            id: T
            title: T
            version: "1"
            checks:
              - {id: a, criterion: a, severity: major, any_of: [b, {kind: age-range, min: 18}]}
              - {id: b, criterion: b, severity: major, all_of: [a, {kind: age-range, max: 75}]}

            """
        let found = Self.problems(yaml)
        #expect(found.contains { $0.message.contains("cycle: 'a' -> 'b' -> 'a'") }, "\(found.map(\.description))")
    }

    @Test("A report: false check no composition names is an error")
    func unusedComponent() {
        let yaml = """
            id: T
            title: T
            version: "1"
            checks:
              - {id: a, kind: age-range, criterion: a, severity: major, min: 18, report: false}

            """
        let found = Self.problems(yaml)
        #expect(found.map(\.message) == ["check 'a' has 'report: false' but no 'any_of', 'all_of' or 'not' names it, so it would judge nothing"])
        #expect(found.first?.location.line == 5)
    }

    @Test("An external check cannot be a member")
    func externalMember() {
        let yaml = """
            id: T
            title: T
            version: "1"
            checks:
              - {id: ext, kind: external, criterion: e, severity: major, command: [python3, x.py]}
              - {id: a, criterion: a, severity: major, any_of: [ext, {kind: age-range, min: 18}]}

            """
        var found: [ProtocolProblem] = []
        do {
            _ = try ProtocolLoader(registry: CheckRegistry(kinds: TestSupport.registry.kinds + EngineKinds.all)).load(yaml: yaml, path: "t.yaml")
        } catch {
            found = error.problems
        }
        #expect(found.contains { $0.message.contains("'ext' is an external check, which cannot be part of a composition") }, "\(found.map(\.description))")
    }
}

/// The lab check's `or` and a composition of lab conditions are one mechanism: the same
/// verdict for every patient.
@Suite("Lab 'or' and any_of agree")
struct LabOrCompositionTests {
    static let protocolText = """
        id: T
        title: T
        version: "1"
        checks:
          - id: with-or
            kind: lab-threshold
            criterion: renal
            severity: major
            or:
              - {test: creatinine, max_uln: 1.5}
              - {test: creatinine-clearance, min: 60 mL/min, exclusive: true}
          - id: with-any-of
            criterion: renal
            severity: major
            any_of:
              - {kind: lab-threshold, test: creatinine, max_uln: 1.5}
              - {kind: lab-threshold, test: creatinine-clearance, min: 60 mL/min, exclusive: true}

        """

    @Test("Same verdict, patient by patient, on the shipped example cohort and on edge records")
    func sameVerdicts() throws {
        let definition = try ProtocolLoader(registry: TestSupport.registry).load(yaml: Self.protocolText, path: "t.yaml")
        let labs = [
            "[]",
            "[{type: lab, date: 2026-01-12, test: creatinine, value: 1.8, unit: mg/dL, uln: 1.2}]",
            "[{type: lab, date: 2026-01-12, test: creatinine, value: 1.81, unit: mg/dL, uln: 1.2}]",
            "[{type: lab, date: 2026-01-12, test: creatinine, value: 2.0, unit: mg/dL}]",
            "[{type: lab, date: 2026-01-12, test: creatinine, value: 2.0, unit: mg/dL, uln: 1.2}, {type: lab, date: 2026-01-12, test: crcl, value: 60, unit: mL/min}]",
            "[{type: lab, date: 2026-01-12, test: creatinine, value: 2.0, unit: mg/dL, uln: 1.2}, {type: lab, date: 2026-01, test: crcl, value: 61, unit: mL/min}]",
            "[{type: lab, date: 2026-01-12, test: creatinine, value: 2.0, unit: mg/dL, uln: 1.2}, {type: lab, date: 2026-01-12, test: crcl, value: 61, unit: mL/min}]",
            "[{type: lab, date: 2026-01-12, test: creatinine, value: 2.0, unit: mg/dL, uln: 1.2}, {type: lab, date: 2026-01-12, test: crcl, value: 1.0, unit: mL/s}]",
            "[{type: lab, date: 2026-01-12, test: creatinine, value: 1.0, unit: furlongs, uln: 1.2}, {type: lab, date: 2026-01-12, test: crcl, value: 50, unit: mL/min}]",
        ]
        var patients = try labs.map { try CheckExamplesTests.patient("{id: P, enrollment: {date: 2026-01-20}, events: \($0)}") }
        let cohort = TestSupport.packageRoot.appendingPathComponent("Examples/NCT07177794/site-records.ndjson").path
        patients += TestSupport.patients(try TestSupport.readAll(path: cohort).items)
        #expect(patients.count > 200)
        var verdicts = Set<Verdict>()
        for patient in patients {
            let lab = definition.checks[0].check.judge(patient)
            let composed = definition.checks[1].check.judge(patient)
            #expect(lab.verdict == composed.verdict, "\(patient.id): \(lab.message) / \(composed.message)")
            verdicts.insert(lab.verdict)
        }
        #expect(verdicts == Set(Verdict.allCases))
    }
}
