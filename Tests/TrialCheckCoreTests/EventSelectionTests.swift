import Testing
import TrialCheckCore

@Suite("EventSelection")
struct EventSelectionTests {
    static let patient = PatientHistory(
        id: "P1",
        enrollment: Enrollment(date: date("2026-01-20")),
        events: [
            Event(type: .lab, date: date("2026-01-12"), attributes: ["test": .string("wbc")]),
            Event(type: .diagnosis, date: date("2025-07-19")),
            Event(type: "Lab", date: date("2026-01-13")),
            Event(type: .lab, date: date("2026-01-14"), attributes: ["test": .string("anc")]),
            Event(type: .consent, date: date("2026-01-15")),
            Event(type: .targetedTherapy, start: date("2025-02")),
        ]
    )

    @Test("A selection yields the events of the chosen types, in record order")
    func selectsInRecordOrder() {
        let patient = Self.patient
        #expect(Array(patient.selectEvents(ofType: .lab)) == [patient.events[0], patient.events[3]])
        #expect(Array(patient.selectEvents(ofTypes: [.consent, .diagnosis])) == [patient.events[1], patient.events[4]])
        #expect(Array(patient.selectEvents(ofTypes: [.targetedTherapy])) == [patient.events[5]])
        #expect(Array(patient.selectEvents(whereType: { $0.rawValue.lowercased() == "lab" })) == [patient.events[0], patient.events[2], patient.events[3]])
        #expect(patient.events(ofType: .lab) == patient.events.filter { $0.type == .lab })
    }

    @Test("A selection by a text attribute reads the text as Event.string does")
    func selectsByText() {
        let patient = Self.patient
        #expect(Array(patient.selectEvents(ofType: .lab, whereText: "test") { $0 == "anc" }) == [patient.events[3]])
        #expect(Array(patient.selectEvents(ofType: .lab, whereText: "test") { $0 != nil }) == [patient.events[0], patient.events[3]])
        #expect(Array(patient.selectEvents(ofType: .consent, whereText: "test") { $0 == nil }) == [patient.events[4]])
        #expect(patient.selectEvents(ofType: .diagnosis, whereText: "test") { $0 != nil }.isEmpty)
    }

    @Test("A selection by a normalised text reads each text once per history, folded as names are compared")
    func selectsByNormalizedText() {
        var patient = Self.patient
        patient.events.append(Event(type: .lab, date: date("2026-01-16"), attributes: ["test": .string("  ANC ")]))
        patient.events.append(Event(type: .lab, date: date("2026-01-17"), attributes: ["test": .number("7")]))
        #expect(Array(patient.selectEvents(ofType: .lab, whereNormalizedText: "test") { $0 == "anc" }) == [patient.events[3], patient.events[6]])
        #expect(Array(patient.selectEvents(ofType: .lab, whereNormalizedText: "test") { $0 == "7" }) == [patient.events[7]])
        // Every lab event, with or without the key: the same as selecting by the text as written.
        let all = Array(patient.selectEvents(ofType: .lab, whereNormalizedText: "test") { _ in true })
        #expect(all == Array(patient.selectEvents(ofType: .lab, whereText: "test") { _ in true }))
        #expect(Array(patient.selectEvents(ofType: .consent, whereNormalizedText: "test") { $0 == nil }) == [patient.events[4]])
        #expect(patient.selectEvents(ofType: .diagnosis, whereNormalizedText: "test") { $0 != nil }.isEmpty)
    }

    @Test("A history whose events change selects from its new events, and a copy keeps its own")
    func normalizedTextFollowsChanges() {
        var patient = Self.patient
        let before = patient
        #expect(Array(patient.selectEvents(ofType: .lab, whereNormalizedText: "test") { $0 == "wbc" }) == [patient.events[0]])
        patient.events[0] = Event(type: .lab, date: date("2026-01-12"), attributes: ["test": .string("platelets")])
        #expect(patient.selectEvents(ofType: .lab, whereNormalizedText: "test") { $0 == "wbc" }.isEmpty)
        #expect(Array(patient.selectEvents(ofType: .lab, whereNormalizedText: "test") { $0 == "platelets" }) == [patient.events[0]])
        #expect(Array(before.selectEvents(ofType: .lab, whereNormalizedText: "test") { $0 == "wbc" }) == [before.events[0]])
        // What a history has read is no part of its value.
        #expect(patient != before)
        patient.events = before.events
        #expect(patient == before)
        #expect(patient.hashValue == before.hashValue)
    }

