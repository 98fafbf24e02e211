import AgeChecks
import DiagnosisChecks
import ClinicalEventChecks
import LabChecks
import PriorTherapyChecks
import RadiotherapyChecks
import RegimenChecks
import StudyTreatmentTimingChecks
import TimingChecks
import TreatmentChecks
import TrialCheckCore

/// The plugins compiled into `trialcheck`. Adding a plugin module: list it here and in
/// Package.swift; nothing in the engine changes.
public enum BuiltinPlugins {
    /// Every built-in plugin.
    public static var all: [any CheckPlugin.Type] {
        [
            AgeChecksPlugin.self,
            RadiotherapyChecksPlugin.self,
            TimingChecksPlugin.self,
            PriorTherapyChecksPlugin.self,
            DiagnosisChecksPlugin.self,
            ClinicalEventChecksPlugin.self,
            TreatmentChecksPlugin.self,
            RegimenChecksPlugin.self,
            LabChecksPlugin.self,
            StudyTreatmentTimingChecksPlugin.self,
        ]
    }

    /// Every check kind the built-in plugins provide.
    public static var kinds: [CheckKind] { all.flatMap { $0.kinds } }
}
