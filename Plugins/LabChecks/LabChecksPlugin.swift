import TrialCheckCore

/// Checks on laboratory results: thresholds, reference-limit multiples, detectability.
public enum LabChecksPlugin: CheckPlugin {
    public static let name = "labs"
    public static let kinds = [CheckKind(LabThresholdCheck.self)]
}