    @Test("A selection by a rule on the type asks the rule once per type, and follows changed events")
    func selectsByTypeRule() {
        var patient = Self.patient
        var asked: [EventType] = []
        let labs = Array(patient.selectEvents(whereType: { type in
            asked.append(type)
            return type.rawValue.lowercased() == "lab"
        }))
        #expect(labs == patient.events.filter { $0.type.rawValue.lowercased() == "lab" })
        #expect(asked == [.lab, .diagnosis, "Lab", .consent, .targetedTherapy])
        #expect(patient.selectEvents(whereType: { _ in false }).isEmpty)
        #expect(Array(patient.selectEvents(whereType: { _ in true })) == patient.events)
        patient.events.insert(Event(type: .consent, date: date("2026-01-01")), at: 0)
        #expect(Array(patient.selectEvents(whereType: { $0 == .consent })) == [patient.events[0], patient.events[5]])
        let nobody = PatientHistory(id: "P2", enrollment: Enrollment(date: date("2026-01-20")))
        #expect(nobody.selectEvents(whereType: { _ in true }).isEmpty)
    }

    @Test("A selection by a rule on the folded type name is the selection by the rule on the folded type, asked once per type")
    func selectsByNormalizedTypeRule() {
        var patient = Self.patient
        patient.events.append(Event(type: " Targeted-THERAPY ", start: date("2025-03")))
        patient.events.append(Event(type: "adverse  event", date: date("2026-02-01")))
        let rules: [@Sendable (String) -> Bool] = [{ $0 == "lab" }, { $0 == "targeted-therapy" }, { $0 == "adverse event" }, { _ in true }, { _ in false }]
        for rule in rules {
            let folded = Array(patient.selectEvents(whereNormalizedType: rule))
            #expect(folded == Array(patient.selectEvents(whereType: { rule(TermMatcher.normalized($0.rawValue)) })))
            #expect(folded == patient.events.filter { rule(TermMatcher.normalized($0.type.rawValue)) })
        }
        var asked: [String] = []
        _ = patient.selectEvents(whereNormalizedType: { asked.append($0); return false })
        #expect(asked == ["lab", "diagnosis", "lab", "consent", "targeted-therapy", "targeted-therapy", "adverse event"])
        // Changed events are folded again.
        patient.events = [Event(type: "CONSENT", date: date("2026-01-01"))]
        #expect(Array(patient.selectEvents(whereNormalizedType: { $0 == "consent" })) == patient.events)
        #expect(patient.selectEvents(whereNormalizedType: { $0 == "lab" }).isEmpty)
    }

    @Test("The table of event types places each event's type among the distinct types, and follows changed events")
    func eventTypePlaces() {
        var patient = Self.patient
        let (types, places) = patient.eventTypePlaces
        #expect(types == [.lab, .diagnosis, "Lab", .consent, .targetedTherapy])
        #expect(places.map { types[$0] } == patient.events.map(\.type))
        patient.events.append(Event(type: .response, date: date("2026-03-01")))
        patient.events.insert(Event(type: .diagnosis, date: date("2025-07-01")), at: 0)
        let changed = patient.eventTypePlaces
        #expect(changed.types == [.diagnosis, .lab, "Lab", .consent, .targetedTherapy, .response])
        #expect(changed.places.map { changed.types[$0] } == patient.events.map(\.type))
        let nobody = PatientHistory(id: "P2", enrollment: Enrollment(date: date("2026-01-20")))
        #expect(nobody.eventTypePlaces.types.isEmpty && nobody.eventTypePlaces.places.isEmpty)
    }

    @Test("Positions and folded texts from the index agree with the selection")
    func positionsAndTexts() {
        var patient = Self.patient
        patient.events.append(Event(type: .lab, date: date("2026-01-16"), attributes: ["test": .string("  ANC ")]))
        let positions = patient.eventPositions(ofType: .lab, whereNormalizedText: "test") { $0 == "anc" }
        #expect(positions == [3, 6])
        #expect(positions.map { patient.events[$0] } == Array(patient.selectEvents(ofType: .lab, whereNormalizedText: "test") { $0 == "anc" }))
        let texts = patient.normalizedTexts(ofType: .lab, key: "test")
        #expect(texts.map(\.position) == [0, 3, 6])
        #expect(texts.map(\.text) == ["wbc", "anc", "anc"])
        #expect(patient.eventPositions(ofType: .diagnosis, whereNormalizedText: "test") { _ in true } == [1])
    }

    @Test("A derived value is computed once per key and history, and again when the events change")
    func derivedValues() {
        var patient = Self.patient
        var computed = 0
        func labCount(_ key: String) -> Int {
            patient.derived(key) {
                computed += 1
                return patient.events.filter { $0.type == .lab }.count
            }
        }
        #expect(labCount("labs") == 2)
        #expect(labCount("labs") == 2)
        #expect(computed == 1)
        // Another key, or another type of value under the same key, is derived on its own.
        #expect(labCount("other") == 2)
        #expect(patient.derived("labs") { "text" } == "text")
        #expect(computed == 2)
        patient.events.append(Event(type: .lab, date: date("2026-01-16")))
        #expect(labCount("labs") == 3)
        #expect(computed == 3)
    }

