import Testing
import TrialCheckCore
import RadiotherapyChecks

@Suite("radiotherapy-dose (protocol check `radiotherapy-dose`: 50-50.4 Gy)")
struct RadiotherapyDoseCheckTests {
    static func check(_ json: String = #"{"min": "50 Gy", "max": "50.4 Gy"}"#) throws -> RadiotherapyDoseCheck {
        try RadiotherapyDoseCheck(parameters: parameters(RadiotherapyDoseCheck.self, json), context: testContext)
    }

    static func judge(_ events: [Event], enrolled: String = "2026-01-20") throws -> Judgement {
        try check().judge(patient(enrolled: enrolled, events))
    }

    @Test("One definitive course: the inclusive boundaries in Gy, cGy and mGy", arguments: [
        ("50 Gy", Verdict.pass),
        ("50.4 Gy", .pass),
        ("5040 cGy", .pass),
        ("5040cGy", .pass),
        ("5000 cGy", .pass),
        ("50400 mGy", .pass),
        ("50.2 Gy", .pass),
        ("50.4 gy", .pass),
        ("5041 cGy", .deviation),
        ("49.99 Gy", .deviation),
        ("4999 cGy", .deviation),
        ("50.41 Gy", .deviation),
        ("60 Gy", .deviation),
        ("41.4 Gy", .deviation),
        ("0 Gy", .deviation),
    ])
    func singleCourse(_ dose: String, _ expected: Verdict) throws {
        let judgement = try Self.judge([radiotherapy("2025-10-13", "2025-11-19", dose: .string(dose))])
        #expect(judgement.verdict == expected)
        expectExplained(judgement)
        #expect(judgement.evidence.contains { $0.value == Quantity(parsing: dose)!.description })
    }

    @Test("A dose written as {value, unit}")
    func structuredDose() throws {
        let pass = try Self.judge([radiotherapy("2025-10-13", "2025-11-19", dose: .map(["value": .number("5040"), "unit": .string("cGy")]))])
        #expect(pass.verdict == .pass)
        let over = try Self.judge([radiotherapy("2025-10-13", "2025-11-19", dose: .map(["value": .number("5041"), "unit": .string("cGy")]))])
        #expect(over.verdict == .deviation)
    }

    @Test("The dose is summed over every definitive event of the course", arguments: [
        (["41.4 Gy", "9 Gy"], Verdict.pass),
        (["4140 cGy", "9 Gy"], .pass),
        (["25.2 Gy", "2520 cGy"], .pass),
        (["20 Gy", "20 Gy", "10.4 Gy"], .pass),
        (["45 Gy", "5 Gy"], .pass),
        (["45 Gy", "5.41 Gy"], .deviation),
        (["4500 cGy", "541 cGy"], .deviation),
        (["25 Gy", "24.99 Gy"], .deviation),
        (["50.4 Gy", "10 Gy"], .deviation),
    ])
    func sumOverCourse(_ doses: [String], _ expected: Verdict) throws {
        let starts = ["2025-10-13", "2025-10-27", "2025-11-10"]
        let ends = ["2025-10-24", "2025-11-07", "2025-11-19"]
        let events = doses.enumerated().map { index, dose in
            radiotherapy(starts[index], ends[index], dose: .string(dose), intent: index == 0 ? "definitive" : nil)
        }
        let judgement = try Self.judge(events)
        #expect(judgement.verdict == expected)
        #expect(evidence("total dose", in: judgement) != nil)
        expectExplained(judgement)
    }

    @Test("Non-definitive radiotherapy is not part of the course", arguments: ["palliative", "Palliative", "adjuvant", "salvage"])
    func nonDefinitiveExcluded(_ intent: String) throws {
        let judgement = try Self.judge([
            radiotherapy("2025-10-13", "2025-11-19", dose: .string("50.4 Gy"), intent: "definitive"),
            radiotherapy("2025-12-01", "2025-12-05", dose: .string("8 Gy"), intent: intent),
        ])
        #expect(judgement.verdict == .pass)
    }

