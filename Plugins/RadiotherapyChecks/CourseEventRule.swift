import TrialCheckCore

/// Judges a rule that every event of the definitive radiotherapy course must meet on its
/// own (a technique, a dose per fraction), shared by the per-event radiotherapy checks.
///
/// Order of precedence: an event that certainly belongs to the course and breaks the rule
/// is a deviation whatever the other events hold; otherwise an event without the data is
/// not-evaluable; otherwise a course that may be empty, or an event that breaks the rule but
/// may have started on the other side of enrollment (``RadiotherapyCourse/uncertainEvents``),
/// leaves the verdict indeterminate; otherwise the course passes.
///
/// A finding is dated on the end (last fraction) of the course event it reports first, or on
/// enrollment where it reports none.
struct CourseEventRule {
    /// Which course is judged.
    let selection: RadiotherapyCourse.Selection
    /// What the rule requires, for messages (`a technique among IMRT`).
    let requirement: String
    /// Finds what the rule says about one event.
    let find: (Event) -> EventFinding

    /// Judges `patient`'s definitive course; `pass` words the message for a passing course
    /// from the evidence of its events, if a report reads it.
    func judge(_ patient: PatientHistory, pass: @escaping @Sendable ([Evidence]) -> String) -> Judgement {
        let enrollment = Evidence.enrollmentDate(of: patient)
        guard let course = RadiotherapyCourse(of: patient, selection: selection) else {
            return .notEvaluable(selection.noCourseSentence, evidence: [enrollment])
        }
        var failures: [(clause: String, evidence: [Evidence], event: Event)] = []
        var possibleFailures: [(clause: String, evidence: [Evidence], event: Event)] = []
        var missing: [(sentence: String, evidence: [Evidence], event: Event)] = []
        var meeting: [@Sendable () -> [Evidence]] = []
        for event in course.allEvents {
            let certain = course.events.contains(event)
            switch find(event) {
            case .meets(let evidence): meeting.append(evidence)
            case .fails(let clause, let evidence) where certain: failures.append((clause, evidence, event))
            case .fails(let clause, let evidence): possibleFailures.append((clause, evidence, event))
            case .missing(let sentence, let evidence): missing.append((sentence, evidence, event))
            }
        }
        if let first = failures.first {
            let more = failures.count > 1 ? "; so did \(failures.count - 1) more course event(s)" : ""
            return Judgement.deviation(
                "Definitive \(first.clause)\(more); the protocol requires \(requirement).",
                evidence: failures.flatMap(\.evidence)
            ).dated(first.event.endDate ?? first.event.startDate)
        }
        if let first = missing.first {
            return Judgement.notEvaluable(first.sentence, evidence: first.evidence).dated(first.event.endDate ?? first.event.startDate)
        }
        let met = meeting
        @Sendable func metEvidence() -> [Evidence] { met.flatMap { $0() } }
        guard !course.events.isEmpty else {
            return .indeterminate(
                "The only definitive radiotherapy recorded has a partial start date that may fall \(selection.otherSide).",
                evidence: metEvidence() + possibleFailures.flatMap(\.evidence) + [enrollment]
            )
        }
        if let first = possibleFailures.first {
            return Judgement.indeterminate(
                "Definitive \(first.clause), but its partial start date may fall \(selection.otherSide), outside the course; the protocol requires \(requirement).",
                evidence: possibleFailures.flatMap(\.evidence) + [enrollment]
            ).dated(first.event.endDate ?? first.event.startDate)
        }
        return .pass { pass(metEvidence()) } evidence: { metEvidence() }
    }
}
