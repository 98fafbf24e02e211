import Foundation
import TrialCheckCore

/// How to run one external check's plugin: the command, where, with what limits, and
/// what to tell it in the handshake.
struct PluginConfiguration: Sendable {
    /// The command as written in the protocol (`[python3, ecog_check.py]`).
    var command: [String]
    /// The folder the plugin runs in (the protocol file's), if known.
    var directory: String?
    /// Variables added to the plugin's environment.
    var environment: [String: String]
    /// The longest a batch (or the handshake) may take, in seconds.
    var timeout: Double
    /// Patients per batch.
    var batchSize: Int
    /// The plugin's address-space limit in bytes (`nil`: none).
    var memoryLimitBytes: Int?
    /// What the handshake tells the plugin.
    var hello: PluginProtocol.Hello
    /// Whether the plugin may run, and the environment it gets from this computer.
    var policy: ExternalPolicy = .refused

    /// The command as one line, for messages and evidence.
    var commandLine: String {
        command.map { argument in
            argument.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" }) ? "'\(argument)'" : argument
        }.joined(separator: " ")
    }

    /// How long the plugin has to exit after `end`.
    var shutdownGrace: Double { min(timeout, 5) }

    /// The environment the plugin runs with: the few variables the policy passes from this
    /// computer (its `PATH` among them), the configured variables, and
    /// `TRIALCHECK_PLUGIN_PROTOCOL`.
    func processEnvironment() -> [String: String] {
        var variables = policy.environment(adding: environment)
        variables["TRIALCHECK_PLUGIN_PROTOCOL"] = String(PluginProtocol.version)
        return variables
    }

    /// The executable to run: a name without a slash is looked up on this computer's `PATH`
    /// (never one the protocol sets); a relative path is taken from the plugin's folder.
    /// - Throws: ``PluginFailure/notStarted(reason:)`` when there is no such executable.
    func resolveExecutable() throws(PluginFailure) -> String {
        guard let name = command.first, !name.isEmpty else { throw .notStarted(reason: "the command is empty") }
        let files = FileManager.default
        if name.contains("/") {
            let path = name.hasPrefix("/") ? name : URL(fileURLWithPath: directory ?? files.currentDirectoryPath)
                .appendingPathComponent(name).standardizedFileURL.path
            guard files.isExecutableFile(atPath: path) else {
                throw .notStarted(reason: files.fileExists(atPath: path)
                    ? "'\(path)' is not executable (chmod +x, or name its interpreter first)"
                    : "'\(path)' does not exist")
            }
            return path
        }
        for folder in policy.searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = String(folder) + "/" + name
            var isFolder: ObjCBool = false
            if files.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue,
               files.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        throw .notStarted(reason: "'\(name)' was not found on PATH")
    }
}

extension PluginConfiguration {
    /// The file that holds the plugin's code, for the report's fingerprint: the first
    /// argument after the program that names an existing file (relative to the plugin's
    /// folder), else the program itself (found as ``resolveExecutable()`` finds it).
    var scriptPath: String? {
        let files = FileManager.default
        let base = URL(fileURLWithPath: directory ?? files.currentDirectoryPath)
        for argument in command.dropFirst() where !argument.isEmpty && !argument.hasPrefix("-") {
            let path = argument.hasPrefix("/") ? argument : base.appendingPathComponent(argument).standardizedFileURL.path
            var isFolder: ObjCBool = false
            if files.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue { return path }
        }
        return try? resolveExecutable()
    }
}
