import TrialCheckCore

/// Checks on systemic therapy regimens given before enrollment: the chemotherapy concurrent
/// with radiotherapy, and the number of cycles of a treatment phase.
public enum RegimenChecksPlugin: CheckPlugin {
    public static let name = "regimen"
    public static let kinds = [
        CheckKind(ConcurrentRegimenCheck.self),
        CheckKind(TherapyCyclesCheck.self),
    ]
}
