import Testing
import TrialCheckCore
import TimingChecks

@Suite("days-between (protocol check `enrollment-window`: 1-42 days after CRT completion)")
struct DaysBetweenCheckTests {
    static let window = #"{"from": "crt-completion", "to": "enrollment", "min": 1, "max": 42}"#

    static func check(_ json: String = window) throws -> DaysBetweenCheck {
        try DaysBetweenCheck(parameters: parameters(DaysBetweenCheck.self, json), context: testContext)
    }

    /// The definitive course ends 2025-11-19 (last fraction).
    static let course = radiotherapy("2025-10-13", "2025-11-19")

    @Test("Days from the last fraction to enrollment", arguments: [
        ("2025-11-19", Verdict.deviation, "0"),   // enrolled on the day of the last fraction
        ("2025-11-20", .pass, "1"),
        ("2025-12-01", .pass, "12"),
        ("2025-12-31", .pass, "42"),
        ("2026-01-01", .deviation, "43"),
        ("2026-01-20", .deviation, "62"),
        ("2025-11-18", .deviation, "-1"),         // enrolled before the last fraction
        ("2025-11-10", .deviation, "-9"),
        ("2025-10-14", .deviation, "-36"),
    ])
    func window(_ enrolled: String, _ expected: Verdict, _ days: String) throws {
        let judgement = try Self.check().judge(patient(enrolled: enrolled, [Self.course]))
        #expect(judgement.verdict == expected)
        #expect(evidence("days", in: judgement) == days)
        #expect(evidence("enrollment date", in: judgement) == enrolled)
        #expect(evidence("chemoradiotherapy completion (last fraction)", in: judgement) == "2025-11-19")
        expectExplained(judgement)
    }

    @Test("CRT completion is the latest end among the course's events, in any record order", arguments: [
        ("2025-12-31", Verdict.pass),
        ("2026-01-01", .deviation),
        ("2025-11-19", .deviation),
        ("2025-11-20", .pass),
    ])
    func latestEnd(_ enrolled: String, _ expected: Verdict) throws {
        let phaseOne = radiotherapy("2025-10-13", "2025-11-05", dose: .string("41.4 Gy"))
        let boost = radiotherapy("2025-11-06", "2025-11-19", dose: .string("9 Gy"), intent: "definitive")
        let check = try Self.check()
        #expect(check.judge(patient(enrolled: enrolled, [phaseOne, boost])).verdict == expected)
        #expect(check.judge(patient(enrolled: enrolled, [boost, phaseOne])).verdict == expected)
    }

    @Test("Palliative radiotherapy and radiotherapy starting on or after enrollment do not move CRT completion")
    func excludedRadiotherapy() throws {
        let check = try Self.check()
        let palliative = radiotherapy("2025-12-01", "2025-12-10", dose: .string("8 Gy"), intent: "palliative")
        #expect(check.judge(patient(enrolled: "2025-12-31", [Self.course, palliative])).verdict == .pass)
        let later = radiotherapy("2025-12-31", "2026-01-30", dose: .string("10 Gy"))
        let judgement = check.judge(patient(enrolled: "2025-12-31", [Self.course, later]))
        #expect(judgement.verdict == .pass)
        #expect(evidence("days", in: judgement) == "42")
    }

    @Test("Partial enrollment or end dates decide only when every possible day agrees", arguments: [
        // (last fraction, enrollment, verdict, possible days)
        ("2025-11-19", "2025-12", Verdict.pass, "12 to 42"),
        ("2025-11-19", "2026-01", .deviation, "43 to 73"),
        ("2025-11-30", "2026-01", .indeterminate, "32 to 62"),
        ("2025-11-19", "2025-11", .indeterminate, "-18 to 11"),
        ("2025-11-30", "2025-12", .pass, "1 to 31"),
        ("2025-11", "2025-12-05", .pass, "5 to 34"),
        ("2025-11", "2025-12-20", .indeterminate, "20 to 49"),
        ("2025-10", "2025-11-01", .pass, "1 to 31"),
        ("2025-10", "2025-11-30", .indeterminate, "30 to 60"),
        ("2025-10", "2026-01-20", .deviation, "81 to 111"),
        ("2025-11", "2025-12", .indeterminate, "1 to 60"),
        ("2025-11", "2026-02", .deviation, "63 to 119"),
    ])
    func partialDates(_ end: String, _ enrolled: String, _ expected: Verdict, _ days: String) throws {
        let judgement = try Self.check().judge(patient(enrolled: enrolled, [radiotherapy("2025-09-15", end)]))
        #expect(judgement.verdict == expected)
        #expect(evidence("days", in: judgement) == days)
        expectExplained(judgement)
    }

