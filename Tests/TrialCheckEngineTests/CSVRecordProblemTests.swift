import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// A bad cell or a bad row in a CSV file rejects the patient it belongs to, with its line
/// and column; every other patient is still read.
@Suite("CSV: problems that reject one patient")
struct CSVRecordProblemTests {
    static let header = "patient_id,type,date,birth_date,sex,enrollment_date,arm,term\n"

    /// The file: P1's rows, `middle` (P2's rows, as bytes), then P3's rows.
    private static func read(middle: [UInt8]) throws -> ReadResult {
        let before = Array((header + "P1,patient,,1960-01-01,male,2026-01-20,A,\nP1,consent,2026-01-10,,,,,\n").utf8)
        let after = Array("P3,patient,,1961-02-02,female,2026-01-21,B,\n".utf8)
        return try ReaderTestSupport.read(try TestSupport.writeTemporary(before + middle + after, name: "site.csv"))
    }

    @Test("A byte that is not UTF-8 in a cell rejects that patient alone, at the cell")
    func invalidUTF8() throws {
        let middle = Array("P2,patient,,1962-03-03,male,2026-01-22,A,\nP2,condition,,,,,,caf".utf8) + [0xE9] + Array(" au lait\n".utf8)
        let result = try Self.read(middle: middle)
        #expect(result.patients.map(\.id) == ["P1", "P3"])
        let rejection = try #require(result.rejections.first)
        #expect(result.rejections.count == 1)
        #expect(rejection.patient == "P2")
        #expect(rejection.location.line == 5)
        #expect(rejection.location.column == 19)
        #expect(rejection.reason.contains("not UTF-8"))
        #expect(rejection.reason.contains("0xE9"))
    }

    @Test("A NUL byte in a cell rejects that patient alone, at the cell")
    func nulByte() throws {
        let middle = Array("P2,patient,,1962-03-03,male,2026-01-22,A".utf8) + [0x00] + Array(",\n".utf8)
        let result = try Self.read(middle: middle)
        #expect(result.patients.map(\.id) == ["P1", "P3"])
        let rejection = try #require(result.rejections.first)
        #expect(rejection.patient == "P2")
        #expect(rejection.location.line == 4 && rejection.location.column == 40, "\(rejection.location)")
        #expect(rejection.reason.contains("NUL byte"))
    }

    @Test("A row with fewer fields than the header rejects its patient, naming both counts")
    func shortRow() throws {
        let result = try Self.read(middle: Array("P2,patient,,1962-03-03,male,2026-01-22,A,\nP2,consent,2026-01-11\n".utf8))
        #expect(result.patients.map(\.id) == ["P1", "P3"])
        let rejection = try #require(result.rejections.first)
        #expect(rejection.patient == "P2")
        #expect(rejection.location.line == 5)
        #expect(rejection.reason.hasPrefix("the row has 3 field(s) but the header has 8 columns"), "\(rejection.reason)")
    }

    @Test("A header cell that is not UTF-8 makes the file malformed (no column can be trusted)")
    func invalidHeader() throws {
        let bytes = Array("patient_id,type,d".utf8) + [0xFF] + Array("te\nP1,patient\n".utf8)
        let error = ReaderTestSupport.inputError(try TestSupport.writeTemporary(bytes, name: "bad-header.csv"))
        guard case .malformed(let location, let reason) = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
        #expect(location.line == 1 && location.column == 17)
        #expect(reason.contains("not UTF-8"))
    }
}
