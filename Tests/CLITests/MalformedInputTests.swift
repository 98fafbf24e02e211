import Foundation
import Testing

/// The malformed-input corpus (Tests/MalformedInputs): small bad files in every input
/// format, each audited by the built binary and held to the outcome its manifest gives:
/// the exit code, the located error on standard error, and, where a report is written,
/// the patients audited and the records rejected, which add up to the records in.
@Suite("Malformed inputs: every case has its expected outcome")
struct MalformedInputTests {
    /// One case of the manifest.
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        /// The input, relative to the cases folder (a file, or a folder of SDTM datasets).
        let input: String
        /// Extra arguments for `audit` (`--max-record-bytes 500`, say).
        let arguments: [String]?
        /// What the case is about.
        let about: String
        /// The exit code.
        let exit: Int32
        /// Substrings standard error must hold: the location (`file:line:column`, or a
        /// byte offset) and what was wrong.
        let stderr: [String]
        /// The records in the input; with a report, audited + rejected must equal it.
        let records: Int?
        /// Patients audited, from the JSON report (absent: no report is written).
        let audited: Int?
        /// Records rejected, from the JSON report.
        let rejected: Int?
        /// Substrings the JSON report must hold (how a value that is not an error is reported).
        let report: [String]?

        var testDescription: String { "\(input): \(about)" }
    }

    static let folder = TrialCheckBinary.repositoryRoot.appendingPathComponent("Tests/MalformedInputs")

    static let cases: [Case] = {
        let url = folder.appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: url), let cases = try? JSONDecoder().decode([Case].self, from: data) else { return [] }
        return cases
    }()

    @Test("The manifest is read and names every case in the folder, and nothing else")
    func manifestCoversFolder() throws {
        #expect(Self.cases.count >= 30)
        let root = Self.folder.appendingPathComponent("cases")
        var onDisk: Set<String> = []
        for format in try FileManager.default.contentsOfDirectory(atPath: root.path) {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(format).path) {
                onDisk.insert("\(format)/\(name)")
            }
        }
        #expect(onDisk == Set(Self.cases.map(\.input)))
    }

    @Test("Exit code, located error, and records in = audited + rejected", arguments: cases)
    func outcome(_ testCase: Case) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-malformed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let reportPath = scratch.appendingPathComponent("report.json").path
        let input = "Tests/MalformedInputs/cases/\(testCase.input)"
        let run = try TrialCheckBinary.run(
            ["audit", "-p", "NCT07177794", "--as-of", "2026-11-25", "--report", "json:\(reportPath)"]
                + (testCase.arguments ?? []) + [input]
        )
        #expect(run.status == testCase.exit, "exit \(run.status), expected \(testCase.exit):\n\(run.standardError)")
        #expect(!run.standardError.contains("Fatal error") && !run.standardError.contains("Stack dump"), "\(run.standardError)")
        for expected in testCase.stderr {
            #expect(run.standardError.contains(expected), "standard error lacks '\(expected)':\n\(run.standardError)")
        }
        guard let audited = testCase.audited, let rejected = testCase.rejected else {
            #expect(!FileManager.default.fileExists(atPath: reportPath), "a report was written for an unreadable input")
            return
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: reportPath))
        for expected in testCase.report ?? [] {
            #expect(String(decoding: data, as: UTF8.self).contains(expected), "the report lacks '\(expected)'")
        }
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["patients"] as? Int == audited, "\(summary)")
        #expect(summary["rejected"] as? Int == rejected, "\(summary)")
        if let records = testCase.records {
            #expect(audited + rejected == records, "audited \(audited) + rejected \(rejected) != records in \(records)")
        }
    }
}
