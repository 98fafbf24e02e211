import ArgumentParser
import Foundation
import TrialCheckEngine

extension TrialCheck {
    /// `trialcheck plugin`: helpers for writing check plugins.
    struct Plugin: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plugin",
            abstract: "Helpers for writing check plugins.",
            subcommands: [New.self]
        )

        /// `trialcheck plugin new NAME`: scaffolds a Swift plugin module.
        struct New: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "new",
                abstract: "Create a Swift check plugin: a module under Plugins/ with a working check, and its tests.",
                discussion: """
                    Writes Plugins/<Name>Checks/ (a check and its plugin enum) and \
                    Tests/PluginTests/<Name>CheckTests.swift, then prints the two lines to add to \
                    Package.swift and Sources/BuiltinPlugins/BuiltinPlugins.swift. Nothing in the \
                    engine changes. For a check in Python, R or another language, see \
                    docs/plugin-protocol.md instead.
                    """
            )

            @Argument(help: ArgumentHelp("The plugin's name, such as 'biomarker' or 'hepatitis-b'.", valueName: "name"))
            var name: String

            @Option(help: ArgumentHelp("The package root (with Package.swift).", valueName: "folder"))
            var packagePath: String = "."

            func run() throws {
                let scaffold: PluginScaffold
                do {
                    scaffold = try PluginScaffold(name: name)
                } catch {
                    throw AuditFailure(Notice(.error, error.description))
                }
                let root = URL(fileURLWithPath: packagePath)
                let files = FileManager.default
                guard files.fileExists(atPath: root.appendingPathComponent("Package.swift").path) else {
                    throw AuditFailure(Notice(.error, at: packagePath, "no Package.swift here: run this in the trialcheck package root, or give --package-path"))
                }
                if TrialCheck.registry.kind(scaffold.kind) != nil {
                    throw AuditFailure(Notice(.error, "a check kind '\(scaffold.kind)' already exists; choose another name"))
                }
                for file in scaffold.files where files.fileExists(atPath: root.appendingPathComponent(file.path).path) {
                    throw AuditFailure(Notice(.error, at: file.path, "already exists; nothing was written"))
                }
                do {
                    for file in scaffold.files {
                        let url = root.appendingPathComponent(file.path)
                        try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                        try Data(file.contents.utf8).write(to: url)
                    }
                } catch {
                    throw AuditFailure(Notice(.error, "cannot write the plugin: \(error.localizedDescription)"))
                }
                Console.output(scaffold.instructions)
            }
        }
    }
}
