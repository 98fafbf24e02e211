import ArgumentParser
import Foundation
import TrialCheckEngine

extension TrialCheck {
    /// `trialcheck audit`: the main job.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Audit patient histories against a protocol and report deviations.",
            discussion: """
                Inputs are patient-history v1 files: YAML or JSON documents, or NDJSON \
                (one record per line; '-' reads standard input). A bad record is listed as \
                rejected and the rest is audited.
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        enum Colour: String, ExpressibleByArgument, CaseIterable {
            case auto, always, never
        }

        @OptionGroup var protocolOption: ProtocolOption

        @Argument(help: ArgumentHelp("Patient-history files; '-' for standard input.", valueName: "input"))
        var inputs: [String] = []

        @Option(help: "Report format.")
        var format: Format = .text

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("Read every input as this format instead of detecting it.", valueName: "format"))
        var inputFormat: InputFormat?

        @Option(help: "The least serious verdict that fails the audit (exit code 1).")
        var failOn: FailLevel = .deviation

        @Option(help: "Colour in the text report.")
        var color: Colour = .auto

        func validate() throws {
            guard !inputs.isEmpty else {
                throw ValidationError("Give at least one input file, or '-' to read standard input.")
            }
        }

        func run() throws {
            let definition = try protocolOption.load()
            let report = Auditor(definition: definition).audit(inputs: inputs, format: inputFormat)
            let colour = color == .always || (color == .auto && output == nil && Console.wantsColour)
            let rendered: String
            switch format {
            case .text: rendered = TextReporter(colour: colour).render(report)
            case .json: rendered = try JSONReporter().render(report)
            }
            if let output {
                do {
                    try Data(rendered.utf8).write(to: URL(fileURLWithPath: output))
                } catch {
                    Console.error("error: cannot write the report to '\(output)': \(error.localizedDescription)")
                    throw ExitCode(2)
                }
            } else {
                Console.output(rendered)
            }
            for rejection in report.rejected {
                Console.error("\(rejection.location): error: \(rejection.reason)")
            }
            let status = report.exitStatus(failingOn: failOn)
            if status != .clean { throw ExitCode(status.rawValue) }
        }
    }
}

extension InputFormat: ExpressibleByArgument {}
extension FailLevel: ExpressibleByArgument {}
