import TrialCheckCore

/// The least serious verdict that fails an audit (exit code 1).
public enum FailLevel: String, Sendable, CaseIterable {
    /// Fail on deviations only (the default).
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
        case .never: false
        }
    }
}

/// The exit codes, as linters use them.
public enum ExitStatus: Int32, Sendable {
    /// No finding at or above the fail level.
    case clean = 0
    /// Findings at or above the fail level.
    case findings = 1
    /// Usage, protocol or input errors (including rejected records), or an incomplete
    /// audit (a check whose external plugin failed).
    case error = 2
}

extension AuditReport {
    /// The exit status for this report: input errors and incomplete audits first, then
    /// findings at `level` that are neither waived nor (with a baseline) already known.
    /// - Parameter strict: whether data the audit did not understand (the coverage's
    ///   unknown elements) is an input error.
    public func exitStatus(failingOn level: FailLevel, strict: Bool = false) -> ExitStatus {
        if !inputErrors.isEmpty || !rejected.isEmpty || isIncomplete { return .error }
        if strict, let coverage, coverage.unknownCount > 0 { return .error }
        return allFindings.contains { fails($0, at: level) } ? .findings : .clean
    }
}
