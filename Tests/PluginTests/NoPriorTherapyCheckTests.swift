import Testing
import TrialCheckCore
import PriorTherapyChecks

@Suite("no-prior-therapy (protocol check `no-adjuvant-therapy`, defaults)")
struct NoPriorTherapyCheckTests {
    static func check(_ json: String = "{}") throws -> NoPriorTherapyCheck {
        try NoPriorTherapyCheck(parameters: parameters(NoPriorTherapyCheck.self, json), context: testContext)
    }

    /// The definitive course: last fraction 2025-11-19; enrollment 2026-01-20 unless stated.
    static let course = radiotherapy("2025-10-13", "2025-11-19", intent: "definitive")

    static func judge(_ events: [Event], enrolled: String = "2026-01-20") throws -> Judgement {
        try check().judge(patient(enrolled: enrolled, [course] + events))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let events: [Event]
        let expected: Verdict
        init(_ label: String, _ expected: Verdict, _ events: [Event]) {
            self.label = label
            self.events = events
            self.expected = expected
        }
        var testDescription: String { label }
    }

    @Test("The course alone passes")
    func courseAlone() throws {
        let judgement = try Self.judge([])
        #expect(judgement.verdict == .pass)
        expectExplained(judgement)
    }

    @Test("(a) Adjuvant-phase systemic therapy before enrollment, at any time", arguments: [
        Case("adjuvant chemotherapy years earlier", .deviation, [therapy(.chemotherapy, phase: "adjuvant", start: "2019-03-01", end: "2019-08-30", agents: ["capecitabine"])]),
        Case("adjuvant immunotherapy years earlier", .deviation, [therapy(.immunotherapy, phase: "adjuvant", start: "2015-01-10", agents: ["nivolumab"])]),
        Case("adjuvant targeted therapy", .deviation, [therapy(.targetedTherapy, phase: "adjuvant", start: "2021-05-01")]),
        Case("adjuvant chemotherapy the day before enrollment", .deviation, [therapy(.chemotherapy, phase: "adjuvant", start: "2026-01-19")]),
        Case("phase written 'Adjuvant'", .deviation, [therapy(.chemotherapy, phase: "Adjuvant", start: "2019-03-01")]),
        Case("adjuvant chemotherapy starting on the enrollment date", .pass, [therapy(.chemotherapy, phase: "adjuvant", start: "2026-01-20")]),
        Case("adjuvant chemotherapy after enrollment", .pass, [therapy(.chemotherapy, phase: "adjuvant", start: "2026-02-10")]),
        Case("adjuvant-intent surgery years earlier is not systemic", .pass, [Event(type: .surgery, date: date("2019-03-01"), attributes: ["phase": .string("adjuvant")])]),
    ])
    func adjuvant(_ input: Case) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected)
        expectExplained(judgement)
        if input.expected == .deviation {
            #expect(judgement.evidence.contains { $0.value == input.events[0].datesDescription })
            #expect(evidence("enrollment date", in: judgement) == "2026-01-20")
        }
    }

    @Test("Study treatment on or after enrollment, and PD-1 antibodies in induction or concurrent, are permitted", arguments: [
        Case("toripalimab from the enrollment date", .pass, [therapy(.immunotherapy, phase: "consolidation", start: "2026-01-20", agents: ["toripalimab"])]),
        Case("toripalimab after enrollment", .pass, [therapy(.immunotherapy, phase: "consolidation", start: "2026-02-10", agents: ["toripalimab"])]),
        Case("capecitabine after enrollment, no phase", .pass, [therapy(.chemotherapy, phase: nil, start: "2026-01-22", agents: ["capecitabine"])]),
        Case("PD-1 antibody in induction", .pass, [therapy(.immunotherapy, phase: "induction", start: "2025-08-20", end: "2025-09-30", agents: ["camrelizumab"])]),
        Case("PD-1 antibody concurrent with radiotherapy", .pass, [therapy(.immunotherapy, phase: "concurrent", start: "2025-10-13", end: "2025-11-19", agents: ["tislelizumab"])]),
        Case("concurrent chemotherapy", .pass, [therapy(.chemotherapy, phase: "concurrent", start: "2025-10-13", end: "2025-11-17", agents: ["paclitaxel", "cisplatin"])]),
        Case("induction chemotherapy", .pass, [therapy(.chemotherapy, phase: "induction", start: "2025-08-20", end: "2025-09-30", agents: ["paclitaxel", "cisplatin"])]),
        Case("concurrent-phase PD-1 antibody recorded as starting after the last fraction", .pass, [therapy(.immunotherapy, phase: "concurrent", start: "2025-11-25")]),
        Case("induction-phase chemotherapy recorded as starting after the last fraction", .pass, [therapy(.chemotherapy, phase: "Induction", start: "2025-12-01")]),
    ])
    func permitted(_ input: Case) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected)
        expectExplained(judgement)
    }

    @Test("(b) Anticancer therapy after CRT completion and before enrollment", arguments: [
        Case("surgery between", .deviation, [surgery("2025-12-15")]),
        Case("palliative radiotherapy between", .deviation, [radiotherapy("2025-12-01", "2025-12-05", dose: .string("8 Gy"), intent: "palliative")]),
        Case("adjuvant-intent radiotherapy between", .deviation, [radiotherapy("2025-12-01", "2025-12-20", dose: .string("10 Gy"), intent: "adjuvant")]),
        Case("consolidation chemotherapy between", .deviation, [therapy(.chemotherapy, phase: "consolidation", start: "2025-12-10", agents: ["capecitabine"])]),
        Case("chemotherapy without a phase between", .deviation, [therapy(.chemotherapy, phase: nil, start: "2025-12-10")]),
        Case("maintenance targeted therapy between", .deviation, [therapy(.targetedTherapy, phase: "maintenance", start: "2026-01-05")]),
        Case("immunotherapy without a phase between", .deviation, [therapy(.immunotherapy, phase: nil, start: "2025-12-01", agents: ["pembrolizumab"])]),
        Case("surgery the day after the last fraction", .deviation, [surgery("2025-11-20")]),
        Case("surgery the day before enrollment", .deviation, [surgery("2026-01-19")]),
        Case("surgery on the day of the last fraction", .pass, [surgery("2025-11-19")]),
        Case("chemotherapy starting on the day of the last fraction", .pass, [therapy(.chemotherapy, phase: nil, start: "2025-11-19")]),
        Case("palliative radiotherapy starting on the day of the last fraction", .pass, [radiotherapy("2025-11-19", "2025-11-25", intent: "palliative")]),
        Case("surgery on the enrollment date", .pass, [surgery("2026-01-20")]),
        Case("surgery after enrollment", .pass, [surgery("2026-03-01")]),
        Case("surgery before chemoradiotherapy", .pass, [surgery("2025-07-01", procedure: "biopsy")]),
        Case("palliative radiotherapy before chemoradiotherapy", .pass, [radiotherapy("2025-06-01", "2025-06-05", intent: "palliative")]),
        Case("palliative radiotherapy on the enrollment date", .pass, [radiotherapy("2026-01-20", "2026-01-25", intent: "palliative")]),
        Case("consolidation chemotherapy before the last fraction", .pass, [therapy(.chemotherapy, phase: "consolidation", start: "2025-11-10")]),
        Case("an event type not listed", .pass, [Event(type: "administration", date: date("2025-12-10"), attributes: ["drug": .string("ondansetron")])]),
    ])
    func afterCompletion(_ input: Case) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected)
        expectExplained(judgement)
        if input.expected == .deviation {
            #expect(judgement.evidence.contains { $0.value == input.events[0].datesDescription })
            #expect(evidence("chemoradiotherapy completion", in: judgement) == "2025-11-19")
        }
    }

    @Test("Partial dates decide only when every possible day agrees", arguments: [
        Case("surgery in December 2025", .deviation, [surgery("2025-12")]),
        Case("surgery in November 2025 (before or after the last fraction)", .indeterminate, [surgery("2025-11")]),
        Case("surgery in January 2026 (before or after enrollment)", .indeterminate, [surgery("2026-01")]),
        Case("surgery in 2025", .indeterminate, [surgery("2025")]),
        Case("surgery in 2024", .pass, [surgery("2024")]),
        Case("surgery in February 2026", .pass, [surgery("2026-02")]),
        Case("adjuvant chemotherapy in 2025", .deviation, [therapy(.chemotherapy, phase: "adjuvant", start: "2025")]),
        Case("adjuvant chemotherapy in January 2026", .indeterminate, [therapy(.chemotherapy, phase: "adjuvant", start: "2026-01")]),
        Case("adjuvant chemotherapy in 2026", .indeterminate, [therapy(.chemotherapy, phase: "adjuvant", start: "2026")]),
        Case("adjuvant chemotherapy in February 2026", .pass, [therapy(.chemotherapy, phase: "adjuvant", start: "2026-02")]),
        Case("surgery with no date", .indeterminate, [surgery(nil)]),
        Case("a definite deviation outweighs an open one", .deviation, [surgery("2025-11"), surgery("2025-12-15")]),
    ])
    func partialDates(_ input: Case) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected)
        expectExplained(judgement)
    }

    @Test("Partial enrollment and completion dates", arguments: [
        // (last fraction, enrollment, surgery, verdict)
        ("2025-11-19", "2026-01", "2025-12-15", Verdict.deviation),
        ("2025-11-19", "2026-01", "2026-01-10", .indeterminate),
        ("2025-11", "2026-01-20", "2025-12-01", .deviation),
        ("2025-11", "2026-01-20", "2025-11-15", .indeterminate),
        ("2025-11", "2026-01-20", "2025-10-31", .pass),
    ])
    func partialAnchors(_ end: String, _ enrolled: String, _ surgeryDay: String, _ expected: Verdict) throws {
        let judgement = try Self.check().judge(patient(enrolled: enrolled, [radiotherapy("2025-10-01", end), surgery(surgeryDay)]))
        #expect(judgement.verdict == expected)
        expectExplained(judgement)
    }

    @Test("A partial date decides when no possible day falls strictly between completion and enrollment")
    func noDayBetween() throws {
        // Last fraction 2025-12-10, enrollment 2025-12-11: no day lies strictly between them,
        // so a surgery dated only "2025-12" cannot be therapy between CRT and enrollment,
        // whichever December day it was. Every possible day agrees: pass.
        let judgement = try Self.check().judge(patient(enrolled: "2025-12-11", [radiotherapy("2025-11-03", "2025-12-10"), surgery("2025-12")]))
        #expect(judgement.verdict == .pass, "\(judgement.message)")
    }

    @Test("No definitive course", arguments: [
        Case("nothing at all", .notEvaluable, []),
        Case("induction chemotherapy only", .notEvaluable, [therapy(.chemotherapy, phase: "induction", start: "2025-08-20")]),
        Case("palliative radiotherapy only", .notEvaluable, [radiotherapy("2025-10-13", "2025-11-19", intent: "palliative")]),
        Case("surgery only (cannot be placed against CRT)", .notEvaluable, [surgery("2025-12-15")]),
        Case("adjuvant chemotherapy before enrollment", .deviation, [therapy(.chemotherapy, phase: "adjuvant", start: "2019-03-01")]),
        Case("adjuvant chemotherapy after enrollment", .notEvaluable, [therapy(.chemotherapy, phase: "adjuvant", start: "2026-02-01")]),
    ])
    func noCourse(_ input: Case) throws {
        let judgement = try Self.check().judge(patient(enrolled: "2026-01-20", input.events))
        #expect(judgement.verdict == input.expected)
        expectExplained(judgement)
    }

    @Test("A course without an end date cannot place (b)")
    func courseWithoutEnd() throws {
        let check = try Self.check()
        let ongoing = radiotherapy("2025-10-13", nil)
        let open = check.judge(patient(enrolled: "2026-01-20", [ongoing, surgery("2025-12-15")]))
        #expect(open.verdict == .notEvaluable)
        expectExplained(open)
        let adjuvant = check.judge(patient(enrolled: "2026-01-20", [ongoing, therapy(.chemotherapy, phase: "adjuvant", start: "2019-03-01")]))
        #expect(adjuvant.verdict == .deviation)
        expectExplained(adjuvant)
    }

    @Test("Custom phases and types")
    func customParameters() throws {
        let stricter = try Self.check(#"{"forbidden_phases": ["adjuvant", "consolidation"]}"#)
        let earlier = therapy(.chemotherapy, phase: "consolidation", start: "2025-11-10")
        #expect(stricter.judge(patient(enrolled: "2026-01-20", [Self.course, earlier])).verdict == .deviation)
        let noSurgery = try Self.check(#"{"after_completion_types": ["chemotherapy", "immunotherapy", "targeted-therapy", "radiotherapy"]}"#)
        #expect(noSurgery.judge(patient(enrolled: "2026-01-20", [Self.course, surgery("2025-12-15")])).verdict == .pass)
        let permissive = try Self.check(#"{"permitted_phases": ["induction", "concurrent", "Consolidation"]}"#)
        #expect(permissive.judge(patient(enrolled: "2026-01-20", [Self.course, therapy(.chemotherapy, phase: "consolidation", start: "2025-12-10")])).verdict == .pass)
    }

    @Test("A phase both forbidden and permitted is rejected")
    func clash() throws {
        let decoded = try parameters(NoPriorTherapyCheck.self, #"{"forbidden_phases": ["Adjuvant"], "permitted_phases": ["adjuvant"]}"#)
        let problem = #expect(throws: ParameterProblem.self) {
            try NoPriorTherapyCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == "permitted_phases")
    }
}
