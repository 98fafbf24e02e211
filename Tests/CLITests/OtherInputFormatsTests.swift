import Foundation
import Testing

/// `trialcheck audit` over the example cohort converted to CSV, FHIR and SDTM, detected
/// or named with `--input-format`.
@Suite("Other input formats on the command line")
struct OtherInputFormatsTests {
    static let inputs = [
        ("Examples/formats/csv/site-records.csv", "csv"),
        ("Examples/formats/fhir", "fhir"),
        ("Examples/formats/sdtm", "sdtm"),
    ]

    /// The sorted "patient check status" lines of a JSON report.
    static func findings(_ json: String) throws -> [String] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        return findings.map { "\($0["patient"] ?? "") \($0["check"] ?? "") \($0["status"] ?? "")" }.sorted()
    }

    @Test("Detected and named formats give the same report", arguments: inputs)
    func detectedAndNamed(path: String, format: String) throws {
        let detected = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", path])
        let named = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "--input-format", format, path])
        #expect(detected.status == 1)
        #expect(named.status == 1)
        #expect(detected.standardOutput.contains("\"format\" : \"\(format)\""))
        #expect(try Self.findings(detected.standardOutput) == Self.findings(named.standardOutput))
        #expect(!(try Self.findings(detected.standardOutput)).isEmpty)
    }

    @Test("A ';'-separated CSV with decimal commas, detected or named with --csv-separator, gives the example's findings")
    func csvSeparator() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let example = try String(contentsOfFile: "Examples/formats/csv/site-records.csv", encoding: .utf8)
        let european = example.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map { cell -> String in
                if cell.contains(";") { return "\"\(cell)\"" }
                if let first = cell.first, first.isNumber, !cell.contains("-") { return cell.replacingOccurrences(of: ".", with: ",") }
                return String(cell)
            }.joined(separator: ";")
        }.joined(separator: "\n")
        let path = scratch.appendingPathComponent("site-records-eu.csv").path
        try Data(european.utf8).write(to: URL(fileURLWithPath: path))
        let expected = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "Examples/formats/csv/site-records.csv"])
        let detected = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", path])
        let named = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "--csv-separator", ";", path])
        #expect(detected.status == expected.status)
        #expect(try Self.findings(detected.standardOutput) == Self.findings(expected.standardOutput))
        #expect(try Self.findings(named.standardOutput) == Self.findings(expected.standardOutput))
        let comma = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--csv-separator", "comma", path])
        #expect(comma.status == 2)
        #expect(comma.standardError.contains("the header has no column 'patient_id'"))
    }

    @Test("What a mapping does not use is noted on standard error")
    func notes() throws {
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "Examples/formats/fhir"])
        #expect(run.standardError.contains("Examples/formats/fhir: note: "))
        #expect(run.standardError.contains("BodyStructure resource(s) not mapped"))
    }

    @Test("A malformed input is a located error; the other inputs are still audited")
    func malformedAndOthers() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let broken = scratch.appendingPathComponent("broken.csv")
        try Data("patient_id,date\nP-1,2026-01-01\n".utf8).write(to: broken)
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", broken.path, "Examples/formats/sdtm"])
        #expect(run.status == 2)
        #expect(run.standardError.contains("broken.csv:1:1: error: a patient-history CSV file: the header has no column 'type'"))
        #expect(run.standardOutput.contains("20 patients audited"))
    }
}
