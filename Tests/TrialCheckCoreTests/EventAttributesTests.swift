import Testing
import TrialCheckCore

/// An event's attributes given as a dictionary or read from a source: the same answers,
/// the same equality.
@Suite("Event attributes: a dictionary or a source")
struct EventAttributesTests {
    /// A source over a dictionary, counting nothing: `record` tells two sources of the
    /// same record apart from others (as a reader's source would).
    struct Source: EventAttributeSource {
        let record: Int
        let values: [String: Value]

        func value(forKey key: String) -> Value? { values[key] }
        var allAttributes: [String: Value] { values }

        func isSame(as other: any EventAttributeSource) -> Bool {
            guard let other = other as? Source else { return false }
            return record == other.record
        }
    }

    static let values: [String: Value] = ["test": .string("ANC"), "value": .number("1.5"), "extra": .bool(true)]

    func event(_ source: Source) -> Event {
        Event(type: .lab, date: date("2026-01-12"), attributeSource: source)
    }

    @Test("A source answers as the dictionary would")
    func sameAnswers() {
        let dictionary = Event(type: .lab, date: date("2026-01-12"), attributes: Self.values)
        let sourced = event(Source(record: 1, values: Self.values))
        for event in [dictionary, sourced] {
            #expect(event["test"] == .string("ANC"))
            #expect(event.string("value") == "1.5")
            #expect(event.number("value") == 1.5)
            #expect(event.flag("extra") == true)
            #expect(event["missing"] == nil)
            #expect(event.string("missing") == nil)
            #expect(event.attributes == Self.values)
            #expect(event.attributeKeys(outside: KeySet(["test", "value"])) == ["extra"])
        }
        #expect(dictionary == sourced)
        #expect(dictionary.hashValue == sourced.hashValue)
    }

    @Test("An attribute list answers as the dictionary would, in any order written; a key written twice keeps its last value")
    func attributeList() {
        let dictionary = Event(type: .lab, date: date("2026-01-12"), attributes: Self.values)
        let pairs = Self.values.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        for written in [pairs, pairs.reversed()] {
            let listed = Event(type: .lab, date: date("2026-01-12"), attributeSource: AttributeList(written))
            #expect(listed == dictionary)
            #expect(listed.hashValue == dictionary.hashValue)
            #expect(listed.number("value") == 1.5)
            #expect(listed["missing"] == nil)
            #expect(listed.attributeKeys(outside: KeySet(["test"])) == ["extra", "value"])
            #expect(listed.attributeKeys(outside: KeySet(["test", "value", "extra"])).isEmpty)
        }
        let repeated = AttributeList([(key: "value", value: .number("1")), (key: "b", value: .null), (key: "value", value: .number("2"))])
        #expect(repeated.value(forKey: "value") == .number("2"))
        #expect(repeated.allAttributes == ["value": .number("2"), "b": .null])
        #expect(repeated.keys(outside: KeySet([])) == ["b", "value"])
        #expect(repeated.keys(outside: KeySet(["b"])) == ["value"])
        #expect(repeated.keys(outside: KeySet(["value"])) == ["b"])
        #expect(repeated.keys(outside: KeySet(["b", "value"])).isEmpty)
        #expect(AttributeList([]).allAttributes.isEmpty)
        #expect(AttributeList([]).value(forKey: "value") == nil)
    }

    @Test("Events are equal when their attributes are, however they are held")
    func equality() {
        let sourced = event(Source(record: 1, values: Self.values))
        var other = Self.values
        other["value"] = .number("2")
        #expect(sourced != event(Source(record: 2, values: other)))
        #expect(sourced != Event(type: .lab, date: date("2026-01-12"), attributes: other))
        #expect(Event(type: .lab, attributes: other) != Event(type: .lab, attributes: Self.values))
        #expect(Event(type: .lab, attributes: other) == Event(type: .lab, attributes: other))
        // Sources of the same record's event are equal without comparing their values.
        #expect(sourced == event(Source(record: 1, values: [:])))
        #expect(sourced == event(Source(record: 3, values: Self.values)))
    }

    @Test("Setting the attributes replaces the source")
    func settingReplaces() {
        var sourced = event(Source(record: 1, values: Self.values))
        sourced.attributes["test"] = .string("WBC")
        #expect(sourced.string("test") == "WBC")
        #expect(sourced.flag("extra") == true)
        #expect(sourced != event(Source(record: 1, values: Self.values)))
        sourced.attributes = [:]
        #expect(sourced["test"] == nil)
        #expect(sourced.attributeKeys(outside: KeySet([])).isEmpty)
    }

    @Test("A copy is a value: changing it leaves the event it was copied from as it was")
    func copiesAreValues() {
        let original = event(Source(record: 1, values: Self.values))
        var copy = original
        copy.type = .diagnosis
        copy.date = date("2026-02-01")
        copy.start = date("2026-01-01")
        copy.end = date("2026-01-31")
        copy.location = SourceLocation(file: "other.ndjson", line: 3)
        copy.attributes["test"] = .string("WBC")
        #expect(original.type == .lab)
        #expect(original.date == date("2026-01-12"))
        #expect(original.start == nil && original.end == nil && original.location == nil)
        #expect(original.string("test") == "ANC")
        #expect(original == event(Source(record: 1, values: Self.values)))
        #expect(copy.type == .diagnosis && copy.date == date("2026-02-01") && copy.string("test") == "WBC")
        #expect(copy.start == date("2026-01-01") && copy.end == date("2026-01-31"))
        #expect(copy.location == SourceLocation(file: "other.ndjson", line: 3))

        // Changed alone, an event is changed in place; its earlier copies still keep theirs.
        var alone = original
        alone.date = nil
        let before = alone
        alone.type = .surgery
        #expect(before.type == .lab && before.date == nil)
        #expect(alone.type == .surgery && alone.date == nil)
    }
}
