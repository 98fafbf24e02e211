/// What a check reads of a patient record: the event types, the keys of those events, and
/// the record's own fields.
///
/// Every check declares its inputs (``CheckDescription/inputs`` for the kind, ``Check/inputs``
/// for a configured check whose parameters name what it reads). The declaration drives the
/// audit's data coverage: an event type, key or field that the model does not know and that
/// no check of the protocol reads is reported with its location, never dropped in silence.
public struct CheckInputs: Sendable, Hashable {
    /// The event types read, each with the keys read on it (besides `type` and the dates,
    /// which every dated check reads).
    public var events: [EventType: Set<String>]
    /// The record-level fields read: ``RecordField`` values such as `birth_date`.
    public var fields: Set<RecordField>
    /// Record keys outside the model that the check reads (an external plugin's, say).
    public var recordKeys: Set<String>

    /// Creates a declaration.
    public init(events: [EventType: Set<String>] = [:], fields: Set<RecordField> = [], recordKeys: Set<String> = []) {
        self.events = events
        self.fields = fields
        self.recordKeys = recordKeys
    }

    /// Reads nothing (a check whose inputs are not known until it is configured).
    public static let nothing = CheckInputs()

    /// Reads `keys` of events of `type`, with the enrollment date (which almost every check
    /// measures from).
    public static func events(_ type: EventType, keys: Set<String> = [], fields: Set<RecordField> = [.enrollmentDate]) -> CheckInputs {
        CheckInputs(events: [type: keys], fields: fields)
    }

    /// Both declarations together.
    public func union(_ other: CheckInputs) -> CheckInputs {
        CheckInputs(
            events: events.merging(other.events) { $0.union($1) },
            fields: fields.union(other.fields),
            recordKeys: recordKeys.union(other.recordKeys)
        )
    }

    /// The same declaration, also reading `keys` of events of `type`.
    public func reading(_ type: EventType, keys: Set<String> = []) -> CheckInputs {
        union(CheckInputs(events: [type: keys]))
    }

    /// The same declaration, also reading `fields`.
    public func reading(fields: Set<RecordField>) -> CheckInputs {
        union(CheckInputs(fields: fields))
    }

    /// The event types read, sorted.
    public var eventTypes: [EventType] {
        events.keys.sorted { $0.rawValue < $1.rawValue }
    }

    /// One line per input, for the catalogue: `radiotherapy (dose, fractions)`, `birth_date`.
    public var summaryLines: [String] {
        let eventLines = eventTypes.map { type -> String in
            let keys = events[type, default: []].sorted()
            return keys.isEmpty ? "`\(type)` events" : "`\(type)` events: " + keys.map { "`\($0)`" }.joined(separator: ", ")
        }
        let fieldLines = fields.isEmpty ? [] : ["record: " + fields.map(\.rawValue).sorted().map { "`\($0)`" }.joined(separator: ", ")]
        let keyLines = recordKeys.isEmpty ? [] : ["record keys: " + recordKeys.sorted().map { "`\($0)`" }.joined(separator: ", ")]
        return eventLines + fieldLines + keyLines
    }
}

/// A field of the patient record that the model names.
public enum RecordField: String, Sendable, Hashable, CaseIterable, Comparable {
    /// `site`.
    case site
    /// `sex`.
    case sex
    /// `birth_date`.
    case birthDate = "birth_date"
    /// `age`, where the birth date is withheld.
    case age
    /// `enrollment.date`.
    case enrollmentDate = "enrollment.date"
    /// `enrollment.arm`.
    case arm = "enrollment.arm"
    /// `data_cutoff`.
    case dataCutoff = "data_cutoff"

    public static func < (lhs: RecordField, rhs: RecordField) -> Bool { lhs.rawValue < rhs.rawValue }
}
