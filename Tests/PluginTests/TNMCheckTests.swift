import Testing
import TrialCheckCore
import DiagnosisChecks

@Suite("tnm: T, N and M categories with staging system and edition; stage group where they are absent")
struct TNMCheckTests {
    static let epoc = """
        {"t": ["T1", "T1a", "T1b", "T2", "T3", "T4", "T4a", "T4b"], "n": ["N0", "N1", "N2", "N3"], "m": ["M0", "M1"],
         "m1_sites": ["supraclavicular-lymph-node"], "edition": 8, "systems": ["UICC", "AJCC"],
         "groups": {"min": "I", "max": "IVA", "also_allowed": [{"stage": "IVB", "metastases_only": ["supraclavicular-lymph-node"]}]}}
        """

    static func judge(_ attributes: [String: Value], json: String = epoc) throws -> Judgement {
        let check = try TNMCheck(parameters: parameters(TNMCheck.self, json), context: testContext)
        return check.judge(patient(enrolled: "2026-01-20", [Event(type: .diagnosis, date: date("2025-08-04"), attributes: attributes)]))
    }

    static func tnm(_ t: String, _ n: String, _ m: String, edition: Value? = .number("8"), system: String? = "UICC", metastases: [String]? = nil) -> [String: Value] {
        var attributes: [String: Value] = ["t": .string(t), "n": .string(n), "m": .string(m)]
        if let edition { attributes["staging_edition"] = edition }
        if let system { attributes["staging_system"] = .string(system) }
        if let metastases { attributes["metastases"] = .list(metastases.map(Value.string)) }
        return attributes
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let attributes: [String: Value]
        let expected: Verdict
        init(_ label: String, _ expected: Verdict, _ attributes: [String: Value]) {
            self.label = label
            self.attributes = attributes
            self.expected = expected
        }
        var testDescription: String { label }
    }

    @Test("Components, M1 sites, system and edition", arguments: [
        Case("cT3 cN1 cM0, UICC 8th", .pass, tnm("cT3", "cN1", "cM0")),
        Case("T4b N3 M0", .pass, tnm("T4b", "N3", "M0")),
        Case("bare T4 (T4 listed)", .pass, tnm("T4", "N0", "M0")),
        Case("Tis", .deviation, tnm("Tis", "N0", "M0")),
        Case("N4 is no N category of the list", .deviation, tnm("T2", "N4", "M0")),
        Case("M1 supraclavicular only", .pass, tnm("T3", "N2", "M1", metastases: ["supraclavicular-lymph-node"])),
        Case("M1a supraclavicular only", .pass, tnm("T3", "N2", "pM1a", metastases: ["Supraclavicular lymph node"])),
        Case("M1 liver", .deviation, tnm("T3", "N2", "M1", metastases: ["liver"])),
        Case("M1 without sites", .notEvaluable, tnm("T3", "N2", "M1")),
        Case("7th edition", .deviation, tnm("T3", "N1", "M0", edition: .number("7"))),
        Case("8th as text", .pass, tnm("T3", "N1", "M0", edition: .string("8th edition"))),
        Case("no edition", .notEvaluable, tnm("T3", "N1", "M0", edition: nil)),
        Case("no edition, but T deviates", .deviation, tnm("Tis", "N1", "M0", edition: nil)),
        Case("no system: the edition decides", .pass, tnm("T3", "N1", "M0", system: nil)),
        Case("another system", .deviation, tnm("T3", "N1", "M0", system: "JES")),
        Case("NX cannot be assessed", .notEvaluable, tnm("T3", "NX", "M0")),
        Case("N missing", .notEvaluable, ["t": .string("T3"), "m": .string("M0"), "staging_edition": .number("8")]),
        Case("stage group alone: IVA", .pass, ["stage": .string("IVA")]),
        Case("stage group alone: IVB supraclavicular", .pass, ["stage": .string("IVB"), "metastases": .list([.string("supraclavicular-lymph-node")])]),
        Case("stage group alone: IVB liver", .deviation, ["stage": .string("IVB"), "metastases": .list([.string("liver")])]),
        Case("stage group alone: 0", .deviation, ["stage": .string("0")]),
    ])
    func epocCriterion(_ item: Case) throws {
        let judgement = try Self.judge(item.attributes)
        #expect(judgement.verdict == item.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("A bare group some of whose subdivisions are allowed is indeterminate")
    func bareGroup() throws {
        let json = #"{"t": ["T1a"], "n": ["N0"], "m": ["M0"]}"#
        #expect(try Self.judge(Self.tnm("T1", "N0", "M0"), json: json).verdict == .indeterminate)
        #expect(try Self.judge(Self.tnm("T1a", "N0", "M0"), json: json).verdict == .pass)
        #expect(try Self.judge(Self.tnm("T1b", "N0", "M0"), json: json).verdict == .deviation)
        #expect(try Self.judge(["stage": .string("III")], json: json).verdict == .notEvaluable)
    }

    @Test("A category that is none is a parameter problem")
    func parameterProblems() {
        #expect(throws: ParameterProblem.self) { try Self.judge([:], json: #"{"t": ["X1"], "n": ["N0"], "m": ["M0"]}"#) }
        #expect(throws: ParameterProblem.self) { try Self.judge([:], json: #"{"t": [], "n": ["N0"], "m": ["M0"]}"#) }
    }
}
