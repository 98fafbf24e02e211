import Testing
import TrialCheckCore
import PriorTherapyChecks
import RadiotherapyChecks
import RegimenChecks
import TreatmentChecks

@Suite("no-prior-drug: drugs by class, read against the drug terminology")
struct NoPriorDrugCheckTests {
    static func judge(_ events: [Event], parameters json: String = #"{"classes": ["anti-PD-1/PD-L1"]}"#) throws -> Judgement {
        let check = try NoPriorDrugCheck(parameters: parameters(NoPriorDrugCheck.self, json), context: testContext)
        return check.judge(patient(enrolled: "2026-01-20", events))
    }

    @Test("Prior therapy by class, by name, code or synonym; the day of enrollment is not before it", arguments: [
        EventsCase("no prior therapy", .pass, []),
        EventsCase("chemotherapy of other classes", .pass, [regimen(phase: "concurrent", start: "2025-10-13", end: "2025-11-17", agents: ["cisplatin", "5-FU"])]),
        EventsCase("toripalimab by its code name", .deviation, [regimen(.immunotherapy, phase: nil, start: "2024-03-01", end: "2024-09-01", agents: ["JS001"])]),
        EventsCase("an ATC code the table does not list", .deviation, [regimen(.immunotherapy, phase: nil, start: "2024-03-01", agents: ["L01FF11"])]),
        EventsCase("an RxNorm concept", .deviation, [regimen(.immunotherapy, phase: nil, start: "2024-03-01", agents: ["RxNorm:1547545"])]),
        EventsCase("an administration the day before enrollment", .deviation, [administration("sintilimab", "2026-01-19")]),
        EventsCase("an administration on the enrollment day", .pass, [administration("atezolizumab", "2026-01-20")]),
        EventsCase("ipilimumab is not a PD-1/PD-L1 inhibitor", .pass, [regimen(.immunotherapy, phase: nil, start: "2024-03-01", agents: ["ipilimumab"])]),
        EventsCase("an agent the table does not know", .notEvaluable, [regimen(.targetedTherapy, phase: nil, start: "2024-03-01", agents: ["ZX-1234"])]),
        EventsCase("an unknown agent beside a deviation", .deviation, [
            regimen(.targetedTherapy, phase: nil, start: "2024-03-01", agents: ["ZX-1234"]),
            regimen(.immunotherapy, phase: nil, start: "2024-05-01", agents: ["nivolumab"]),
        ]),
        EventsCase("an unknown agent after enrollment", .pass, [regimen(.targetedTherapy, phase: nil, start: "2026-02-01", agents: ["ZX-1234"])]),
        EventsCase("therapy without agents before enrollment", .notEvaluable, [regimen(.immunotherapy, phase: nil, start: "2024-03-01")]),
        EventsCase("a partial date straddling enrollment", .indeterminate, [regimen(.immunotherapy, phase: nil, start: "2026-01", agents: ["pembrolizumab"])]),
        EventsCase("undated PD-1 therapy", .notEvaluable, [regimen(.immunotherapy, phase: nil, start: nil, agents: ["pembrolizumab"])]),
    ])
    func byClass(_ item: EventsCase) throws {
        let judgement = try Self.judge(item.events)
        #expect(judgement.verdict == item.expected, "\(judgement.message)")
        if item.expected != .pass { expectExplained(judgement) }
    }

    @Test("Drugs by name take every name of the substance; classes and drugs together")
    func byName() throws {
        let json = #"{"drugs": ["capecitabine"], "classes": ["platinum"], "types": ["chemotherapy"]}"#
        #expect(try Self.judge([regimen(phase: "adjuvant", start: "2020-01-01", agents: ["Xeloda"])], parameters: json).verdict == .deviation)
        #expect(try Self.judge([regimen(phase: "adjuvant", start: "2020-01-01", agents: ["lobaplatin"])], parameters: json).verdict == .deviation)
        #expect(try Self.judge([regimen(phase: "adjuvant", start: "2020-01-01", agents: ["gemcitabine"])], parameters: json).verdict == .pass)
        // By name alone, an unknown agent cannot be capecitabine.
        #expect(try Self.judge([regimen(phase: "adjuvant", start: "2020-01-01", agents: ["ZX-1234"])], parameters: #"{"drugs": ["capecitabine"]}"#).verdict == .pass)
    }

    @Test("An unknown class is a located parameter problem")
    func unknownClass() {
        #expect(throws: ParameterProblem.self) { try Self.judge([], parameters: #"{"classes": ["PD-1 inhibitors"]}"#) }
        #expect(throws: ParameterProblem.self) { try Self.judge([], parameters: "{}") }
    }
}

@Suite("Radiotherapy regimens: (total dose, fractions) pairs with tolerances")
struct RadiotherapyRegimenTests {
    static let regimens = #"{"regimens": [{"dose": "50.4 Gy", "fractions": 28}, {"dose": "60 Gy", "fractions": 30}]}"#

