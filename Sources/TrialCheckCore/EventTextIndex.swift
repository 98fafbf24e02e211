import Synchronization

/// The texts of one key among a patient's events of one type, as names are compared
/// (``TermMatcher/normalized(_:)``), read once per patient and shared by every check that
/// selects events by them: nine lab checks each look for their test among the same lab
/// results, and each would otherwise read and fold every result's `test`.
///
/// A history holds one index and replaces it whenever its events change, so an index never
/// describes other events than its history's. It is part of no history's value: any two
/// indexes are equal.
final class EventTextIndex: Sendable, Hashable {
    /// One event of the type: its position in the history's events and its folded text
    /// (`nil` when the key is absent or not text).
    typealias Entry = (position: Int, text: String?)

    private struct Key: Hashable {
        let type: EventType
        let key: String
    }

    private let entries = Mutex<[Key: [Entry]]>([:])

    init() {}

    /// The events of `type` in `events` with their folded texts under `key`, in record order.
    func entries(ofType type: EventType, key: String, in events: [Event]) -> [Entry] {
        let wanted = Key(type: type, key: key)
        if let known = entries.withLock({ $0[wanted] }) { return known }
        var found: [Entry] = []
        for position in events.indices where events[position].type == type {
            found.append((position, events[position][key]?.text.map(TermMatcher.normalized)))
        }
        // Two threads may read the same key at once: both find the same entries.
        entries.withLock { $0[wanted] = found }
        return found
    }

    static func == (lhs: EventTextIndex, rhs: EventTextIndex) -> Bool { true }

    func hash(into hasher: inout Hasher) {}
}

extension PatientHistory {
    /// The events of `type` whose text under `key`, as names are compared
    /// (``TermMatcher/normalized(_:)``; `nil` when absent), satisfies `isIncluded`, in
    /// record order: the lab results of one test, say. The texts are read and folded once
    /// per history, whichever checks select by them.
    public func selectEvents(ofType type: EventType, whereNormalizedText key: String, _ isIncluded: (String?) -> Bool) -> EventSelection {
        let positions = textIndex.entries(ofType: type, key: key, in: events).filter { isIncluded($0.text) }.map(\.position)
        return EventSelection(events, .positions(positions))
    }
}
