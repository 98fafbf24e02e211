import Foundation

/// Whether a protocol's external checks may run, and what of this computer's environment
/// they get.
///
/// An external check runs a program named by the protocol file, as the user running the
/// audit: it is code, and a protocol file alone must not run it. A ``ProtocolLoader``
/// builds external checks under a policy; under ``refused`` (the default) they never start
/// a process: every patient they are asked about is not evaluable and the audit reports an
/// error. `trialcheck` allows them only with `--allow-external`.
///
/// A plugin's environment is scrubbed: it gets ``fixedVariables`` (and `LC_*`) from this
/// computer, the variables named in ``passedVariables``, the variables the protocol sets
/// (never `PATH`: the program is found on this computer's `PATH`), and
/// `TRIALCHECK_PLUGIN_PROTOCOL`. Nothing else of the auditing user's environment reaches it.
public struct ExternalPolicy: Sendable, Hashable {
    /// Whether external checks may start their programs.
    public var allowsExternalChecks: Bool
    /// Names of variables of this computer's environment passed on to plugins, beyond
    /// ``fixedVariables`` (`--plugin-env NAME`).
    public var passedVariables: [String]
    /// This computer's environment, as captured when the policy was made (the source of
    /// `PATH` and every passed variable).
    public var hostEnvironment: [String: String]

    /// Creates a policy; `hostEnvironment` defaults to this process's environment.
    public init(
        allowsExternalChecks: Bool, passedVariables: [String] = [],
        hostEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.allowsExternalChecks = allowsExternalChecks
        self.passedVariables = passedVariables
        self.hostEnvironment = hostEnvironment
    }

    /// External checks are built (so they can be listed) but never start a program.
    public static var refused: ExternalPolicy { ExternalPolicy(allowsExternalChecks: false) }

    /// External checks may run, passing `variables` of this process's environment on to them.
    public static func allowed(passing variables: [String] = []) -> ExternalPolicy {
        ExternalPolicy(allowsExternalChecks: true, passedVariables: variables)
    }

    /// The variables every plugin gets from this computer's environment, when set (and
    /// every `LC_*` variable).
    public static let fixedVariables = ["PATH", "HOME", "LANG", "TMPDIR"]

    /// Variables a protocol may not set for its plugins: the program is looked up on this
    /// computer's `PATH`, never on one the protocol chooses.
    public static let reservedVariables = ["PATH"]

    /// Why a plugin did not start under a policy that refuses external checks.
    static let refusal = "external checks were not allowed to run (they run programs named by the protocol file: "
        + "pass --allow-external to trialcheck, or load the protocol under ExternalPolicy.allowed())"

    /// The `PATH` a plugin's program is looked up on.
    var searchPath: String {
        hostEnvironment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    }

    /// A plugin's environment: the fixed and passed variables of this computer's
    /// environment, then `configured` (what the protocol sets, without reserved names).
    func environment(adding configured: [String: String]) -> [String: String] {
        var variables: [String: String] = [:]
        for (name, value) in hostEnvironment
        where Self.fixedVariables.contains(name) || name.hasPrefix("LC_") || passedVariables.contains(name) {
            variables[name] = value
        }
        for (name, value) in configured where !Self.reservedVariables.contains(name) {
            variables[name] = value
        }
        variables["PATH"] = searchPath
        return variables
    }
}
