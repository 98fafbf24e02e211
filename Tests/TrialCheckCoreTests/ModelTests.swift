import Testing
import TrialCheckCore

@Suite("Value and Event accessors")
struct ValueEventTests {
    @Test("Value reads numbers as written, booleans, lists and quantities")
    func values() {
        #expect(Value.number("0012").text == "0012")
        #expect(Value.number("50.4").double == 50.4)
        #expect(Value.string(" 7 ").double == 7)
        #expect(Value.number("3").int == 3)
        #expect(Value.number("3.5").int == nil)
        #expect(Value.string("yes").bool == true)
        #expect(Value.string("No").bool == false)
        #expect(Value.bool(true).bool == true)
        #expect(Value.string("maybe").bool == nil)
        #expect(Value.null.list.isEmpty)
        #expect(Value.string("cisplatin").list == [.string("cisplatin")])
        #expect(Value.string("50.4 Gy").quantity == Quantity(50.4, "Gy"))
        #expect(Value.map(["value": .number("5040"), "unit": .string("cGy")]).quantity == Quantity(5040, "cGy"))
        #expect(Value.number("50.4").quantity == nil)
        #expect(Value.map(["value": .number("50.4")]).quantity == nil)
        #expect(Value.list([.string("a"), .number("1")]).display == "[a, 1]")
        #expect(Value.map(["b": .number("2"), "a": .bool(false)]).display == "{a: false, b: 2}")
    }

    @Test("Event dates: start falls back to date then end; end to date; ongoing has no end")
    func eventDates() {
        let oneDay = Event(type: .surgery, date: date("2025-12-15"))
        #expect(oneDay.startSpan == span("2025-12-15"))
        #expect(oneDay.endSpan == span("2025-12-15"))
        #expect(oneDay.datesDescription == "2025-12-15")
        let course = Event(type: .radiotherapy, start: date("2025-10-13"), end: date("2025-11-19"))
        #expect(course.startSpan == span("2025-10-13"))
        #expect(course.endSpan == span("2025-11-19"))
        #expect(course.datesDescription == "2025-10-13..2025-11-19")
        let ongoing = Event(type: .immunotherapy, start: date("2026-01"))
        #expect(ongoing.endSpan == nil)
        #expect(ongoing.datesDescription == "2026-01..ongoing")
        let endOnly = Event(type: .radiotherapy, end: date("2025-11-19"))
        #expect(endOnly.startSpan == span("2025-11-19"))
        #expect(endOnly.datesDescription == "..2025-11-19")
        #expect(Event(type: .surgery).datesDescription == "undated")
        #expect(Event(type: .surgery).startSpan == nil)
    }

    @Test("Event attributes: phase and intent are lowercased; agents read as a list")
    func eventAttributes() {
        let event = Event(type: .chemotherapy, attributes: [
            "phase": .string("Adjuvant"), "intent": .string("DEFINITIVE"),
            "agents": .list([.string("paclitaxel"), .string("cisplatin")]), "cycles": .number("2"),
            "dose": .string("240 mg"),
        ])
        #expect(event.phase == "adjuvant")
        #expect(event.intent == "definitive")
        #expect(event.strings("agents") == ["paclitaxel", "cisplatin"])
        #expect(event.integer("cycles") == 2)
        #expect(event.quantity("dose") == Quantity(240, "mg"))
        #expect(event["missing"] == nil)
    }

    @Test("PatientHistory filters events by type in record order")
    func eventsOfType() {
        let patient = PatientHistory(id: "P1", enrollment: Enrollment(date: date("2026-01-20")), events: [
            Event(type: .lab, date: date("2026-01-01")),
            Event(type: .radiotherapy, start: date("2025-10-13")),
            Event(type: .lab, date: date("2026-01-12")),
        ])
        #expect(patient.events(ofType: .lab).map(\.date) == [date("2026-01-01"), date("2026-01-12")])
        #expect(patient.events(ofType: .surgery).isEmpty)
        #expect(EventType(rawValue: "radiotherapy") == .radiotherapy)
        #expect(EventType.systemicTherapies == [.chemotherapy, .immunotherapy, .targetedTherapy])
    }
}

