import ArgumentParser
import TrialCheckEngine

extension TrialCheck {
    /// `trialcheck validate`: checks protocol files without reading any record.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
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
                    let manual = definition.manualCriteria
                    let components = definition.components.isEmpty ? "" : " (and \(definition.components.count) used only inside compositions)"
                    let judgement = manual.filter { $0.basis == .clinicalJudgement }.count
                    let split = manual.isEmpty ? "" : ": \(judgement) \(ManualCriterion.Basis.clinicalJudgement.heading), \(manual.count - judgement) \(ManualCriterion.Basis.notDecidableFromData.heading)"
                    print("\(definition.path): ok: \(definition.id) version \(definition.version), \(definition.checks.count) checks\(components), \(manual.count) manual criteria\(split)")
                    if !definition.bases.isEmpty {
                        print("\(definition.path): extends \(definition.bases.joined(separator: ", which extends "))")
                    }
                    if let versioning = definition.versioning {
                        let versioned = definition.checks.filter { $0.check is VersionedCheck }.map(\.id)
                        print("\(definition.path): \(versioning.versions.count) versions (\(versioning.versions.map(\.version).joined(separator: ", "))), chosen by the \(versioning.anchor.rawValue) date; criteria that differ between them: \(versioned.isEmpty ? "none" : versioned.joined(separator: ", "))")
                    }
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
