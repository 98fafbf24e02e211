import TrialCheckCore

/// What a lab check's judgement says (its sentence and evidence), written when a report
/// reads it: from the finding worked out to judge the patient, or, for a verdict decided
/// without its wording (``LabRequirement/verdict(_:_:)``), from the requirement judged
/// again by the general reading.
///
/// A class, immutable: a judgement's two closures capture it alone, so they share one
/// allocation rather than each boxing the finding, the results and the enrollment date.
final class LabWording: Sendable {
    private let requirement: LabRequirement
    private let results: LabResults
    /// The enrollment date and where it was read, for the evidence.
    private let enrollment: PartialDate
    private let location: SourceLocation?
    /// The finding, when it was worked out to judge.
    private let known: LabFinding?

    init(_ requirement: LabRequirement, _ results: LabResults, enrollment: PartialDate, at location: SourceLocation?, finding: LabFinding? = nil) {
        self.requirement = requirement
        self.results = results
        self.enrollment = enrollment
        self.location = location
        known = finding
    }

    /// The finding: as worked out to judge, or worked out now.
    private var finding: LabFinding {
        known ?? requirement.evaluate(enrollment.span, results)
    }

    /// The judgement's sentence.
    var message: String { finding.text + "." }

    /// The judgement's evidence: the finding's, and the enrollment date.
    var evidence: [Evidence] {
        let enrollment = Evidence.enrollmentDate(enrollment, at: location)
        // A finding's evidence holds no repeats already: only the enrollment date may repeat.
        let evidence = finding.evidence
        return evidence.contains(enrollment) ? evidence : evidence + [enrollment]
    }
}
