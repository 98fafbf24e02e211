import TrialCheckCore

/// Checks on study treatment after enrollment: which arm receives which drug, the dose,
/// the dosing interval, the number of administrations and the length of treatment.
public enum TreatmentChecksPlugin: CheckPlugin {
    public static let name = "treatment"
    public static let kinds = [
        CheckKind(NoStudyDrugCheck.self),
        CheckKind(StudyDrugDoseCheck.self),
        CheckKind(DosingIntervalCheck.self),
        CheckKind(MaxAdministrationsCheck.self),
        CheckKind(TreatmentDurationCheck.self),
        CheckKind(NoDoseAfterCheck.self),
        CheckKind(CyclicScheduleCheck.self),
    ]
}
