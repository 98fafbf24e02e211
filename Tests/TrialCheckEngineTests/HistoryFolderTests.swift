import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// A folder of patient-history files is told from a FHIR Bulk Data export by its content,
/// and read file by file, each its own located input.
@Suite("Folders of patient-history files")
struct HistoryFolderTests {
    static func record(_ id: String) -> String {
        #"{"id": "\#(id)", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": []}"#
    }

    /// A folder holding `files` (name, text).
    static func folder(_ files: [(String, String)]) throws -> URL {
        let folder = try TestSupport.temporaryFolder()
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    @Test("NDJSON patient histories in a folder are read as patient history, file by file in name order")
    func ndjsonFolder() throws {
        let folder = try Self.folder([
            ("site-b.ndjson", Self.record("B1") + "\n" + Self.record("B2") + "\n"),
            ("site-a.ndjson", Self.record("A1") + "\n{bad json\n"),
            ("site-c.yaml", "site: SC\npatients:\n  - {id: C1, enrollment: {date: 2026-01-21}}\n"),
            ("site-d.json", "[" + Self.record("D1") + "]"),
            ("README.txt", "exported by the EDC"),
        ])
        let result = try ReaderTestSupport.read(folder.path)
        #expect(result.format == .ndjson)
        #expect(result.patients.map(\.id) == ["A1", "B1", "B2", "C1", "D1"])
        #expect(result.patients.map { $0.location?.file.split(separator: "/").last.map(String.init) } == [
            "site-a.ndjson", "site-b.ndjson", "site-b.ndjson", "site-c.yaml", "site-d.json",
        ])
        #expect(result.patients.map { $0.location?.line } == [1, 1, 2, 3, 1])
        #expect(result.patients.first { $0.id == "C1" }?.site == "SC")
        let rejection = try #require(result.rejections.first)
        #expect(result.rejections.count == 1)
        #expect(rejection.location.file == folder.appendingPathComponent("site-a.ndjson").path)
        #expect(rejection.location.line == 2)
        #expect(result.notes == ["1 file(s) in the folder not read (not patient-history files): README.txt"])
    }

    @Test("In an audit, every record of every file is audited or rejected with its own file")
    func audit() throws {
        let folder = try Self.folder([
            ("1.ndjson", Self.record("P1") + "\n" + Self.record("P2") + "\n"),
            ("2.ndjson", Self.record("P3") + "\n" + Self.record("P1") + "\n"),
        ])
        let report = Auditor(definition: try TestSupport.shippedProtocol()).audit(inputs: [folder.path], jobs: 2)
        #expect(report.inputErrors.isEmpty)
        #expect(report.summary.patients == 3)
        #expect(report.summary.rejected == 1)
        #expect(report.rejected.first?.location == SourceLocation(file: folder.appendingPathComponent("2.ndjson").path, line: 2))
        #expect(report.inputs.first?.format == "ndjson")
    }

    @Test("A folder of FHIR resources is still FHIR")
    func fhirFolder() throws {
        let folder = try Self.folder([("Patient.ndjson", #"{"resourceType": "Patient", "id": "p1"}"# + "\n")])
        #expect(try HistoryReader(path: folder.path).format == .fhir)
    }

    @Test("An empty file in the folder is an empty input naming that file")
    func emptyFile() throws {
        let folder = try Self.folder([("a.ndjson", Self.record("P1") + "\n"), ("b.ndjson", "")])
        #expect(ReaderTestSupport.inputError(folder.path) == .empty(path: folder.appendingPathComponent("b.ndjson").path, found: nil))
    }
}
