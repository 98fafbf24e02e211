import TrialCheckCore

/// One recorded administration (or treatment event) of a study drug, placed relative to
/// enrollment.
///
/// It names its event by position in the patient's events rather than holding a copy: six
/// kinds read a patient's administrations, filtering, sorting and pairing them, and a copy
/// of an event (its attributes and location) would be retained and released each time,
/// where the history's events are shared.
struct StudyAdministration: Sendable {
    /// The history's events, shared.
    private let events: [Event]
    /// The event's position in them.
    let position: Int
    /// The study drugs it gives, as the protocol file names them (one for an administration;
    /// a therapy event may list several agents).
    let drugs: [String]
    /// The first day: `date`, or `start` of a span.
    let start: DaySpan
    /// The last day: `date`, or `end` of a span; `nil` for a span still ongoing.
    let end: DaySpan?
    /// Whether it falls on or after enrollment: `.yes` certainly, `.unknown` when partial
    /// dates leave it open. (Administrations certainly before enrollment are not kept.)
    let afterEnrollment: Truth

    init(events: [Event], position: Int, drugs: [String], start: DaySpan, end: DaySpan?, afterEnrollment: Truth) {
        self.events = events
        self.position = position
        self.drugs = drugs
        self.start = start
        self.end = end
        self.afterEnrollment = afterEnrollment
    }

    /// The event.
    var event: Event { events[position] }

    /// Whether it certainly falls on or after enrollment.
    var isCertain: Bool { afterEnrollment == .yes }

    /// Its dates as written (`2026-02-12`, `2026-01-22..ongoing`).
    var dates: String { events[position].datesDescription }

    /// The first day on or after enrollment it could be: the start, or the enrollment date
    /// for a span that began before it.
    func firstStudyDay(enrollment: DaySpan) -> DaySpan {
        DaySpan(max(start.first, enrollment.first), max(start.last, enrollment.last))
    }
}
