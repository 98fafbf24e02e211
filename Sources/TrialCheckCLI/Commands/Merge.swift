import ArgumentParser
import Foundation
import TrialCheckEngine

extension TrialCheck {
    /// `trialcheck merge`: one report from the JSON reports of sharded audits.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge JSON reports of sharded audits into the report of one audit of all their inputs.",
            discussion: """
                Reports written by 'trialcheck audit --format json' (or rows streams written by \
                '--format rows', each summary line closing one audit), merged in argument order: \
                the result is the report one audit of the shards' inputs, in the same order, \
                would write. All must audit the same protocol file (same sha256) with the same \
                trialcheck version, without --waivers or --baseline. Shards must be partitioned \
                by patient id (each id in one shard): one audit rejects a repeated id, and the \
                merge fails if it sees an id with findings in two shards. Every report's \
                diagnostics are kept. A rows stream that does not end with a summary line, or \
                whose summary does not count its rows, is an error. Exit codes are the \
                audit's: 0 clean, 1 findings at or above --fail-on, 2 rejected records or an \
                error.
                """
        )

        @OptionGroup var configurationOptions: ConfigurationOptions

        @Argument(help: ArgumentHelp("JSON reports or rows streams (--format rows), in input order.", valueName: "report.json"))
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
            var merger = ReportMerger(findingStorage: .temporaryFile)
            let merged: AuditReport
            do {
                for path in reports {
                    for report in try Self.load(path) { try merger.add(report, path: path) }
                }
                merged = try merger.finish()
            } catch let problem as ReportMerger.Problem {
                throw AuditFailure(Notice(.error, problem.description))
            }
            try format.write(merged, options: ReportFormat.Options(), to: output)
            let status = merged.exitStatus(failingOn: failOn)
            if status != .clean { throw ExitCode(status.rawValue) }
        }

        /// The reports in the file at `path` (`-` for standard input): one JSON report, or
        /// those of a rows stream.
        private static func load(_ path: String) throws -> [AuditReport] {
            let data: Data
            do {
                data = path == "-"
                    ? FileHandle.standardInput.readDataToEndOfFile()
                    : try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw AuditFailure(Notice(.error, at: path, "cannot read the report: \(error.localizedDescription)"))
            }
            if RowsStream.isRows(data) {
                do {
                    return try RowsStream.reports(in: data, path: path)
                } catch {
                    throw AuditFailure(Notice(.error, at: path, error.description))
                }
            }
            do {
                return [try JSONReporter.decode(data)]
            } catch {
                throw AuditFailure(Notice(.error, at: path, "cannot read the report: \(error.localizedDescription) (expected a JSON report written by 'trialcheck audit --format json', or rows written by '--format rows')"))
            }
        }
    }
}
