import TrialCheckCore

/// One recorded administration (or treatment event) of a study drug, placed relative to
/// enrollment.
///
/// A class, immutable: six kinds read a patient's administrations, filtering, sorting and
/// pairing them, and a structure holding an event, a list and dates would be copied field
/// by field each time where a class is shared.
final class StudyAdministration: Sendable {
    /// The event.
    let event: Event
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

    init(event: Event, drugs: [String], start: DaySpan, end: DaySpan?, afterEnrollment: Truth) {
        self.event = event
        self.drugs = drugs
        self.start = start
        self.end = end
        self.afterEnrollment = afterEnrollment
    }

    /// Whether it certainly falls on or after enrollment.
    var isCertain: Bool { afterEnrollment == .yes }

    /// Its dates as written (`2026-02-12`, `2026-01-22..ongoing`).
    var dates: String { event.datesDescription }

    /// The first day on or after enrollment it could be: the start, or the enrollment date
    /// for a span that began before it.
    func firstStudyDay(enrollment: DaySpan) -> DaySpan {
        DaySpan(max(start.first, enrollment.first), max(start.last, enrollment.last))
    }
}