    @Test("Radiotherapy starting on or after the enrollment date is not part of the course", arguments: ["2026-01-20", "2026-01-21", "2026-03-01"])
    func laterRadiotherapyExcluded(_ start: String) throws {
        let judgement = try Self.judge([
            radiotherapy("2025-10-13", "2025-11-19", dose: .string("50.4 Gy")),
            radiotherapy(start, "2026-04-01", dose: .string("10 Gy"), intent: "definitive"),
        ])
        #expect(judgement.verdict == .pass)
    }

    @Test("A definitive event whose partial start may fall before or after enrollment leaves the total open", arguments: [
        ("2025-12", Verdict.deviation),      // certainly before enrollment: 50.4 + 10 Gy
        ("2026-01", .indeterminate),         // 50.4 Gy if it started on or after 2026-01-20, 60.4 Gy if before
        ("2026-02", .pass),                  // certainly after enrollment: 50.4 Gy
    ])
    func partialStartMembership(_ start: String, _ expected: Verdict) throws {
        let judgement = try Self.judge([
            radiotherapy("2025-10-13", "2025-11-19", dose: .string("50.4 Gy")),
            radiotherapy(start, "2026-02-27", dose: .string("10 Gy"), intent: "definitive"),
        ])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Intent 'Definitive' counts whatever its case")
    func intentCase() throws {
        #expect(try Self.judge([radiotherapy("2025-10-13", "2025-11-19", dose: .string("60 Gy"), intent: "Definitive")]).verdict == .deviation)
    }

    struct Unevaluable: Sendable, CustomTestStringConvertible {
        let label: String
        let events: [Event]
        var testDescription: String { label }
    }

    @Test("Missing or unusable data is not-evaluable", arguments: [
        Unevaluable(label: "no radiotherapy", events: []),
        Unevaluable(label: "only palliative radiotherapy", events: [radiotherapy("2025-10-13", "2025-11-19", intent: "palliative")]),
        Unevaluable(label: "radiotherapy only after enrollment", events: [radiotherapy("2026-02-01", "2026-03-10")]),
        Unevaluable(label: "radiotherapy starting on the enrollment date", events: [radiotherapy("2026-01-20", "2026-03-10")]),
        Unevaluable(label: "no dose", events: [radiotherapy("2025-10-13", "2025-11-19", dose: nil)]),
        Unevaluable(label: "one of two events without dose", events: [
            radiotherapy("2025-10-13", "2025-11-05", dose: .string("41.4 Gy")), radiotherapy("2025-11-06", "2025-11-19", dose: nil),
        ]),
        Unevaluable(label: "unit mg", events: [radiotherapy("2025-10-13", "2025-11-19", dose: .string("50.4 mg"))]),
        Unevaluable(label: "unit Sv", events: [radiotherapy("2025-10-13", "2025-11-19", dose: .string("50.4 Sv"))]),
        Unevaluable(label: "unknown unit", events: [radiotherapy("2025-10-13", "2025-11-19", dose: .string("50.4 Gyy"))]),
        Unevaluable(label: "bare number string", events: [radiotherapy("2025-10-13", "2025-11-19", dose: .string("50.4"))]),
        Unevaluable(label: "bare number", events: [radiotherapy("2025-10-13", "2025-11-19", dose: .number("50.4"))]),
        Unevaluable(label: "words", events: [radiotherapy("2025-10-13", "2025-11-19", dose: .string("fifty Gy"))]),
        Unevaluable(label: "empty", events: [radiotherapy("2025-10-13", "2025-11-19", dose: .string(""))]),
        Unevaluable(label: "null", events: [radiotherapy("2025-10-13", "2025-11-19", dose: .null)]),
        Unevaluable(label: "map without unit", events: [radiotherapy("2025-10-13", "2025-11-19", dose: .map(["value": .number("50.4")]))]),
        Unevaluable(label: "one good and one mg", events: [
            radiotherapy("2025-10-13", "2025-11-05", dose: .string("41.4 Gy")), radiotherapy("2025-11-06", "2025-11-19", dose: .string("9 mg")),
        ]),
    ])
    func notEvaluable(_ input: Unevaluable) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == .notEvaluable)
        expectExplained(judgement)
    }

    @Test("A non-dose unit is named in the message")
    func unitNamed() throws {
        let judgement = try Self.judge([radiotherapy("2025-10-13", "2025-11-19", dose: .string("50.4 mg"))])
        #expect(judgement.message.contains("'mg'"))
    }

    @Test("Deviation messages say which side of the range")
    func deviationSide() throws {
        #expect(try Self.judge([radiotherapy("2025-10-13", "2025-11-19", dose: .string("5041 cGy"))]).message.contains("above"))
        #expect(try Self.judge([radiotherapy("2025-10-13", "2025-11-19", dose: .string("49.99 Gy"))]).message.contains("below"))
    }

    @Test("One-sided limits and limits in other units")
    func otherLimits() throws {
        let atLeast = try Self.check(#"{"min": "50 Gy"}"#)
        #expect(atLeast.judge(patient(enrolled: "2026-01-20", [radiotherapy("2025-10-13", "2025-11-19", dose: .string("70 Gy"))])).verdict == .pass)
        let atMost = try Self.check(#"{"max": {"value": 5040, "unit": "cGy"}}"#)
        #expect(atMost.judge(patient(enrolled: "2026-01-20", [radiotherapy("2025-10-13", "2025-11-19", dose: .string("50.4 Gy"))])).verdict == .pass)
        #expect(atMost.judge(patient(enrolled: "2026-01-20", [radiotherapy("2025-10-13", "2025-11-19", dose: .string("50.41 Gy"))])).verdict == .deviation)
    }

    @Test("Limits equal after unit conversion are not 'min greater than max'", arguments: [
        ("5040 cGy", "50.4 Gy"),
        ("50400 mGy", "50.4 Gy"),
        ("4680 cGy", "46.8 Gy"),
    ])
    func equalLimitsInMixedUnits(_ min: String, _ max: String) throws {
        // 50400 mGy is 50.4 Gy, but in binary floating point 50400 * 0.001 is 50.400000000000006
        // (and 4680 * 0.01 is 46.800000000000004). Equal limits form a valid one-point range,
        // as they do for age-range; Tolerance exists to forgive exactly this rounding.
        let decoded = try parameters(RadiotherapyDoseCheck.self, #"{"min": "\#(min)", "max": "\#(max)"}"#)
        #expect(throws: Never.self) { try RadiotherapyDoseCheck(parameters: decoded, context: testContext) }
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{"min": "50 mg", "max": "50.4 Gy"}"#, "min" as String?),
        (#"{"min": "50 Gy", "max": "50.4 mg"}"#, "max"),
        (#"{"max": "50.4 Sv"}"#, "max"),
        (#"{"min": "50 furlong"}"#, "min"),
        (#"{"min": "50.4 Gy", "max": "50 Gy"}"#, "min"),
        (#"{"min": "5041 cGy", "max": "50.4 Gy"}"#, "min"),
        (#"{}"#, nil),
    ])
    func invalidParameters(_ json: String, _ parameter: String?) throws {
        let decoded = try parameters(RadiotherapyDoseCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try RadiotherapyDoseCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
        #expect(problem?.message.isEmpty == false)
    }

    @Test("A limit without a unit fails to decode")
    func unitlessLimit() {
        #expect(throws: DecodingError.self) { try parameters(RadiotherapyDoseCheck.self, #"{"min": 50}"#) }
        #expect(throws: DecodingError.self) { try parameters(RadiotherapyDoseCheck.self, #"{"min": "50"}"#) }
    }
}
