import Foundation
import Testing

/// `trialcheck generate` and `trialcheck merge` end to end.
@Suite("trialcheck generate and merge, end to end")
struct GenerateAndMergeCommandTests {
    static let example = "Examples/NCT07177794/site-records.ndjson"

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-merge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("generate writes the cohort asked for, the same for the same seed, and it audits without rejection")
    func generate() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cohort.ndjson").path
        let arguments = ["generate", "--protocol", "NCT07177794", "--patients", "250", "--seed", "9"]
        let toFile = try TrialCheckBinary.run(arguments + ["--output", file])
        #expect(toFile.status == 0, "\(toFile.standardError)")
        let toStandardOutput = try TrialCheckBinary.run(arguments)
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written == toStandardOutput.standardOutput)
        #expect(written.split(separator: "\n").count == 250)

        let audit = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", file])
        #expect(audit.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(audit.standardOutput.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["patients"] as? Int == 250)
        #expect(summary["rejected"] as? Int == 0)
    }

    @Test("generate accepts the protocol as a file and refuses another protocol's shape")
    func generateProtocol() throws {
        let byPath = try TrialCheckBinary.run(["generate", "-p", "Benchmarks/protocols/design-checks.yaml", "--patients", "2", "--format", "yaml"])
        #expect(byPath.status == 0, "\(byPath.standardError)")
        #expect(byPath.standardOutput.contains("format: patient-history/1"))
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = folder.appendingPathComponent("other.yaml")
        let text = try String(contentsOfFile: TrialCheckBinary.repositoryRoot.appendingPathComponent("Benchmarks/protocols/design-checks.yaml").path, encoding: .utf8)
        try text.replacingOccurrences(of: "id: NCT07177794", with: "id: NCT00000001").write(to: other, atomically: true, encoding: .utf8)
        let refused = try TrialCheckBinary.run(["generate", "-p", other.path, "--patients", "2"])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("NCT07177794 only"))
        let unknown = try TrialCheckBinary.run(["generate", "-p", "NCT00000001", "--patients", "2"])
        #expect(unknown.status == 2)
        let badRate = try TrialCheckBinary.run(["generate", "-p", "NCT07177794", "--patients", "2", "--deviation-rate", "1.5"])
        #expect(badRate.status == 2)
    }

    /// The example cohort split into three shards by lines.
    static func shards(in folder: URL) throws -> [String] {
        let lines = try String(contentsOfFile: TrialCheckBinary.repositoryRoot.appendingPathComponent(example).path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let size = (lines.count + 2) / 3
        return try (0 ..< 3).map { shard in
            let path = folder.appendingPathComponent("shard-\(shard).ndjson").path
            let part = lines.dropFirst(shard * size).prefix(size)
            try (part.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    @Test("Merging the shards' reports gives byte for byte the report of one audit of the shards")
    func mergeMatchesSingleRun() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shards = try Self.shards(in: folder)
        var reports: [String] = []
        for (index, shard) in shards.enumerated() {
            let report = folder.appendingPathComponent("report-\(index).json").path
            let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "--output", report, shard])
            #expect(run.status == 1 || run.status == 0, "\(run.standardError)")
            reports.append(report)
        }
        let single = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json"] + shards)
        let merged = try TrialCheckBinary.run(["merge"] + reports)
        #expect(merged.status == single.status)
        #expect(!merged.standardOutput.isEmpty)
        #expect(merged.standardOutput == single.standardOutput)
    }

    @Test("Merge refuses reports of different protocols, and overlapping shards")
    func mergeRefuses() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shards = try Self.shards(in: folder)
        let full = folder.appendingPathComponent("full.json").path
        let design = folder.appendingPathComponent("design.json").path
        _ = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "--output", full, shards[0]])
        _ = try TrialCheckBinary.run(["audit", "-p", "Benchmarks/protocols/design-checks.yaml", "--format", "json", "--output", design, shards[1]])
        let mixed = try TrialCheckBinary.run(["merge", full, design])
        #expect(mixed.status == 2)
        #expect(mixed.standardError.contains("sha256"))
        let overlapping = try TrialCheckBinary.run(["merge", full, full])
        #expect(overlapping.status == 2)
        #expect(overlapping.standardError.contains("partitioned by patient id"))
        let missing = try TrialCheckBinary.run(["merge", folder.appendingPathComponent("none.json").path])
        #expect(missing.status == 2)
    }
}
