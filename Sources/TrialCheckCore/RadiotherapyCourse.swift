/// The definitive radiotherapy course that preceded enrollment, and when it ended.
///
/// The course is the `radiotherapy` events whose `intent` is `definitive` or absent and
/// that start (or could start, for a partial date) before the enrollment date. Its
/// completion (the end of chemoradiotherapy) is the latest `end` among them: the last
/// fraction. Several checks share this definition, so it lives with the model.
public struct RadiotherapyCourse: Sendable, Hashable {
    /// The course's radiotherapy events, in record order.
    public let events: [Event]

    /// The definitive course of `patient`, or `nil` if the record has none.
    public init?(of patient: PatientHistory) {
        let enrollment = patient.enrollment.date.span
        let events = patient.events.filter { event in
            guard event.type == .radiotherapy, RadiotherapyCourse.isDefinitive(event),
                  let start = event.startSpan
            else { return false }
            return start.isBefore(enrollment).isPossible
        }
        guard !events.isEmpty else { return nil }
        self.events = events
    }

    /// Whether a radiotherapy event counts as definitive: `intent` is `definitive` or absent.
    public static func isDefinitive(_ event: Event) -> Bool {
        guard let intent = event.intent else { return true }
        return intent == "definitive"
    }

    /// The span of the last fraction, or `nil` if some event of the course has no end
    /// date (an ongoing course, or one recorded without it).
    public var completion: DaySpan? {
        var ends: [DaySpan] = []
        for event in events {
            guard let end = event.endSpan else { return nil }
            ends.append(end)
        }
        return DaySpan.latest(of: ends)
    }

    /// The events of the course that have no end date.
    public var eventsWithoutEnd: [Event] {
        events.filter { $0.endSpan == nil }
    }

    /// The event (or one of the events) holding the last fraction.
    public var completingEvent: Event? {
        events.filter { $0.endSpan != nil }.max { lhs, rhs in
            (lhs.endSpan?.last ?? CalendarDay(ordinal: .min)) < (rhs.endSpan?.last ?? CalendarDay(ordinal: .min))
        }
    }
}
