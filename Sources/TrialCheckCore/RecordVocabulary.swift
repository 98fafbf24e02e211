/// The keys and event types the patient-history model names (patient-history v1), against
/// which an audit tells what it understood from what it merely kept.
///
/// A record may carry other keys and event types (they are kept for plugins), but nothing
/// outside this vocabulary and outside what the protocol's checks declare they read is
/// used: the audit reports each such element with its location.
public enum RecordVocabulary {
    /// The keys of a patient record (``RecordKey``).
    public static let recordKeys = Set(RecordKey.allCases.map(\.rawValue))

    /// The keys of a record's `enrollment` (``EnrollmentKey``).
    public static let enrollmentKeys = Set(EnrollmentKey.allCases.map(\.rawValue))

    /// The keys every event may have: its type and dates (``EventKey``).
    public static let commonEventKeys = Set(EventKey.allCases.map(\.rawValue))

    /// The event types of the model, each with the keys it names besides the common ones.
    public static let eventKeys: [EventType: Set<String>] = {
        let therapy: Set<String> = ["agents", "phase", "cycles", "intent"]
        return [
            .diagnosis: ["histology", "stage", "primary_site", "metastases", "t", "n", "m", "staging_system", "staging_edition"],
            .radiotherapy: ["dose", "fractions", "technique", "intent", "target"],
            .chemotherapy: therapy,
            .immunotherapy: therapy,
            .targetedTherapy: therapy,
            .surgery: ["procedure", "intent"],
            .administration: ["drug", "dose", "route", "frequency", "cycle"],
            .lab: ["test", "value", "unit", "uln", "lln"],
            .performanceStatus: ["scale", "score"],
            .adverseEvent: ["term", "grade", "immune_related"],
            .response: ["result", "test"],
            .condition: ["term", onsetKey, "status"],
            .consent: [],
            .treatmentEnd: ["reason"],
            .measurement: ["weight", "height", "bsa"],
        ]
    }()

    /// The key of a condition's onset: a date that readers normalise as they do an event's
    /// own dates, on events of any type.
    public static let onsetKey = "onset"

    /// The event types of the model, sorted.
    public static let eventTypes: [EventType] = eventKeys.keys.sorted { $0.rawValue < $1.rawValue }

    /// Whether the model names events of `type`.
    public static func knows(_ type: EventType) -> Bool {
        eventKeys[type] != nil
    }

    /// Every key the model names on events of `type`: the common keys and the type's own.
    public static func keys(on type: EventType) -> Set<String> {
        commonEventKeys.union(eventKeys[type] ?? [])
    }

    /// The keys of events that hold a quantity with a unit, by event type: the units an audit
    /// must understand. A lab result's unit is its own key (`unit`) and is listed there.
    public static let quantityKeys: [EventType: [String]] = [
        .radiotherapy: ["dose"],
        .administration: ["dose"],
    ]
}
