import Testing
import TrialCheckCore
import StudyTreatmentTimingChecks

@Suite("first-dose-timing (protocol check `toripalimab-start`: within 0-7 days of radiotherapy start)")
struct FirstDoseTimingCheckTests {
    static let crt = Event(type: .radiotherapy, start: date("2026-01-12"), end: date("2026-02-18"), attributes: ["dose": .string("50.4 Gy")])

    static func check(_ json: String = #"{"drug": "toripalimab", "synonyms": {"toripalimab": ["JS001"]}, "from": "radiotherapy-start", "course": "after-enrollment", "min": 0, "max": 7}"#, context: CheckContext = testContext) throws -> FirstDoseTimingCheck {
        try FirstDoseTimingCheck(parameters: parameters(FirstDoseTimingCheck.self, json), context: context)
    }

    static func dose(_ day: String?, drug: String = "toripalimab") -> Event {
        Event(type: .administration, date: day.map(date), attributes: ["drug": .string(drug), "dose": .string("240 mg")])
    }

    @Test("Days from radiotherapy start to the first dose: the inclusive limits", arguments: [
        ("2026-01-11", Verdict.deviation),
        ("2026-01-12", .pass),
        ("2026-01-15", .pass),
        ("2026-01-19", .pass),
        ("2026-01-20", .deviation),
        ("2026-02-02", .deviation),
    ])
    func limits(_ first: String, _ expected: Verdict) throws {
        let judgement = try Self.check().judge(patient(enrolled: "2026-01-05", [Self.crt, Self.dose(first), Self.dose("2026-03-02")]))
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        #expect(evidence("first toripalimab dose", in: judgement) == first)
        #expect(judgement.window == DateWindow("allowed first toripalimab dose", from: date("2026-01-12").span.first, to: date("2026-01-19").span.first))
    }

    @Test("The first dose is the earliest in any record order, by synonym and any case")
    func earliest() throws {
        let judgement = try Self.check().judge(patient(enrolled: "2026-01-05", [Self.dose("2026-02-02"), Self.crt, Self.dose("2026-01-13", drug: "js001")]))
        #expect(judgement.verdict == .pass)
        #expect(judgement.message == "The first toripalimab dose (2026-01-13) is 1 day after start of radiotherapy; the protocol allows 0 to 7 days.")
    }

    @Test("Doses before enrollment are not study treatment")
    func beforeEnrollment() throws {
        let judgement = try Self.check().judge(patient(enrolled: "2026-01-05", [Self.dose("2025-06-02"), Self.crt, Self.dose("2026-01-12")]))
        #expect(judgement.verdict == .pass)
    }

    @Test("Missing data is not-evaluable, naming what is missing")
    func notEvaluable() throws {
        let none = try Self.check().judge(patient(enrolled: "2026-01-05", [Self.crt]))
        #expect(none.verdict == .notEvaluable)
        #expect(none.message == "No administration of toripalimab on or after enrollment is recorded.")
        let undated = try Self.check().judge(patient(enrolled: "2026-01-05", [Self.crt, Self.dose(nil), Self.dose("2026-01-12")]))
        #expect(undated.verdict == .notEvaluable)
        let noCourse = try Self.check().judge(patient(enrolled: "2026-01-05", [Self.dose("2026-01-12")]))
        #expect(noCourse.verdict == .notEvaluable)
        #expect(noCourse.message == "No definitive radiotherapy on or after enrollment is recorded.")
        expectExplained(noCourse)
    }

    @Test("Partial dates that straddle a limit, or enrollment, are indeterminate")
    func partialDates() throws {
        let straddles = try Self.check().judge(patient(enrolled: "2026-01-05", [Self.crt, Self.dose("2026-01")]))
        #expect(straddles.verdict == .indeterminate)
        let maybeBefore = try Self.check().judge(patient(enrolled: "2026-01-20", [Self.dose("2026-01")]))
        #expect(maybeBefore.verdict == .indeterminate)
        let decided = try Self.check().judge(patient(enrolled: "2026-01-05", [Self.crt, Self.dose("2026-03")]))
        #expect(decided.verdict == .deviation)
    }

    @Test("Other anchors: enrollment, and the course before enrollment")
    func otherAnchors() throws {
        let fromEnrollment = try Self.check(#"{"drug": "toripalimab", "from": "enrollment", "max": 14}"#)
        #expect(fromEnrollment.judge(patient(enrolled: "2026-01-05", [Self.dose("2026-01-19")])).verdict == .pass)
        #expect(fromEnrollment.judge(patient(enrolled: "2026-01-05", [Self.dose("2026-01-20")])).verdict == .deviation)
        let afterCRT = try Self.check(#"{"drug": "toripalimab", "from": "crt-completion", "min": 1, "max": 42}"#)
        let prior = Event(type: .radiotherapy, start: date("2025-10-13"), end: date("2025-11-19"), attributes: ["dose": .string("50.4 Gy")])
        #expect(afterCRT.judge(patient(enrolled: "2025-12-01", [prior, Self.dose("2025-12-02")])).verdict == .pass)
    }

    @Test("Arms: other arms pass, no arm is not-evaluable")
    func arms() throws {
        let context = CheckContext(protocolID: "TEST", arms: ["A": Arm(label: "A"), "B": Arm(label: "B")])
        let check = try Self.check(#"{"drug": "toripalimab", "from": "enrollment", "max": 14, "arms": ["B"]}"#, context: context)
        #expect(check.judge(patient(enrolled: "2026-01-05", [Self.dose("2026-03-01")])).verdict == .pass)
        #expect(throws: ParameterProblem.self) {
            try Self.check(#"{"drug": "toripalimab", "from": "enrollment", "max": 14, "arms": ["C"]}"#, context: context)
        }
    }

    @Test("Parameter problems", arguments: [
        #"{"drug": "toripalimab", "from": "enrollment"}"#,
        #"{"drug": "toripalimab", "from": "enrollment", "min": 8, "max": 7}"#,
        #"{"drug": " ", "from": "enrollment", "max": 7}"#,
        #"{"drug": "toripalimab", "synonyms": {"capecitabine": ["Xeloda"]}, "from": "enrollment", "max": 7}"#,
    ])
    func problems(_ json: String) {
        #expect(throws: ParameterProblem.self) { try Self.check(json) }
    }
}