    static func fractionation(_ events: [Event], _ json: String = regimens) throws -> Judgement {
        try RadiotherapyFractionationCheck(parameters: parameters(RadiotherapyFractionationCheck.self, json), context: testContext)
            .judge(patient(enrolled: "2026-01-20", events))
    }

    static func dose(_ events: [Event], _ json: String = regimens) throws -> Judgement {
        try RadiotherapyDoseCheck(parameters: parameters(RadiotherapyDoseCheck.self, json), context: testContext)
            .judge(patient(enrolled: "2026-01-20", events))
    }

    static func course(_ dose: String, _ fractions: Int) -> [Event] {
        [fractionatedRadiotherapy("2025-10-13", "2025-11-19", dose: .string(dose), fractions: .number(String(fractions)))]
    }

    @Test("Total and fractions form one regimen", arguments: [
        ("50.4 Gy", 28, Verdict.pass, Verdict.pass), ("60 Gy", 30, .pass, .pass), ("6000 cGy", 30, .pass, .pass),
        ("59.4 Gy", 33, .deviation, .deviation), ("50.4 Gy", 25, .pass, .deviation), ("60 Gy", 28, .pass, .deviation),
        ("50 Gy", 28, .deviation, .deviation),
    ])
    func regimens(dose: String, fractions: Int, totalVerdict: Verdict, regimenVerdict: Verdict) throws {
        #expect(try Self.dose(Self.course(dose, fractions)).verdict == totalVerdict)
        let judgement = try Self.fractionation(Self.course(dose, fractions))
        #expect(judgement.verdict == regimenVerdict, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("A boost recorded on its own adds to the course")
    func boost() throws {
        let events = [
            fractionatedRadiotherapy("2025-10-13", "2025-11-14", dose: .string("45 Gy"), fractions: .number("25")),
            fractionatedRadiotherapy("2025-11-17", "2025-11-19", dose: .string("5.4 Gy"), fractions: .number("3")),
        ]
        #expect(try Self.fractionation(events).verdict == .pass)
        #expect(try Self.dose(events).verdict == .pass)
    }

    @Test("Tolerances: either side of the dose and fraction limits")
    func tolerances() throws {
        let json = #"{"regimens": [{"dose": "50.4 Gy", "fractions": 28, "tolerance": "1 Gy", "fractions_tolerance": 1}]}"#
        #expect(try Self.fractionation(Self.course("51.4 Gy", 29), json).verdict == .pass)
        #expect(try Self.fractionation(Self.course("49.4 Gy", 27), json).verdict == .pass)
        #expect(try Self.fractionation(Self.course("51.5 Gy", 28), json).verdict == .deviation)
        #expect(try Self.fractionation(Self.course("50.4 Gy", 30), json).verdict == .deviation)
        #expect(try Self.dose(Self.course("51.4 Gy", 28), json).verdict == .pass)
        #expect(try Self.dose(Self.course("51.41 Gy", 28), json).verdict == .deviation)
    }

    @Test("Missing fractions are not evaluable; a partial course is indeterminate only where it matters")
    func missing() throws {
        #expect(try Self.fractionation([fractionatedRadiotherapy("2025-10-13", "2025-11-19", fractions: nil)]).verdict == .notEvaluable)
        #expect(try Self.fractionation([]).verdict == .notEvaluable)
        let open = [
            fractionatedRadiotherapy("2025-10-13", "2025-11-14", dose: .string("45 Gy"), fractions: .number("25")),
            fractionatedRadiotherapy("2026-01", "2026-01", dose: .string("5.4 Gy"), fractions: .number("3")),
        ]
        #expect(try Self.fractionation(open).verdict == .indeterminate)
    }

    @Test("Regimens exclude min/max; a regimen in mg is refused")
    func parameterProblems() {
        #expect(throws: ParameterProblem.self) { try Self.fractionation([], #"{"min": "1.8 Gy", "regimens": [{"dose": "50.4 Gy", "fractions": 28}]}"#) }
        #expect(throws: ParameterProblem.self) { try Self.dose([], #"{"regimens": [{"dose": "50 mg", "fractions": 28}]}"#) }
        #expect(throws: ParameterProblem.self) { try Self.dose([], #"{"regimens": []}"#) }
        #expect(throws: ParameterProblem.self) { try Self.fractionation([], #"{"regimens": [{"dose": "50.4 Gy", "fractions": 0}]}"#) }
    }
}

@Suite("Chemotherapy regimens: combinations with alternatives, classes and any partner")
struct ChemotherapyRegimenTests {
    static let regimens = """
        {"match_by_dates": true, "regimens": [
          {"name": "cisplatin + 5-FU", "agents": ["cisplatin", "fluorouracil"]},
          {"name": "oxaliplatin-based doublet", "agents": ["oxaliplatin", "any"]},
          {"name": "carboplatin-based doublet", "agents": ["carboplatin", "any"]}]}
        """

