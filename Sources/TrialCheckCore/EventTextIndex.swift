import Synchronization

/// What checks read of a patient's events, worked out once per patient and shared by
/// every check that asks: the texts of one key among the events of one type, as names are
/// compared (``TermMatcher/normalized(_:)``: nine lab checks each look for their test among
/// the same lab results, and each would otherwise read and fold every result's `test`);
/// the distinct event types; values derived from the events under a key
/// (``PatientHistory/derived(_:_:)``).
///
/// A history holds one index and replaces it whenever its events change, so an index never
/// describes other events than its history's. It is part of no history's value: any two
/// indexes are equal.
final class EventTextIndex: Sendable, Hashable {
    /// One event of the type: its position in the history's events and its folded text
    /// (`nil` when the key is absent or not text).
    typealias Entry = (position: Int, text: String?)

    /// The entries of one type and key.
    private struct Texts: Sendable {
        let type: EventType
        let key: String
        let entries: [Entry]
    }

    // A protocol asks for one or two keys (the lab results' `test`): a linear search of a
    // short list beats hashing two strings on every look-up.
    private let entries = Mutex<[Texts]>([])

    /// The distinct types of a history's events, in first-seen order, and each event's
    /// type as a place among them: checks that choose events by a rule on the type ask it
    /// once per type, not once per event.
    struct TypeTable: Sendable {
        let types: [EventType]
        let places: [Int]
    }

    private let typeTable = Mutex<TypeTable?>(nil)

    /// The names of the type table's types as names are compared
    /// (``TermMatcher/normalized(_:)``), folded the first time they are asked for.
    private let foldedTypes = Mutex<[String]?>(nil)

    /// A value derived from the history, with its key, and the types of both.
    private struct Derivation: Sendable {
        let keyType: ObjectIdentifier
        let valueType: ObjectIdentifier
        /// A ``Held`` of the key's and the value's types.
        let held: any AnyObject & Sendable
    }

    /// A key and the value derived under it, held together (one allocation a derivation)
    /// where their types are reached without a cast.
    private final class Held<Key: Sendable, Value: Sendable>: Sendable {
        let key: Key
        let value: Value
        init(_ key: Key, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    // A few values a patient (the study administrations of a drug list, say), found by
    // comparing types, then the key with its own `==`: `AnyHashable` keys cost a
    // conformance look-up on every comparison, and a cast from an existential a dynamic
    // cast (and a generic optional of the value's type, metadata made at run time): a
    // derivation whose types match holds its key and value in a `Held` of those types.
    private let derived = Mutex<[Derivation]>([])

    init() {}

    /// The type table of `events`, built the first time it is asked for.
    func types(of events: [Event]) -> TypeTable {
        if let known = typeTable.withLock({ $0 }) { return known }
        var types: [EventType] = []
        var places: [Int] = []
        places.reserveCapacity(events.count)
        events.withUnsafeBufferPointer { events in
            for event in events.indices {
                // A history has a handful of types: a linear search beats hashing them.
                let type = events[event].type
                if let place = types.firstIndex(of: type) {
                    places.append(place)
                } else {
                    places.append(types.count)
                    types.append(type)
                }
            }
        }
        let table = TypeTable(types: types, places: places)
        // Two threads may build it at once: both build the same table.
        typeTable.withLock { $0 = table }
        return table
    }

    /// The names of the types of `events`' type table, in its order, as names are compared
    /// (``TermMatcher/normalized(_:)``): folded once per history for every check that
    /// chooses events by the folded name of their type.
    func foldedTypeNames(of events: [Event]) -> [String] {
        if let known = foldedTypes.withLock({ $0 }) { return known }
        let names = types(of: events).types.map { TermMatcher.normalized($0.rawValue) }
        // Two threads may fold them at once: both fold the same names.
        foldedTypes.withLock { $0 = names }
        return names
    }

    /// The events of `type` in `events` with their folded texts under `key`, in record order.
    func entries(ofType type: EventType, key: String, in events: [Event]) -> [Entry] {
        let known = entries.withLock { list in list.first { $0.type == type && $0.key == key }?.entries }
        if let known { return known }
        // The events of the type, found by their type's place in the type table.
        let table = types(of: events)
        var found: [Entry] = []
        if let place = table.types.firstIndex(of: type) {
            for (position, eventPlace) in table.places.enumerated() where eventPlace == place {
                found.append((position, events[position][key]?.text.map(TermMatcher.normalized)))
            }
        }
        // Two threads may read the same key at once: both find the same entries.
        entries.withLock { list in
            if !list.contains(where: { $0.type == type && $0.key == key }) { list.append(Texts(type: type, key: key, entries: found)) }
        }
        return found
    }

    /// The value derived under `key`, computed by `derive` the first time it is asked for.
    func derived<Key: Hashable & Sendable, Value: Sendable>(_ key: Key, _ derive: () -> Value) -> Value {
        if let found = held(key, Value.self) { return unsafeDowncast(found, to: Held<Key, Value>.self).value }
        return keep(derive(), under: key)
    }

    /// The value derived under `key`, if one of type `Value` is kept.
    func known<Key: Hashable & Sendable, Value: Sendable>(_ key: Key, as _: Value.Type) -> Value? {
        held(key, Value.self).map { unsafeDowncast($0, to: Held<Key, Value>.self).value }
    }

    /// The ``Held`` of the value of type `Value` derived under `key`, if one is kept: an
    /// object, where an optional `Value` would be a type that a caller unspecialized for
    /// `Value` (a plugin's, through ``PatientHistory/derived(_:_:)``) makes at run time on
    /// every call.
    private func held<Key: Hashable & Sendable, Value: Sendable>(_ key: Key, _: Value.Type) -> (any AnyObject & Sendable)? {
        derived.withLock { $0.first(where: { Self.holds($0, key, Value.self) }) }?.held
    }

    /// Keeps `value` as the value derived under `key` (unless one is kept already) and
    /// returns it.
    func keep<Key: Hashable & Sendable, Value: Sendable>(_ value: Value, under key: Key) -> Value {
        // Two threads may derive the same value at once: both derive the same, one is kept.
        derived.withLock { derivations in
            guard !derivations.contains(where: { Self.holds($0, key, Value.self) }) else { return }
            // A patient's few derivations fit the first allocation.
            if derivations.isEmpty { derivations.reserveCapacity(8) }
            derivations.append(Derivation(keyType: ObjectIdentifier(Key.self), valueType: ObjectIdentifier(Value.self), held: Held(key, value)))
        }
        return value
    }

    /// Whether `derivation` is the value of type `Value` derived under `key`.
    private static func holds<Key: Hashable & Sendable, Value: Sendable>(_ derivation: Derivation, _ key: Key, _: Value.Type) -> Bool {
        // Only ``keep(_:under:)`` adds derivations: one whose types match holds a `Held` of them.
        derivation.keyType == ObjectIdentifier(Key.self) && derivation.valueType == ObjectIdentifier(Value.self)
            && unsafeDowncast(derivation.held, to: Held<Key, Value>.self).key == key
    }

    static func == (lhs: EventTextIndex, rhs: EventTextIndex) -> Bool { true }

    func hash(into hasher: inout Hasher) {}
}

extension PatientHistory {
    /// A value computed from this history's events once and shared by every check that
    /// asks with an equal `key`: the administrations of the study drugs, say, which several
    /// checks of a protocol read. `derive` must depend only on the history's events and on
    /// what `key` holds (two checks with equal keys get the value the first one derived; a
    /// value that depends on the enrollment date, say, puts the date in its key); the value
    /// is derived again when the events change.
    public func derived<Key: Hashable & Sendable, Derived: Sendable>(_ key: Key, _ derive: () -> Derived) -> Derived {
        textIndex.derived(key, derive)
    }

