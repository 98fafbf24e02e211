import ArgumentParser
import Foundation
import TrialCheckEngine

extension TrialCheck {
    /// `trialcheck map`: mapping files for wide EDC exports.
    struct Map: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "map",
            abstract: "Mapping files that read wide EDC exports (REDCap, any wide CSV); see docs/input-mappings.md.",
            subcommands: [Init.self]
        )

        /// `trialcheck map init EXPORT --dictionary DICTIONARY.csv`.
        struct Init: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "init",
                abstract: "Draft a mapping file from a REDCap data dictionary and its export, for a person to finish.",
                discussion: """
                    Every field of the dictionary is mapped under its own name, with its choices as \
                    codes and its date format (from its validation type, checked against the export's \
                    values); repeating instruments become events. Rename the keys to patient-history \
                    keys and give each event its type, then audit with --mapping.
                    """
            )

            @Argument(help: ArgumentHelp("The export: REDCap CSV (raw codes) or API JSON.", valueName: "export"))
            var export: String

            @Option(help: ArgumentHelp("The project's data dictionary (CSV).", valueName: "file"))
            var dictionary: String

            @Option(name: .shortAndLong, help: ArgumentHelp("Write the draft to this file instead of standard output (never over an existing file).", valueName: "file"))
            var output: String?

            func run() throws {
                let draft: String
                do {
                    draft = try MappingDraft.draft(exportPath: export, dictionaryPath: dictionary, mappingPath: output)
                } catch {
                    throw AuditFailure(error.notices)
                }
                guard let output else {
                    print(draft, terminator: "")
                    return
                }
                guard !FileManager.default.fileExists(atPath: output) else {
                    throw AuditFailure(Notice(.error, at: output, "exists; the draft is not written over it"))
                }
                guard FileManager.default.createFile(atPath: output, contents: Data(draft.utf8)) else {
                    throw AuditFailure(Notice(.error, at: output, "cannot write the draft"))
                }
            }
        }
    }
}
