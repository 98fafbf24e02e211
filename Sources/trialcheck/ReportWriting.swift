import ArgumentParser
import TrialCheckEngine

extension ReportFormat {
    /// Writes `report` in this format to the file at `path`, or to standard output, as the
    /// reporter makes it; a report that cannot be written is an error (exit code 2).
    func write(_ report: AuditReport, options: Options, to path: String?) throws {
        do {
            let output = try path.map(ReportOutput.file(atPath:)) ?? ReportOutput.standardOutput()
            try reporter(options).write(report, to: output)
            try output.finish()
        } catch let failure as ReportOutput.Failure {
            Console.error("error: \(failure)")
            throw ExitCode(2)
        }
    }
}
