import TrialCheckCore

/// A validated lab criterion: one test's requirement, or a combination of requirements.
indirect enum LabRequirement: Sendable {
    /// One test and its limits.
    case criterion(LabCriterion)
    /// Every member must be met (`all`, `tests`).
    case all([LabRequirement])
    /// At least one member must be met (`or`).
    case any([LabRequirement])

    /// Judges one patient; see ``LabFinding/combine(_:_:)`` for how members combine.
    func evaluate(_ patient: PatientHistory) -> LabFinding {
        switch self {
        case .criterion(let criterion): criterion.evaluate(patient)
        case .all(let members): LabFinding.combine(members.map { $0.evaluate(patient) }, .all)
        case .any(let members): LabFinding.combine(members.map { $0.evaluate(patient) }, .any)
        }
    }
}
