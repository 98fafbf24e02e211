import TrialCheckCore

/// A `diagnosis` event as the diagnosis checks read it: whether it precedes enrollment,
/// and its metastases.
struct DiagnosisRecord: Sendable {
    /// The event.
    let event: Event
    /// Whether the diagnosis is dated on or before the enrollment date; an undated
    /// diagnosis counts as before (`.yes`), a partial date may leave it open.
    let onOrBeforeEnrollment: Truth

    /// Every diagnosis of `patient` that is, or may be, on or before enrollment, in record order.
    static func considered(in patient: PatientHistory) -> [DiagnosisRecord] {
        let enrollment = patient.enrollment.date.span
        return patient.events(ofType: .diagnosis).compactMap { event in
            let truth = event.startSpan.map { $0.isOnOrBefore(enrollment) } ?? .yes
            return truth == .no ? nil : DiagnosisRecord(event: event, onOrBeforeEnrollment: truth)
        }
    }

    /// The not-evaluable answer when `patient` has no diagnosis on or before enrollment:
    /// `subject` says what could not be checked (`the histology`).
    static func noneConsidered(in patient: PatientHistory, subject: String) -> Judgement {
        let all = patient.events(ofType: .diagnosis)
        return .notEvaluable(
            all.isEmpty
                ? "No diagnosis is recorded, so \(subject) cannot be checked."
                : "No diagnosis is dated on or before enrollment, so \(subject) cannot be checked.",
            evidence: all.map { Evidence("diagnosis date", $0.datesDescription, from: $0) } + [Evidence.enrollmentDate(of: patient)]
        )
    }

    /// The date as written, or `undated`.
    var dates: String { event.datesDescription }

    /// What the diagnosis says about metastases.
    var metastases: Metastases { Metastases(of: event) }
}
