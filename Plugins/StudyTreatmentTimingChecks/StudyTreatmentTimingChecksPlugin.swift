import TrialCheckCore

/// Checks on when study treatment starts, measured from a point of the patient's history.
public enum StudyTreatmentTimingChecksPlugin: CheckPlugin {
    public static let name = "study-treatment-timing"
    public static let kinds = [
        CheckKind(FirstDoseTimingCheck.self),
    ]
}
