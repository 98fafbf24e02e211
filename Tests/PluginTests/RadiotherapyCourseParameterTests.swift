import Testing
import TrialCheckCore
import RadiotherapyChecks

/// The `course` parameter of the radiotherapy kinds: a trial that enrolls untreated
/// patients judges the chemoradiotherapy it gives, which starts on or after enrollment.
@Suite("radiotherapy kinds: course before or after enrollment")
struct RadiotherapyCourseParameterTests {
    static func rt(_ start: String, _ end: String, dose: String, fractions: Int, technique: String = "IMRT") -> Event {
        Event(type: .radiotherapy, start: date(start), end: date(end), attributes: [
            "dose": .string(dose), "fractions": .number(String(fractions)), "technique": .string(technique),
        ])
    }

    static let study = rt("2026-01-12", "2026-02-18", dose: "50.4 Gy", fractions: 28)

    @Test("Dose: the study course is judged with after-enrollment, and only then", arguments: [
        ("50.4 Gy", Verdict.pass), ("5040 cGy", .pass), ("54 Gy", .deviation), ("45 Gy", .deviation),
    ])
    func dose(_ dose: String, _ expected: Verdict) throws {
        let record = patient(enrolled: "2026-01-05", [Self.rt("2026-01-12", "2026-02-18", dose: dose, fractions: 28)])
        let after = try RadiotherapyDoseCheck(parameters: parameters(RadiotherapyDoseCheck.self, #"{"min": "50.4 Gy", "max": "50.4 Gy", "course": "after-enrollment"}"#), context: testContext)
        let judgement = after.judge(record)
        #expect(judgement.verdict == expected)
        expectExplained(judgement)
        // Equal limits read as one dose, not a range.
        #expect(judgement.message.hasSuffix(expected == .pass ? "meets the allowed 50.4 Gy." : "the allowed 50.4 Gy."))

        let before = try RadiotherapyDoseCheck(parameters: parameters(RadiotherapyDoseCheck.self, #"{"min": "50.4 Gy", "max": "50.4 Gy"}"#), context: testContext)
        let none = before.judge(record)
        #expect(none.verdict == .notEvaluable)
        #expect(none.message == "No definitive radiotherapy before enrollment is recorded.")
    }

    @Test("Dose: radiotherapy before enrollment is prior treatment, not the study course")
    func priorRadiotherapyIsOutside() throws {
        let check = try RadiotherapyDoseCheck(parameters: parameters(RadiotherapyDoseCheck.self, #"{"min": "50.4 Gy", "max": "50.4 Gy", "course": "after-enrollment"}"#), context: testContext)
        let prior = Self.rt("2024-03-04", "2024-04-10", dose: "60 Gy", fractions: 30)
        #expect(check.judge(patient(enrolled: "2026-01-05", [prior, Self.study])).verdict == .pass)
        let onlyPrior = check.judge(patient(enrolled: "2026-01-05", [prior]))
        #expect(onlyPrior.verdict == .notEvaluable)
        #expect(onlyPrior.message == "No definitive radiotherapy on or after enrollment is recorded.")
    }

    @Test("Dose: a partial start in the enrollment month leaves the study course uncertain")
    func partialStart() throws {
        let check = try RadiotherapyDoseCheck(parameters: parameters(RadiotherapyDoseCheck.self, #"{"min": "50.4 Gy", "max": "50.4 Gy", "course": "after-enrollment"}"#), context: testContext)
        let partial = Event(type: .radiotherapy, start: date("2026-01"), end: date("2026-02-18"), attributes: ["dose": .string("50.4 Gy")])
        let judgement = check.judge(patient(enrolled: "2026-01-05", [partial]))
        #expect(judgement.verdict == .indeterminate)
        #expect(judgement.message.contains("may fall before enrollment"))
    }

    @Test("Fractionation and technique take the same parameter")
    func perEventKinds() throws {
        let fractionation = try RadiotherapyFractionationCheck(parameters: parameters(RadiotherapyFractionationCheck.self, #"{"min": "1.8 Gy", "max": "1.8 Gy", "course": "after-enrollment"}"#), context: testContext)
        #expect(fractionation.judge(patient(enrolled: "2026-01-05", [Self.study])).verdict == .pass)
        let hypo = Self.rt("2026-01-12", "2026-02-06", dose: "50 Gy", fractions: 20)
        #expect(fractionation.judge(patient(enrolled: "2026-01-05", [hypo])).verdict == .deviation)

        let technique = try RadiotherapyTechniqueCheck(parameters: parameters(RadiotherapyTechniqueCheck.self, #"{"allowed": ["IMRT"], "course": "after-enrollment"}"#), context: testContext)
        #expect(technique.judge(patient(enrolled: "2026-01-05", [Self.study])).verdict == .pass)
        let conformal = Self.rt("2026-01-12", "2026-02-18", dose: "50.4 Gy", fractions: 28, technique: "3D-CRT")
        #expect(technique.judge(patient(enrolled: "2026-01-05", [conformal])).verdict == .deviation)
        let none = technique.judge(patient(enrolled: "2026-03-01", [Self.study]))
        #expect(none.verdict == .notEvaluable)
        #expect(none.message == "No definitive radiotherapy on or after enrollment is recorded.")
    }

    @Test("any: every definitive course, whenever it starts")
    func anyCourse() throws {
        let check = try RadiotherapyDoseCheck(parameters: parameters(RadiotherapyDoseCheck.self, #"{"max": "60 Gy", "course": "any"}"#), context: testContext)
        let prior = Self.rt("2025-10-13", "2025-11-19", dose: "30 Gy", fractions: 15)
        #expect(check.judge(patient(enrolled: "2026-01-05", [prior, Self.study])).verdict == .deviation)
        #expect(check.judge(patient(enrolled: "2026-01-05", [Self.study])).verdict == .pass)
    }

    @Test("An unknown course is a decoding error with a suggestion")
    func unknownCourse() {
        #expect(throws: DecodingError.self) {
            try parameters(RadiotherapyDoseCheck.self, #"{"max": "60 Gy", "course": "after-enrolment"}"#)
        }
    }
}
