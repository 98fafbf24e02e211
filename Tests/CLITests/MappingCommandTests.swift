import Foundation
import Testing

/// `trialcheck audit --mapping` and `trialcheck map init` end to end: the README's REDCap
/// route, mapping errors that stop the audit (exit 2) with located messages, Excel refused.
@Suite("Mapping files on the command line")
struct MappingCommandTests {
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("The REDCap route: draft a mapping, audit with the finished one; the export's verdicts are the native file's")
    func redcapRoute() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let draftPath = folder.appendingPathComponent("mapping.yaml").path
        let draft = try TrialCheckBinary.run(["map", "init", "Examples/redcap/export.csv", "--dictionary", "Examples/redcap/data-dictionary.csv", "-o", draftPath])
        #expect(draft.status == 0, "\(draft.standardError)")
        let text = try String(contentsOfFile: draftPath, encoding: .utf8)
        #expect(text.contains("enrollment_date: {column: enrol_date, date: DD-MM-YYYY}"))
        #expect(text.contains("instrument: systemic_therapy"))
        #expect(text.contains("{checkbox: st_agents, codes: {\"1\": \"paclitaxel\""))
        #expect(text.contains("ecog_date: {column: ecog_date, date: MM/DD/YYYY}"))
        // The draft is a valid mapping as it stands: its unknown event types are reported, not refused.
        let drafted = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "--mapping", draftPath, "Examples/redcap/export.csv"])
        #expect(drafted.status == 1, "\(drafted.standardError)")
        #expect(drafted.standardError.contains("event type 'systemic_therapy'"))

        let native = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "Examples/NCT07177794/site-records.ndjson"])
        let mapped = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "--mapping", "Examples/redcap/mapping.yaml", "Examples/redcap/export.csv"])
        #expect(mapped.status == native.status)
        #expect(try OtherInputFormatsTests.findings(mapped.standardOutput) == OtherInputFormatsTests.findings(native.standardOutput))
        #expect(mapped.standardOutput.contains("\"format\" : \"edc\""))
        #expect(mapped.standardError.contains("note: column 'enrollment_complete' (Examples/redcap/export.csv:1:125) is not mapped"))
    }

    @Test("A draft is never written over an existing file")
    func draftRefusesOverwrite() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mapping.yaml").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path))
        let run = try TrialCheckBinary.run(["map", "init", "Examples/redcap/export.csv", "--dictionary", "Examples/redcap/data-dictionary.csv", "-o", path])
        #expect(run.status == 2)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep")
    }

    @Test("A mapping that names a column the export lacks stops the audit before any report, located")
    func unknownColumn() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try String(contentsOfFile: "Examples/wide/mapping.yaml", encoding: .utf8)
        let path = folder.appendingPathComponent("mapping.yaml").path
        try Data(original.replacingOccurrences(of: "site: centre", with: "site: center").utf8).write(to: URL(fileURLWithPath: path))
        let line = try #require(original.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("site: centre") }) + 1
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--mapping", path, "Examples/wide/site-records-wide.csv"])
        #expect(run.status == 2)
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.contains("\(path):\(line):11: error: the column 'center' is not a column of the export"))
        #expect(run.standardError.contains("did you mean 'centre'?"))
    }

    @Test("An Excel workbook is an input error asking for CSV; --dictionary needs --mapping")
    func workbookAndUsage() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("export.xlsx").path
        try Data("PK".utf8).write(to: URL(fileURLWithPath: path))
        let workbook = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--mapping", "Examples/wide/mapping.yaml", path])
        #expect(workbook.status == 2)
        #expect(workbook.standardError.contains("it is an Excel workbook"))
        #expect(workbook.standardError.contains("export the sheet as CSV"))
        let usage = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--dictionary", "Examples/redcap/data-dictionary.csv", "Examples/redcap/export.csv"])
        #expect(usage.status == 2)
        #expect(usage.standardError.contains("--dictionary is read with --mapping"))
    }
}
