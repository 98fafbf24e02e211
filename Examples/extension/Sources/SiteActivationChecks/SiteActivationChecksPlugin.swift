import TrialCheckCore

/// Checks on where a patient was enrolled.
public enum SiteActivationChecksPlugin: CheckPlugin {
    public static let name = "site-activation"
    public static let kinds = [CheckKind(SiteActivationCheck.self)]
}
