import Foundation
import Testing
import TrialCheckCore
import ClinicalEventChecks
import BuiltinPlugins
import TrialCheckEngine

/// Builders for the events these kinds read; namespaced so they clash with no other helper.
private enum Make {
    static let location = TrialCheckCore.SourceLocation(file: "patients.yaml", line: 7)

    /// A `condition` event; `onset` is kept as the reader keeps it, as text.
    static func condition(_ term: String?, onset: String? = nil, end: String? = nil, status: String? = nil) -> Event {
        var attributes: [String: Value] = [:]
        if let term { attributes["term"] = .string(term) }
        if let onset { attributes["onset"] = .string(onset) }
        if let status { attributes["status"] = .string(status) }
        return Event(type: .condition, end: end.map(date), attributes: attributes, location: location)
    }

    /// An `adverse-event` event.
    static func adverseEvent(
        _ term: String?, grade: Value?, start: String?, end: String? = nil, immuneRelated: Value? = nil
    ) -> Event {
        var attributes: [String: Value] = [:]
        if let term { attributes["term"] = .string(term) }
        if let grade { attributes["grade"] = grade }
        if let immuneRelated { attributes["immune_related"] = immuneRelated }
        return Event(type: .adverseEvent, start: start.map(date), end: end.map(date), attributes: attributes, location: location)
    }

    /// A `response` assessment.
    static func response(_ result: String?, on day: String?) -> Event {
        var attributes: [String: Value] = [:]
        if let result { attributes["result"] = .string(result) }
        return Event(type: .response, date: day.map(date), attributes: attributes, location: location)
    }

    /// A grade as a record writes a number.
    static func grade(_ value: Int) -> Value { .number(String(value)) }
}

/// One row of a boundary table: a label, the events, and the verdict expected.
struct ClinicalEventCase: Sendable, CustomTestStringConvertible {
    let label: String
    let events: [Event]
    let expected: Verdict
    init(_ label: String, _ expected: Verdict, _ events: [Event]) {
        self.label = label
        self.expected = expected
        self.events = events
    }
    var testDescription: String { label }
}

// MARK: - excluded-conditions

@Suite("excluded-conditions")
struct ExcludedConditionsCheckTests {
    static let terms = #"[{"term": "HIV infection", "synonyms": ["HIV", "human immunodeficiency virus"]}, "autoimmune disease", {"term": "other malignancy", "synonyms": ["lung cancer", "cervical cancer"]}]"#

