import ArgumentParser
import Foundation
import TrialCheckEngine

/// `--protocol`: a protocol file, or a protocol id found in Protocols/.
struct ProtocolOption: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "A protocol file, or a protocol id looked up in $\(ProtocolLocator.environmentVariable) and Protocols/.",
            valueName: "path-or-id"
        )
    )
    var `protocol`: String

    /// Loads and validates the protocol; a failure holds every problem found.
    func load(externalPolicy: ExternalPolicy = .refused) throws(AuditFailure) -> ProtocolDefinition {
        try ProtocolOption.load(`protocol`, externalPolicy: externalPolicy)
    }

    static func load(_ reference: String, externalPolicy: ExternalPolicy = .refused) throws(AuditFailure) -> ProtocolDefinition {
        let path: String
        switch ProtocolLocator.resolve(reference, environment: ProcessInfo.processInfo.environment) {
        case .success(let found): path = found
        case .failure(let notFound):
            throw AuditFailure(Notice(.error, "\(notFound)"))
        }
        do {
            return try ProtocolLoader(registry: TrialCheck.registry, externalPolicy: externalPolicy).load(path: path)
        } catch {
            let count = error.problems.count
            throw AuditFailure(error.notices + [Notice(.note, at: path, "\(count) problem\(count == 1 ? "" : "s"); no record was read")])
        }
    }
}

/// `--allow-external` and `--plugin-env`: whether a protocol's external checks (programs
/// the protocol file names) may run, and what of this environment they get.
struct ExternalOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(
        "Run the protocol's external checks: programs the protocol file names, run as you. Without it, a protocol with external checks is refused before anything runs."
    ))
    var allowExternal = false

    @Option(
        name: .customLong("plugin-env"),
        help: ArgumentHelp(
            "Pass this environment variable on to external plugins (repeatable). They get only PATH, HOME, LANG, LC_*, TMPDIR and what the protocol sets.",
            valueName: "name"
        )
    )
    var pluginEnvironment: [String] = []

    func validate() throws {
        if !pluginEnvironment.isEmpty, !allowExternal {
            throw ValidationError("--plugin-env passes variables to external plugins, which run only with --allow-external.")
        }
        if let bad = pluginEnvironment.first(where: { $0.isEmpty || $0.contains("=") }) {
            throw ValidationError("--plugin-env takes a variable's name (such as R_LIBS_USER), found '\(bad)'.")
        }
    }

    /// The policy the options ask for.
    var policy: ExternalPolicy {
        allowExternal ? .allowed(passing: pluginEnvironment) : .refused
    }

    /// Stops (exit code 2) with one error naming each external check and its command when
    /// `definition` has external checks and `--allow-external` was not given.
    func refuseUnlessAllowed(_ definition: ProtocolDefinition) throws {
        let refused = definition.externalChecks.filter { !$0.isPermitted }
        guard !refused.isEmpty else { return }
        let one = refused.count == 1
        let message = "the protocol has \(refused.count) external check\(one ? "" : "s"), which run\(one ? "s" : "") a program as you; "
            + "nothing was run. Review \(one ? "it" : "them") and pass --allow-external to run \(one ? "it" : "them"):"
        throw AuditFailure([Notice(.error, at: definition.path, message)] + refused.map { external in
            Notice(.note, at: external.location.description, "check '\(external.check)' runs: \(external.commandLine)")
        })
    }
}
