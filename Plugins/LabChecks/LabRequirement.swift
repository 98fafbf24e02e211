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

    /// Judges one patient whose lab results have been read; see ``LabFinding/combine(_:_:)``
    /// for how members combine.
    /// - Parameter enrollment: the days the enrollment date may be.
    func evaluate(_ enrollment: DaySpan, _ results: LabResults) -> LabFinding {
        switch self {
        case .criterion(let criterion): criterion.evaluate(enrollment, results)
        case .all(let members): LabFinding.combine(members.map { $0.evaluate(enrollment, results) }, .all)
        case .any(let members): LabFinding.combine(members.map { $0.evaluate(enrollment, results) }, .any)
        }
    }

    /// The verdict ``evaluate(_:_:)`` gives, worked out without its wording where every
    /// criterion's results are the usual ones (``LabCriterion/verdict(_:_:)``); `nil` where
    /// some criterion's are not, for ``evaluate(_:_:)`` to decide.
    func verdict(_ enrollment: DaySpan, _ results: LabResults) -> Verdict? {
        switch self {
        case .criterion(let criterion): criterion.verdict(enrollment, results)
        case .all(let members): Self.verdict(of: members, enrollment, results, combined: Verdict.allOf)
        case .any(let members): Self.verdict(of: members, enrollment, results, combined: Verdict.anyOf)
        }
    }

    /// The members' verdicts, combined as ``LabFinding/combine(_:_:)`` combines them (the
    /// verdicts are gathered on the stack); `nil` if a member's is not known.
    private static func verdict(
        of members: [LabRequirement], _ enrollment: DaySpan, _ results: LabResults,
        combined: (UnsafeMutableBufferPointer<Verdict>) -> Verdict
    ) -> Verdict? {
        withUnsafeTemporaryAllocation(of: Verdict.self, capacity: members.count) { verdicts in
            for index in members.indices {
                guard let verdict = members[index].verdict(enrollment, results) else { return nil }
                verdicts.initializeElement(at: index, to: verdict)
            }
            return combined(verdicts)
        }
    }
}
