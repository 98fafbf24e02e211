import TrialCheckCore

/// Checks on anticancer therapy received before enrollment.
public enum PriorTherapyChecksPlugin: CheckPlugin {
    public static let name = "prior-therapy"
    public static let kinds = [CheckKind(NoPriorTherapyCheck.self), CheckKind(NoPriorDrugCheck.self)]
}
