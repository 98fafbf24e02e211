import ArgumentParser
import BuiltinPlugins
import Foundation
import TrialCheckEngine

/// `trialcheck`: audits patient treatment histories against a trial protocol.
struct TrialCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trialcheck",
        abstract: "Audit patient treatment histories against a clinical-trial protocol.",
        discussion: """
            Exit codes: 0 no finding at or above the fail level; 1 findings at or above it; \
            2 usage, protocol or input errors (including rejected records).
            """,
        version: TrialCheckVersion.current,
        subcommands: [Audit.self, Validate.self, Checks.self, Generate.self, Merge.self, Plugin.self, Map.self],
        defaultSubcommand: nil
    )

    /// The registry of every built-in check kind, and the engine's `external` kind.
    static let registry = CheckRegistry(kinds: BuiltinPlugins.kinds + EngineKinds.all)
}

@main
enum Main {
    static func main() {
        do {
            var command = try TrialCheck.parseAsRoot()
            try command.run()
        } catch {
            let code = TrialCheck.exitCode(for: error)
            let message = TrialCheck.fullMessage(for: error)
            if code == .success {
                print(message)
                exit(0)
            }
            if !message.isEmpty { Console.error(message) }
            // Usage errors are exit code 2, as for linters (ArgumentParser's default is 64).
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
