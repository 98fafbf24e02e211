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
        case typeAndText(EventType, key: String, @Sendable (String?) -> Bool)
        /// The events at these positions, in increasing order.
        case positions([Int])
        /// The events whose type has this place in the history's type table
        /// (``EventTextIndex/TypeTable``), given each event's place: whole numbers compared
        /// rather than type names.
        case place(Int, places: [Int])
        /// The events whose type's place in the history's type table is marked `true`.
        case places([Bool], places: [Int])

        /// The position of the first selected event from `start` on, if any. Its fields are
        /// read in place (passing the event itself would copy all of it), and the rule is
        /// unpacked once per search, not once per event.
        func first(in events: UnsafeBufferPointer<Event>, from start: Int) -> Int? {
            let positions = start..<events.count
            switch self {
            case .typeAndText(let wanted, let key, let isIncluded):
                // The subscript reads the one key (`attributes` would build every key's value).
                return positions.first { events[$0].type == wanted && isIncluded(events[$0][key]?.text) }
            case .place(let wanted, let places):
                return positions.first { places[$0] == wanted }
            case .places(let included, let places):
                return positions.first { included[places[$0]] }
            case .positions(let selected):
                // The positions are in increasing order: search, so a walk stays linear.
                var (low, high) = (0, selected.count)
                while low < high {
                    let middle = (low + high) / 2
                    if selected[middle] < start { low = middle + 1 } else { high = middle }
                }
                return low < selected.count ? selected[low] : nil
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
            let start = index
            let found: Int? = events.withUnsafeBufferPointer { rule.first(in: $0, from: start) }
            guard let found else {
                index = events.count
                return nil
            }
            index = found + 1
            return events[found]
        }
    }

    /// An iterator over the selected events, from the first.
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
        // The type is compared with the history's few distinct types, once per selection.
        let table = textIndex.types(of: events)
        guard let place = table.types.firstIndex(of: type) else { return EventSelection(events, .positions([])) }
        return EventSelection(events, .place(place, places: table.places))
    }

    /// The events whose type is one of `types`, in record order, without copying the others.
    public func selectEvents(ofTypes types: [EventType]) -> EventSelection {
        let table = textIndex.types(of: events)
        let included = table.types.map(types.contains)
        guard included.contains(true) else { return EventSelection(events, .positions([])) }
        return EventSelection(events, .places(included, places: table.places))
    }

    /// The events of `type` whose text under `key` (``Event/string(_:)``, `nil` when absent)
    /// satisfies `isIncluded`, in record order, without copying the others: the lab results
    /// of one test, say.
    public func selectEvents(ofType type: EventType, whereText key: String, _ isIncluded: @escaping @Sendable (String?) -> Bool) -> EventSelection {
        EventSelection(events, .typeAndText(type, key: key, isIncluded))
    }

    /// The events whose type satisfies `isIncluded` (a type read case-insensitively, say),
    /// in record order, without copying the others. `isIncluded` is asked once for each
    /// type the history holds (it must depend on the type alone), not once per event.
    public func selectEvents(whereType isIncluded: (EventType) -> Bool) -> EventSelection {
        let table = textIndex.types(of: events)
        return selectEvents(places: table.places, included: table.types.map(isIncluded))
    }

    /// The events whose type's name, as names are compared (``TermMatcher/normalized(_:)``:
    /// `Adverse-Event ` reads as `adverse-event`), satisfies `isIncluded`, in record order,
    /// without copying the others. The names are folded once per history, whichever checks
    /// ask, and `isIncluded` is asked once for each type the history holds (it must depend
    /// on the name alone).
    public func selectEvents(whereNormalizedType isIncluded: (String) -> Bool) -> EventSelection {
        let table = textIndex.types(of: events)
        return selectEvents(places: table.places, included: textIndex.foldedTypeNames(of: events).map(isIncluded))
    }

    /// The events whose type's place in the type table is marked `true` in `included`.
    private func selectEvents(places: [Int], included: [Bool]) -> EventSelection {
        guard included.contains(true) else { return EventSelection(events, .positions([])) }
        return EventSelection(events, .places(included, places: places))
    }
}
