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
    public var type: EventType
    /// The day of a one-day event.
    public var date: PartialDate?
    /// The first day of a span.
    public var start: PartialDate?
    /// The last day of a span; absent while ongoing.
    public var end: PartialDate?
    /// Every other key of the event, as written.
    ///
    /// Reading this builds a dictionary when the event reads its attributes from an
    /// ``EventAttributeSource``: a check that needs a few keys reads them through
    /// ``subscript(_:)`` or the typed accessors instead.
    public var attributes: [String: Value] {
        get { storage.allAttributes }
        set { storage = DictionaryAttributes(attributes: newValue) }
    }
    // Reached from the inlinable accessors below, so that a caller reading one key of an
    // event in place (through a buffer pointer, say) does not copy the whole event.
    @usableFromInline var storage: any EventAttributeSource
    /// Where the event was read.
    public var location: SourceLocation?

    /// Creates an event.
    public init(
        type: EventType,
        date: PartialDate? = nil,
        start: PartialDate? = nil,
        end: PartialDate? = nil,
        attributes: [String: Value] = [:],
        location: SourceLocation? = nil
    ) {
        self.type = type
        self.date = date
        self.start = start
        self.end = end
        self.storage = DictionaryAttributes(attributes: attributes)
        self.location = location
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
        self.type = type
        self.date = date
        self.start = start
        self.end = end
        self.storage = attributeSource
        self.location = location
    }

    /// The keys of ``attributes`` that are not among `known`, without building the others.
    public func attributeKeys(outside known: KeySet) -> [String] { storage.keys(outside: known) }

    /// The raw value of `key`.
    @inlinable
    public subscript(key: String) -> Value? { storage.value(forKey: key) }

    /// The text of `key` (a string or number).
    @inlinable
    public func string(_ key: String) -> String? { storage.value(forKey: key)?.text }

    /// The elements of `key` as text (a single value reads as a list of one).
    @inlinable
    public func strings(_ key: String) -> [String] {
        // A single value is read without building the list of one that `Value.list` gives.
        switch storage.value(forKey: key) {
        case .list(let values)?: values.compactMap(\.text)
        case let value?: value.text.map { [$0] } ?? []
        case nil: []
        }
    }

    /// `key` as a number.
    public func number(_ key: String) -> Double? { storage.value(forKey: key)?.double }

    /// `key` as a whole number.
    public func integer(_ key: String) -> Int? { storage.value(forKey: key)?.int }

    /// `key` as a quantity (`"240 mg"` or `{value: 240, unit: mg}`).
    public func quantity(_ key: String) -> Quantity? { storage.value(forKey: key)?.quantity }

    /// `key` as a Boolean.
    public func flag(_ key: String) -> Bool? { storage.value(forKey: key)?.bool }

    /// The treatment phase (`induction`, `concurrent`, `adjuvant`, ...), as names are
    /// compared (``TermMatcher/normalized(_:)``).
    public var phase: String? { string("phase").map(TermMatcher.normalized) }

    /// The intent (`definitive`, `palliative`, `adjuvant`, ...), as names are compared
    /// (``TermMatcher/normalized(_:)``).
    public var intent: String? { string("intent").map(TermMatcher.normalized) }

    /// The day the event began: `start`, else `date`, else `end`.
    @inlinable
    public var startSpan: DaySpan? { (start ?? date ?? end)?.span }

    /// The day the event ended: `end`, else `date`; `nil` for an ongoing span.
    @inlinable
    public var endSpan: DaySpan? { (end ?? date)?.span }

    /// The date the event began, as written: `start`, else `date`, else `end` (the date of
    /// ``startSpan``), for dating a finding.
    @inlinable
    public var startDate: PartialDate? { start ?? date ?? end }

    /// The date the event ended, as written: `end`, else `date` (the date of ``endSpan``);
    /// `nil` for an ongoing span.
    @inlinable
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
            && lhs.location == rhs.location && lhs.storage.holdsSameAttributes(as: rhs.storage)
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
