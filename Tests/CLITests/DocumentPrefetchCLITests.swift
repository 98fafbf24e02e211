import Foundation
import Testing

/// With more than one job, `audit` parses a YAML or JSON document while it loads the
/// protocol; everything it prints and writes must be what one job gives.
@Suite("audit: a document parsed ahead reads as one read in turn")
struct DocumentPrefetchCLITests {
    private static let documents = [
        "Examples/NCT07177794/site-records.yaml",
        "Examples/extending/NCT07177794-site.yaml",
        "Tests/MalformedInputs/cases/yaml/alias-bomb.yaml",
        "Tests/MalformedInputs/cases/yaml/bad-utf8.yaml",
        "Tests/MalformedInputs/cases/yaml/duplicate-keys.yaml",
        "Tests/MalformedInputs/cases/yaml/tab-indent.yaml",
        "Tests/MalformedInputs/cases/yaml/unclosed-flow.yaml",
        "Tests/MalformedInputs/cases/json/truncated.json",
        "Tests/MalformedInputs/cases/json/duplicate-keys.json",
        "Tests/MalformedInputs/cases/empty/whitespace-only.yaml",
    ]

    @Test("Report, output, errors and exit code are those of one job", arguments: documents)
    func sameAsOneJob(document: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-prefetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var outcomes: [(run: TrialCheckBinary.Run, report: Data?)] = []
        for jobs in ["1", "2"] {
            let report = folder.appendingPathComponent("report-\(jobs).json")
            let run = try TrialCheckBinary.run([
                "audit", "-p", "NCT07177794", "--jobs", jobs, "--format", "text", "--report", "json:\(report.path)", document,
            ])
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
