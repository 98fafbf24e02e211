import TrialCheckCore

/// Checks on the time between two points of a patient's history.
public enum TimingChecksPlugin: CheckPlugin {
    public static let name = "timing"
    public static let kinds = [CheckKind(DaysBetweenCheck.self)]
}
