import Foundation
import Testing
@testable import TrialCheckEngine

@Suite("Input format detection")
struct InputFormatTests {
    typealias Support = ReaderTestSupport

    @Test("Extensions, content and folders", arguments: [
        ("csv/cohort.csv", InputFormat.csv),
        ("fhir/two-patients-bundle.json", .fhir),
        ("fhir/bulk/Patient.ndjson", .fhir),
        ("fhir/bulk", .fhir),
        ("sdtm/edge", .sdtm),
        ("golden-cohort.ndjson", .ndjson),
        ("golden-protocol.yaml", .yaml),
    ])
    func detected(path: String, format: InputFormat) throws {
        #expect(try HistoryReader(path: Support.fixture(path)).format == format)
    }

    @Test("Sniffing content without an extension")
    func sniffing() {
        #expect(InputFormat.sniff(Array(#"{"resourceType":"Patient","id":"p"}"#.utf8)) == .fhir)
        #expect(InputFormat.sniff(Array("{\n  \"resourceType\": \"Bundle\"".utf8)) == .fhir)
        #expect(InputFormat.sniff(Array(#"{"id":"P1","enrollment":{"date":"2026-01-20"}}"#.utf8)) == .ndjson)
        #expect(InputFormat.sniff(Array("\"patient_id\",\"type\",\"date\"\nP1,patient,\n".utf8)) == .csv)
        #expect(InputFormat.sniff(Array("patients:\n  - id: P1\n".utf8)) == .yaml)
    }

    @Test("A folder of neither kind, or a folder read as a file format, is unreadable")
    func badFolders() throws {
        let error = try #require(Support.inputError(Support.fixture("golden")))
        #expect(error.reason.contains("neither SDTM datasets"))
        let forced = try #require(Support.inputError(Support.fixture("sdtm/edge"), format: .csv))
        #expect(forced.reason.contains("a folder is read as 'fhir'"))
        let file = try #require(Support.inputError(Support.fixture("csv/cohort.csv"), format: .sdtm))
        #expect(file.reason.contains("give the folder"))
    }
}
