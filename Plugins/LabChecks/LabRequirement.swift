import TrialCheckCore

/// A validated lab criterion: one test's requirement, or a combination of requirements.
indirect enum LabRequirement: Sendable {
    /// One test and its limits.
    case criterion(LabCriterion)
    /// Every member must be met (`all`, `tests`).
    case all([LabRequirement])
    /// At least one member must be met (`or`).
    case any([LabRequirement])

    /// The days before enrollment results count from, where every test of the requirement
    /// has such a window: the widest of them; `nil` if some test takes any result on or
    /// before enrollment.
    var widestWindowDays: Int? {
        switch self {
        case .criterion(let criterion): return criterion.windowDays
        case .all(let members), .any(let members):
            let windows = members.map(\.widestWindowDays)
            guard !windows.isEmpty, !windows.contains(where: { $0 == nil }) else { return nil }
            return windows.compactMap { $0 }.max()
        }
    }

    /// Judges one patient; see ``LabFinding/combine(_:_:)`` for how members combine.
    func evaluate(_ patient: PatientHistory) -> LabFinding {
        // Every criterion of every lab check reads the patient's one shared reading.
        evaluate(patient, LabResults.of(patient))
    }

    /// Judges one patient whose lab results have been read.
    func evaluate(_ patient: PatientHistory, _ results: LabResults) -> LabFinding {
        switch self {
        case .criterion(let criterion): criterion.evaluate(patient, results)
        case .all(let members): LabFinding.combine(members.map { $0.evaluate(patient, results) }, .all)
        case .any(let members): LabFinding.combine(members.map { $0.evaluate(patient, results) }, .any)
        }
    }
}
