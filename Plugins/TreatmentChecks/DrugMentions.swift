import TrialCheckCore

/// The drug names a patient's events of some types record (an administration's `drug`, a
/// therapy event's `agents`), read once per patient and shared by every collection of
/// study administrations, whichever drugs it looks for.
///
/// A protocol collects the administrations of several drug lists (each study drug, both
/// together), and a history names the same few drugs again and again: each event's names
/// are read once, and each distinct name is kept once, so that a collection looks up a
/// name once rather than once per event.
struct DrugMentions: Sendable {
    /// One event of the types, in record order.
    struct Entry: Sendable {
        /// Its position in the history's events.
        let position: Int
        /// Its names, as a range of ``DrugMentions/uses``: the `drug` of an administration,
        /// every one of a therapy event's `agents`; empty for an event that names no drug.
        let uses: Range<Int>
        /// Whether it is an `administration` (named by `drug`) rather than a therapy event
        /// (named by `agents`).
        let isAdministration: Bool
        /// Whether it names a drug: an administration's `drug` is not blank, or one of a
        /// therapy event's `agents` is not.
        let isNamed: Bool
        /// Its first day (``Event/startSpan``), `nil` for an undated event.
        let start: DaySpan?
        /// Its last day (``Event/endSpan``), `nil` for an ongoing span.
        let end: DaySpan?
    }

    /// The events of the types, in record order.
    let entries: [Entry]
    /// Each name of each entry, as a place in ``names``.
    let uses: [Int]
    /// The distinct names, as recorded (told apart by their bytes).
    let names: [String]
    /// The key of each of ``names`` as the drug terminology compares names
    /// (``DrugTerminology/key(_:)``).
    let keys: [String]

    /// The names recorded by `patient`'s events of `types`, read once per patient for every
    /// collection that reads the same types.
    static func of(_ patient: PatientHistory, types: [EventType]) -> DrugMentions {
        patient.derived(Key(types: types)) { DrugMentions(reading: patient, types: types) }
    }

    /// What the names of a patient are read by.
    private struct Key: Hashable, Sendable {
        let types: [EventType]
    }

    /// Reads the names of `patient`'s events of `types`.
    init(reading patient: borrowing PatientHistory, types: [EventType]) {
        let positions = patient.eventPositions(ofTypes: types)
        var entries: [Entry] = []
        var uses: [Int] = []
        var names: [String] = []
        entries.reserveCapacity(positions.count)
        uses.reserveCapacity(positions.count)
        names.reserveCapacity(4)
        // An event is an address-only value: reading several of its keys through the array
        // would copy it for each; it is copied once.
        let events = patient.events
        for position in positions {
            let event = events[position]
            let first = uses.count
            let isAdministration = event.type == .administration
            let isNamed: Bool
            if isAdministration {
                let name = event.string("drug")
                isNamed = name.map { !$0.trimmingWhitespace().isEmpty } ?? false
                if isNamed, let name { uses.append(Self.place(of: name, in: &names)) }
            } else {
                let agents = event.strings("agents")
                isNamed = agents.contains { !$0.trimmingWhitespace().isEmpty }
                if isNamed {
                    for name in agents { uses.append(Self.place(of: name, in: &names)) }
                }
            }
            entries.append(Entry(
                position: position, uses: first..<uses.count, isAdministration: isAdministration, isNamed: isNamed,
                start: event.startSpan, end: event.endSpan
            ))
        }
        self.entries = entries
        self.uses = uses
        self.names = names
        keys = names.map(DrugTerminology.key)
    }

    /// The place of `name` in `names`, where it is added if it is new.
    private static func place(of name: String, in names: inout [String]) -> Int {
        if let known = names.firstIndex(where: { $0.hasSameBytes(as: name) }) { return known }
        names.append(name)
        return names.count - 1
    }
}
