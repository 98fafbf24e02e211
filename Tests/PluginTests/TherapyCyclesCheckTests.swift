import BuiltinPlugins
import Testing
import TrialCheckCore
import RegimenChecks

@Suite("therapy-cycles (protocol check `induction-cycles`: at most 4 cycles of induction chemotherapy)")
struct TherapyCyclesCheckTests {
    static let atMostFour = #"{"phase": "induction", "max": 4}"#

    static func check(_ json: String = atMostFour) throws -> TherapyCyclesCheck {
        try TherapyCyclesCheck(parameters: parameters(TherapyCyclesCheck.self, json), context: testContext)
    }

    static func judge(_ events: [Event], json: String = atMostFour) throws -> Judgement {
        try check(json).judge(patient(enrolled: "2026-01-20", events))
    }

    static func induction(_ cycles: Value?, start: String? = "2025-08-20", end: String? = "2025-09-30", agents: [String] = ["paclitaxel", "cisplatin"], phase: String? = "induction", type: EventType = .chemotherapy) -> Event {
        regimen(type, phase: phase, start: start, end: end, agents: agents, cycles: cycles)
    }

    @Test("One induction regimen: the limit of 4 cycles", arguments: [
        (0, Verdict.pass),
        (1, .pass),
        (3, .pass),
        (4, .pass),
        (5, .deviation),
        (8, .deviation),
    ])
    func single(_ cycles: Int, _ expected: Verdict) throws {
        let judgement = try Self.judge([Self.induction(.number(String(cycles)))])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        #expect(evidence("total induction cycles", in: judgement) == String(cycles))
        expectExplained(judgement)
        if expected == .deviation { #expect(judgement.message.contains("above the allowed at most 4 cycles")) }
    }

    @Test("Cycles add up over regimens with different dates; identical dates are one regimen", arguments: [
        EventsCase("2 + 2 cycles, different dates", .pass, [
            induction(.number("2"), start: "2025-06-02", end: "2025-07-10"), induction(.number("2"), start: "2025-07-28", end: "2025-09-01"),
        ]),
        EventsCase("3 + 2 cycles, different dates", .deviation, [
            induction(.number("3"), start: "2025-05-05", end: "2025-07-10"), induction(.number("2"), start: "2025-07-28", end: "2025-09-01"),
        ]),
        EventsCase("one record per agent, 4 cycles each, same dates: 4 cycles", .pass, [
            induction(.number("4"), agents: ["paclitaxel"]), induction(.number("4"), agents: ["cisplatin"]),
        ]),
        EventsCase("one record per agent, 3 and 4 cycles, same dates: the larger, 4", .pass, [
            induction(.number("3"), agents: ["paclitaxel"]), induction(.number("4"), agents: ["cisplatin"]),
        ]),
        EventsCase("one record per agent, 5 cycles, same dates", .deviation, [
            induction(.number("5"), agents: ["paclitaxel"]), induction(.number("5"), agents: ["cisplatin"]),
        ]),
        EventsCase("same start, different end: two regimens", .deviation, [
            induction(.number("3"), end: "2025-09-30", agents: ["paclitaxel"]), induction(.number("2"), end: "2025-09-10", agents: ["cisplatin"]),
        ]),
        EventsCase("same partial dates are one regimen", .pass, [
            induction(.number("3"), start: "2025-08", end: "2025-09", agents: ["paclitaxel"]), induction(.number("3"), start: "2025-08", end: "2025-09", agents: ["cisplatin"]),
        ]),
        EventsCase("undated records are never merged", .deviation, [
            induction(.number("3"), start: nil, end: nil, agents: ["paclitaxel"]), induction(.number("3"), start: nil, end: nil, agents: ["cisplatin"]),
        ]),
        EventsCase("an undated 4-cycle record counts", .pass, [induction(.number("4"), start: nil, end: nil)]),
    ])
    func totals(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Only the phase, types and time asked for count", arguments: [
        EventsCase("no chemotherapy at all: 0 cycles", .pass, []),
        EventsCase("concurrent and adjuvant cycles do not count", .pass, [
            induction(.number("6"), start: "2025-10-13", end: "2025-11-17", phase: "concurrent"), induction(.number("6"), start: "2019-01-01", end: "2019-06-01", phase: "adjuvant"),
        ]),
        EventsCase("phase written 'Induction'", .deviation, [induction(.number("5"), phase: "Induction")]),
        EventsCase("induction immunotherapy is not chemotherapy", .pass, [induction(.number("6"), agents: ["camrelizumab"], type: .immunotherapy)]),
        EventsCase("induction starting on the enrollment date does not count", .pass, [induction(.number("6"), start: "2026-01-20", end: "2026-04-01")]),
        EventsCase("induction starting the day before enrollment counts", .deviation, [induction(.number("6"), start: "2026-01-19", end: "2026-04-01")]),
    ])
    func selection(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("No induction recorded passes with 0 cycles, and says so")
    func none() throws {
        let judgement = try Self.judge([])
        #expect(judgement.verdict == .pass)
        #expect(judgement.message.contains("No induction chemotherapy is recorded before enrollment (0 cycles)"))
        #expect(evidence("total induction cycles", in: judgement) == "0")
    }

    @Test("Missing or unusable cycles are not-evaluable, naming the event", arguments: [
        ("no cycles", nil as Value?, "no number of cycles"),
        ("2.5 cycles", .number("2.5"), "'2.5'"),
        ("negative cycles", .number("-1"), "'-1'"),
        ("cycles in words", .string("two"), "'two'"),
        ("null cycles", .null, "'null'"),
    ])
    func notEvaluable(_ label: String, _ cycles: Value?, _ named: String) throws {
        let judgement = try Self.judge([Self.induction(.number("1"), start: "2025-05-01", end: "2025-05-22"), Self.induction(cycles)])
        #expect(judgement.verdict == .notEvaluable, "\(label)")
        #expect(judgement.message.contains(named), "\(label): \(judgement.message)")
        #expect(judgement.message.contains("2025-08-20..2025-09-30"), "\(label): \(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Unrecorded cycles cannot undo a total already above the limit", arguments: [
        EventsCase("5 cycles and another regimen without cycles", .deviation, [
            induction(.number("5"), start: "2025-05-01", end: "2025-07-01"), induction(nil),
        ]),
        EventsCase("4 cycles and another regimen without cycles", .notEvaluable, [
            induction(.number("4"), start: "2025-05-01", end: "2025-07-01"), induction(nil),
        ]),
        EventsCase("one record per agent, 5 cycles on one and none on the other", .deviation, [
            induction(.number("5"), agents: ["paclitaxel"]), induction(nil, agents: ["cisplatin"]),
        ]),
        EventsCase("one record per agent, 2 cycles on one and none on the other", .notEvaluable, [
            induction(.number("2"), agents: ["paclitaxel"]), induction(nil, agents: ["cisplatin"]),
        ]),
        EventsCase("5 induction cycles and a phase-less event without cycles", .deviation, [
            induction(.number("5")), induction(nil, start: "2025-10-13", end: "2025-11-17", phase: nil),
        ]),
    ])
    func unrecordedCycles(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        // With the phase-less event left out, the members alone total 5: that reading's message stands.
        if input.expected == .deviation && !input.label.contains("phase-less") {
            #expect(judgement.message.contains("at least 5 cycles"))
            #expect(evidence("total induction cycles", in: judgement) == "at least 5")
        }
        expectExplained(judgement)
    }