@Suite("RadiotherapyCourse")
struct RadiotherapyCourseTests {
    func radiotherapy(_ start: String?, _ end: String?, intent: String? = nil) -> Event {
        var attributes: [String: Value] = ["dose": .string("50.4 Gy")]
        if let intent { attributes["intent"] = .string(intent) }
        return Event(type: .radiotherapy, start: start.map(date), end: end.map(date), attributes: attributes)
    }

    func patient(enrolled: String, _ events: [Event]) -> PatientHistory {
        PatientHistory(id: "P", enrollment: Enrollment(date: date(enrolled)), events: events)
    }

    @Test("Definitive or absent intent, starting before enrollment")
    func membership() throws {
        let definitive = radiotherapy("2025-10-13", "2025-11-05", intent: "definitive")
        let unstated = radiotherapy("2025-11-06", "2025-11-19")
        let palliative = radiotherapy("2025-12-01", "2025-12-05", intent: "palliative")
        let later = radiotherapy("2026-02-01", "2026-02-20")
        let onEnrollment = radiotherapy("2026-01-20", "2026-01-30")
        let course = try #require(RadiotherapyCourse(of: patient(
            enrolled: "2026-01-20", [later, palliative, definitive, Event(type: .surgery, date: date("2025-07-01")), unstated, onEnrollment]
        )))
        #expect(course.events == [definitive, unstated])
        #expect(course.completion == span("2025-11-19"))
        #expect(course.completingEvent == unstated)
        #expect(course.eventsWithoutEnd.isEmpty)
    }

    @Test("Intent is case-insensitive; other intents are not definitive")
    func intents() {
        #expect(RadiotherapyCourse.isDefinitive(radiotherapy(nil, nil)))
        #expect(RadiotherapyCourse.isDefinitive(radiotherapy(nil, nil, intent: "Definitive")))
        #expect(!RadiotherapyCourse.isDefinitive(radiotherapy(nil, nil, intent: "palliative")))
        #expect(!RadiotherapyCourse.isDefinitive(radiotherapy(nil, nil, intent: "adjuvant")))
    }

    @Test("No course without a definitive radiotherapy event before enrollment")
    func noCourse() {
        #expect(RadiotherapyCourse(of: patient(enrolled: "2026-01-20", [])) == nil)
        #expect(RadiotherapyCourse(of: patient(enrolled: "2026-01-20", [radiotherapy("2025-10-13", "2025-11-19", intent: "palliative")])) == nil)
        #expect(RadiotherapyCourse(of: patient(enrolled: "2026-01-20", [radiotherapy("2026-01-20", "2026-02-19")])) == nil)
        #expect(RadiotherapyCourse(of: patient(enrolled: "2026-01-20", [radiotherapy(nil, nil)])) == nil)
    }

    @Test("Completion is the latest end, in any record order; a missing end leaves it open")
    func completion() throws {
        let first = radiotherapy("2025-10-13", "2025-11-19")
        let second = radiotherapy("2025-10-13", "2025-11-05")
        let course = try #require(RadiotherapyCourse(of: patient(enrolled: "2026-01-20", [first, second])))
        #expect(course.completion == span("2025-11-19"))
        #expect(course.completingEvent == first)

        let partial = try #require(RadiotherapyCourse(of: patient(enrolled: "2026-01-20", [second, radiotherapy("2025-10-13", "2025-11")])))
        #expect(partial.completion == span("2025-11-05").union(span("2025-11")))

        let ongoing = radiotherapy("2025-10-13", nil)
        let open = try #require(RadiotherapyCourse(of: patient(enrolled: "2026-01-20", [first, ongoing])))
        #expect(open.completion == nil)
        #expect(open.eventsWithoutEnd == [ongoing])
        #expect(open.completingEvent == first)
    }
}

private extension DaySpan {
    /// The span of the later of two days (for readable expectations).
    func union(_ other: DaySpan) -> DaySpan { DaySpan.latest(of: [self, other])! }
}
