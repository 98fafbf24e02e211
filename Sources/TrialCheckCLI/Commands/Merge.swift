import ArgumentParser
import Foundation
import TrialCheckEngine

extension TrialCheck {
    /// `trialcheck merge`: one report from the JSON reports of sharded audits.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge JSON reports of sharded audits into the report of one audit of all their inputs.",
            discussion: """
                Reports written by 'trialcheck audit --format json', merged in argument order: \
                the result is the report one audit of the shards' inputs, in the same order, \
                would write. All must audit the same protocol file (same sha256) with the same \
                trialcheck version, without --waivers or --baseline. Shards must be partitioned \
                by patient id (each id in one shard): one audit rejects a repeated id, and the \
                merge fails if it sees an id with findings in two shards. Exit codes are the \
                audit's: 0 clean, 1 findings at or above --fail-on, 2 rejected records or an \
                error.
                """
        )

        @OptionGroup var configurationOptions: ConfigurationOptions

        @Argument(help: ArgumentHelp("JSON reports, in input order.", valueName: "report.json"))
        var reports: [String] = []

        @Option(help: "Report format (json, or a format that needs only findings and totals: text, markdown, sarif, csv, sdtm-dv).")
        var format: ReportFormat = .json

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the merged report to this file instead of standard output.", valueName: "file"))
        var output: String?

        @Option(help: "The least serious verdict that fails (exit code 1).")
        var failOn: FailLevel = .deviation

        func validate() throws {
            guard !reports.isEmpty else { throw ValidationError("Give at least one JSON report.") }
            guard format.requiredDetails.isEmpty else {
                throw ValidationError("--format \(format.rawValue) needs every patient's data, which JSON reports do not hold; run one audit instead.")
            }
        }

        func run() throws {
            var loaded: [(path: String, report: AuditReport)] = []
            for path in reports {
                do {
                    let data = path == "-"
                        ? FileHandle.standardInput.readDataToEndOfFile()
                        : try Data(contentsOf: URL(fileURLWithPath: path))
                    loaded.append((path, try JSONReporter.decode(data)))
                } catch {
                    throw AuditFailure(Notice(.error, at: path, "cannot read the report: \(error.localizedDescription) (expected a JSON report written by 'trialcheck audit --format json')"))
                }
            }
            let merged: AuditReport
            do {
                merged = try ReportMerger.merge(loaded)
            } catch {
                throw AuditFailure(Notice(.error, error.description))
            }
            try format.write(merged, options: ReportFormat.Options(), to: output)
            let status = merged.exitStatus(failingOn: failOn)
            if status != .clean { throw ExitCode(status.rawValue) }
        }
    }
}
