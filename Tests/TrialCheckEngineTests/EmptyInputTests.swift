import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// An input with no patient record is an error in every format, never "0 patients audited".
@Suite("Empty inputs")
struct EmptyInputTests {
    static let emptyFiles: [(name: String, text: String, found: String?)] = [
        ("empty.yaml", "", nil),
        ("comments.yaml", "# exported 2026-01-20\n# no patients yet\n", nil),
        ("header.yaml", "format: patient-history/1\nprotocol: NCT07177794\npatients: []\n", "only a header: 'patients' is an empty list"),
        ("empty.json", "", nil),
        ("list.json", "[]\n", "an empty list"),
        ("empty.ndjson", "", nil),
        ("blank.ndjson", "\n  \n\r\n", nil),
        ("empty.txt", "", nil),
        ("empty.csv", "", nil),
        ("header.csv", "patient_id,type,date,enrollment_date\n", "only a header row"),
        ("header-bom.csv", "\u{FEFF}patient_id,type\r\n\r\n", "only a header row"),
    ]

    @Test("An empty file, or one with only a header or comments, is InputError.empty naming the file", arguments: emptyFiles)
    func emptyFile(name: String, text: String, found: String?) throws {
        let path = try TestSupport.writeTemporary(text, name: name)
        #expect(ReaderTestSupport.inputError(path) == .empty(path: path, found: found))
    }

    @Test("Its message is one line naming the file")
    func message() {
        let error = InputError.empty(path: "site.csv", found: "only a header row")
        #expect(error.description == "site.csv: error: the file is empty: no patient records (only a header row)")
        #expect(InputError.empty(path: HistoryReader.standardInputName, found: nil).description
            == "<stdin>: error: standard input is empty: no patient records")
    }

    @Test("An audit with an empty input has an input error: no report of 0 patients")
    func audit() throws {
        let definition = try TestSupport.shippedProtocol()
        let empty = try TestSupport.writeTemporary("patient_id,type\n", name: "site.csv")
        let good = try TestSupport.writeTemporary(#"{"id": "P1", "enrollment": {"date": "2026-01-20"}}"# + "\n", name: "good.ndjson")
        let second = try TestSupport.writeTemporary("", name: "late.yaml")
        let report = Auditor(definition: definition).audit(inputs: [good, empty, second])
        #expect(report.inputErrors == [.empty(path: empty, found: "only a header row"), .empty(path: second, found: nil)])
        #expect(report.exitStatus(failingOn: .never) == .error)
    }
}
