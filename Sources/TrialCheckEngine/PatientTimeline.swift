import TrialCheckCore

/// A patient's dated events, reduced to what a timeline drawing needs.
public struct PatientTimeline: Sendable, Hashable {
    /// One bar or point on the timeline.
    public struct Entry: Sendable, Hashable {
        /// The event type (`radiotherapy`, `administration`, ...).
        public let type: String
        /// A short label (`radiotherapy 50.4 Gy`, `toripalimab 240 mg`).
        public let label: String
        /// The first possible day of the start.
        public let start: CalendarDay
        /// The last possible day of the end (the start for a one-day event).
        public let end: CalendarDay
        /// Whether the event is still going on (no end recorded).
        public let isOngoing: Bool
        /// The input line of the event.
        public let line: Int?
    }

    /// The enrollment date's span.
    public let enrollment: DaySpan
    /// The arm, if randomised.
    public let arm: String?
    /// The dated events, in date order.
    public let entries: [Entry]

    /// The timeline of `patient`.
    public init(_ patient: PatientHistory) {
        enrollment = patient.enrollment.date.span
        arm = patient.enrollment.arm
        entries = patient.events.compactMap { event in
            guard let start = event.startSpan else { return nil }
            let end = event.endSpan
            return Entry(
                type: event.type.rawValue,
                label: PatientTimeline.label(for: event),
                start: start.first,
                end: max(start.first, end?.last ?? start.last),
                isOngoing: event.start != nil && event.end == nil && event.date == nil,
                line: event.location?.line
            )
        }.sorted { ($0.start, $0.type, $0.label) < ($1.start, $1.type, $1.label) }
    }

    private init(enrollment: DaySpan, arm: String?, entries: [Entry]) {
        self.enrollment = enrollment
        self.arm = arm
        self.entries = entries
    }

    /// The same timeline with every day moved by `days` (``DateShift``).
    func shifted(by days: Int) -> PatientTimeline {
        PatientTimeline(
            enrollment: DaySpan(enrollment.first.advanced(by: days), enrollment.last.advanced(by: days)),
            arm: arm,
            entries: entries.map { entry in
                Entry(
                    type: entry.type, label: DateShift.shift(entry.label, by: days), start: entry.start.advanced(by: days),
                    end: entry.end.advanced(by: days), isOngoing: entry.isOngoing, line: entry.line
                )
            }
        )
    }

    private static func label(for event: Event) -> String {
        var parts = [event.type.rawValue]
        switch event.type {
        case .diagnosis:
            parts += [event.string("histology"), event.string("stage").map { "stage \($0)" }].compactMap { $0 }
        case .radiotherapy:
            parts += [event.intent, event.quantity("dose")?.description, event.string("technique")].compactMap { $0 }
        case .chemotherapy, .immunotherapy, .targetedTherapy:
            parts = [event.phase.map { "\($0) \(event.type.rawValue)" } ?? event.type.rawValue]
            parts += [event.strings("agents").joined(separator: "+")].filter { !$0.isEmpty }
        case .administration:
            parts = [event.string("drug") ?? "administration", event.quantity("dose")?.description, event.string("frequency")].compactMap { $0 }
        case .lab:
            parts = [event.string("test") ?? "lab", event.string("value"), event.string("unit")].compactMap { $0 }
        case .performanceStatus:
            parts = ["\(event.string("scale") ?? "ECOG") \(event.string("score") ?? "?")"]
        case .adverseEvent:
            parts = [event.string("term") ?? "adverse event", event.string("grade").map { "grade \($0)" }].compactMap { $0 }
        case .condition:
            parts = [event.string("term") ?? "condition"]
        case .response:
            parts = ["response \(event.string("result") ?? "?")"]
        case .surgery:
            parts = [event.string("procedure") ?? "surgery"]
        default:
            break
        }
        return parts.joined(separator: " ")
    }
}
