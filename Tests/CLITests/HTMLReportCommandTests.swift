import Foundation
import Testing

/// The HTML report from the command line: `--format html --output` and `--report html:`.
@Suite("trialcheck audit --format html, end to end")
struct HTMLReportCommandTests {
    @Test("--format html --output and --report html: write the same self-contained file")
    func htmlReport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("report.html").path
        let extra = folder.appendingPathComponent("out/report.html").path
        let run = try TrialCheckBinary.run([
            "audit", "-p", "NCT07177794", "--format", "html", "--output", output,
            "--report", "html:\(extra)", "--report", "markdown:\(folder.path)/out/summary.md",
            "Examples/NCT07177794/site-records.yaml",
        ])
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<h1>NCT07177794</h1>"))
        #expect(html.contains("<svg class=\"timeline\""))
        #expect(!html.contains("https://"))
        #expect(try String(contentsOfFile: extra, encoding: .utf8) == html)
        // The HTML report is a full report: the Markdown summary points to it.
        let summary = try String(contentsOfFile: "\(folder.path)/out/summary.md", encoding: .utf8)
        #expect(summary.contains(extra))
    }
}
