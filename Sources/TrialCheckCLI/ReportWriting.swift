import ArgumentParser
import Foundation
import TrialCheckEngine

extension ReportFormat {
    /// Writes `report` in this format to the file at `path`, or to standard output, as the
    /// reporter makes it; a report that cannot be written is an error (exit code 2).
    func write(_ report: AuditReport, options: Options, to path: String?) throws {
        do {
            // `-o -` is standard output, as for most command-line tools.
            let path = path == "-" ? nil : path
            let output = try path.map(ReportOutput.file(atPath:)) ?? ReportOutput.standardOutput()
            var options = options
            // A large HTML report's pages go to a folder beside it: report.html, report-pages/.
            if self == .html, let path {
                let url = URL(fileURLWithPath: path)
                let name = url.deletingPathExtension().lastPathComponent + "-pages"
                options.html.pages = HTMLOptions.PageFolder(
                    path: url.deletingLastPathComponent().appendingPathComponent(name).path,
                    href: name + "/", summaryHref: "../" + url.lastPathComponent
                )
            }
            try reporter(options).write(report, to: output)
            try output.finish()
            // The DV dataset's SUPPDV and transport files go beside its CSV.
            if self == .sdtmDV, let path {
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                for companion in SDTMDeviationReporter(options: options.sdtm).companions(report) {
                    let file = try ReportOutput.file(atPath: folder.appendingPathComponent(companion.name).path)
                    companion.bytes.withUnsafeBufferPointer { file.write($0) }
                    try file.finish()
                }
            }
        } catch let failure as ReportOutput.Failure {
            throw AuditFailure(Notice(.error, "\(failure)"))
        }
    }
}

/// Keeps a report from being written over an input.
enum OutputGuard {
    /// The first report path that names the same file as an input (through any link or a
    /// second path to the same inode), as `(report, input)`.
    static func clash(reports: [String], inputs: [String]) -> (report: String, input: String)? {
        let inputFiles = inputs.filter { $0 != "-" }.compactMap { path in identity(of: path).map { (path, $0) } }
        for report in reports {
            guard let reportFile = identity(of: report) else { continue }
            if let input = inputFiles.first(where: { $0.1 == reportFile }) { return (report, input.0) }
        }
        return nil
    }

    /// The device and inode of the file at `path`, links followed; `nil` if there is none.
    private static func identity(of path: String) -> [UInt64]? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return [UInt64(status.st_dev), UInt64(status.st_ino)]
    }
}
