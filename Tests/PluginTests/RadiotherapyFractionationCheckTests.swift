import BuiltinPlugins
import Testing
import TrialCheckCore
import RadiotherapyChecks

@Suite("radiotherapy-fractionation (protocol check `radiotherapy-fractionation`: 1.8-2.0 Gy per fraction)")
struct RadiotherapyFractionationCheckTests {
    static func check(_ json: String = #"{"min": "1.8 Gy", "max": "2.0 Gy"}"#) throws -> RadiotherapyFractionationCheck {
        try RadiotherapyFractionationCheck(parameters: parameters(RadiotherapyFractionationCheck.self, json), context: testContext)
    }

    static func judge(_ events: [Event], enrolled: String = "2026-01-20") throws -> Judgement {
        try check().judge(patient(enrolled: enrolled, events))
    }

    static func course(_ dose: String, _ fractions: Int, start: String = "2025-10-13", end: String = "2025-11-19", intent: String? = nil) -> Event {
        fractionatedRadiotherapy(start, end, dose: .string(dose), fractions: .number(String(fractions)), intent: intent)
    }

    @Test("One course: the inclusive limits in Gy, cGy and mGy", arguments: [
        ("50.4 Gy", 28, Verdict.pass, "1.8 Gy"),
        ("5040 cGy", 28, .pass, "1.8 Gy"),
        ("50400 mGy", 28, .pass, "1.8 Gy"),
        ("50 Gy", 25, .pass, "2 Gy"),
        ("5000 cGy", 25, .pass, "2 Gy"),
        ("60 Gy", 30, .pass, "2 Gy"),
        ("54 Gy", 30, .pass, "1.8 Gy"),
        ("50.4 Gy", 27, .pass, "1.866667 Gy"),
        ("1.8 Gy", 1, .pass, "1.8 Gy"),
        ("2 Gy", 1, .pass, "2 Gy"),
        ("180 cGy", 1, .pass, "1.8 Gy"),
        ("200 cGy", 1, .pass, "2 Gy"),
        ("1.79 Gy", 1, .deviation, "1.79 Gy"),
        ("179 cGy", 1, .deviation, "1.79 Gy"),
        ("2.01 Gy", 1, .deviation, "2.01 Gy"),
        ("201 cGy", 1, .deviation, "2.01 Gy"),
        ("50 Gy", 28, .deviation, "1.785714 Gy"),
        ("50.4 Gy", 25, .deviation, "2.016 Gy"),
        ("60 Gy", 20, .deviation, "3 Gy"),
        ("50.4 Gy", 14, .deviation, "3.6 Gy"),
    ])
    func singleCourse(_ dose: String, _ fractions: Int, _ expected: Verdict, _ perFraction: String) throws {
        let judgement = try Self.judge([Self.course(dose, fractions)])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        #expect(evidence("dose per fraction (2025-10-13..2025-11-19)", in: judgement) == perFraction)
        #expect(evidence("fractions (2025-10-13..2025-11-19)", in: judgement) == String(fractions))
        expectExplained(judgement)
    }

    @Test("Deviation messages name the event and the side of the range")
    func deviationMessage() throws {
        let above = try Self.judge([Self.course("50.4 Gy", 25)])
        #expect(above.message.contains("2025-10-13..2025-11-19"))
        #expect(above.message.contains("above"))
        #expect(above.message.contains("1.8-2 Gy per fraction"))
        #expect(try Self.judge([Self.course("50 Gy", 28)]).message.contains("below"))
    }

    @Test("Fractions written as text or as {value, unit} doses are read", arguments: [
        (Value.string("28"), Value.string("50.4 Gy"), Verdict.pass),
        (.number("28"), .map(["value": .number("5040"), "unit": .string("cGy")]), .pass),
        (.number("25"), .map(["value": .number("5040"), "unit": .string("cGy")]), .deviation),
        (.number("28.0"), .string("50.4 Gy"), .pass),
    ])
    func valueForms(_ fractions: Value, _ dose: Value, _ expected: Verdict) throws {
        let judgement = try Self.judge([fractionatedRadiotherapy("2025-10-13", "2025-11-19", dose: dose, fractions: fractions)])
        #expect(judgement.verdict == expected)
    }

