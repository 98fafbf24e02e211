/// The kind of a history event (`radiotherapy`, `lab`, ...).
///
/// An open set: the types of patient-history v1 are named here, and any other type a
/// record carries is kept, so a plugin can read events the core does not know.
public struct EventType: RawRepresentable, Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    /// The type a record or a check's parameter writes as `text`, compared as every name is
    /// (``TermMatcher/normalized(_:)``): a type in another case (`Administration`) or with
    /// spaces around it is read as the same type.
    public init(recorded text: String) {
        self.rawValue = TermMatcher.normalized(text)
    }

    public static let diagnosis: EventType = "diagnosis"
    public static let radiotherapy: EventType = "radiotherapy"
    public static let chemotherapy: EventType = "chemotherapy"
    public static let immunotherapy: EventType = "immunotherapy"
    public static let targetedTherapy: EventType = "targeted-therapy"
    public static let surgery: EventType = "surgery"
    public static let administration: EventType = "administration"
    public static let lab: EventType = "lab"
    public static let performanceStatus: EventType = "performance-status"
    public static let adverseEvent: EventType = "adverse-event"
    public static let response: EventType = "response"
    public static let condition: EventType = "condition"
    public static let consent: EventType = "consent"
    public static let treatmentEnd: EventType = "treatment-end"
    public static let measurement: EventType = "measurement"

    /// The systemic anticancer therapy types: chemotherapy, immunotherapy, targeted therapy.
    public static let systemicTherapies: Set<EventType> = [.chemotherapy, .immunotherapy, .targetedTherapy]
}
