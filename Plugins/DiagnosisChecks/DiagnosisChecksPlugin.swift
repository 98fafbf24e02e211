import TrialCheckCore

/// Checks on the diagnosis (histology, stage, metastases) and the patient's condition
/// at enrollment (performance status).
public enum DiagnosisChecksPlugin: CheckPlugin {
    public static let name = "diagnosis"
    public static let kinds = [
        CheckKind(HistologyCheck.self),
        CheckKind(CancerStageCheck.self),
        CheckKind(TNMCheck.self),
        CheckKind(NoMetastasisCheck.self),
        CheckKind(PerformanceStatusCheck.self),
    ]
}
