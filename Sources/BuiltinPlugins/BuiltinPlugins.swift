import AgeChecks
import LabChecks
import PriorTherapyChecks
import RadiotherapyChecks
import TimingChecks
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
            LabChecksPlugin.self,
        ]
    }

    /// Every check kind the built-in plugins provide.
    public static var kinds: [CheckKind] { all.flatMap { $0.kinds } }
}
