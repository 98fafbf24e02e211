import ClinicalEventChecks
import DiagnosisChecks
import Foundation
import LabChecks
import PriorTherapyChecks
import RadiotherapyChecks
import StudyTreatmentTimingChecks
import Testing
import TimingChecks
import TreatmentChecks
import TrialCheckCore

/// When each kind says a non-pass finding happened (``Judgement/date``: the offending event,
/// or `nil` for the enrollment date) and the window it judged against: the rule in
/// docs/report-format.md, one kind at a time.
@Suite("Finding dates and windows")
struct FindingDateTests {
    /// `first..last` of a window, for comparison.
    static func span(_ window: DateWindow?) -> String? {
        window.map { "\($0.first)..\($0.last)" }
    }

    // MARK: - Study treatment

    @Test("treatment-duration: the first day past the limit for a span that runs past it; the allowed period as window")
    func treatmentDurationRunningPast() throws {
        let check = try build(TreatmentDurationCheck.self, #"{"drugs": ["toripalimab", "capecitabine"], "max_years": 1, "arms": ["A"]}"#)
        let judgement = check.judge(armPatient("A", enrolled: "2025-09-24", [
            oralSpan("capecitabine", "2025-09-25", "2026-10-15"),
            administration("toripalimab", "2025-09-25"),
        ]))
        #expect(judgement.verdict == .deviation)
        #expect(judgement.date == date("2026-09-26"))
        #expect(Self.span(judgement.window) == "2025-09-25..2026-09-25")
        #expect(judgement.window?.label == "allowed treatment period")
    }

    @Test("treatment-duration: an administration that starts after the limit is dated on its own day; max_days counts days")
    func treatmentDurationLateDose() throws {
        let check = try build(TreatmentDurationCheck.self, #"{"drugs": ["toripalimab"], "max_days": 30}"#)
        let judgement = check.judge(armPatient("A", [
            administration("toripalimab", "2026-01-22"),
            administration("toripalimab", "2026-03-05"),
            administration("toripalimab", "2026-02-26"),
        ]))
        #expect(judgement.verdict == .deviation)
        // Last allowed day 2026-02-21: the earliest late dose is 2026-02-26.
        #expect(judgement.date == date("2026-02-26"))
        #expect(Self.span(judgement.window) == "2026-01-22..2026-02-21")
    }

    @Test("dosing-interval: dated on the dose given out of window; the days it was allowed as window")
    func dosingInterval() throws {
        let check = try build(DosingIntervalCheck.self, #"{"drug": "toripalimab", "interval_days": 21, "window_days": 3}"#)
        let late = check.judge(armPatient("A", toripalimab(["2026-01-22", "2026-02-12", "2026-03-12", "2026-04-02"])))
        #expect(late.verdict == .deviation)
        #expect(late.date == date("2026-03-12"))
        #expect(Self.span(late.window) == "2026-03-02..2026-03-08")
        #expect(late.window?.label == "allowed next toripalimab dose")

        let early = check.judge(armPatient("A", toripalimab(["2026-01-22", "2026-02-01"])))
        #expect(early.verdict == .deviation)
        #expect(early.date == date("2026-02-01"))
        #expect(Self.span(early.window) == "2026-02-09..2026-02-15")

        let partial = check.judge(armPatient("A", toripalimab(["2026-01-22", "2026-02"])))
        #expect(partial.verdict == .indeterminate)
        #expect(partial.date == date("2026-02"))
        #expect(Self.span(partial.window) == "2026-02-09..2026-02-15")
    }

    @Test("max-administrations: dated on the administration that takes the count past the limit")
    func maxAdministrations() throws {
        let cycles = try build(MaxAdministrationsCheck.self, #"{"drug": "toripalimab", "max": 2, "count": "cycles"}"#)
        let judgement = cycles.judge(armPatient("A", [
            administration("toripalimab", "2026-01-22", cycle: .number("1")),
            administration("toripalimab", "2026-02-12", cycle: .number("2")),
            administration("toripalimab", "2026-03-05", cycle: .number("3")),
            administration("toripalimab", "2026-03-26", cycle: .number("4")),
        ]))
        #expect(judgement.verdict == .deviation)
        #expect(judgement.date == date("2026-03-05"))
        #expect(judgement.window == nil)

        let count = try build(MaxAdministrationsCheck.self, #"{"drug": "toripalimab", "max": 1}"#)
        #expect(count.judge(armPatient("A", toripalimab(["2026-01-22", "2026-02-12"]))).date == date("2026-02-12"))
    }

    @Test("study-drug-dose: dated on the first non-compliant administration, or the first that cannot be judged")
    func studyDrugDose() throws {
        let check = try build(StudyDrugDoseCheck.self, #"{"drug": "toripalimab", "dose": "240 mg"}"#)
        let deviation = check.judge(armPatient("A", [
            administration("toripalimab", "2026-01-22"),
            administration("toripalimab", "2026-03-05", dose: .string("200 mg")),
            administration("toripalimab", "2026-02-12", dose: .string("120 mg")),
        ]))
        #expect(deviation.verdict == .deviation)
        #expect(deviation.date == date("2026-02-12"))

        let unreadable = check.judge(armPatient("A", [
            administration("toripalimab", "2026-01-22"),
            administration("toripalimab", "2026-02-12", dose: nil),
        ]))
        #expect(unreadable.verdict == .notEvaluable)
        #expect(unreadable.date == date("2026-02-12"))

        let neverDosed = check.judge(armPatient("A"))
        #expect(neverDosed.verdict == .notEvaluable)
        #expect(neverDosed.date == nil)
    }

    @Test("no-study-drug: dated on the first study drug given, or on enrollment for drug already running then")
    func noStudyDrug() throws {
        let check = try build(NoStudyDrugCheck.self, #"{"drugs": ["toripalimab", "capecitabine"], "arms": ["B"]}"#)
        let given = check.judge(armPatient("B", [
            administration("toripalimab", "2026-03-01"),
            administration("toripalimab", "2026-02-10"),
        ]))
        #expect(given.verdict == .deviation)
        #expect(given.date == date("2026-02-10"))

        let running = check.judge(armPatient("B", [oralSpan("capecitabine", "2026-01-10", "2026-03-01")]))
        #expect(running.verdict == .deviation)
        #expect(running.date == date("2026-01-20"))
    }

    @Test("first-dose-timing: dated on the first dose, also when partial dates leave open whether it followed enrollment")
    func firstDoseTiming() throws {
        let check = try FirstDoseTimingCheck(
            parameters: parameters(FirstDoseTimingCheck.self, #"{"drug": "toripalimab", "from": "enrollment", "min": 0, "max": 7}"#),
            context: testContext
        )
        let late = check.judge(patient(enrolled: "2026-01-20", [administration("toripalimab", "2026-02-02")]))
        #expect(late.verdict == .deviation)
        #expect(late.date == date("2026-02-02"))
        #expect(Self.span(late.window) == "2026-01-20..2026-01-27")

        let open = check.judge(patient(enrolled: "2026-01-20", [administration("toripalimab", "2026-01")]))
        #expect(open.verdict == .indeterminate)
        #expect(open.date == date("2026-01"))
    }

    // MARK: - Timing, events and prior therapy

    @Test("days-between: dated on the `to` point")
    func daysBetween() throws {
        let json = #"{"from": "diagnosis", "to": "consent", "max": 30}"#
        let check = try DaysBetweenCheck(parameters: parameters(DaysBetweenCheck.self, json), context: testContext)
        let judgement = check.judge(patient(enrolled: "2026-01-20", [
            Event(type: .diagnosis, date: date("2025-11-01")),
            Event(type: .consent, date: date("2026-01-05")),
        ]))
        #expect(judgement.verdict == .deviation)
        #expect(judgement.date == date("2026-01-05"))
        // One limit only: no band to draw.
        #expect(judgement.window == nil)

        let window = try DaysBetweenCheck(
            parameters: parameters(DaysBetweenCheck.self, #"{"from": "crt-completion", "to": "enrollment", "min": 1, "max": 42}"#),
            context: testContext
        )
        let enrollment = window.judge(patient(enrolled: "2026-01-20", [radiotherapy("2025-10-13", "2025-11-19")]))
        #expect(enrollment.verdict == .deviation)
        #expect(enrollment.date == date("2026-01-20"))
        #expect(Self.span(enrollment.window) == "2025-11-20..2025-12-31")
    }

    @Test("no-event: dated on the event's start; the excluded period between the two points as window")
    func noEvent() throws {
        let json = #"{"type": "response", "where": {"result": ["PD"]}, "after": "crt-completion", "before": "enrollment"}"#
        let check = try NoEventCheck(parameters: parameters(NoEventCheck.self, json), context: testContext)
        let judgement = check.judge(patient(enrolled: "2026-01-20", [
            radiotherapy("2025-10-13", "2025-11-19", intent: "definitive"),
            Event(type: .response, date: date("2025-12-20"), attributes: ["result": .string("PD")]),
        ]))
        #expect(judgement.verdict == .deviation)
        #expect(judgement.date == date("2025-12-20"))
        #expect(Self.span(judgement.window) == "2025-11-20..2026-01-19")
        #expect(judgement.window?.label == "excluded period for response (result PD)")

        let since = try NoEventCheck(parameters: parameters(NoEventCheck.self, #"{"type": "targeted-therapy", "before": "enrollment"}"#), context: testContext)
        let ever = since.judge(patient(enrolled: "2026-01-20", [therapy(.targetedTherapy, phase: nil, start: "2024-05-02")]))
        #expect(ever.verdict == .deviation)
        #expect(ever.date == date("2024-05-02"))
        #expect(ever.window == nil)
    }

    @Test("excluded-conditions: dated on the onset; a condition active without one keeps the enrollment date")
    func excludedConditions() throws {
        let json = #"{"terms": ["HIV infection", "autoimmune disease"]}"#
        let check = try ExcludedConditionsCheck(parameters: parameters(ExcludedConditionsCheck.self, json), context: testContext)
        func condition(_ term: String, onset: String?) -> Event {
            var attributes: [String: Value] = ["term": .string(term), "status": .string("active")]
            if let onset { attributes["onset"] = .string(onset) }
            return Event(type: .condition, attributes: attributes)
        }
        let dated = check.judge(patient(enrolled: "2026-01-20", [
            condition("autoimmune disease", onset: "2021-06"),
            condition("HIV infection", onset: "2019-05"),
        ]))
        #expect(dated.verdict == .deviation)
        #expect(dated.date == date("2019-05"))

        let undated = check.judge(patient(enrolled: "2026-01-20", [condition("HIV infection", onset: nil)]))
        #expect(undated.verdict == .deviation)
        #expect(undated.date == nil)
    }

    @Test("adverse-event-grade: dated on the adverse event's onset")
    func adverseEventGrade() throws {
        let json = #"{"terms": ["radiation pneumonitis"], "min_grade": 2}"#
        let check = try AdverseEventGradeCheck(parameters: parameters(AdverseEventGradeCheck.self, json), context: testContext)
        let judgement = check.judge(patient(enrolled: "2026-01-20", [
            Event(type: .adverseEvent, start: date("2025-12-01"), end: date("2026-01-05"), attributes: ["term": .string("radiation pneumonitis"), "grade": .number("2")]),
        ]))
        #expect(judgement.verdict == .deviation)
        #expect(judgement.date == date("2025-12-01"))
    }

    @Test("no-prior-therapy: dated on the therapy's start; the span after chemoradiotherapy as window when that is what it found")
    func noPriorTherapy() throws {
        let check = try NoPriorTherapyCheck(parameters: parameters(NoPriorTherapyCheck.self, "{}"), context: testContext)
        let course = radiotherapy("2025-10-13", "2025-11-19", intent: "definitive")
        let between = check.judge(patient(enrolled: "2026-01-20", [course, surgery("2025-12-15")]))
        #expect(between.verdict == .deviation)
        #expect(between.date == date("2025-12-15"))
        #expect(Self.span(between.window) == "2025-11-20..2026-01-19")

        let adjuvant = check.judge(patient(enrolled: "2026-01-20", [
            course, therapy(.chemotherapy, phase: "adjuvant", start: "2019-03-01", end: "2019-08-30", agents: ["capecitabine"]),
        ]))
        #expect(adjuvant.verdict == .deviation)
        #expect(adjuvant.date == date("2019-03-01"))
        #expect(adjuvant.window == nil)
    }

    // MARK: - Radiotherapy

    @Test("radiotherapy-dose: dated on the course's last fraction")
    func radiotherapyDose() throws {
        let check = try RadiotherapyDoseCheck(parameters: parameters(RadiotherapyDoseCheck.self, #"{"min": "50 Gy", "max": "50.4 Gy"}"#), context: testContext)
        let judgement = check.judge(patient(enrolled: "2026-01-20", [
            radiotherapy("2025-10-13", "2025-11-05", dose: .string("41.4 Gy")),
            radiotherapy("2025-11-06", "2025-11-12", dose: .string("14 Gy")),
        ]))
        #expect(judgement.verdict == .deviation)
        #expect(judgement.date == date("2025-11-12"))

        let noDose = check.judge(patient(enrolled: "2026-01-20", [radiotherapy("2025-10-13", "2025-11-19", dose: nil)]))
        #expect(noDose.verdict == .notEvaluable)
        #expect(noDose.date == date("2025-11-19"))

        let noCourse = check.judge(patient(enrolled: "2026-01-20"))
        #expect(noCourse.verdict == .notEvaluable)
        #expect(noCourse.date == nil)
    }

    @Test("radiotherapy-technique and -fractionation: dated on the end of the course event that breaks the rule")
    func radiotherapyPerEvent() throws {
        let technique = try RadiotherapyTechniqueCheck(parameters: parameters(RadiotherapyTechniqueCheck.self, #"{"allowed": ["IMRT"]}"#), context: testContext)
        var imrt = radiotherapy("2025-10-13", "2025-11-12", dose: .string("41.4 Gy"))
        imrt.attributes["technique"] = .string("IMRT")
        var conformal = radiotherapy("2025-11-13", "2025-11-19", dose: .string("9 Gy"))
        conformal.attributes["technique"] = .string("3D-CRT")
        let judgement = technique.judge(patient(enrolled: "2026-01-20", [imrt, conformal]))
        #expect(judgement.verdict == .deviation)
        #expect(judgement.date == date("2025-11-19"))

        let fractionation = try RadiotherapyFractionationCheck(
            parameters: parameters(RadiotherapyFractionationCheck.self, #"{"min": "1.8 Gy", "max": "2.0 Gy"}"#), context: testContext
        )
        var hypofractionated = radiotherapy("2025-10-13", "2025-11-07", dose: .string("50 Gy"))
        hypofractionated.attributes["fractions"] = .number("20")
        let fractions = fractionation.judge(patient(enrolled: "2026-01-20", [hypofractionated]))
        #expect(fractions.verdict == .deviation)
        #expect(fractions.date == date("2025-11-07"))
    }

    // MARK: - Eligibility at enrollment

    @Test("performance-status and lab-threshold keep the enrollment date; with window_days, that window")
    func enrollmentWindows() throws {
        let ecog = try PerformanceStatusCheck(
            parameters: parameters(PerformanceStatusCheck.self, #"{"scale": "ECOG", "max": 1, "window_days": 28}"#), context: testContext
        )
        let assessed = ecog.judge(patient(enrolled: "2026-01-20", [DiagnosisFixtures.ecog("2026-01-10", 2)]))
        #expect(assessed.verdict == .deviation)
        #expect(assessed.date == nil)
        #expect(Self.span(assessed.window) == "2025-12-23..2026-01-20")
        #expect(assessed.window?.label == "ECOG assessment window")

        let lab = try LabChecksFixtures.check(#"{"test": "platelets", "min": "75 10^9/L", "window_days": 14}"#)
        let low = lab.judge(patient(enrolled: "2026-01-20", [LabChecksFixtures.number("platelets", "2026-01-12", "60", "10^9/L")]))
        #expect(low.verdict == .deviation)
        #expect(low.date == nil)
        #expect(Self.span(low.window) == "2026-01-06..2026-01-20")

        let anyTime = try LabChecksFixtures.check(#"{"test": "platelets", "min": "75 10^9/L"}"#)
        #expect(anyTime.judge(patient(enrolled: "2026-01-20", [LabChecksFixtures.number("platelets", "2025-06-12", "60", "10^9/L")])).window == nil)
    }
}
