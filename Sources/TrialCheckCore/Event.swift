/// One event of a patient's history: a diagnosis, a radiotherapy course, a lab result, ...
///
/// Dates are parsed by the reader (a record with an unreadable date is rejected before
/// any check sees it); every other key is kept as written in ``attributes`` and read
/// through the typed accessors, so a check decides what an unusable value means.
///
/// Two events are equal when their type, dates, location and attributes are (however the
/// attributes are stored).
public struct Event: Sendable, Hashable {
    /// The event type.
    public var type: EventType {
        get { fields.values.type }
        set { change(\.type, to: newValue) }
    }
    /// The day of a one-day event.
    public var date: PartialDate? {
        get { fields.values.date }
        set { change(\.date, to: newValue) }
    }
    /// The first day of a span.
    public var start: PartialDate? {
        get { fields.values.start }
        set { change(\.start, to: newValue) }
    }
    /// The last day of a span; absent while ongoing.
    public var end: PartialDate? {
        get { fields.values.end }
        set { change(\.end, to: newValue) }
    }
    /// Every other key of the event, as written.
    ///
    /// Reading this builds a dictionary when the event reads its attributes from an
    /// ``EventAttributeSource``: a check that needs a few keys reads them through
    /// ``subscript(_:)`` or the typed accessors instead.
    public var attributes: [String: Value] {
        get { fields.values.storage.allAttributes }
        set { change(\.storage, to: DictionaryAttributes(attributes: newValue)) }
    }
    /// Where the event was read.
    public var location: SourceLocation? {
        get { fields.values.location }
        set { change(\.location, to: newValue) }
    }

    private var fields: EventFields

    /// Creates an event.
    public init(
        type: EventType,
        date: PartialDate? = nil,
        start: PartialDate? = nil,
        end: PartialDate? = nil,
        attributes: [String: Value] = [:],
        location: SourceLocation? = nil
    ) {
        fields = EventFields(EventValues(
            type: type, date: date, start: start, end: end,
            storage: DictionaryAttributes(attributes: attributes), location: location
        ))
    }

    /// Creates an event whose attributes are read from `attributeSource` as they are asked for.
    public init(
        type: EventType,
        date: PartialDate? = nil,
        start: PartialDate? = nil,
        end: PartialDate? = nil,
        attributeSource: some EventAttributeSource,
        location: SourceLocation? = nil
    ) {
        fields = EventFields(EventValues(type: type, date: date, start: start, end: end, storage: attributeSource, location: location))
    }

    /// This event with one value changed: new fields, so no copy of it sees the change.
    private mutating func change<Changed>(_ value: WritableKeyPath<EventValues, Changed>, to newValue: Changed) {
        var values = fields.values
        values[keyPath: value] = newValue
        fields = EventFields(values)
    }

    /// The keys of ``attributes`` that are not among `known`, without building the others.
    public func attributeKeys(outside known: KeySet) -> [String] { fields.values.storage.keys(outside: known) }

    /// The raw value of `key`.
    public subscript(key: String) -> Value? { fields.values.storage.value(forKey: key) }

    /// The text of `key` (a string or number).
    public func string(_ key: String) -> String? { fields.values.storage.value(forKey: key)?.text }

    /// The elements of `key` as text (a single value reads as a list of one).
    public func strings(_ key: String) -> [String] {
        // A single value is read without building the list of one that `Value.list` gives.
        switch fields.values.storage.value(forKey: key) {
        case .list(let values)?: values.compactMap(\.text)
        case let value?: value.text.map { [$0] } ?? []
        case nil: []
        }
    }

    /// `key` as a number.
    public func number(_ key: String) -> Double? { fields.values.storage.value(forKey: key)?.double }

    /// `key` as a whole number.
    public func integer(_ key: String) -> Int? { fields.values.storage.value(forKey: key)?.int }

    /// `key` as a quantity (`"240 mg"` or `{value: 240, unit: mg}`).
    public func quantity(_ key: String) -> Quantity? { fields.values.storage.value(forKey: key)?.quantity }

    /// `key` as a Boolean.
    public func flag(_ key: String) -> Bool? { fields.values.storage.value(forKey: key)?.bool }

    /// The treatment phase (`induction`, `concurrent`, `adjuvant`, ...), as names are
    /// compared (``TermMatcher/normalized(_:)``).
    public var phase: String? { string("phase").map(TermMatcher.normalized) }

    /// The intent (`definitive`, `palliative`, `adjuvant`, ...), as names are compared
    /// (``TermMatcher/normalized(_:)``).
    public var intent: String? { string("intent").map(TermMatcher.normalized) }

    /// The day the event began: `start`, else `date`, else `end`.
    public var startSpan: DaySpan? { (start ?? date ?? end)?.span }

    /// The day the event ended: `end`, else `date`; `nil` for an ongoing span.
    public var endSpan: DaySpan? { (end ?? date)?.span }

    /// The date the event began, as written: `start`, else `date`, else `end` (the date of
    /// ``startSpan``), for dating a finding.
    public var startDate: PartialDate? { start ?? date ?? end }

    /// The date the event ended, as written: `end`, else `date` (the date of ``endSpan``);
    /// `nil` for an ongoing span.
    public var endDate: PartialDate? { end ?? date }

    /// The date or dates as written, for evidence (`2025-10-13..2025-11-19`).
    public var datesDescription: String {
        if let date { return date.description }
        switch (start, end) {
        case let (start?, end?): return "\(start)..\(end)"
        case let (start?, nil): return "\(start)..ongoing"
        case let (nil, end?): return "..\(end)"
        case (nil, nil): return "undated"
        }
    }
}

extension Event {
    public static func == (lhs: Event, rhs: Event) -> Bool {
        lhs.type == rhs.type && lhs.date == rhs.date && lhs.start == rhs.start && lhs.end == rhs.end
            && lhs.location == rhs.location && lhs.fields.values.storage.holdsSameAttributes(as: rhs.fields.values.storage)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(date)
        hasher.combine(start)
        hasher.combine(end)
        hasher.combine(location)
        hasher.combine(attributes)
    }
}

/// An event's stored values, shared by its copies.
///
/// A patient's events are copied many times while they are judged (into selections,
/// derivations and findings). Held in one reference, a copy is one retain rather than one
/// for each text, the location and the attribute source, and dropping it one release. The
/// values are constants: reading them takes no exclusivity check, and changing an event
/// (rare: readers build events whole) gives it new fields.
private final class EventFields: Sendable {
    let values: EventValues

    init(_ values: EventValues) { self.values = values }
}

/// The values an ``Event`` holds.
private struct EventValues: Sendable {
    var type: EventType
    var date: PartialDate?
    var start: PartialDate?
    var end: PartialDate?
    var storage: any EventAttributeSource
    var location: SourceLocation?
}
