import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

@Suite("CSV reader")
struct CSVReaderTests {
    typealias Support = ReaderTestSupport

    @Test("Rows map to patients: patient rows, lists, quantities in one cell or with a unit column, quoted commas")
    func mapsRows() throws {
        let result = try Support.read(Support.fixture("csv/cohort.csv"))
        #expect(result.format == .csv)
        #expect(result.rejections.isEmpty)
        #expect(result.patients.map(\.id) == ["P-001", "P-002"])
        let first = try result.patient("P-001")
        #expect(first.birthDate?.description == "1961-04")
        #expect(first.sex == "male")
        #expect(first.site == "SITE1")
        #expect(first.enrollment.date.description == "2026-01-20")
        #expect(first.enrollment.arm == "A")
        #expect(first.location?.line == 2)
        let chemotherapy = try #require(first.events(ofType: .chemotherapy).first)
        #expect(chemotherapy.strings("agents") == ["paclitaxel", "cisplatin"])
        #expect(chemotherapy.phase == "induction")
        let radiotherapy = try #require(first.events(ofType: .radiotherapy).first)
        #expect(radiotherapy.quantity("dose") == Quantity(50.4, "Gy"))
        #expect(radiotherapy.integer("fractions") == 28)
        #expect(radiotherapy.end?.description == "2025-11-19")
        #expect(radiotherapy.location?.line == 5)
        let lab = try #require(first.events(ofType: .lab).first)
        #expect(lab.number("value") == 182)
        #expect(lab.number("uln") == 350)
        let adverse = try #require(first.events(ofType: .adverseEvent).first)
        #expect(adverse.string("term") == "radiation esophagitis, grade 2")
        #expect(adverse.flag("immune_related") == false)
        #expect(adverse.integer("grade") == 2)
        let diagnosis = try #require(first.events(ofType: .diagnosis).first)
        #expect(diagnosis.strings("metastases") == ["supraclavicular-lymph-node"])
        #expect(diagnosis.string("stage") == "IVB")

        let second = try result.patient("P-002")
        #expect(second.age == 77)
        #expect(second.birthDate == nil)
        #expect(second.events(ofType: .radiotherapy).first?.quantity("dose") == Quantity(5040, "cGy"))
        #expect(second.events(ofType: .surgery).first?.string("procedure") == "esophagectomy, salvage")
    }

    @Test("A file without a required column is malformed, located at the header")
    func missingColumn() throws {
        let error = try #require(Support.inputError(Support.fixture("csv/missing-type-column.csv")))
        guard case .malformed(let location, let reason) = error else {
            Issue.record("expected malformed, got \(error)")
            return
        }
        #expect(location.line == 1)
        #expect(location.column == 1)
        #expect(reason.contains("'type'"))
    }

    @Test("An unterminated quoted field is malformed, located where the field starts")
    func unterminatedQuote() throws {
        let error = try #require(Support.inputError(Support.fixture("csv/unterminated-quote.csv")))
        #expect(error.location.line == 3)
        #expect(error.location.column == 18)
        #expect(error.reason.contains("no closing quote"))
    }

    @Test("A patient whose rows are not contiguous is rejected once, naming both blocks, and not read; the others are read")
    func nonContiguous() throws {
        let result = try Support.read(Support.fixture("csv/noncontiguous.csv"))
        #expect(result.patients.map(\.id) == ["P-002", "P-003"])
        let rejection = try #require(result.rejections.first)
        #expect(result.rejections.count == 1)
        #expect(rejection.patient == "P-001")
        #expect(rejection.location.line == 4)
        #expect(rejection.reason.hasPrefix("rows of patient 'P-001' are not contiguous: lines 2 and 4"), "\(rejection.reason)")
    }

    @Test("Bad rows reject their patient with a located reason, and the rest is read")
    func badRows() throws {
        let result = try Support.read(Support.fixture("csv/bad-rows.csv"))
        #expect(result.patients.map(\.id) == ["P-004"])
        let reasons = Dictionary(result.rejections.map { ($0.patient ?? "-", $0) }, uniquingKeysWith: { first, _ in first })
        let badDate = try #require(reasons["P-001"])
        #expect(badDate.location.line == 3)
        #expect(badDate.location.column == 32)
        #expect(badDate.reason.contains("radiotherapy end"))
        let extraField = try #require(reasons["P-002"])
        #expect(extraField.location.line == 5)
        #expect(extraField.reason.contains("fields"))
        #expect(try #require(reasons["-"]).reason.contains("no patient_id"))
        #expect(try #require(reasons["P-003"]).reason.contains("no row of type 'patient'"))
        #expect(try #require(reasons["P-005"]).reason.contains("second row of type 'patient'"))
        #expect(result.rejections.count == 5)
    }

    @Test("Standard input is read as CSV when its first line names patient_id and type")
    func sniffed() throws {
        let path = try Support.temporaryFile("export", "patient_id,type,enrollment_date\nX-1,patient,2026-01-20\n")
        let result = try Support.read(path)
        #expect(result.format == .csv)
        #expect(result.patients.map(\.id) == ["X-1"])
    }

    @Test("CRLF line ends, a byte-order mark and a quoted field spanning lines")
    func crlfAndBOM() throws {
        let text = "\u{FEFF}patient_id,type,enrollment_date,term\r\nX-1,patient,2026-01-20,\r\nX-1,condition,,\"two\r\nlines\"\r\n"
        let result = try Support.read(try Support.temporaryFile("crlf.csv", text))
        let patient = try result.patient("X-1")
        #expect(patient.events.first?.string("term") == "two\r\nlines")
    }
}
