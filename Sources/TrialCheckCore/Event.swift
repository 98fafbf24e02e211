/// One event of a patient's history: a diagnosis, a radiotherapy course, a lab result, ...
///
/// Dates are parsed by the reader (a record with an unreadable date is rejected before
/// any check sees it); every other key is kept as written in ``attributes`` and read
/// through the typed accessors, so a check decides what an unusable value means.
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
    public var attributes: [String: Value]
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
        self.attributes = attributes
        self.location = location
    }

    /// The raw value of `key`.
    public subscript(key: String) -> Value? { attributes[key] }

    /// The text of `key` (a string or number).
    public func string(_ key: String) -> String? { attributes[key]?.text }

    /// The elements of `key` as text (a single value reads as a list of one).
    public func strings(_ key: String) -> [String] { attributes[key]?.list.compactMap(\.text) ?? [] }

    /// `key` as a number.
    public func number(_ key: String) -> Double? { attributes[key]?.double }

    /// `key` as a whole number.
    public func integer(_ key: String) -> Int? { attributes[key]?.int }

    /// `key` as a quantity (`"240 mg"` or `{value: 240, unit: mg}`).
    public func quantity(_ key: String) -> Quantity? { attributes[key]?.quantity }

    /// `key` as a Boolean.
    public func flag(_ key: String) -> Bool? { attributes[key]?.bool }

    /// The treatment phase (`induction`, `concurrent`, `adjuvant`, ...), lowercased.
    public var phase: String? { string("phase").map(TextKey.lowercased) }

    /// The intent (`definitive`, `palliative`, `adjuvant`, ...), lowercased.
    public var intent: String? { string("intent").map(TextKey.lowercased) }

    /// The day the event began: `start`, else `date`, else `end`.
    public var startSpan: DaySpan? { (start ?? date ?? end)?.span }

    /// The day the event ended: `end`, else `date`; `nil` for an ongoing span.
    public var endSpan: DaySpan? { (end ?? date)?.span }

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
