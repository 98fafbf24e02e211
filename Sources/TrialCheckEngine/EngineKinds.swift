import TrialCheckCore

/// The check kinds the engine itself provides (beyond the plugins compiled in): the
/// `external` kind, which runs a check in a separate process.
///
/// A registry for the command line is `CheckRegistry(kinds: BuiltinPlugins.kinds + EngineKinds.all)`.
public enum EngineKinds {
    /// Every kind the engine provides.
    public static let all: [CheckKind] = [CheckKind(ExternalCheck.self)]
}
