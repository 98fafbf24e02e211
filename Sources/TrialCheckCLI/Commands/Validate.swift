import ArgumentParser
import TrialCheckEngine

extension TrialCheck {
    /// `trialcheck validate`: checks protocol files without reading any record.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate protocol files: kinds, parameters, ids. Reads no records.",
            discussion: "Runs nothing: each external check's command is listed, so a reviewer sees what an audit with --allow-external would run."
        )

        @OptionGroup var configurationOptions: ConfigurationOptions

        @Argument(help: ArgumentHelp("Protocol files or ids.", valueName: "protocol"))
        var protocols: [String]

        func validate() throws {
            guard !protocols.isEmpty else { throw ValidationError("Give at least one protocol file or id.") }
        }

        func run() throws {
            var failed = false
            for reference in protocols {
                do {
                    let definition = try ProtocolOption.load(reference)
                    let manual = definition.manualCriteria.count
                    print("\(definition.path): ok: \(definition.id) version \(definition.version), \(definition.checks.count) checks, \(manual) manual criteria")
                    // External checks run programs: a reviewer sees each command that would run.
                    for external in definition.externalChecks {
                        let folder = external.directory.map { " (in \($0))" } ?? ""
                        print("\(external.location): external check '\(external.check)' would run: \(external.commandLine)\(folder); it runs only with --allow-external")
                    }
                } catch {
                    error.notices.forEach(Console.notice)
                    failed = true
                }
            }
            if failed { throw ExitCode(2) }
        }
    }
}
