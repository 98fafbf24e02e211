import Foundation
import Testing

/// With more than one job, `audit` loads its protocol while it parses its command line;
/// everything it prints and writes must be what one job (which loads it in turn) gives.
@Suite("audit: a protocol loaded ahead loads as one loaded in turn")
struct ProtocolPrefetchCLITests {
    private static let protocols = [
        "--protocol=Protocols/NCT07177794.yaml",
        "Examples/extending/NCT07177794-site.yaml",
        "Examples/extending/NCT07177794-amended.yaml",
        "Examples/extension/protocol.yaml",
        "Examples/plugins/NCT07177794-with-python-ecog.yaml",
        "Benchmarks/protocols/design-checks.yaml",
        "Tests/MalformedInputs/manifest.json",
        "README.md",
        "no-such-protocol",
    ]

    @Test("Report, output, errors and exit code are those of one job", arguments: protocols)
    func sameAsOneJob(reference: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-protocol-prefetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let protocolArguments = reference.hasPrefix("--") ? [reference] : ["-p", reference]
        var outcomes: [(run: TrialCheckBinary.Run, report: Data?)] = []
        for jobs in ["1", "2"] {
            let report = folder.appendingPathComponent("report-\(jobs).json")
            let run = try TrialCheckBinary.run(
                ["audit"] + protocolArguments + ["--jobs", jobs, "--format", "text", "--report", "json:\(report.path)", "Examples/NCT07177794/site-records.ndjson"]
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
