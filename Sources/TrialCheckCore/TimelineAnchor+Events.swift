extension TimelineAnchor {
    /// Whether the anchor marks something that may simply not have happened yet (progression,
    /// the end of study treatment): a rule about what follows it holds while it is absent.
    public var mayNotHaveHappened: Bool {
        self == .progression || self == .treatmentEnd
    }

    /// Places the anchors that events mark: the first and last study-drug dose, the end of
    /// study treatment, documented progression.
    ///
    /// Doses and progression count from the enrollment date on (an event whose last day is
    /// before it is history, not study treatment); where partial dates leave it open which
    /// event is first or last, the span covers every candidate, so a comparison that
    /// depends on it comes out indeterminate.
    func resolveEvent(in patient: PatientHistory) -> Result<(DaySpan, Evidence), Missing> {
        let enrollment = patient.enrollment.date.span
        func fromEnrollment(_ event: Event) -> Truth {
            event.endSpan.map { !$0.isBefore(enrollment) } ?? .yes
        }
        switch self {
        case .firstDose, .lastDose:
            let doses = patient.events(ofType: .administration).filter { $0.startSpan != nil && fromEnrollment($0) != .no }
            let none = Missing("No dated study-drug administration on or after enrollment is recorded.")
            guard let anyDose = doses.first else { return .failure(none) }
            if self == .firstDose {
                return Self.earliest(doses, certain: { fromEnrollment($0) == .yes }, label: "first study-drug dose").map { .success($0) } ?? .failure(none)
            }
            if let ongoing = doses.first(where: { $0.endSpan == nil }) {
                return .failure(Missing("The administration \(ongoing.datesDescription) is recorded as ongoing, so the last dose cannot be placed."))
            }
            let latestFirst = doses.compactMap(\.endSpan).map(\.first).max() ?? enrollment.first
            let latestLast = doses.compactMap(\.endSpan).map(\.last).max() ?? enrollment.last
            let event = doses.max { ($0.endSpan?.last ?? enrollment.last) < ($1.endSpan?.last ?? enrollment.last) } ?? anyDose
            let span = DaySpan(latestFirst, latestLast)
            return .success((span, Evidence("last study-drug dose", span.description, from: event)))
        case .progression:
            let progressions = patient.events(ofType: .response).filter { event in
                TermMatcher.normalized(event.string("result") ?? "") == "pd" && event.startSpan != nil && fromEnrollment(event) != .no
            }
            guard let first = Self.earliest(progressions, certain: { fromEnrollment($0) == .yes }, label: "documented progression") else {
                return .failure(Missing("No documented progression (a response with result PD) on or after enrollment is recorded."))
            }
            return .success(first)
        case .treatmentEnd:
            let ends = patient.events(ofType: .treatmentEnd).filter { $0.startSpan != nil }
            guard let first = Self.earliest(ends, certain: { _ in true }, label: "end of study treatment") else {
                return .failure(Missing("No dated end of study treatment (a treatment-end event) is recorded."))
            }
            return .success(first)
        case .enrollment, .crtCompletion, .radiotherapyStart, .diagnosis, .consent:
            return .failure(Missing("The \(label) is not placed by an event."))
        }
    }

    /// The span of the earliest start among `events`: from the earliest possible day of any
    /// of them to the earliest latest day of those that certainly count; `nil` for none.
    private static func earliest(_ events: [Event], certain: (Event) -> Bool, label: String) -> (DaySpan, Evidence)? {
        let spans = events.compactMap { event in event.startSpan.map { ($0, event) } }
        guard let opening = spans.min(by: { $0.0.first < $1.0.first }) else { return nil }
        let certainLast = spans.filter { certain($0.1) }.map(\.0.last).min()
        let last = certainLast ?? spans.map(\.0.last).max() ?? opening.0.last
        let span = DaySpan(opening.0.first, max(opening.0.first, last))
        return (span, Evidence(label, span.description, from: opening.1))
    }
}