    @Test("Each event of the course is judged on its own: a boost must comply too", arguments: [
        EventsCase("two conventional phases", .pass, [
            course("41.4 Gy", 23, start: "2025-10-13", end: "2025-11-12"), course("9 Gy", 5, start: "2025-11-13", end: "2025-11-19"),
        ]),
        EventsCase("45 Gy/25 and a 5.4 Gy/3 boost", .pass, [
            course("45 Gy", 25, start: "2025-10-13", end: "2025-11-14"), course("5.4 Gy", 3, start: "2025-11-17", end: "2025-11-19"),
        ]),
        EventsCase("phases in different units", .pass, [
            course("4500 cGy", 25, start: "2025-10-13", end: "2025-11-14"), course("5.4 Gy", 3, start: "2025-11-17", end: "2025-11-19"),
        ]),
        EventsCase("a hypofractionated 5.4 Gy/2 boost (course average 1.87 Gy)", .deviation, [
            course("45 Gy", 25, start: "2025-10-13", end: "2025-11-14"), course("5.4 Gy", 2, start: "2025-11-17", end: "2025-11-18"),
        ]),
        EventsCase("a low first phase", .deviation, [
            course("40 Gy", 25, start: "2025-10-13", end: "2025-11-14"), course("10 Gy", 5, start: "2025-11-17", end: "2025-11-21"),
        ]),
        EventsCase("a palliative course alongside is not judged", .pass, [
            course("50.4 Gy", 28), course("8 Gy", 1, start: "2025-12-01", end: "2025-12-01", intent: "palliative"),
        ]),
        EventsCase("radiotherapy starting on the enrollment date is not judged", .pass, [
            course("50.4 Gy", 28), course("30 Gy", 10, start: "2026-01-20", end: "2026-02-02"),
        ]),
    ])
    func perEvent(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Several failing events: the first is named and the rest counted")
    func severalFailures() throws {
        let judgement = try Self.judge([
            Self.course("30 Gy", 10, start: "2025-10-13", end: "2025-10-24"), Self.course("21 Gy", 7, start: "2025-10-27", end: "2025-11-04"),
        ])
        #expect(judgement.verdict == .deviation)
        #expect(judgement.message.contains("2025-10-13..2025-10-24"))
        #expect(judgement.message.contains("1 more"))
        #expect(evidence("dose per fraction (2025-10-27..2025-11-04)", in: judgement) == "3 Gy")
    }

    @Test("A definitive event whose partial start may fall before or after enrollment", arguments: [
        ("2025-12", Verdict.deviation),   // certainly part of the course: 10 Gy in 3 fractions breaks the limits
        ("2026-01", .indeterminate),      // part of the course only if it started before 2026-01-20
        ("2026-02", .pass),               // certainly after enrollment
    ])
    func partialStart(_ start: String, _ expected: Verdict) throws {
        let judgement = try Self.judge([
            Self.course("50.4 Gy", 28),
            fractionatedRadiotherapy(start, "2026-02-27", dose: .string("10 Gy"), fractions: .number("3"), intent: "definitive"),
        ])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("A course known only from an event that may start after enrollment is indeterminate")
    func onlyUncertainCourse() throws {
        let judgement = try Self.judge([fractionatedRadiotherapy("2026-01", "2026-02-27")])
        #expect(judgement.verdict == .indeterminate)
        expectExplained(judgement)
    }

    @Test("A certain deviation stands even when another event lacks data")
    func deviationBeforeMissing() throws {
        let judgement = try Self.judge([
            Self.course("45 Gy", 15, start: "2025-10-13", end: "2025-11-01"),
            fractionatedRadiotherapy("2025-11-03", "2025-11-07", fractions: nil),
        ])
        #expect(judgement.verdict == .deviation)
    }

    @Test("Missing or unusable data is not-evaluable, naming what is missing", arguments: [
        ("no radiotherapy", [Event](), "No definitive radiotherapy"),
        ("only palliative radiotherapy", [fractionatedRadiotherapy("2025-10-13", "2025-11-19", intent: "palliative")], "No definitive radiotherapy"),
        ("no dose", [fractionatedRadiotherapy("2025-10-13", "2025-11-19", dose: nil)], "no dose"),
        ("no fractions", [fractionatedRadiotherapy("2025-10-13", "2025-11-19", fractions: nil)], "no number of fractions"),
        ("0 fractions", [fractionatedRadiotherapy("2025-10-13", "2025-11-19", fractions: .number("0"))], "'0'"),
        ("negative fractions", [fractionatedRadiotherapy("2025-10-13", "2025-11-19", fractions: .number("-28"))], "'-28'"),
        ("fractional fractions", [fractionatedRadiotherapy("2025-10-13", "2025-11-19", fractions: .number("27.5"))], "'27.5'"),
        ("fractions in words", [fractionatedRadiotherapy("2025-10-13", "2025-11-19", fractions: .string("many"))], "'many'"),
        ("null fractions", [fractionatedRadiotherapy("2025-10-13", "2025-11-19", fractions: .null)], "'null'"),
        ("dose in mg", [fractionatedRadiotherapy("2025-10-13", "2025-11-19", dose: .string("50.4 mg"))], "'mg'"),
        ("dose without unit", [fractionatedRadiotherapy("2025-10-13", "2025-11-19", dose: .number("50.4"))], "'50.4'"),
        ("one phase without fractions", [
            course("41.4 Gy", 23, start: "2025-10-13", end: "2025-11-12"),
            fractionatedRadiotherapy("2025-11-13", "2025-11-19", dose: .string("9 Gy"), fractions: nil),
        ], "2025-11-13..2025-11-19"),
        ("an uncertain event without fractions", [
            course("50.4 Gy", 28), fractionatedRadiotherapy("2026-01", "2026-02-27", fractions: nil),
        ], "fractions"),
    ])
    func notEvaluable(_ label: String, _ events: [Event], _ named: String) throws {
        let judgement = try Self.judge(events)
        #expect(judgement.verdict == .notEvaluable, "\(label)")
        #expect(judgement.message.contains(named), "\(label): \(judgement.message)")
        expectExplained(judgement)
    }

    @Test("One-sided limits, and the dose per fraction reported in the unit of the limits")
    func otherLimits() throws {
        let atMost = try Self.check(#"{"max": "2 Gy"}"#)
        #expect(atMost.judge(patient(enrolled: "2026-01-20", [Self.course("30 Gy", 30)])).verdict == .pass)
        #expect(atMost.judge(patient(enrolled: "2026-01-20", [Self.course("30 Gy", 10)])).verdict == .deviation)
        let inCentigray = try Self.check(#"{"min": "180 cGy", "max": {"value": 200, "unit": "cGy"}}"#)
        let judgement = inCentigray.judge(patient(enrolled: "2026-01-20", [Self.course("50.4 Gy", 28)]))
        #expect(judgement.verdict == .pass)
        #expect(evidence("dose per fraction (2025-10-13..2025-11-19)", in: judgement) == "180 cGy")
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{}"#, nil as String?),
        (#"{"min": "1.8 mg", "max": "2 Gy"}"#, "min"),
        (#"{"min": "1.8 Gy", "max": "2 Sv"}"#, "max"),
        (#"{"min": "2 Gy", "max": "1.8 Gy"}"#, "min"),
        (#"{"min": "201 cGy", "max": "2 Gy"}"#, "min"),
        (#"{"min": "0 Gy", "max": "2 Gy"}"#, "min"),
        (#"{"max": "-2 Gy"}"#, "max"),
    ])
    func invalidParameters(_ json: String, _ parameter: String?) throws {
        let decoded = try parameters(RadiotherapyFractionationCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try RadiotherapyFractionationCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
    }

    @Test("Equal limits in mixed units form a one-point range")
    func equalLimits() throws {
        let decoded = try parameters(RadiotherapyFractionationCheck.self, #"{"min": "180 cGy", "max": "1.8 Gy"}"#)
        #expect(throws: Never.self) { try RadiotherapyFractionationCheck(parameters: decoded, context: testContext) }
    }

    @Test("A limit without a unit fails to decode")
    func unitlessLimit() {
        #expect(throws: DecodingError.self) { try parameters(RadiotherapyFractionationCheck.self, #"{"min": 1.8}"#) }
    }

    @Test("The kind is registered and builds from JSON parameters")
    func registered() throws {
        let kind = try #require(BuiltinPlugins.kinds.first { $0.identifier == "radiotherapy-fractionation" })
        let check = try kind.instantiate(parameters: JSONParameters(json: #"{"min": "1.8 Gy", "max": "2.0 Gy"}"#), context: testContext)
        #expect(check.judge(patient(enrolled: "2026-01-20", [Self.course("50.4 Gy", 28)])).verdict == .pass)
    }
}
