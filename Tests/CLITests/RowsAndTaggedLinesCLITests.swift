import Foundation
import Testing

/// `audit --tagged-lines --format rows` and `merge` of rows, end to end: what the Spark
/// integration runs on each partition and on the driver.
@Suite("Rows output and tagged-line streams, end to end")
struct RowsAndTaggedLinesCLITests {
    static let csv = "Examples/formats/csv/site-records.csv"

    /// The CSV example's lines (header included) whose patient id satisfies `keep`, tagged.
    static func stream(keeping keep: (String) -> Bool) throws -> String {
        let text = try String(contentsOf: TrialCheckBinary.repositoryRoot.appendingPathComponent(csv), encoding: .utf8)
        var lines: [String] = []
        for (index, line) in text.split(separator: "\n").enumerated() where index == 0 || keep(String(line.prefix { $0 != "," })) {
            let object: [String: Any] = ["input": csv, "file": csv, "line": index + 1, "text": String(line)]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func rows(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static let audit = ["audit", "-p", "NCT07177794", "--tagged-lines", "--input-format", "csv", "--format", "rows", "-"]

    @Test("A tagged-line stream audits to rows located in the original file, ending with the summary")
    func taggedRows() throws {
        let run = try TrialCheckBinary.run(Self.audit, input: try Self.stream { _ in true })
        #expect(run.status == 1, "\(run.standardError)")
        let rows = Self.rows(run.standardOutput)
        #expect(rows.last?["type"] as? String == "summary")
        let findings = rows.filter { $0["type"] as? String == "finding" }
        #expect(!findings.isEmpty)
        for finding in findings {
            let location = try #require(finding["location"] as? [String: Any])
            #expect(location["file"] as? String == Self.csv)
            #expect((location["line"] as? Int ?? 0) > 1)
        }
        let direct = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "rows", Self.csv])
        #expect(direct.standardOutput.split(separator: "\n").dropLast() == run.standardOutput.split(separator: "\n").dropLast())
    }

    @Test("A stream that is not tagged lines is an error with no rows")
    func badStream() throws {
        let run = try TrialCheckBinary.run(Self.audit, input: "{\"file\": \"a.csv\", \"text\": \"x\"}\n")
        #expect(run.status == 2)
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.contains("<stdin>:1: error: no 'line' number"))
    }

    @Test("merge renders the rows of shards as one audit's report, and refuses rows without their summary")
    func mergeRows() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-rows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (name, keep) in [("a", { (id: String) in id < "BJ-0010" }), ("b", { (id: String) in id >= "BJ-0010" })] {
            let run = try TrialCheckBinary.run(Self.audit, input: try Self.stream(keeping: keep))
            let path = folder.appendingPathComponent("\(name).ndjson").path
            try run.standardOutput.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let merged = try TrialCheckBinary.run(["merge", "--format", "json"] + paths)
        let one = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", Self.csv])
        #expect(merged.status == one.status, "\(merged.standardError)")
        let mergedReport = try #require(try JSONSerialization.jsonObject(with: Data(merged.standardOutput.utf8)) as? [String: Any])
        let oneReport = try #require(try JSONSerialization.jsonObject(with: Data(one.standardOutput.utf8)) as? [String: Any])
        for key in ["summary", "checks", "findings", "rejected"] {
            let mergedValue = try JSONSerialization.data(withJSONObject: try #require(mergedReport[key]), options: [.sortedKeys])
            let oneValue = try JSONSerialization.data(withJSONObject: try #require(oneReport[key]), options: [.sortedKeys])
            #expect(mergedValue == oneValue, "\(key)")
        }
        // The CSV file audited in two parts is one input of the merged report.
        let inputs = try #require(mergedReport["inputs"] as? [[String: Any]])
        let oneInputs = try #require(oneReport["inputs"] as? [[String: Any]])
        #expect(inputs.count == 1)
        #expect(inputs.first?["path"] as? String == Self.csv)
        #expect(inputs.first?["patients"] as? Int == oneInputs.first?["patients"] as? Int)
        let sarif = try TrialCheckBinary.run(["merge", "--format", "sarif"] + paths)
        #expect(sarif.standardOutput.contains("\"version\""))

        let truncated = folder.appendingPathComponent("truncated.ndjson").path
        let lines = try String(contentsOfFile: paths[0], encoding: .utf8).split(separator: "\n").dropLast()
        try (lines.joined(separator: "\n") + "\n").write(toFile: truncated, atomically: true, encoding: .utf8)
        let refused = try TrialCheckBinary.run(["merge", truncated, paths[1]])
        #expect(refused.status == 2)
        #expect(refused.standardOutput.isEmpty)
        #expect(refused.standardError.contains("do not end with a summary line"))
    }
}