    @Test("An event without a phase is not-evaluable only where it would change the verdict", arguments: [
        EventsCase("2 induction + 2 phase-less: 2 or 4, both pass", .pass, [
            induction(.number("2")), induction(.number("2"), start: "2025-10-13", end: "2025-11-17", phase: nil),
        ]),
        EventsCase("3 induction + 2 phase-less: 3 or 5", .notEvaluable, [
            induction(.number("3")), induction(.number("2"), start: "2025-10-13", end: "2025-11-17", phase: nil),
        ]),
        EventsCase("a phase-less event without cycles", .notEvaluable, [
            induction(.number("2")), induction(nil, start: "2025-10-13", end: "2025-11-17", phase: nil),
        ]),
        EventsCase("phase-less chemotherapy after enrollment is study treatment", .pass, [
            induction(.number("4")), induction(nil, start: "2026-01-22", end: nil, agents: ["capecitabine"], phase: nil),
        ]),
    ])
    func phaseless(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        if input.expected == .notEvaluable { #expect(judgement.message.contains("no phase")) }
        expectExplained(judgement)
    }

    @Test("Partial start dates around enrollment", arguments: [
        ("2025-12", Verdict.deviation),   // certainly before enrollment: 3 + 2 cycles
        ("2026-01", .indeterminate),      // 3 or 5 cycles
        ("2026-02", .pass),               // certainly after: 3 cycles
    ])
    func partialStart(_ start: String, _ expected: Verdict) throws {
        let judgement = try Self.judge([Self.induction(.number("3")), Self.induction(.number("2"), start: start, end: "2026-03-01", agents: ["docetaxel"])])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("More open events than can be enumerated leave the verdict open")
    func tooManyOpenEvents() throws {
        let open = (1...11).map { index in Self.induction(.number("0"), start: "2026-01", end: "2026-03-01", agents: ["agent \(index)"]) }
        let judgement = try Self.judge([Self.induction(.number("1"))] + open)
        #expect(judgement.verdict == .indeterminate)
        expectExplained(judgement)
    }

    @Test("Other limits and types", arguments: [
        (#"{"phase": "induction", "min": 2, "max": 4}"#, [1], Verdict.deviation),
        (#"{"phase": "induction", "min": 2, "max": 4}"#, [2], .pass),
        (#"{"phase": "induction", "min": 2}"#, [6], .pass),
        (#"{"phase": "induction", "min": 1}"#, [], .deviation),
        (#"{"phase": "induction", "min": 0}"#, [], .pass),
        (#"{"phase": "induction", "min": 2, "max": 2}"#, [2], .pass),
        (#"{"phase": "Consolidation", "max": 2}"#, [], .pass),
    ])
    func otherLimits(_ json: String, _ cycles: [Int], _ expected: Verdict) throws {
        let events = cycles.map { Self.induction(.number(String($0))) }
        let judgement = try Self.judge(events, json: json)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        if expected == .deviation && cycles.first.map({ $0 < 2 }) ?? true { #expect(judgement.message.contains("below")) }
        expectExplained(judgement)
    }

    @Test("Several types count together, one regimen across types when the dates match")
    func types() throws {
        let json = #"{"phase": "induction", "max": 4, "types": ["chemotherapy", "Immunotherapy"]}"#
        let together = try Self.judge([Self.induction(.number("4")), Self.induction(.number("4"), agents: ["camrelizumab"], type: .immunotherapy)], json: json)
        #expect(together.verdict == .pass, "\(together.message)")
        let apart = try Self.judge([Self.induction(.number("4")), Self.induction(.number("1"), start: "2025-10-01", end: "2025-10-01", agents: ["camrelizumab"], type: .immunotherapy)], json: json)
        #expect(apart.verdict == .deviation, "\(apart.message)")
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{"phase": "induction"}"#, nil as String?),
        (#"{"phase": " ", "max": 4}"#, "phase"),
        (#"{"phase": "induction", "min": -1}"#, "min"),
        (#"{"phase": "induction", "max": -1}"#, "max"),
        (#"{"phase": "induction", "min": 5, "max": 4}"#, "min"),
        (#"{"phase": "induction", "max": 4, "types": []}"#, "types"),
        (#"{"phase": "induction", "max": 4, "types": [""]}"#, "types"),
    ])
    func invalidParameters(_ json: String, _ parameter: String?) throws {
        let decoded = try parameters(TherapyCyclesCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try TherapyCyclesCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
    }

    @Test("A missing phase or a non-integer limit fails to decode")
    func decoding() {
        #expect(throws: DecodingError.self) { try parameters(TherapyCyclesCheck.self, #"{"max": 4}"#) }
        #expect(throws: DecodingError.self) { try parameters(TherapyCyclesCheck.self, #"{"phase": "induction", "max": "four"}"#) }
    }

    @Test("The kind is registered and builds from JSON parameters")
    func registered() throws {
        let kind = try #require(BuiltinPlugins.kinds.first { $0.identifier == "therapy-cycles" })
        let check = try kind.instantiate(parameters: JSONParameters(json: Self.atMostFour), context: testContext)
        #expect(check.judge(patient(enrolled: "2026-01-20", [Self.induction(.number("2"))])).verdict == .pass)
    }
}
