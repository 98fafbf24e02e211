import Testing
import TrialCheckCore

/// A radiotherapy event with the keys the fractionation and technique checks read; each
/// value is the raw value a record would hold, and `nil` leaves the key out.
func fractionatedRadiotherapy(
    _ start: String?,
    _ end: String?,
    dose: Value? = .string("50.4 Gy"),
    fractions: Value? = .number("28"),
    technique: Value? = .string("IMRT"),
    intent: String? = nil
) -> Event {
    var attributes: [String: Value] = [:]
    if let dose { attributes["dose"] = dose }
    if let fractions { attributes["fractions"] = fractions }
    if let technique { attributes["technique"] = technique }
    if let intent { attributes["intent"] = .string(intent) }
    return Event(type: .radiotherapy, start: start.map(date), end: end.map(date), attributes: attributes)
}

/// A systemic therapy event with agents and, when given, a number of cycles.
func regimen(
    _ type: EventType = .chemotherapy,
    phase: String?,
    start: String?,
    end: String? = nil,
    agents: [String] = [],
    cycles: Value? = nil
) -> Event {
    var event = therapy(type, phase: phase, start: start, end: end, agents: agents)
    if let cycles { event.attributes["cycles"] = cycles }
    return event
}

/// A labelled list of events with the verdict expected, for argument tables.
struct EventsCase: Sendable, CustomTestStringConvertible {
    let label: String
    let events: [Event]
    let expected: Verdict
    init(_ label: String, _ expected: Verdict, _ events: [Event]) {
        self.label = label
        self.events = events
        self.expected = expected
    }
    var testDescription: String { label }
}
