/// The definitive radiotherapy course of a patient, and when it ended.
///
/// The course is the `radiotherapy` events whose `intent` is `definitive` or absent and
/// that start, by default, before the enrollment date (chemoradiotherapy that preceded
/// enrollment); a ``Selection`` takes instead those starting on or after it (study
/// treatment), or every one. Its completion (the end of chemoradiotherapy) is the latest
/// `end` among them: the last fraction. Several checks share this definition, so it lives
/// with the model.
///
/// A partial start date can leave it open whether an event belongs (`2026-01` against an
/// enrollment on 2026-01-20): such events are ``uncertainEvents``, and the checks judge
/// the course both without and with them, deciding only when the two agree.
public struct RadiotherapyCourse: Sendable, Hashable {
    /// Events that certainly belong to the course, in record order.
    public let events: [Event]
    /// Events that may or may not belong to it.
    public let uncertainEvents: [Event]

    /// The definitive course of `patient` that `selection` picks, or `nil` if the record
    /// has none, certain or not.
    public init?(of patient: borrowing PatientHistory, selection: Selection = .beforeEnrollment) {
        guard let course = Self.course(of: patient, selection: selection) else { return nil }
        self = course
    }

    /// The course of `patient`, found once per patient: several checks of a protocol ask
    /// for the same course.
    ///
    /// Looked up and kept without a deriving closure: a closure that captures the history
    /// (whether the initializer's `borrowing` parameter or a function's) captured a copy of
    /// it, about 900 instructions for each of the eight courses a patient's checks ask for.
    private static func course(of patient: borrowing PatientHistory, selection: Selection) -> RadiotherapyCourse? {
        let key = CourseKey(selection: selection, enrollment: patient.enrollment.date)
        if let known = patient.textIndex.known(key, as: RadiotherapyCourse?.self) { return known }
        return patient.textIndex.keep(RadiotherapyCourse(finding: patient, selection: selection), under: key)
    }

    /// What a course depends on besides the events.
    private struct CourseKey: Hashable, Sendable {
        let selection: Selection
        let enrollment: PartialDate
    }

    /// The course, read from the events.
    private init?(finding patient: borrowing PatientHistory, selection: Selection) {
        let enrollment = patient.enrollment.date.span
        var certain: [Event] = []
        var uncertain: [Event] = []
        for event in patient.selectEvents(ofType: .radiotherapy) where RadiotherapyCourse.isDefinitive(event) {
            guard let start = event.startSpan else { continue }
            switch selection.includes(start: start, enrollment: enrollment) {
            case .yes: certain.append(event)
            case .unknown: uncertain.append(event)
            case .no: break
            }
        }
        guard !certain.isEmpty || !uncertain.isEmpty else { return nil }
        events = certain
        uncertainEvents = uncertain
    }

    /// Whether a radiotherapy event counts as definitive: `intent` is `definitive` or absent.
    public static func isDefinitive(_ event: Event) -> Bool {
        guard let intent = event.intent else { return true }
        return intent == "definitive"
    }

    /// Whether the course is known to exist and to consist of exactly ``events``.
    public var isCertain: Bool { uncertainEvents.isEmpty && !events.isEmpty }

    /// Every event that is or may be part of the course.
    public var allEvents: [Event] { uncertainEvents.isEmpty ? events : events + uncertainEvents }

    /// Every day the last fraction could be, over both readings of the uncertain events;
    /// `nil` if some event of the course has no end date (ongoing, or recorded without it).
    public var completion: DaySpan? {
        let allEvents = allEvents
        guard !allEvents.contains(where: { $0.endSpan == nil }) else { return nil }
        let certain = DaySpan.latest(of: events.lazy.compactMap(\.endSpan))
        let possible = DaySpan.latest(of: allEvents.lazy.compactMap(\.endSpan))
        switch (certain, possible) {
        case let (certain?, possible?): return certain.hull(possible)
        case let (nil, possible?): return possible
        default: return nil
        }
    }

    /// The events of the course that have no end date.
    public var eventsWithoutEnd: [Event] {
        allEvents.filter { $0.endSpan == nil }
    }

    /// The event (or one of the events) holding the last fraction.
    public var completingEvent: Event? {
        allEvents.lazy.filter { $0.endSpan != nil }.max { lhs, rhs in
            (lhs.endSpan?.last ?? CalendarDay(ordinal: .min)) < (rhs.endSpan?.last ?? CalendarDay(ordinal: .min))
        }
    }
}
