import ArgumentParser
import BuiltinPlugins
import Foundation
import Synchronization
import TrialCheckCore
import TrialCheckEngine

/// `trialcheck`: audits patient treatment histories against a trial protocol.
struct TrialCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trialcheck",
        abstract: "Audit patient treatment histories against a clinical-trial protocol.",
        discussion: """
            Exit codes: 0 no finding at or above the fail level; 1 findings at or above it, or a \
            breached quality tolerance limit (unless --fail-on never); \
            2 usage, protocol or input errors (including rejected records).
            """,
        version: TrialCheckVersion.current,
        subcommands: [Audit.self, Validate.self, Checks.self, Generate.self, Merge.self, Plugin.self, Map.self],
        defaultSubcommand: nil
    )

    /// The kinds this command line knows: the built-in ones, the engine's `external` kind and
    /// any a host package added through ``TrialCheckCLI/main(extraKinds:)``.
    static var registry: CheckRegistry { KindsInUse.registry }
}

/// The registry the commands load protocols with, fixed once before the arguments are parsed.
enum KindsInUse {
    private static let current = Mutex(CheckRegistry(kinds: BuiltinPlugins.kinds + EngineKinds.all))

    static var registry: CheckRegistry { current.withLock { $0 } }

    /// Adds `extraKinds` after the built-in ones; returns the identifiers that clash.
    static func add(_ extraKinds: [CheckKind]) -> [String] {
        current.withLock { registry in
            registry = CheckRegistry(kinds: BuiltinPlugins.kinds + EngineKinds.all + extraKinds)
            return registry.conflicts
        }
    }
}

/// The `trialcheck` command line as a library, so a package can build its own `trialcheck`
/// with its check kinds beside the built-in ones:
///
/// ```swift
/// import TrialCheckCLI
/// TrialCheckCLI.main(extraKinds: MyChecksPlugin.kinds)
/// ```
public enum TrialCheckCLI {
    /// Parses the process's arguments, runs the command and exits with its status (0 clean,
    /// 1 findings at or above the fail level, 2 usage, protocol or input errors).
    ///
    /// - Parameter extraKinds: check kinds to offer beside the built-in ones. A kind whose
    ///   identifier is already taken is an error (exit code 2) before anything runs.
    public static func main(extraKinds: [CheckKind] = []) -> Never {
        let clashes = KindsInUse.add(extraKinds)
        guard clashes.isEmpty else {
            Console.error("error: check kind identifier(s) already taken: \(clashes.joined(separator: ", ")); rename the added kind(s)")
            Foundation.exit(2)
        }
        var command: any ParsableCommand
        do {
            let arguments = try CommandDefaults.applying(
                to: Array(CommandLine.arguments.dropFirst()),
                workingDirectory: FileManager.default.currentDirectoryPath
            )
            EarlyStart.start(for: arguments)
            command = try TrialCheck.parseCommand(arguments)
        } catch {
            fail(after: error, in: TrialCheck.self)
        }
        do {
            try command.run()
            Foundation.exit(0)
        } catch {
            // A command's own error is explained with that command's usage, not the root's.
            fail(after: error, in: type(of: command))
        }
    }

    /// Prints what `error` means and exits with its status. Every error the commands raise
    /// is rendered here, one way: an ``AuditFailure`` as its notices (exit code 2).
    private static func fail(after error: any Error, in command: any ParsableCommand.Type) -> Never {
        if let failure = error as? AuditFailure {
            failure.notices.forEach(Console.notice)
            Foundation.exit(ExitStatus.error.rawValue)
        }
        if let status = error as? ExitCode, status != .success {
            // A command's verdict (findings, failed validation) says nothing more: exit with
            // it directly, without building ArgumentParser's message and help tables.
            Foundation.exit(status == .validationFailure ? 2 : status.rawValue)
        }
        let code = command.exitCode(for: error)
        let message = command.fullMessage(for: error)
        if code == .success {
            print(message)
            Foundation.exit(0)
        }
        if !message.isEmpty { Console.error(message) }
        // Usage errors are exit code 2, as for linters (ArgumentParser's default is 64).
        Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
    }
}
