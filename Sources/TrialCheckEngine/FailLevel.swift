import TrialCheckCore

/// The least serious thing that fails an audit (exit code 1).
///
/// The levels form a ladder, from `never` through `qtl`, `deviation` and `indeterminate` to
/// `not-evaluable`; each fails on what the levels before it fail on, and more. A breached
/// quality tolerance limit (a study- or site-level signal the protocol declares) is more
/// serious than any one finding, so every level but `never` fails on one, and `qtl` fails
/// on breached limits only.
public enum FailLevel: String, Sendable, CaseIterable {
    /// Fail on breached quality tolerance limits only, not on single findings.
    case qtl
    /// Fail on deviations (and breached limits; the default).
    case deviation
    /// Fail on deviations and indeterminate verdicts.
    case indeterminate
    /// Fail on any non-pass verdict.
    case notEvaluable = "not-evaluable"
    /// Never fail on findings (input errors still exit 2).
    case never

    /// Whether a finding with `verdict` fails the audit at this level.
    public func fails(_ verdict: Verdict) -> Bool {
        switch self {
        case .deviation: verdict == .deviation
        case .indeterminate: verdict == .deviation || verdict == .indeterminate
        case .notEvaluable: verdict != .pass
        case .qtl, .never: false
        }
    }

    /// Whether a breached quality tolerance limit fails the audit at this level.
    public var failsOnBreachedLimits: Bool { self != .never }
}

/// The exit codes, as linters use them.
public enum ExitStatus: Int32, Sendable {
    /// No finding at or above the fail level, and no breached limit it fails on.
    case clean = 0
    /// Findings at or above the fail level, or a breached quality tolerance limit.
    case findings = 1
    /// Usage, protocol or input errors (including rejected records), or an incomplete
    /// audit (a check whose external plugin failed).
    case error = 2
}

extension AuditReport {
    /// The exit status for this report: input errors and incomplete audits first, then
    /// breached quality tolerance limits (at every level but `never`) and findings at
    /// `level` that are neither waived nor (with a baseline) already known.
    /// - Parameter strict: whether data the audit did not understand (the coverage's
    ///   unknown elements) is an input error.
    public func exitStatus(failingOn level: FailLevel, strict: Bool = false) -> ExitStatus {
        if !inputErrors.isEmpty || !rejected.isEmpty || isIncomplete { return .error }
        if strict, let coverage, coverage.unknownCount > 0 { return .error }
        if level.failsOnBreachedLimits, let quality, !quality.breaches.isEmpty { return .findings }
        return allFindings.contains { fails($0, at: level) } ? .findings : .clean
    }
}