    @Test("A selection by type compares types as before: case and spelling count, absent types select nothing")
    func selectsByTypeAsWritten() {
        var patient = Self.patient
        #expect(Array(patient.selectEvents(ofType: "Lab")) == [patient.events[2]])
        #expect(patient.selectEvents(ofType: "lab ").isEmpty)
        #expect(Array(patient.selectEvents(ofTypes: [.radiotherapy, .lab, .lab])) == [patient.events[0], patient.events[3]])
        #expect(patient.selectEvents(ofTypes: [.radiotherapy, .surgery]).isEmpty)
        #expect(Array(patient.selectEvents(ofTypes: [.targetedTherapy, .lab, "Lab", .diagnosis, .consent])) == patient.events)
        // The types are read again when the events change, and a copy keeps its own.
        let before = patient
        patient.events[1] = Event(type: .lab, date: date("2025-07-19"))
        patient.events.append(Event(type: .radiotherapy, start: date("2026-02-01")))
        #expect(Array(patient.selectEvents(ofType: .lab)) == [patient.events[0], patient.events[1], patient.events[3]])
        #expect(Array(patient.selectEvents(ofType: .radiotherapy)) == [patient.events[6]])
        #expect(patient.selectEvents(ofType: .diagnosis).isEmpty)
        #expect(Array(before.selectEvents(ofType: .diagnosis)) == [before.events[1]])
        #expect(Array(before.selectEvents(ofTypes: [.lab, .diagnosis])) == Array(before.events[0...1]) + [before.events[3]])
    }

    @Test("Texts of several keys and types are kept apart")
    func textsOfSeveralKeys() {
        var patient = Self.patient
        patient.events.append(Event(type: .consent, date: date("2026-01-16"), attributes: ["test": .string("WBC"), "form": .string("Main ")]))
        #expect(patient.normalizedTexts(ofType: .lab, key: "test").map(\.text) == ["wbc", "anc"])
        #expect(patient.normalizedTexts(ofType: .consent, key: "test").map(\.text) == [nil, "wbc"])
        #expect(patient.normalizedTexts(ofType: .consent, key: "form").map(\.text) == [nil, "main"])
        #expect(patient.normalizedTexts(ofType: .lab, key: "form").map(\.text) == [nil, nil])
        // Asked again, in another order: the same answers.
        #expect(patient.normalizedTexts(ofType: .consent, key: "test").map(\.position) == [4, 6])
        #expect(patient.eventPositions(ofType: .lab, whereNormalizedText: "test") { $0 == "wbc" } == [0])
    }

    @Test("Derived values are told apart by their key's type and value and by the value's type")
    func derivedValuesByKeyType() {
        struct Pair: Hashable, Sendable {
            let left: String
            let right: Int
        }
        let patient = Self.patient
        #expect(patient.derived(1) { "one" } == "one")
        #expect(patient.derived("1") { "text one" } == "text one")
        #expect(patient.derived(1) { "not asked" } == "one")
        #expect(patient.derived(1) { 11 } == 11)
        #expect(patient.derived(Pair(left: "a", right: 1)) { 1 } == 1)
        #expect(patient.derived(Pair(left: "a", right: 2)) { 2 } == 2)
        #expect(patient.derived(Pair(left: "a", right: 1)) { 3 } == 1)
        // An optional value is derived like any other: `nil` is a value, kept once derived.
        var derivations = 0
        func nothing() -> Int? {
            patient.derived("nothing") {
                derivations += 1
                return Int?.none
            }
        }
        #expect(nothing() == nil)
        #expect(nothing() == nil)
        #expect(derivations == 1)
        #expect(patient.derived("something") { Int?.some(5) } == 5)
        #expect(patient.derived("something") { Int?.none } == 5)
        // A copy of the history shares what was derived until its events change.
        var copy = patient
        #expect(copy.derived(1) { "not asked" } == "one")
        copy.events.removeAll()
        #expect(copy.derived(1) { "again" } == "again")
        #expect(patient.derived(1) { "not asked" } == "one")
    }

    @Test("An empty selection")
    func emptySelection() {
        #expect(Self.patient.selectEvents(ofType: .radiotherapy).isEmpty)
        #expect(Array(Self.patient.selectEvents(ofTypes: [])).isEmpty)
        #expect(!Self.patient.selectEvents(ofType: .consent).isEmpty)
        let nobody = PatientHistory(id: "P2", enrollment: Enrollment(date: date("2026-01-20")))
        #expect(nobody.selectEvents(ofType: .lab).isEmpty)
        #expect(nobody.events(ofType: .lab).isEmpty)
    }

    @Test("A selection can be walked more than once")
    func walksAgain() {
        let labs = Self.patient.selectEvents(ofType: .lab)
        #expect(labs.map(\.date) == labs.map(\.date))
        #expect(labs.underestimatedCount == 0)
        #expect(labs.count(where: { _ in true }) == 2)
    }
}
