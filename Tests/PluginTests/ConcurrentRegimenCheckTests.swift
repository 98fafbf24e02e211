import BuiltinPlugins
import Testing
import TrialCheckCore
import RegimenChecks

@Suite("concurrent-regimen (protocol check `concurrent-chemotherapy`: a platinum or taxane doublet)")
struct ConcurrentRegimenCheckTests {
    static let doublet = """
        {"min_agents": 2, "max_agents": 2, "require": "any", "required_classes": {
          "platinum": ["cisplatin", "carboplatin", "nedaplatin", "oxaliplatin", "lobaplatin"],
          "taxane": ["paclitaxel", "nab-paclitaxel", "docetaxel"]}}
        """
    static let byDates = doublet.replacingOccurrences(of: #""require": "any""#, with: #""require": "any", "match_by_dates": true"#)

    static func check(_ json: String = doublet) throws -> ConcurrentRegimenCheck {
        try ConcurrentRegimenCheck(parameters: parameters(ConcurrentRegimenCheck.self, json), context: testContext)
    }

    /// The definitive course 2025-10-13..2025-11-19; enrollment 2026-01-20.
    static let course = radiotherapy("2025-10-13", "2025-11-19", intent: "definitive")

    static func judge(_ events: [Event], json: String = doublet) throws -> Judgement {
        try check(json).judge(patient(enrolled: "2026-01-20", [course] + events))
    }

    static func concurrent(_ agents: [String], start: String? = "2025-10-13", end: String? = "2025-11-17") -> Event {
        regimen(phase: "concurrent", start: start, end: end, agents: agents)
    }

    @Test("Agents of one concurrent event: a doublet with a platinum or a taxane", arguments: [
        (["paclitaxel", "cisplatin"], Verdict.pass),
        (["cisplatin", "5-FU"], .pass),
        (["carboplatin", "paclitaxel"], .pass),
        (["nedaplatin", "docetaxel"], .pass),
        (["lobaplatin", "5-FU"], .pass),
        (["oxaliplatin", "capecitabine"], .pass),
        (["nab-paclitaxel", "S-1"], .pass),
        (["docetaxel", "capecitabine"], .pass),
        ([" CISPLATIN ", "5-fu"], .pass),
        (["Paclitaxel", "Cisplatin"], .pass),
        (["cisplatin"], .deviation),
        (["paclitaxel"], .deviation),
        (["cisplatin", "Cisplatin"], .deviation),
        (["paclitaxel", "cisplatin", "5-FU"], .deviation),
        (["capecitabine", "S-1"], .deviation),
        (["5-FU"], .deviation),
        (["cis-platinum", "5-FU"], .deviation),
    ])
    func agents(_ agents: [String], _ expected: Verdict) throws {
        let judgement = try Self.judge([Self.concurrent(agents)])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        #expect(evidence("concurrent agents", in: judgement) != nil)
    }

    @Test("Deviation messages say what is wrong")
    func messages() throws {
        #expect(try Self.judge([Self.concurrent(["cisplatin"])]).message.contains("has 1 agent"))
        #expect(try Self.judge([Self.concurrent(["paclitaxel", "cisplatin", "5-FU"])]).message.contains("has 3 agents"))
        let noClass = try Self.judge([Self.concurrent(["capecitabine", "S-1"])])
        #expect(noClass.message.contains("has no platinum or taxane agent"))
        #expect(noClass.message.contains("exactly 2 agents with a platinum or taxane agent"))
        #expect(!noClass.message.contains("has 2 agents"))
        let both = try Self.judge([Self.concurrent(["5-FU"])])
        #expect(both.message.contains("has 1 agent and has no platinum or taxane agent"))
        let pass = try Self.judge([Self.concurrent(["paclitaxel", "cisplatin"])])
        #expect(evidence("agent classes", in: pass) == "platinum: cisplatin; taxane: paclitaxel")
    }

    @Test("The regimen is the union of the agents of every concurrent event", arguments: [
        EventsCase("one event per agent", .pass, [concurrent(["paclitaxel"]), concurrent(["cisplatin"])]),
        EventsCase("weekly records of the same doublet", .pass, [
            concurrent(["paclitaxel", "cisplatin"], start: "2025-10-13", end: "2025-10-13"),
            concurrent(["Paclitaxel", "cisplatin"], start: "2025-10-20", end: "2025-10-20"),
        ]),
        EventsCase("cisplatin replaced by carboplatin mid-course counts three agents", .deviation, [
            concurrent(["paclitaxel", "cisplatin"], end: "2025-10-24"), concurrent(["paclitaxel", "carboplatin"], start: "2025-10-27"),
        ]),
        EventsCase("induction agents are not concurrent", .deviation, [
            regimen(phase: "induction", start: "2025-08-20", end: "2025-09-30", agents: ["docetaxel"]), concurrent(["cisplatin"]),
        ]),
        EventsCase("concurrent immunotherapy is not chemotherapy", .deviation, [
            concurrent(["cisplatin"]), regimen(.immunotherapy, phase: "concurrent", start: "2025-10-13", agents: ["camrelizumab"]),
        ]),
        EventsCase("an undated concurrent event counts on the strength of its phase", .pass, [concurrent(["paclitaxel", "cisplatin"], start: nil, end: nil)]),
        EventsCase("phase written 'Concurrent'", .pass, [regimen(phase: "Concurrent", start: "2025-10-13", agents: ["paclitaxel", "cisplatin"])]),
        EventsCase("a concurrent event starting after enrollment is not part of it", .pass, [
            concurrent(["paclitaxel", "cisplatin"]), concurrent(["5-FU"], start: "2026-02-01", end: "2026-03-01"),
        ]),
    ])
    func union(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("No chemotherapy at all is not-evaluable; chemotherapy but none concurrent is a deviation", arguments: [
        EventsCase("no chemotherapy", .notEvaluable, []),
        EventsCase("chemotherapy only after enrollment", .notEvaluable, [regimen(phase: nil, start: "2026-01-22", agents: ["capecitabine"])]),
        EventsCase("only concurrent immunotherapy", .notEvaluable, [regimen(.immunotherapy, phase: "concurrent", start: "2025-10-13", agents: ["toripalimab"])]),
        EventsCase("induction chemotherapy only", .deviation, [regimen(phase: "induction", start: "2025-08-20", end: "2025-09-30", agents: ["paclitaxel", "cisplatin"])]),
        EventsCase("adjuvant chemotherapy only", .deviation, [regimen(phase: "adjuvant", start: "2019-03-01", agents: ["capecitabine"])]),
        EventsCase("a concurrent event without agents", .notEvaluable, [concurrent([])]),
    ])
    func presence(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Unrecorded agents cannot undo too many recorded ones", arguments: [
        EventsCase("a triplet and an event without agents", .deviation, [concurrent(["paclitaxel", "cisplatin", "5-FU"]), concurrent([])]),
        EventsCase("a doublet and an event without agents", .notEvaluable, [concurrent(["paclitaxel", "cisplatin"]), concurrent([])]),
        EventsCase("one agent and an event without agents", .notEvaluable, [concurrent(["cisplatin"]), concurrent([])]),
    ])
    func unrecordedAgents(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        #expect(judgement.message.contains(input.expected == .deviation ? "at least 3 agents" : "has no agents recorded"))
        expectExplained(judgement)
    }

    @Test("Without matching by dates, an event without a phase is not-evaluable where it matters", arguments: [
        EventsCase("only a phase-less doublet", .notEvaluable, [regimen(phase: nil, start: "2025-10-13", end: "2025-11-17", agents: ["paclitaxel", "cisplatin"])]),
        EventsCase("a phase-less third agent", .notEvaluable, [concurrent(["paclitaxel", "cisplatin"]), regimen(phase: nil, start: "2025-10-13", agents: ["5-FU"])]),
        EventsCase("a phase-less record of an agent already counted", .pass, [concurrent(["paclitaxel", "cisplatin"]), regimen(phase: nil, start: "2025-10-13", agents: ["cisplatin"])]),
        EventsCase("a phase-less single agent alongside a single concurrent agent", .notEvaluable, [concurrent(["cisplatin"]), regimen(phase: nil, start: "2025-10-13", agents: ["paclitaxel"])]),
        EventsCase("phase-less chemotherapy after enrollment is study treatment", .pass, [concurrent(["paclitaxel", "cisplatin"]), regimen(phase: nil, start: "2026-01-22", agents: ["capecitabine"])]),
    ])
    func phaseless(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        if input.expected == .notEvaluable {
            #expect(judgement.message.contains("no phase"))
        }
        expectExplained(judgement)
    }

    @Test("Matching by dates: a phase-less event is concurrent when it shares a day with the course (2025-10-13..2025-11-19)", arguments: [
        ("2025-10-13", "2025-11-17" as String?, Verdict.pass),
        ("2025-09-01", "2025-10-13", .pass),       // ends on the first day of radiotherapy
        ("2025-11-19", "2025-12-10", .pass),       // starts on the last day of radiotherapy
        ("2025-11-01", nil, .pass),                // ongoing, started during radiotherapy
        ("2025-09-01", "2025-10-12", .deviation),  // ends the day before: induction in all but name
        ("2025-11-20", "2025-12-10", .deviation),  // starts the day after
        ("2025-11", "2025-12", .indeterminate),    // may start after the last fraction
        ("2025-09", "2025-10", .indeterminate),    // may end before the first fraction
        ("2025-10", "2025-10", .indeterminate),    // may run 2025-10-01..2025-10-05, before the course
    ])
    func byDates(_ start: String, _ end: String?, _ expected: Verdict) throws {
        let event = regimen(phase: nil, start: start, end: end, agents: ["paclitaxel", "cisplatin"])
        let induction = regimen(phase: "induction", start: "2025-06-01", end: "2025-07-30", agents: ["docetaxel"])
        let judgement = try Self.judge([induction, event], json: Self.byDates)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Matching by dates needs dates and a course", arguments: [
        EventsCase("a phase-less event without dates", .notEvaluable, [regimen(phase: nil, start: nil, agents: ["paclitaxel", "cisplatin"])]),
    ])
    func byDatesMissing(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events, json: Self.byDates)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        #expect(judgement.message.contains("neither a phase nor dates"))
        let noCourse = try Self.check(Self.byDates).judge(patient(enrolled: "2026-01-20", [
            regimen(phase: nil, start: "2025-10-13", end: "2025-11-17", agents: ["paclitaxel", "cisplatin"]),
        ]))
        #expect(noCourse.verdict == .notEvaluable)
        #expect(noCourse.message.contains("no definitive radiotherapy"))
        expectExplained(noCourse)
    }

    @Test("Matching by dates with a course event that may start after enrollment")
    func byDatesUncertainCourse() throws {
        let check = try Self.check(Self.byDates)
        let judgement = check.judge(patient(enrolled: "2026-01-20", [
            radiotherapy("2026-01", "2026-02-27", intent: "definitive"),
            regimen(phase: nil, start: "2026-01-05", end: "2026-01-15", agents: ["paclitaxel", "cisplatin"]),
        ]))
        #expect(judgement.verdict == .indeterminate, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Partial start dates of concurrent events: decided only when every reading agrees", arguments: [
        EventsCase("a doublet, and a third agent that may follow enrollment", .indeterminate, [
            concurrent(["paclitaxel", "cisplatin"]), concurrent(["5-FU"], start: "2026-01", end: "2026-02-10"),
        ]),
        EventsCase("a doublet, and an agent already counted that may follow enrollment", .pass, [
            concurrent(["paclitaxel", "cisplatin"]), concurrent(["cisplatin"], start: "2026-01", end: "2026-02-10"),
        ]),
        EventsCase("one agent, and two that may follow enrollment: 1 and 3 fail but 2 passes", .indeterminate, [
            concurrent(["cisplatin"]), concurrent(["paclitaxel"], start: "2026-01", end: "2026-02-10"), concurrent(["5-FU"], start: "2026-01", end: "2026-02-10"),
        ]),
        EventsCase("a triplet whatever the uncertain event holds", .deviation, [
            concurrent(["paclitaxel", "cisplatin", "5-FU"]), concurrent(["capecitabine"], start: "2026-01", end: "2026-02-10"),
        ]),
        EventsCase("an uncertain event without agents where it matters", .notEvaluable, [
            concurrent(["cisplatin"]), concurrent([], start: "2026-01", end: "2026-02-10"),
        ]),
    ])
    func partialDates(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
        if input.expected == .indeterminate {
            #expect(judgement.message.contains("may have started on or after enrollment"))
            #expect(judgement.evidence.contains { $0.name.hasPrefix("possibly included") })
        }
    }

    @Test("require: all needs an agent of every class", arguments: [
        (["paclitaxel", "cisplatin"], Verdict.pass),
        (["docetaxel", "nedaplatin"], .pass),
        (["cisplatin", "5-FU"], .deviation),
        (["paclitaxel", "5-FU"], .deviation),
    ])
    func requireAll(_ agents: [String], _ expected: Verdict) throws {
        let json = Self.doublet.replacingOccurrences(of: #""require": "any""#, with: #""require": "all""#)
        let judgement = try Self.judge([Self.concurrent(agents)], json: json)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        if expected == .deviation {
            #expect(judgement.message.contains(agents.contains("cisplatin") ? "has no taxane agent" : "has no platinum agent"))
        }
    }

    @Test("Other limits and types", arguments: [
        (#"{}"#, ["capecitabine"], [EventType.chemotherapy], Verdict.pass),
        (#"{"min_agents": 2}"#, ["paclitaxel", "cisplatin", "5-FU"], [.chemotherapy], .pass),
        (#"{"min_agents": 2}"#, ["cisplatin"], [.chemotherapy], .deviation),
        (#"{"max_agents": 1}"#, ["cisplatin"], [.chemotherapy], .pass),
        (#"{"max_agents": 1}"#, ["paclitaxel", "cisplatin"], [.chemotherapy], .deviation),
        (#"{"min_agents": 2, "max_agents": 3}"#, ["paclitaxel", "cisplatin", "5-FU"], [.chemotherapy], .pass),
        (#"{"min_agents": 2, "types": ["chemotherapy", "Immunotherapy"]}"#, ["cisplatin"], [.chemotherapy, .immunotherapy], .pass),
        (#"{"min_agents": 2, "types": ["immunotherapy"]}"#, ["camrelizumab"], [.immunotherapy], .deviation),
    ])
    func otherLimits(_ json: String, _ agents: [String], _ types: [EventType], _ expected: Verdict) throws {
        let events = types.enumerated().map { index, type in
            regimen(type, phase: "concurrent", start: "2025-10-13", end: "2025-11-17", agents: index == 0 ? agents : ["camrelizumab"])
        }
        let judgement = try Self.judge(events, json: json)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{"min_agents": -1}"#, "min_agents"),
        (#"{"max_agents": 0}"#, "max_agents"),
        (#"{"min_agents": 3, "max_agents": 2}"#, "min_agents"),
        (#"{"required_classes": {}}"#, "required_classes"),
        (#"{"required_classes": {"platinum": []}}"#, "required_classes"),
        (#"{"required_classes": {"platinum": ["cisplatin", " "]}}"#, "required_classes"),
        (#"{"required_classes": {" ": ["cisplatin"]}}"#, "required_classes"),
        (#"{"require": "all"}"#, "require"),
        (#"{"types": []}"#, "types"),
        (#"{"types": [""]}"#, "types"),
    ])
    func invalidParameters(_ json: String, _ parameter: String) throws {
        let decoded = try parameters(ConcurrentRegimenCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try ConcurrentRegimenCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
        #expect(problem?.message.isEmpty == false)
    }

    @Test("An unknown 'require' value fails to decode, suggesting the closest")
    func requireValue() throws {
        let error = #expect(throws: DecodingError.self) {
            try parameters(ConcurrentRegimenCheck.self, #"{"required_classes": {"platinum": ["cisplatin"]}, "require": "al"}"#)
        }
        #expect("\(String(describing: error))".contains("did you mean 'all'"))
    }

    @Test("The kind is registered and builds from JSON parameters")
    func registered() throws {
        let kind = try #require(BuiltinPlugins.kinds.first { $0.identifier == "concurrent-regimen" })
        let check = try kind.instantiate(parameters: JSONParameters(json: Self.byDates), context: testContext)
        let judgement = check.judge(patient(enrolled: "2026-01-20", [Self.course, Self.concurrent(["paclitaxel", "cisplatin"])]))
        #expect(judgement.verdict == .pass)
    }
}
