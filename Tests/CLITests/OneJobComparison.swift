import Foundation
import Testing

/// Runs an audit with one job and with two and expects the same report, output, errors and
/// exit code: what a command does ahead on a second thread must never show.
enum OneJobComparison {
    /// Runs `audit` with `arguments` (before the inputs), `--jobs 1` and `--jobs 2`, a JSON
    /// report written beside the text one, then `inputs`.
    static func expectSame(_ arguments: [String], inputs: [String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var outcomes: [(run: TrialCheckBinary.Run, report: Data?)] = []
        for jobs in ["1", "2"] {
            let report = folder.appendingPathComponent("report-\(jobs).json")
            let run = try TrialCheckBinary.run(
                ["audit"] + arguments + ["--jobs", jobs, "--format", "text", "--report", "json:\(report.path)"] + inputs
            )
            outcomes.append((run, try? Data(contentsOf: report)))
        }
        let (one, two) = (outcomes[0], outcomes[1])
        #expect(two.run.status == one.run.status)
        #expect(two.run.standardOutput == one.run.standardOutput)
        #expect(two.run.standardError == one.run.standardError)
        #expect(two.report == one.report)
        #expect([0, 1, 2].contains(one.run.status))
    }
}
