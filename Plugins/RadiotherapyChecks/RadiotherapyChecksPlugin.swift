import TrialCheckCore

/// Checks on the definitive radiotherapy course.
public enum RadiotherapyChecksPlugin: CheckPlugin {
    public static let name = "radiotherapy"
    public static let kinds = [
        CheckKind(RadiotherapyDoseCheck.self),
        CheckKind(RadiotherapyFractionationCheck.self),
        CheckKind(RadiotherapyTechniqueCheck.self),
    ]
}
