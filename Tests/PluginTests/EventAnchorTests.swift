import Testing
import TrialCheckCore
import TimingChecks
import TreatmentChecks

@Suite("Anchors placed by events: first and last dose, end of treatment, progression")
struct EventAnchorTests {
    static func response(_ result: String, _ day: String) -> Event {
        Event(type: .response, date: date(day), attributes: ["result": .string(result)])
    }

    static func days(_ json: String, _ events: [Event]) throws -> Judgement {
        try DaysBetweenCheck(parameters: parameters(DaysBetweenCheck.self, json), context: testContext)
            .judge(patient(enrolled: "2026-01-20", events))
    }

    @Test("Each anchor's day")
    func places() throws {
        let history = patient(enrolled: "2026-01-20", [
            administration("atezolizumab", "2025-12-01"),
            administration("atezolizumab", "2026-01-22"),
            administration("atezolizumab", "2026-02-12"),
            Self.response("PD", "2025-12-20"),
            Self.response("SD", "2026-02-01"),
            Self.response("PD", "2026-03-01"),
            Event(type: .treatmentEnd, date: date("2026-03-05"), attributes: ["reason": .string("progression")]),
        ])
        func day(_ anchor: TimelineAnchor) throws -> String {
            guard case .success(let placed) = anchor.resolve(in: history) else {
                Issue.record("\(anchor) not placed")
                return ""
            }
            return placed.0.description
        }
        #expect(try day(.firstDose) == "2026-01-22")
        #expect(try day(.lastDose) == "2026-02-12")
        #expect(try day(.progression) == "2026-03-01")
        #expect(try day(.treatmentEnd) == "2026-03-05")
        let empty = patient(enrolled: "2026-01-20")
        for anchor in [TimelineAnchor.firstDose, .lastDose, .progression, .treatmentEnd] {
            guard case .failure = anchor.resolve(in: empty) else {
                Issue.record("\(anchor) placed in an empty history")
                continue
            }
        }
        #expect(TimelineAnchor.progression.mayNotHaveHappened && !TimelineAnchor.firstDose.mayNotHaveHappened)
    }

    @Test("days-between from the last dose to the end of treatment, either side of the limit")
    func daysBetween() throws {
        let json = #"{"from": "last-dose", "to": "treatment-end", "max": 28}"#
        let doses = [administration("atezolizumab", "2026-01-22"), administration("atezolizumab", "2026-02-12")]
        func end(_ day: String) -> Event { Event(type: .treatmentEnd, date: date(day)) }
        #expect(try Self.days(json, doses + [end("2026-03-12")]).verdict == .pass)
        #expect(try Self.days(json, doses + [end("2026-03-13")]).verdict == .deviation)
        #expect(try Self.days(json, doses).verdict == .notEvaluable)
        #expect(try Self.days(json, doses + [end("2026-03")]).verdict == .indeterminate)
    }

    @Test("A partial date among the doses spans every candidate day")
    func partialFirstDose() throws {
        let json = #"{"from": "enrollment", "to": "first-dose", "max": 7}"#
        #expect(try Self.days(json, [administration("atezolizumab", "2026-01-27")]).verdict == .pass)
        #expect(try Self.days(json, [administration("atezolizumab", "2026-01-28")]).verdict == .deviation)
        #expect(try Self.days(json, [administration("atezolizumab", "2026-01")]).verdict == .indeterminate)
    }
}

@Suite("no-dose-after: until progression")
struct NoDoseAfterCheckTests {
    static func judge(_ events: [Event], after: String = "progression") throws -> Judgement {
        let json = #"{"drugs": ["atezolizumab"], "after": "\#(after)"}"#
        return try NoDoseAfterCheck(parameters: parameters(NoDoseAfterCheck.self, json), context: testContext)
            .judge(patient(enrolled: "2026-01-20", events))
    }

    static let doses = [administration("atezolizumab", "2026-01-22"), administration("Tecentriq", "2026-02-12")]

    @Test("Either side of the day of progression", arguments: [
        EventsCase("no progression recorded", .pass, doses),
        EventsCase("progression after the last dose", .pass, doses + [EventAnchorTests.response("PD", "2026-03-01")]),
        EventsCase("a dose on the day of progression", .pass, doses + [EventAnchorTests.response("PD", "2026-02-12")]),
        EventsCase("a dose the day after progression", .deviation, doses + [EventAnchorTests.response("PD", "2026-02-11")]),
        EventsCase("progression before enrollment is not the anchor", .pass, doses + [EventAnchorTests.response("PD", "2025-12-01")]),
        EventsCase("a partial progression date", .indeterminate, doses + [EventAnchorTests.response("PD", "2026-02")]),
        EventsCase("an undated dose", .notEvaluable, doses + [administration("atezolizumab", nil), EventAnchorTests.response("PD", "2026-03-01")]),
        EventsCase("an oral span running past it", .deviation, [oralSpan("atezolizumab", "2026-01-22", "2026-03-10"), EventAnchorTests.response("PD", "2026-03-01")]),
    ])
    func untilProgression(_ item: EventsCase) throws {
        let judgement = try Self.judge(item.events)
        #expect(judgement.verdict == item.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("An anchor that must exist and is missing is not evaluable")
    func firstDoseAnchor() throws {
        #expect(try Self.judge([], after: "crt-completion").verdict == .notEvaluable)
    }
}
