/// Some of a patient's events, chosen by type, in record order: a view of the history
/// that reads each event's type in place, so events of other types are never copied.
///
/// Every check looks at a few types among a patient's events. Filtering `events` (or
/// looping over it with a `where` clause) copies every event to test its type; a selection
/// copies only the events it yields. Get one from ``PatientHistory/selectEvents(ofType:)``,
/// ``PatientHistory/selectEvents(ofTypes:)`` or ``PatientHistory/selectEvents(whereType:)``.
public struct EventSelection: Sequence, Sendable {
    /// Which types a selection yields.
    enum Rule: Sendable {
        case type(EventType)
        case types([EventType])
        case matching(@Sendable (EventType) -> Bool)
        case typeAndText(EventType, key: String, @Sendable (String?) -> Bool)

        /// Whether the event at `position` is selected. Its fields are read in place: passing
        /// the event itself would copy all of it.
        func includes(_ events: UnsafeBufferPointer<Event>, at position: Int) -> Bool {
            switch self {
            case .type(let wanted): events[position].type == wanted
            case .types(let wanted): wanted.contains(events[position].type)
            case .matching(let isIncluded): isIncluded(events[position].type)
            case .typeAndText(let wanted, let key, let isIncluded):
                events[position].type == wanted && isIncluded(events[position].attributes[key]?.text)
            }
        }
    }

    private let events: [Event]
    private let rule: Rule

    init(_ events: [Event], _ rule: Rule) {
        self.events = events
        self.rule = rule
    }

    /// Walks the history, yielding the selected events.
    public struct Iterator: IteratorProtocol {
        private let events: [Event]
        private let rule: Rule
        private var index = 0

        init(_ events: [Event], _ rule: Rule) {
            self.events = events
            self.rule = rule
        }

        /// The next selected event, or `nil` after the last.
        public mutating func next() -> Event? {
            // Through a buffer pointer, reading an event's type does not copy the event.
            let found: Int? = events.withUnsafeBufferPointer { buffer in
                var position = index
                while position < buffer.count {
                    if rule.includes(buffer, at: position) { return position }
                    position += 1
                }
                return nil
            }
            guard let found else {
                index = events.count
                return nil
            }
            index = found + 1
            return events[found]
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(events, rule)
    }

    /// Whether no event is selected.
    public var isEmpty: Bool {
        var iterator = makeIterator()
        return iterator.next() == nil
    }
}

extension PatientHistory {
    /// The events of `type`, in record order, without copying the others.
    public func selectEvents(ofType type: EventType) -> EventSelection {
        EventSelection(events, .type(type))
    }

    /// The events whose type is one of `types`, in record order, without copying the others.
    public func selectEvents(ofTypes types: [EventType]) -> EventSelection {
        EventSelection(events, .types(types))
    }

    /// The events of `type` whose text under `key` (``Event/string(_:)``, `nil` when absent)
    /// satisfies `isIncluded`, in record order, without copying the others: the lab results
    /// of one test, say.
    public func selectEvents(ofType type: EventType, whereText key: String, _ isIncluded: @escaping @Sendable (String?) -> Bool) -> EventSelection {
        EventSelection(events, .typeAndText(type, key: key, isIncluded))
    }

    /// The events whose type satisfies `isIncluded` (a type read case-insensitively, say),
    /// in record order, without copying the others.
    public func selectEvents(whereType isIncluded: @escaping @Sendable (EventType) -> Bool) -> EventSelection {
        EventSelection(events, .matching(isIncluded))
    }
}
