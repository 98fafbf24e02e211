import TrialCheckCore

/// Decides which therapy events were given concurrently with the definitive radiotherapy
/// course: those with `phase: concurrent`, and optionally those without a phase whose dates
/// overlap the course.
struct ConcurrencyMatcher {
    /// Whether events without a phase count as concurrent when their dates overlap the course.
    let matchByDates: Bool

    /// Whether `event` (of a type the check looks at) was concurrent with radiotherapy.
    ///
    /// An event with `phase: concurrent` belongs unless it started on or after enrollment
    /// (study treatment); an undated one belongs, on the strength of its phase. An event
    /// with another phase never belongs. An event without a phase belongs, when matching by
    /// dates, if its span overlaps a course event (same day counts); without matching by
    /// dates it is unknown.
    func membership(of event: Event, in patient: PatientHistory, course: RadiotherapyCourse?) -> Membership {
        let enrollment = patient.enrollment.date.span
        // Only an event left open is described.
        var label: String { Term.describeDated(event) }
        let startsBefore = event.startSpan.map { $0.isBefore(enrollment) } ?? .yes
        switch event.phase.map(Term.fold) {
        case "concurrent"?:
            return Self.membership(startsBefore, undecided: "\(label) may have started on or after enrollment")
        case nil:
            if startsBefore == .no { return .excluded }
            guard matchByDates else {
                return .unknown("The \(label) has no phase, so it is unknown whether it was concurrent with radiotherapy.")
            }
            guard event.startSpan != nil else {
                return .unknown("The \(label) has neither a phase nor dates, so it is unknown whether it was concurrent with radiotherapy.")
            }
            guard let course else {
                return .unknown("The \(label) has no phase, and no definitive radiotherapy before enrollment is recorded to compare its dates with.")
            }
            return Self.membership(
                startsBefore && Self.overlap(event, course),
                undecided: "partial dates leave it open whether the \(label) overlapped the radiotherapy course before enrollment"
            )
        default:
            return .excluded
        }
    }

    private static func membership(_ truth: Truth, undecided clause: @autoclosure () -> String) -> Membership {
        switch truth {
        case .yes: .member
        case .no: .excluded
        case .unknown: .undecided(clause())
        }
    }

    /// Whether `event`'s span shares a day with an event of the course; an event of the
    /// course that may have started after enrollment can only make the overlap uncertain.
    static func overlap(_ event: Event, _ course: RadiotherapyCourse) -> Truth {
        guard let start = event.startSpan else { return .unknown }
        var result = Truth.no
        for radiotherapy in course.allEvents {
            guard let courseStart = radiotherapy.startSpan else { continue }
            var shares = Truth.yes
            if let courseEnd = radiotherapy.endSpan { shares = shares && start.isOnOrBefore(courseEnd) }
            if let end = event.endSpan { shares = shares && courseStart.isOnOrBefore(end) }
            if !course.events.contains(radiotherapy) { shares = shares && .unknown }
            result = result || shares
        }
        return result
    }
}