    @Test("A definitive event whose partial start may fall before or after enrollment leaves CRT completion open", arguments: [
        ("2025-11", "2025-12-28", Verdict.deviation),     // certainly part of the course: last fraction 2025-12-28, -8 days
        ("2025-12", "2025-12-28", .indeterminate),        // part of the course only if it started before 2025-12-20
        ("2026-01", "2026-01-28", .pass),                 // certainly after enrollment: 31 days after 2025-11-19
    ])
    func partialStartMembership(_ start: String, _ end: String, _ expected: Verdict) throws {
        let judgement = try Self.check().judge(patient(enrolled: "2025-12-20", [Self.course, radiotherapy(start, end, dose: .string("10 Gy"))]))
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    struct Unevaluable: Sendable, CustomTestStringConvertible {
        let label: String
        let events: [Event]
        var testDescription: String { label }
    }

    @Test("No definitive course, or a course without an end: not-evaluable with the reason and evidence", arguments: [
        Unevaluable(label: "no radiotherapy", events: []),
        Unevaluable(label: "only palliative radiotherapy", events: [radiotherapy("2025-10-13", "2025-11-19", intent: "palliative")]),
        Unevaluable(label: "radiotherapy only after enrollment", events: [radiotherapy("2026-02-01", "2026-03-10")]),
        Unevaluable(label: "ongoing course", events: [radiotherapy("2025-10-13", nil)]),
        Unevaluable(label: "one event of two without an end", events: [radiotherapy("2025-10-13", "2025-11-05"), radiotherapy("2025-11-06", nil)]),
    ])
    func notEvaluable(_ input: Unevaluable) throws {
        let judgement = try Self.check().judge(patient(enrolled: "2026-01-20", input.events))
        #expect(judgement.verdict == .notEvaluable)
        #expect(judgement.message.contains("radiotherapy"))
        // Every non-pass judgement lists the values and dates it used (Check's contract);
        // at the least the enrollment date that was read.
        expectExplained(judgement)
    }

    @Test("Other anchors: radiotherapy start, diagnosis and consent")
    func otherAnchors() throws {
        let start = try Self.check(#"{"from": "radiotherapy-start", "to": "crt-completion", "min": 35, "max": 45}"#)
        let phaseOne = radiotherapy("2025-10-13", "2025-11-05")
        let boost = radiotherapy("2025-11-06", "2025-11-19")
        let judgement = start.judge(patient(enrolled: "2026-01-20", [boost, phaseOne]))
        #expect(judgement.verdict == .pass)
        #expect(evidence("days", in: judgement) == "37")

        let consent = try Self.check(#"{"from": "consent", "to": "enrollment", "min": 0}"#)
        let signed = Event(type: .consent, date: date("2026-01-21"))
        #expect(consent.judge(patient(enrolled: "2026-01-20", [signed])).verdict == .deviation)
        #expect(consent.judge(patient(enrolled: "2026-01-21", [signed])).verdict == .pass)
        #expect(consent.judge(patient(enrolled: "2026-01-21", [])).verdict == .notEvaluable)

        let diagnosis = try Self.check(#"{"from": "diagnosis", "to": "enrollment", "max": 365}"#)
        let diagnoses = [Event(type: .diagnosis, date: date("2025-08-04")), Event(type: .diagnosis, date: date("2024-12-01"))]
        let late = diagnosis.judge(patient(enrolled: "2026-01-20", diagnoses))
        #expect(late.verdict == .deviation)
        #expect(evidence("diagnosis date", in: late) == "2024-12-01")
    }

    @Test("One-sided limits")
    func oneSided() throws {
        let atLeast = try Self.check(#"{"from": "crt-completion", "to": "enrollment", "min": 1}"#)
        #expect(atLeast.judge(patient(enrolled: "2027-01-01", [Self.course])).verdict == .pass)
        #expect(atLeast.judge(patient(enrolled: "2025-11-19", [Self.course])).verdict == .deviation)
        let atMost = try Self.check(#"{"from": "crt-completion", "to": "enrollment", "max": 42}"#)
        #expect(atMost.judge(patient(enrolled: "2025-11-01", [Self.course])).verdict == .pass)
        #expect(atMost.judge(patient(enrolled: "2026-01-01", [Self.course])).verdict == .deviation)
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{"from": "crt-completion", "to": "enrollment", "min": 43, "max": 42}"#, "min" as String?),
        (#"{"from": "crt-completion", "to": "enrollment"}"#, nil),
        (#"{"from": "enrollment", "to": "enrollment", "min": 1, "max": 42}"#, "to"),
    ])
    func invalidParameters(_ json: String, _ parameter: String?) throws {
        let decoded = try parameters(DaysBetweenCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try DaysBetweenCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
        #expect(problem?.message.isEmpty == false)
    }

    @Test("Unknown anchors and missing anchors fail to decode", arguments: [
        #"{"from": "crt-end", "to": "enrollment", "min": 1}"#,
        #"{"to": "enrollment", "min": 1}"#,
        #"{"from": "crt-completion", "min": 1}"#,
    ])
    func badAnchors(_ json: String) {
        #expect(throws: DecodingError.self) { try parameters(DaysBetweenCheck.self, json) }
    }
}