    static func check(_ extra: String = "") throws -> ExcludedConditionsCheck {
        try ExcludedConditionsCheck(parameters: parameters(ExcludedConditionsCheck.self, #"{"terms": \#(terms)\#(extra)}"#), context: testContext)
    }

    static func judge(_ events: [Event], extra: String = "", enrolled: String = "2026-01-20") throws -> Judgement {
        try check(extra).judge(patient(enrolled: enrolled, events))
    }

    @Test("Active at enrollment (the default)", arguments: [
        ClinicalEventCase("no events at all", .pass, []),
        ClinicalEventCase("an unlisted condition", .pass, [Make.condition("hypertension", onset: "2010", status: "active")]),
        ClinicalEventCase("a synonym, active", .deviation, [Make.condition("HIV", onset: "2019-05", status: "active")]),
        ClinicalEventCase("the term itself", .deviation, [Make.condition("HIV infection", onset: "2019-05", status: "active")]),
        ClinicalEventCase("case and surrounding whitespace ignored", .deviation, [Make.condition("  hiv  ", onset: "2019-05", status: "Active")]),
        ClinicalEventCase("runs of inner whitespace ignored", .deviation, [Make.condition("human  immunodeficiency\tvirus", onset: "2019", status: "active")]),
        ClinicalEventCase("a plain-string term", .deviation, [Make.condition("Autoimmune Disease", onset: "2015", status: "active")]),
        ClinicalEventCase("onset and no status or end: ongoing", .deviation, [Make.condition("autoimmune disease", onset: "2015")]),
        ClinicalEventCase("a status other than resolved: ongoing", .deviation, [Make.condition("lung cancer", onset: "2023-04", status: "stable")]),
        ClinicalEventCase("active without onset counts as active", .deviation, [Make.condition("autoimmune disease", status: "active")]),
        ClinicalEventCase("resolved without onset", .pass, [Make.condition("autoimmune disease", status: "resolved")]),
        ClinicalEventCase("neither onset nor status", .notEvaluable, [Make.condition("autoimmune disease")]),
        ClinicalEventCase("resolved, no end date", .pass, [Make.condition("autoimmune disease", onset: "2015", status: "resolved")]),
        ClinicalEventCase("ended years before", .pass, [Make.condition("autoimmune disease", onset: "2015", end: "2016-03")]),
        ClinicalEventCase("ended the day before enrollment", .pass, [Make.condition("autoimmune disease", onset: "2015", end: "2026-01-19")]),
        ClinicalEventCase("ended on the enrollment date", .pass, [Make.condition("autoimmune disease", onset: "2015", end: "2026-01-20")]),
        ClinicalEventCase("ended the day after enrollment", .deviation, [Make.condition("autoimmune disease", onset: "2015", end: "2026-01-21")]),
        ClinicalEventCase("an end date after enrollment outweighs status resolved", .deviation, [Make.condition("autoimmune disease", onset: "2015", end: "2026-02-10", status: "resolved")]),
        ClinicalEventCase("onset on the enrollment date", .deviation, [Make.condition("HIV", onset: "2026-01-20", status: "active")]),
        ClinicalEventCase("onset the day after enrollment", .pass, [Make.condition("HIV", onset: "2026-01-21", status: "active")]),
        ClinicalEventCase("onset in the enrollment month", .indeterminate, [Make.condition("HIV", onset: "2026-01", status: "active")]),
        ClinicalEventCase("onset in the enrollment year", .indeterminate, [Make.condition("HIV", onset: "2026")]),
        ClinicalEventCase("onset in the month after", .pass, [Make.condition("HIV", onset: "2026-02", status: "active")]),
        ClinicalEventCase("ended in the enrollment month", .indeterminate, [Make.condition("autoimmune disease", onset: "2015", end: "2026-01")]),
        ClinicalEventCase("ended in the enrollment month, resolved", .indeterminate, [Make.condition("autoimmune disease", onset: "2015", end: "2026-01", status: "resolved")]),
        ClinicalEventCase("no onset, end before enrollment", .pass, [Make.condition("autoimmune disease", end: "2020")]),
        ClinicalEventCase("no onset or status, end after enrollment", .notEvaluable, [Make.condition("autoimmune disease", end: "2026-03")]),
        ClinicalEventCase("a listed cancer", .deviation, [Make.condition("lung cancer", onset: "2024-06", status: "active")]),
        ClinicalEventCase("an exception is not matched by a listed phrase it contains", .pass, [Make.condition("cervical carcinoma in situ", onset: "2020", status: "active")]),
        ClinicalEventCase("cured basal cell carcinoma of the skin", .pass, [Make.condition("cured basal cell carcinoma of the skin", onset: "2018", status: "active")]),
        ClinicalEventCase("a term containing a listed term does not match", .pass, [Make.condition("active autoimmune disease", onset: "2015", status: "active")]),
        ClinicalEventCase("a condition without a term that could be active", .notEvaluable, [Make.condition(nil, onset: "2015", status: "active")]),
        ClinicalEventCase("a condition without a term, arising after enrollment", .pass, [Make.condition(nil, onset: "2026-03", status: "active")]),
        ClinicalEventCase("an adverse event is not searched by default", .pass, [Make.adverseEvent("HIV", grade: Make.grade(2), start: "2025-01-01")]),
        ClinicalEventCase("a deviation outweighs an open finding", .deviation, [Make.condition("HIV", onset: "2026-01"), Make.condition("lung cancer", onset: "2024", status: "active")]),
        ClinicalEventCase("an open finding outweighs a missing onset", .indeterminate, [Make.condition("autoimmune disease"), Make.condition("HIV", onset: "2026-01")]),
    ])
    func activeAtEnrollment(_ input: ClinicalEventCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
        if input.expected != .pass {
            #expect(evidence("enrollment date", in: judgement) == "2026-01-20")
            #expect(judgement.evidence.contains { $0.location == Make.location })
        }
    }

    @Test("The message names the term as recorded and the listed term it matched")
    func message() throws {
        let judgement = try Self.judge([Make.condition("HIV", onset: "2019-05", status: "active")])
        #expect(judgement.verdict == .deviation)
        #expect(judgement.message.contains("'HIV'"))
        #expect(judgement.message.contains("'HIV infection'"))
        #expect(judgement.message.contains("2026-01-20"))
        let evidenceItem = try #require(judgement.evidence.first { $0.name.contains("'HIV'") })
        #expect(evidenceItem.value.contains("onset 2019-05"))
        #expect(evidenceItem.value.contains("status active"))
        let exact = try Self.judge([Make.condition("autoimmune disease", status: "active")])
        #expect(exact.message.contains("'autoimmune disease'"))
        #expect(exact.message.contains("without an onset date"))
    }

    @Test("Begun before enrollment", arguments: [
        ClinicalEventCase("onset before, since resolved", .deviation, [Make.condition("HIV", onset: "2025-12-01", end: "2025-12-20", status: "resolved")]),
        ClinicalEventCase("onset the day before", .deviation, [Make.condition("HIV", onset: "2026-01-19")]),
        ClinicalEventCase("onset on the enrollment date", .pass, [Make.condition("HIV", onset: "2026-01-20", status: "active")]),
        ClinicalEventCase("onset after", .pass, [Make.condition("HIV", onset: "2026-02-01")]),
        ClinicalEventCase("onset in the enrollment month", .indeterminate, [Make.condition("HIV", onset: "2026-01")]),
        ClinicalEventCase("onset in the previous year", .deviation, [Make.condition("HIV", onset: "2025")]),
        ClinicalEventCase("no onset but an end before enrollment", .deviation, [Make.condition("HIV", end: "2025-06", status: "resolved")]),
        ClinicalEventCase("no onset, recorded active", .notEvaluable, [Make.condition("HIV", status: "active")]),
        ClinicalEventCase("onset given as start", .deviation, [Event(type: .condition, start: date("2024-02-01"), attributes: ["term": .string("HIV")])]),
    ])
    func beforeEnrollment(_ input: ClinicalEventCase) throws {
        let judgement = try Self.judge(input.events, extra: #", "when": "before-enrollment""#)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Adverse events are searched when listed in event_types")
    func eventTypes() throws {
        let events = [Make.adverseEvent("lung cancer", grade: Make.grade(1), start: "2025-11-01", end: "2025-12-01")]
        let both = #", "when": "before-enrollment", "event_types": ["condition", "Adverse-Event"]"#
        #expect(try Self.judge(events, extra: both).verdict == .deviation)
        #expect(try Self.judge(events, extra: #", "when": "before-enrollment""#).verdict == .pass)
    }

    @Test("Parameter problems", arguments: [
        (#"{"terms": []}"#, "terms"),
        (#"{"terms": ["HIV", {"term": "HIV infection", "synonyms": ["hiv"]}]}"#, "terms"),
        (#"{"terms": ["  "]}"#, "terms"),
        (#"{"terms": [{"term": "HIV infection", "synonyms": [""]}]}"#, "terms"),
        (#"{"terms": ["HIV"], "event_types": []}"#, "event_types"),
        (#"{"terms": ["HIV"], "event_types": [" "]}"#, "event_types"),
    ])
    func parameterProblems(_ json: String, _ parameter: String) throws {
        let decoded = try parameters(ExcludedConditionsCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try ExcludedConditionsCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
    }

    @Test("A synonym repeated under its own term is accepted")
    func repeatedSynonym() throws {
        let decoded = try parameters(ExcludedConditionsCheck.self, #"{"terms": [{"term": "HIV", "synonyms": ["hiv", "HIV infection"]}]}"#)
        _ = try ExcludedConditionsCheck(parameters: decoded, context: testContext)
    }

    @Test("Decoding errors name the fault", arguments: [
        (#"{"terms": ["HIV"], "when": "active"}"#, "active"),
        (#"{"terms": [{"term": "HIV", "synonym": ["AIDS"]}]}"#, "synonyms"),
        (#"{"terms": [{"synonyms": ["AIDS"]}]}"#, "term"),
        (#"{"terms": [3]}"#, "expected a term"),
    ])
    func decodingErrors(_ json: String, _ mention: String) {
        let error = #expect(throws: DecodingError.self) {
            _ = try parameters(ExcludedConditionsCheck.self, json)
        }
        #expect(String(describing: error).contains(mention))
    }
}

// MARK: - adverse-event-grade

@Suite("adverse-event-grade")
struct AdverseEventGradeCheckTests {
    static let pneumonitis = #"{"terms": [{"term": "radiation pneumonitis", "synonyms": ["pneumonitis"]}], "min_grade": 2, "when": "before-enrollment"}"#
    static let neuropathy = #"{"terms": ["peripheral neuropathy", {"term": "peripheral sensory neuropathy"}], "min_grade": 2, "when": "ongoing-at-enrollment"}"#
    static let immune = #"{"immune_related": true, "min_grade": 3}"#

    static func judge(_ json: String, _ events: [Event], enrolled: String = "2026-01-20") throws -> Judgement {
        let check = try AdverseEventGradeCheck(parameters: parameters(AdverseEventGradeCheck.self, json), context: testContext)
        return check.judge(patient(enrolled: enrolled, events))
    }

    static func rp(_ grade: Value?, _ start: String?, end: String? = nil, term: String? = "radiation pneumonitis") -> Event {
        Make.adverseEvent(term, grade: grade, start: start, end: end)
    }

    @Test("Radiation pneumonitis of grade 2 or worse before enrollment", arguments: [
        ClinicalEventCase("no events", .pass, []),
        ClinicalEventCase("grade 1 before", .pass, [rp(Make.grade(1), "2025-12-01", end: "2025-12-20")]),
        ClinicalEventCase("grade 2 before", .deviation, [rp(Make.grade(2), "2025-12-01", end: "2026-01-05")]),
        ClinicalEventCase("grade 3 before, ongoing", .deviation, [rp(Make.grade(3), "2025-12-01")]),
        ClinicalEventCase("grade 5", .deviation, [rp(Make.grade(5), "2025-12-01")]),
        ClinicalEventCase("grade written as text", .deviation, [rp(.string("3"), "2025-12-01")]),
        ClinicalEventCase("grade 2 the day before enrollment", .deviation, [rp(Make.grade(2), "2026-01-19")]),
        ClinicalEventCase("grade 2 on the enrollment date", .pass, [rp(Make.grade(2), "2026-01-20")]),
        ClinicalEventCase("grade 2 after enrollment", .pass, [rp(Make.grade(3), "2026-03-02")]),
        ClinicalEventCase("grade 2 in the previous year", .deviation, [rp(Make.grade(2), "2025")]),
        ClinicalEventCase("grade 2 in the enrollment month", .indeterminate, [rp(Make.grade(2), "2026-01")]),
        ClinicalEventCase("grade 2 in the month after", .pass, [rp(Make.grade(2), "2026-02")]),
        ClinicalEventCase("a synonym, any case", .deviation, [rp(Make.grade(2), "2025-12-01", term: " Pneumonitis ")]),
        ClinicalEventCase("an unlisted term", .pass, [rp(Make.grade(3), "2025-11-01", term: "esophagitis")]),
        ClinicalEventCase("a term that contains the listed one", .pass, [rp(Make.grade(3), "2025-11-01", term: "pneumonitis, infective")]),
        ClinicalEventCase("no grade", .notEvaluable, [rp(nil, "2025-12-01")]),
        ClinicalEventCase("grade null", .notEvaluable, [rp(.null, "2025-12-01")]),
        ClinicalEventCase("grade 2.5", .notEvaluable, [rp(.number("2.5"), "2025-12-01")]),
        ClinicalEventCase("grade 0", .notEvaluable, [rp(Make.grade(0), "2025-12-01")]),
        ClinicalEventCase("grade 6", .notEvaluable, [rp(Make.grade(6), "2025-12-01")]),
        ClinicalEventCase("grade as words", .notEvaluable, [rp(.string("severe"), "2025-12-01")]),
        ClinicalEventCase("no grade, after enrollment", .pass, [rp(nil, "2026-02-01")]),
        ClinicalEventCase("no grade, but another event deviates", .deviation, [rp(nil, "2025-12-01"), rp(Make.grade(2), "2025-12-10")]),
        ClinicalEventCase("no start date", .notEvaluable, [rp(Make.grade(2), nil)]),
        ClinicalEventCase("no start date, grade 1", .pass, [rp(Make.grade(1), nil)]),
        ClinicalEventCase("no start date but an end before enrollment", .deviation, [rp(Make.grade(2), nil, end: "2025-12-20")]),
        ClinicalEventCase("no term, grade 3 before enrollment", .notEvaluable, [rp(Make.grade(3), "2025-12-01", term: nil)]),
        ClinicalEventCase("an open finding outweighs a missing grade", .indeterminate, [rp(nil, "2025-12-01"), rp(Make.grade(2), "2026-01")]),
    ])
    func pneumonitisBeforeEnrollment(_ input: ClinicalEventCase) throws {
        let judgement = try Self.judge(Self.pneumonitis, input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
        if input.expected != .pass {
            #expect(judgement.evidence.contains { $0.location == Make.location })
            #expect(evidence("enrollment date", in: judgement) == "2026-01-20")
        }
    }

    @Test("The message names the event, its grade and the listed term")
    func message() throws {
        let judgement = try Self.judge(Self.pneumonitis, [Self.rp(Make.grade(2), "2025-12-01", term: "Pneumonitis")])
        #expect(judgement.message.contains("'Pneumonitis'"))
        #expect(judgement.message.contains("'radiation pneumonitis'"))
        #expect(judgement.message.contains("grade 2"))
        #expect(judgement.message.contains("2025-12-01"))
        let missing = try Self.judge(Self.pneumonitis, [Self.rp(nil, "2025-12-01")])
        #expect(missing.message.contains("no grade"))
        #expect(missing.message.contains("'radiation pneumonitis'"))
    }

    @Test("Peripheral neuropathy of grade 2 or worse ongoing at enrollment", arguments: [
        ClinicalEventCase("grade 2, ongoing", .deviation, [Make.adverseEvent("peripheral neuropathy", grade: Make.grade(2), start: "2025-10-20")]),
        ClinicalEventCase("grade 1, ongoing", .pass, [Make.adverseEvent("peripheral neuropathy", grade: Make.grade(1), start: "2025-10-20")]),
        ClinicalEventCase("ended the day before", .pass, [Make.adverseEvent("peripheral neuropathy", grade: Make.grade(2), start: "2025-10-20", end: "2026-01-19")]),
        ClinicalEventCase("ended on the enrollment date", .pass, [Make.adverseEvent("peripheral neuropathy", grade: Make.grade(2), start: "2025-10-20", end: "2026-01-20")]),
        ClinicalEventCase("ended the day after", .deviation, [Make.adverseEvent("peripheral neuropathy", grade: Make.grade(2), start: "2025-10-20", end: "2026-01-21")]),
        ClinicalEventCase("ended in the enrollment month", .indeterminate, [Make.adverseEvent("peripheral neuropathy", grade: Make.grade(2), start: "2025-10-20", end: "2026-01")]),
        ClinicalEventCase("started on the enrollment date", .deviation, [Make.adverseEvent("peripheral neuropathy", grade: Make.grade(2), start: "2026-01-20")]),
        ClinicalEventCase("started the day after", .pass, [Make.adverseEvent("peripheral neuropathy", grade: Make.grade(3), start: "2026-01-21")]),
        ClinicalEventCase("started in the enrollment month", .indeterminate, [Make.adverseEvent("peripheral neuropathy", grade: Make.grade(2), start: "2026-01")]),
        ClinicalEventCase("a mapping entry without synonyms", .deviation, [Make.adverseEvent("Peripheral sensory neuropathy", grade: Make.grade(2), start: "2025-10-20")]),
        ClinicalEventCase("no start, no end", .notEvaluable, [Make.adverseEvent("peripheral neuropathy", grade: Make.grade(2), start: nil)]),
        ClinicalEventCase("no start, ended before", .pass, [Make.adverseEvent("peripheral neuropathy", grade: Make.grade(2), start: nil, end: "2025-12-01")]),
    ])
    func neuropathyOngoing(_ input: ClinicalEventCase) throws {
        let judgement = try Self.judge(Self.neuropathy, input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Immune-related adverse events of grade 3 or worse, any term", arguments: [
        ClinicalEventCase("grade 3, immune-related", .deviation, [Make.adverseEvent("colitis", grade: Make.grade(3), start: "2025-09-01", end: "2025-10-01", immuneRelated: .bool(true))]),
        ClinicalEventCase("grade 3, flag written as text", .deviation, [Make.adverseEvent("hepatitis", grade: Make.grade(3), start: "2025-09-01", immuneRelated: .string("yes"))]),
        ClinicalEventCase("grade 3 without a term", .deviation, [Make.adverseEvent(nil, grade: Make.grade(4), start: "2025-09-01", immuneRelated: .bool(true))]),
        ClinicalEventCase("grade 3, not immune-related", .pass, [Make.adverseEvent("esophagitis", grade: Make.grade(3), start: "2025-11-01", immuneRelated: .bool(false))]),
        ClinicalEventCase("grade 3, unflagged", .notEvaluable, [Make.adverseEvent("esophagitis", grade: Make.grade(3), start: "2025-11-01")]),
        ClinicalEventCase("grade 3, unusable flag", .notEvaluable, [Make.adverseEvent("esophagitis", grade: Make.grade(3), start: "2025-11-01", immuneRelated: .string("perhaps"))]),
        ClinicalEventCase("grade 2, unflagged", .pass, [Make.adverseEvent("esophagitis", grade: Make.grade(2), start: "2025-11-01")]),
        ClinicalEventCase("grade 2, immune-related", .pass, [Make.adverseEvent("rash", grade: Make.grade(2), start: "2025-09-01", immuneRelated: .bool(true))]),
        ClinicalEventCase("grade 4 after enrollment", .pass, [Make.adverseEvent("pneumonitis", grade: Make.grade(4), start: "2026-02-01", immuneRelated: .bool(true))]),
    ])
    func immuneRelated(_ input: ClinicalEventCase) throws {
        let judgement = try Self.judge(Self.immune, input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Without immune_related, the flag is not read")
    func flagIgnored() throws {
        let event = Make.adverseEvent("colitis", grade: Make.grade(3), start: "2025-09-01", immuneRelated: .bool(false))
        #expect(try Self.judge(#"{"min_grade": 3}"#, [event]).verdict == .deviation)
        #expect(try Self.judge(#"{"min_grade": 3, "immune_related": false}"#, [event]).verdict == .deviation)
    }

    @Test("Parameter problems", arguments: [
        (#"{"min_grade": 0}"#, "min_grade"),
        (#"{"min_grade": 6}"#, "min_grade"),
        (#"{"min_grade": 2, "terms": []}"#, "terms"),
    ])
    func parameterProblems(_ json: String, _ parameter: String) throws {
        let decoded = try parameters(AdverseEventGradeCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try AdverseEventGradeCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
    }

    @Test("Decoding errors", arguments: [
        #"{"terms": ["pneumonitis"]}"#,
        #"{"min_grade": 2, "when": "ongoing"}"#,
        #"{"min_grade": "two"}"#,
    ])
    func decodingErrors(_ json: String) {
        #expect(throws: DecodingError.self) {
            _ = try parameters(AdverseEventGradeCheck.self, json)
        }
    }
}

// MARK: - no-event

@Suite("no-event")
struct NoEventCheckTests {
    static let progression = #"{"type": "response", "where": {"result": ["PD"]}, "after": "crt-completion", "before": "enrollment"}"#
    static let targeted = #"{"type": "targeted-therapy", "before": "enrollment"}"#
    /// The definitive course: last fraction 2025-11-19.
    static let course = radiotherapy("2025-10-13", "2025-11-19", intent: "definitive")

    static func judge(_ json: String, _ events: [Event], enrolled: String = "2026-01-20") throws -> Judgement {
        let check = try NoEventCheck(parameters: parameters(NoEventCheck.self, json), context: testContext)
        return check.judge(patient(enrolled: enrolled, events))
    }

    @Test("No progression between chemoradiotherapy and enrollment", arguments: [
        ClinicalEventCase("no response recorded", .pass, []),
        ClinicalEventCase("stable disease between", .pass, [Make.response("SD", on: "2025-12-20")]),
        ClinicalEventCase("PD between", .deviation, [Make.response("PD", on: "2025-12-20")]),
        ClinicalEventCase("PD written in lower case, padded", .deviation, [Make.response(" pd ", on: "2025-12-20")]),
        ClinicalEventCase("a value not accepted", .pass, [Make.response("progressive disease", on: "2025-12-20")]),
        ClinicalEventCase("PD on the day of the last fraction", .pass, [Make.response("PD", on: "2025-11-19")]),
        ClinicalEventCase("PD the day after the last fraction", .deviation, [Make.response("PD", on: "2025-11-20")]),
        ClinicalEventCase("PD the day before enrollment", .deviation, [Make.response("PD", on: "2026-01-19")]),
        ClinicalEventCase("PD on the enrollment date", .pass, [Make.response("PD", on: "2026-01-20")]),
        ClinicalEventCase("PD after enrollment", .pass, [Make.response("PD", on: "2026-04-01")]),
        ClinicalEventCase("PD before chemoradiotherapy ended", .pass, [Make.response("PD", on: "2025-11-01")]),
        ClinicalEventCase("PD in December 2025", .deviation, [Make.response("PD", on: "2025-12")]),
        ClinicalEventCase("PD in November 2025", .indeterminate, [Make.response("PD", on: "2025-11")]),
        ClinicalEventCase("PD in January 2026", .indeterminate, [Make.response("PD", on: "2026-01")]),
        ClinicalEventCase("PD in 2026", .indeterminate, [Make.response("PD", on: "2026")]),
        ClinicalEventCase("PD in February 2026", .pass, [Make.response("PD", on: "2026-02")]),
        ClinicalEventCase("PD undated", .notEvaluable, [Make.response("PD", on: nil)]),
        ClinicalEventCase("a response without a result between", .notEvaluable, [Make.response(nil, on: "2025-12-20")]),
        ClinicalEventCase("a response without a result after enrollment", .pass, [Make.response(nil, on: "2026-02-20")]),
        ClinicalEventCase("a deviation outweighs a missing result", .deviation, [Make.response(nil, on: "2025-12-20"), Make.response("PD", on: "2026-01-05")]),
    ])
    func progression(_ input: ClinicalEventCase) throws {
        let judgement = try Self.judge(Self.progression, [Self.course] + input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
        if input.expected != .pass {
            #expect(evidence("chemoradiotherapy completion (last fraction)", in: judgement) == "2025-11-19")
            #expect(evidence("enrollment date", in: judgement) == "2026-01-20")
            #expect(judgement.evidence.contains { $0.location == Make.location })
        }
        if input.expected == .deviation {
            #expect(judgement.message.contains(input.events.last?.datesDescription ?? "-"))
        }
    }

    @Test("A point that cannot be placed is not-evaluable, events or none", arguments: [
        ClinicalEventCase("no radiotherapy, no response", .notEvaluable, []),
        ClinicalEventCase("no radiotherapy, PD", .notEvaluable, [Make.response("PD", on: "2025-12-20")]),
        ClinicalEventCase("radiotherapy without an end", .notEvaluable, [radiotherapy("2025-10-13", nil)]),
    ])
    func unplaceable(_ input: ClinicalEventCase) throws {
        let judgement = try Self.judge(Self.progression, input.events)
        #expect(judgement.verdict == input.expected)
        expectExplained(judgement)
        #expect(judgement.message.contains("radiotherapy"))
    }

    @Test("Partial anchors", arguments: [
        // (last fraction, enrollment, PD date, verdict)
        ("2025-11-19", "2026-01", "2025-12-15", Verdict.deviation),
        ("2025-11-19", "2026-01", "2026-01-10", .indeterminate),
        ("2025-11", "2026-01-20", "2025-12-01", .deviation),
        ("2025-11", "2026-01-20", "2025-11-15", .indeterminate),
        ("2025-11", "2026-01-20", "2025-10-31", .pass),
        // No day lies strictly between 2025-12-10 and 2025-12-11: a December PD cannot fall between.
        ("2025-12-10", "2025-12-11", "2025-12", .pass),
    ])
    func partialAnchors(_ end: String, _ enrolled: String, _ day: String, _ expected: Verdict) throws {
        let judgement = try Self.judge(Self.progression, [radiotherapy("2025-10-01", end), Make.response("PD", on: day)], enrolled: enrolled)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("No targeted therapy before enrollment, at any time", arguments: [
        ClinicalEventCase("none", .pass, []),
        ClinicalEventCase("years before", .deviation, [therapy(.targetedTherapy, phase: nil, start: "2019-03-01", end: "2019-08-30", agents: ["erlotinib"])]),
        ClinicalEventCase("the day before enrollment", .deviation, [therapy(.targetedTherapy, phase: nil, start: "2026-01-19")]),
        ClinicalEventCase("on the enrollment date", .pass, [therapy(.targetedTherapy, phase: nil, start: "2026-01-20")]),
        ClinicalEventCase("after enrollment", .pass, [therapy(.targetedTherapy, phase: nil, start: "2026-03-01")]),
        ClinicalEventCase("in the enrollment month", .indeterminate, [therapy(.targetedTherapy, phase: nil, start: "2026-01")]),
        ClinicalEventCase("undated", .notEvaluable, [therapy(.targetedTherapy, phase: nil, start: nil)]),
        ClinicalEventCase("no start but an end before enrollment", .deviation, [therapy(.targetedTherapy, phase: nil, start: nil, end: "2025-06-01")]),
        ClinicalEventCase("no start, an end after enrollment", .notEvaluable, [therapy(.targetedTherapy, phase: nil, start: nil, end: "2026-06-01")]),
        ClinicalEventCase("type written differently", .deviation, [therapy(EventType(rawValue: "Targeted-Therapy"), phase: nil, start: "2024-01-01")]),
        ClinicalEventCase("other therapy types", .pass, [therapy(.chemotherapy, phase: "induction", start: "2025-08-20"), therapy(.immunotherapy, phase: "induction", start: "2025-08-20")]),
    ])
    func targetedTherapy(_ input: ClinicalEventCase) throws {
        let judgement = try Self.judge(Self.targeted, input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
        if input.expected == .deviation {
            #expect(judgement.message.lowercased().hasPrefix("targeted therapy"))
            #expect(judgement.message.contains("before enrollment (2026-01-20)"))
        }
    }

    @Test("A filter on a list attribute accepts any element")
    func listFilter() throws {
        let json = #"{"type": "chemotherapy", "where": {"agents": ["Capecitabine"]}, "after": "crt-completion", "before": "enrollment"}"#
        let both = therapy(.chemotherapy, phase: "consolidation", start: "2025-12-10", agents: ["oxaliplatin", "capecitabine"])
        #expect(try Self.judge(json, [Self.course, both]).verdict == .deviation)
        let other = therapy(.chemotherapy, phase: "consolidation", start: "2025-12-10", agents: ["oxaliplatin"])
        #expect(try Self.judge(json, [Self.course, other]).verdict == .pass)
    }

    @Test("Parameter problems", arguments: [
        (#"{"type": " ", "before": "enrollment"}"#, "type"),
        (#"{"type": "response", "where": {"result": []}, "before": "enrollment"}"#, "where"),
        (#"{"type": "response", "where": {"result": [""]}, "before": "enrollment"}"#, "where"),
        (#"{"type": "response", "where": {" ": ["PD"]}, "before": "enrollment"}"#, "where"),
        (#"{"type": "response", "after": "enrollment", "before": "enrollment"}"#, "before"),
    ])
    func parameterProblems(_ json: String, _ parameter: String) throws {
        let decoded = try parameters(NoEventCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try NoEventCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
    }

    @Test("Decoding errors", arguments: [
        (#"{"type": "response"}"#, "before"),
        (#"{"type": "response", "before": "enrolment"}"#, "enrollment"),
        (#"{"type": "response", "where": {"result": "PD"}, "before": "enrollment"}"#, "where"),
    ])
    func decodingErrors(_ json: String, _ mention: String) {
        let error = #expect(throws: DecodingError.self) {
            _ = try parameters(NoEventCheck.self, json)
        }
        #expect(String(describing: error).contains(mention))
    }
}

// MARK: - The shipped protocol's clinical-event checks

@Suite("NCT07177794 clinical-event checks, as shipped")
struct ShippedClinicalEventChecksTests {
    static let protocolPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocols/NCT07177794.yaml").path

    static func check(_ id: String) throws -> any Check {
        let definition = try ProtocolLoader(registry: CheckRegistry(kinds: BuiltinPlugins.kinds)).load(path: protocolPath)
        return try #require(definition.checks.first { $0.id == id }).check
    }

    static let course = radiotherapy("2025-10-13", "2025-11-19", intent: "definitive")

    @Test("A record with nothing to exclude passes every clinical-event check", arguments: [
        "no-fistula-or-hemorrhage", "no-progression-after-crt", "radiation-pneumonitis", "immune-related-ae",
        "no-prior-targeted-therapy", "peripheral-neuropathy", "excluded-conditions",
    ])
    func clean(_ id: String) throws {
        let judgement = try Self.check(id).judge(patient(enrolled: "2026-01-20", [Self.course]))
        #expect(judgement.verdict == .pass, "\(id): \(judgement.message)")
    }

    @Test("Excluded conditions: listed terms and synonyms match, permitted exceptions do not", arguments: [
        ("cervical carcinoma in situ", Verdict.pass),
        ("cured basal cell carcinoma of the skin", .pass),
        ("basal cell carcinoma", .pass),
        ("hypertension", .pass),
        ("esophageal squamous cell carcinoma", .pass),
        ("lung cancer", .deviation),
        ("Other malignancy", .deviation),
        ("HIV", .deviation),
        ("systemic lupus erythematosus", .deviation),
        ("Crohn's disease", .deviation),
        ("Sjögren's syndrome", .deviation),
        ("breastfeeding", .deviation),
        ("pregnancy", .deviation),
        ("allogeneic HSCT", .deviation),
        ("kidney transplant", .deviation),
        ("interstitial lung disease", .deviation),
        ("non-infectious pneumonitis", .deviation),
        ("allergy to capecitabine", .deviation),
        ("radiation pneumonitis", .pass),
    ])
    func excludedConditions(_ term: String, _ expected: Verdict) throws {
        let judgement = try Self.check("excluded-conditions").judge(patient(enrolled: "2026-01-20", [
            Self.course, Make.condition(term, onset: "2024-05", status: "active"),
        ]))
        #expect(judgement.verdict == expected, "\(term): \(judgement.message)")
    }

    @Test("Fistula or hemorrhage before enrollment, as a condition or an adverse event", arguments: [
        ClinicalEventCase("tracheoesophageal fistula, resolved", .deviation, [Make.condition("Tracheoesophageal fistula", onset: "2025-12-01", end: "2025-12-30", status: "resolved")]),
        ClinicalEventCase("upper GI bleeding, grade 1", .deviation, [Make.adverseEvent("upper gastrointestinal hemorrhage", grade: Make.grade(1), start: "2025-11-02", end: "2025-11-03")]),
        ClinicalEventCase("esophageal hemorrhage after enrollment", .pass, [Make.adverseEvent("esophageal hemorrhage", grade: Make.grade(2), start: "2026-02-02")]),
        ClinicalEventCase("esophagitis", .pass, [Make.adverseEvent("esophagitis", grade: Make.grade(2), start: "2025-11-02")]),
    ])
    func fistula(_ input: ClinicalEventCase) throws {
        let judgement = try Self.check("no-fistula-or-hemorrhage").judge(patient(enrolled: "2026-01-20", [Self.course] + input.events))
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
    }

    @Test("The adverse-event and no-event checks as configured", arguments: [
        ("radiation-pneumonitis", [Make.adverseEvent("Pneumonitis", grade: Make.grade(2), start: "2025-12-10")], Verdict.deviation),
        ("radiation-pneumonitis", [Make.adverseEvent("radiation pneumonitis", grade: Make.grade(1), start: "2025-12-10")], .pass),
        ("immune-related-ae", [Make.adverseEvent("colitis", grade: Make.grade(3), start: "2025-09-01", immuneRelated: .bool(true))], .deviation),
        ("immune-related-ae", [Make.adverseEvent("colitis", grade: Make.grade(2), start: "2025-09-01", immuneRelated: .bool(true))], .pass),
        ("peripheral-neuropathy", [Make.adverseEvent("peripheral sensory neuropathy", grade: Make.grade(2), start: "2025-10-01")], .deviation),
        ("peripheral-neuropathy", [Make.adverseEvent("peripheral sensory neuropathy", grade: Make.grade(2), start: "2025-10-01", end: "2026-01-10")], .pass),
        ("no-progression-after-crt", [Make.response("PD", on: "2025-12-20")], .deviation),
        ("no-progression-after-crt", [Make.response("Progressive disease", on: "2025-12-20")], .deviation),
        ("no-progression-after-crt", [Make.response("PR", on: "2025-12-20")], .pass),
        ("no-prior-targeted-therapy", [therapy(.targetedTherapy, phase: nil, start: "2024-02-01", agents: ["erlotinib"])], .deviation),
    ])
    func configured(_ id: String, _ events: [Event], _ expected: Verdict) throws {
        let judgement = try Self.check(id).judge(patient(enrolled: "2026-01-20", [Self.course] + events))
        #expect(judgement.verdict == expected, "\(id): \(judgement.message)")
    }
}
