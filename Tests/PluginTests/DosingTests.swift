import Testing
import TrialCheckCore
import TreatmentChecks

@Suite("Dosing by body size (mg/m2 by Mosteller, mg/kg), route and frequency alone, cyclic schedules")
struct DosingTests {
    static func measurement(_ day: String, weight: String? = nil, height: String? = nil, bsa: String? = nil) -> Event {
        var attributes: [String: Value] = [:]
        if let weight { attributes["weight"] = .string(weight) }
        if let height { attributes["height"] = .string(height) }
        if let bsa { attributes["bsa"] = .string(bsa) }
        return Event(type: .measurement, date: date(day), attributes: attributes)
    }

    static func dose(_ json: String, _ events: [Event]) throws -> Judgement {
        try StudyDrugDoseCheck(parameters: parameters(StudyDrugDoseCheck.self, json), context: testContext)
            .judge(patient(enrolled: "2026-01-20", events))
    }

    /// 170 cm and 72 kg: Mosteller BSA sqrt(170 x 72 / 3600) = sqrt(3.4) = 1.8439 m2; 40 mg/m2 is 73.76 mg.
    @Test("A dose per m2, either side of the tolerance, by Mosteller or a recorded BSA", arguments: [
        ("73.76 mg", Verdict.pass), ("77 mg", .pass), ("70.1 mg", .pass), ("77.5 mg", .deviation), ("70 mg", .deviation),
    ])
    func perSquareMetre(given: String, expected: Verdict) throws {
        let json = #"{"drug": "cisplatin", "dose": "40 mg/m2", "tolerance": "5%"}"#
        let events = [Self.measurement("2026-01-15", weight: "72 kg", height: "170 cm"), administration("cisplatin", "2026-01-22", dose: .string(given))]
        let judgement = try Self.dose(json, events)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("The latest measurement on or before the dose is used; a recorded BSA comes first")
    func latestMeasurement() throws {
        let json = #"{"drug": "cisplatin", "dose": "40 mg/m2"}"#
        let events = [
            Self.measurement("2026-01-10", weight: "72 kg", height: "170 cm"),
            Self.measurement("2026-01-21", bsa: "1.5 m2"),
            Self.measurement("2026-01-23", bsa: "2.0 m2"),
            administration("cisplatin", "2026-01-22", dose: .string("60 mg")),
        ]
        #expect(try Self.dose(json, events).verdict == .pass)
        #expect(try Self.dose(json, [administration("cisplatin", "2026-01-22", dose: .string("60 mg"))]).verdict == .notEvaluable)
        #expect(try Self.dose(json, [Self.measurement("2026-01-10", weight: "72 kg"), administration("cisplatin", "2026-01-22", dose: .string("60 mg"))]).verdict == .notEvaluable)
        #expect(try Self.dose(json, [Self.measurement("2026-01-10", weight: "72 kg", height: "170 furlongs"), administration("cisplatin", "2026-01-22", dose: .string("60 mg"))]).verdict == .notEvaluable)
    }

    @Test("A dose per kg by the latest weight")
    func perKilogram() throws {
        let json = #"{"drug": "nivolumab", "dose": "3 mg/kg"}"#
        let weighed = Self.measurement("2026-01-15", weight: "70 kg")
        #expect(try Self.dose(json, [weighed, administration("nivolumab", "2026-01-22", dose: .string("210 mg"))]).verdict == .pass)
        #expect(try Self.dose(json, [weighed, administration("Opdivo", "2026-01-22", dose: .string("240 mg"))]).verdict == .deviation)
        #expect(throws: ParameterProblem.self) { try Self.dose(#"{"drug": "nivolumab", "dose": "3 mg/kg", "tolerance": "10 mg"}"#, []) }
        #expect(throws: ParameterProblem.self) { try Self.dose(#"{"drug": "nivolumab", "dose": "3 Gy/kg"}"#, []) }
    }

    @Test("Route and frequency are checked without a dose")
    func routeAlone() throws {
        let json = #"{"drug": "S-1", "route": ["oral", "PO"], "frequency": "BID"}"#
        #expect(try Self.dose(json, [administration("S-1", "2026-01-22", dose: nil, route: "PO", frequency: "BID")]).verdict == .pass)
        #expect(try Self.dose(json, [administration("TS-1", "2026-01-22", dose: nil, route: "IV", frequency: "BID")]).verdict == .deviation)
        #expect(try Self.dose(json, [administration("S-1", "2026-01-22", dose: nil, route: "oral", frequency: "QD")]).verdict == .deviation)
        #expect(try Self.dose(json, [administration("S-1", "2026-01-22", dose: nil, route: "oral")]).verdict == .notEvaluable)
        #expect(throws: ParameterProblem.self) { try Self.dose(#"{"drug": "S-1"}"#, []) }
    }

    static func schedule(_ events: [Event], json: String = #"{"drug": "S-1", "cycle_days": 21, "days_on": "1-14"}"#) throws -> Judgement {
        try CyclicScheduleCheck(parameters: parameters(CyclicScheduleCheck.self, json), context: testContext)
            .judge(patient(enrolled: "2026-01-20", events))
    }

    @Test("S-1 days 1-14 every 21 days: either side of the last day on and of the days off", arguments: [
        EventsCase("two cycles as spans", .pass, [oralSpan("S-1", "2026-01-22", "2026-02-04"), oralSpan("S-1", "2026-02-12", "2026-02-25")]),
        EventsCase("a 15th day on", .deviation, [oralSpan("S-1", "2026-01-22", "2026-02-05")]),
        EventsCase("the next cycle a day early", .deviation, [oralSpan("S-1", "2026-01-22", "2026-02-04"), oralSpan("S-1", "2026-02-11", "2026-02-24")]),
        EventsCase("a delayed cycle", .pass, [oralSpan("S-1", "2026-01-22", "2026-02-04"), oralSpan("S-1", "2026-02-20", "2026-03-05")]),
        EventsCase("a partial end", .indeterminate, [oralSpan("S-1", "2026-01-22", "2026-02")]),
        EventsCase("nothing given", .notEvaluable, []),
    ])
    func schedule(_ item: EventsCase) throws {
        let judgement = try Self.schedule(item.events)
        #expect(judgement.verdict == item.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Daily doses grouped by cycle number; days given as a list")
    func dailyDoses() throws {
        let json = #"{"drug": "capecitabine", "cycle_days": 21, "days_on": [1, 8]}"#
        let pass = [administration("capecitabine", "2026-01-22", cycle: .number("1")), administration("capecitabine", "2026-01-29", cycle: .number("1")),
                    administration("capecitabine", "2026-02-12", cycle: .number("2"))]
        #expect(try Self.schedule(pass, json: json).verdict == .pass)
        let off = [administration("capecitabine", "2026-01-22", cycle: .number("1")), administration("capecitabine", "2026-01-30", cycle: .number("1"))]
        #expect(try Self.schedule(off, json: json).verdict == .deviation)
        #expect(throws: ParameterProblem.self) { try Self.schedule([], json: #"{"drug": "S-1", "cycle_days": 21, "days_on": "1-22"}"#) }
    }
}
