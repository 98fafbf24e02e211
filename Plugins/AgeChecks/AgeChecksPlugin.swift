import TrialCheckCore

/// Checks on a patient's age.
public enum AgeChecksPlugin: CheckPlugin {
    public static let name = "age"
    public static let kinds = [CheckKind(AgeRangeCheck.self)]
}