    /// The distinct types of ``events``, in first-seen order, and each event's type as its
    /// place among them (`types[places[position]]` is the type of `events[position]`): for
    /// a reader that looks something up once per type rather than once per event. Worked
    /// out once per history, whoever asks.
    public var eventTypePlaces: (types: [EventType], places: [Int]) {
        let table = textIndex.types(of: events)
        return (table.types, table.places)
    }

    /// The positions in ``events`` of the events whose type is one of `types`, in record
    /// order: the events ``selectEvents(ofTypes:)`` yields, for a reader that takes them in
    /// place rather than as copies.
    public func eventPositions(ofTypes types: [EventType]) -> [Int] {
        let table = textIndex.types(of: events)
        let included = table.types.map(types.contains)
        var positions: [Int] = []
        positions.reserveCapacity(table.places.count)
        for (position, place) in table.places.enumerated() where included[place] {
            positions.append(position)
        }
        return positions
    }

    /// The events of `type` whose text under `key`, as names are compared
    /// (``TermMatcher/normalized(_:)``; `nil` when absent), satisfies `isIncluded`, in
    /// record order: the lab results of one test, say. The texts are read and folded once
    /// per history, whichever checks select by them.
    public func selectEvents(ofType type: EventType, whereNormalizedText key: String, _ isIncluded: (String?) -> Bool) -> EventSelection {
        EventSelection(events, .positions(eventPositions(ofType: type, whereNormalizedText: key, isIncluded)))
    }

    /// The positions in ``events`` of the events that
    /// ``selectEvents(ofType:whereNormalizedText:_:)`` selects, in record order: for a
    /// check that reads a few of them by position rather than walking a selection.
    public func eventPositions(ofType type: EventType, whereNormalizedText key: String, _ isIncluded: (String?) -> Bool) -> [Int] {
        var positions: [Int] = []
        for entry in textIndex.entries(ofType: type, key: key, in: events) where isIncluded(entry.text) {
            positions.append(entry.position)
        }
        return positions
    }

    /// The events of `type` with their texts under `key` as names are compared
    /// (``TermMatcher/normalized(_:)``; `nil` when absent or not text), in record order: the
    /// texts ``selectEvents(ofType:whereNormalizedText:_:)`` filters, read and folded once
    /// per history.
    public func normalizedTexts(ofType type: EventType, key: String) -> [(position: Int, text: String?)] {
        textIndex.entries(ofType: type, key: key, in: events)
    }
}