    static func judge(_ agents: [String], _ json: String = regimens) throws -> Judgement {
        let check = try ConcurrentRegimenCheck(parameters: parameters(ConcurrentRegimenCheck.self, json), context: testContext)
        return check.judge(patient(enrolled: "2026-01-20", [
            radiotherapy("2025-10-13", "2025-11-19"),
            regimen(phase: "concurrent", start: "2025-10-13", end: "2025-11-17", agents: agents),
        ]))
    }

    @Test("EPOC1802's concurrent chemotherapy", arguments: [
        (["cisplatin", "5-FU"], Verdict.pass), (["CDDP", "fluorouracil"], .pass), (["cisplatin", "fluorouracil", "5FU"], .pass),
        (["cisplatin", "docetaxel"], .deviation), (["oxaliplatin", "capecitabine"], .pass), (["carboplatin", "paclitaxel"], .pass),
        (["oxaliplatin", "XR-5000"], .pass), (["cisplatin", "XR-5000"], .deviation), (["cisplatin"], .deviation),
        (["cisplatin", "fluorouracil", "docetaxel"], .deviation), (["oxaliplatin", "carboplatin"], .pass),
    ])
    func epoc(agents: [String], expected: Verdict) throws {
        let judgement = try Self.judge(agents)
        #expect(judgement.verdict == expected, "\(agents): \(judgement.message)")
        expectExplained(judgement)
    }

    @Test("A platinum + a fluoropyrimidine, by class", arguments: [
        (["nedaplatin", "S-1"], Verdict.pass), (["cisplatin", "Xeloda"], .pass), (["cisplatin", "gemcitabine"], .deviation),
        (["cisplatin", "ZX-1234"], .notEvaluable), (["docetaxel", "ZX-1234"], .deviation),
    ])
    func byClass(agents: [String], expected: Verdict) throws {
        let json = #"{"regimens": [{"agents": [{"classes": ["platinum"]}, {"classes": ["fluoropyrimidine"]}]}]}"#
        let judgement = try Self.judge(agents, json)
        #expect(judgement.verdict == expected, "\(agents): \(judgement.message)")
    }

    @Test("Alternatives in one place")
    func alternatives() throws {
        let json = #"{"regimens": [{"name": "PF or CF", "agents": [["cisplatin", "carboplatin"], "fluorouracil"]}]}"#
        #expect(try Self.judge(["carboplatin", "5-FU"], json).verdict == .pass)
        #expect(try Self.judge(["oxaliplatin", "5-FU"], json).verdict == .deviation)
    }

    @Test("Regimens exclude the agent counts and classes; an unknown class is refused")
    func parameterProblems() {
        #expect(throws: ParameterProblem.self) { try Self.judge([], #"{"min_agents": 2, "regimens": [{"agents": ["cisplatin"]}]}"#) }
        #expect(throws: ParameterProblem.self) { try Self.judge([], #"{"regimens": [{"agents": [{"classes": ["platin"]}]}]}"#) }
        #expect(throws: ParameterProblem.self) { try Self.judge([], #"{"regimens": [{"agents": []}]}"#) }
    }
}

@Suite("no-study-drug by class")
struct NoStudyDrugByClassTests {
    static func judge(_ events: [Event], _ json: String = #"{"classes": ["anti-PD-1/PD-L1"]}"#) throws -> Judgement {
        try NoStudyDrugCheck(parameters: parameters(NoStudyDrugCheck.self, json), context: testContext)
            .judge(patient(enrolled: "2026-01-20", events))
    }

    @Test("A drug of the class after enrollment deviates; an unknown name there is not evaluable", arguments: [
        EventsCase("nothing given", .pass, []),
        EventsCase("a PD-1 antibody by code name", .deviation, [administration("SHR-1210", "2026-02-01")]),
        EventsCase("a PD-L1 antibody in a therapy event", .deviation, [regimen(.immunotherapy, phase: nil, start: "2026-02-01", agents: ["durvalumab"])]),
        EventsCase("another class", .pass, [administration("capecitabine", "2026-02-01")]),
        EventsCase("an unknown name after enrollment", .notEvaluable, [administration("QL1604", "2026-02-01")]),
        EventsCase("an unknown name before enrollment", .pass, [administration("QL1604", "2025-02-01")]),
    ])
    func byClass(_ item: EventsCase) throws {
        let judgement = try Self.judge(item.events)
        #expect(judgement.verdict == item.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Drugs by name still work alone; an unknown class and an empty selection are refused")
    func parameterProblems() throws {
        #expect(try Self.judge([administration("Xeloda", "2026-02-01")], #"{"drugs": ["capecitabine"]}"#).verdict == .deviation)
        #expect(throws: ParameterProblem.self) { try Self.judge([], #"{"classes": ["PD1s"]}"#) }
        #expect(throws: ParameterProblem.self) { try Self.judge([], "{}") }
    }
}
