import TrialCheckCore

/// Checks on clinical events before and at enrollment: excluded conditions, adverse
/// events of a given grade, and events that must not occur within a window.
public enum ClinicalEventChecksPlugin: CheckPlugin {
    public static let name = "clinical-events"
    public static let kinds = [
        CheckKind(ExcludedConditionsCheck.self),
        CheckKind(AdverseEventGradeCheck.self),
        CheckKind(NoEventCheck.self),
    ]
}
