import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The SDTM mapping reads a variable's trimmed text and position straight from the row's
/// cell (``SDTMDataset/Record/value(_:)``), with no field made: it gives what the field
/// route (``SDTMDataset/Record/field(_:)``, then its trimmed text) gives, for rows kept as
/// cells and rows of fields, odd cells and supplemental qualifiers included.
@Suite("SDTM: values read in place")
struct SDTMValueReadingTests {
    typealias Support = ReaderTestSupport

    /// Every CSV dataset of the SDTM fixtures and examples.
    static let datasets: [String] = SDTMMappingShortcutTests.inputs.flatMap { folder in
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.lowercased().hasSuffix(".csv") }.sorted()
            .map { URL(fileURLWithPath: folder).appendingPathComponent($0).path }
    }

    /// Rows with quoted, padded, multi-line, blank and short cells, bytes that are not UTF-8,
    /// a NUL, tabs and CRLF line ends.
    static let oddRows: [UInt8] = Array(
        ("USUBJID,AETERM,AESTDTC,AECAT,AETOXGR\r\n"
            + "T1-003,\"NAUSEA, \"\"MILD\"\"\",2026-01-09,\"IMMUNE\nRELATED\",2\r\n"
            + " T1-001 ,  COUGH\t, 2026-01-13 ,\t,\" 3 \"\r\n"
            + "T1-002,FIÈVRE,,  ,\r\n"
            + "T1-004,\"\",\"  \"\r\n"
            + "T1-005,X").utf8
    ) + [0x00, 0x2C, 0xFF, 0x41, 0x2C, 0x09] + Array(",1\r\nT1-006\r\n".utf8)

    /// Each row of the dataset at `path` (or of `bytes`), read as cells and as fields.
    static func eachRow(_ path: String, bytes: [UInt8]? = nil, _ body: (SDTMDatasetCursor) throws -> Void) throws {
        for keepsCells in [true, false] {
            try SDTMDatasetCursor.$keepsCells.withValue(keepsCells) {
                let source = try bytes.map { ByteSource(bytes: $0, path: path) } ?? ByteSource(path: path)
                let cursor = try SDTMDatasetCursor(
                    index: 0, domain: "XX", isSupplement: false, name: "x.csv", reader: CSVRowReader(source: source, file: path), path: path
                )
                while cursor.row != nil {
                    try body(cursor)
                    try cursor.advance()
                }
            }
        }
    }

    /// Requires the row's cell in each column (and past its end) to read as its field.
    static func expectCellsReadAsFields(_ row: SDTMRow, path: String) {
        for column in 0...row.count {
            let field = row.value(column)
            let read = row.trimmedValue(column)
            #expect(read?.text == field?.trimmed, "\(path) line \(row.line) column \(column)")
            #expect(read?.position == field?.position, "\(path) line \(row.line) column \(column)")
        }
    }

    @Test("Every cell of every SDTM dataset reads as its field's trimmed text and position", arguments: datasets)
    func cellsReadAsFields(path: String) throws {
        var rows = 0
        try Self.eachRow(path) { cursor in
            if let row = cursor.row { Self.expectCellsReadAsFields(row, path: path) }
            rows += 1
        }
        #expect(rows > 0)
    }

    @Test("Odd cells read as their fields: quoted, padded, multi-line, blank, short, not UTF-8")
    func oddCellsReadAsFields() throws {
        var rows = 0
        try Self.eachRow("odd.csv", bytes: Self.oddRows) { cursor in
            if let row = cursor.row { Self.expectCellsReadAsFields(row, path: "odd.csv") }
            rows += 1
        }
        #expect(rows == 12)
    }

    @Test("A record's value is its field's, from a column or else a supplemental qualifier")
    func recordValuesReadAsFields() throws {
        let qualifiers = [
            // Blank in its column: the qualifier's value is read.
            SDTMDataset.Qualifier(idVariable: "", idValue: "", name: "AECAT", value: CSVField(text: " IMMUNE ", position: TextPosition(line: 2, column: 4, file: "suppae.csv"))),
            SDTMDataset.Qualifier(idVariable: "", idValue: "", name: "AEIRAE", value: CSVField(text: "Y", position: TextPosition(line: 3, column: 4, file: "suppae.csv"))),
        ]
        var compared = 0
        try Self.eachRow("odd.csv", bytes: Self.oddRows) { cursor in
            guard let row = cursor.row, let subject = cursor.subject else { return }
            let record = SDTMDataset.Record(dataset: cursor.dataset.joined(qualifiers, of: subject), row: row)
            let names: [StaticString] = ["USUBJID", "AETERM", "AESTDTC", "AECAT", "AETOXGR", "AEIRAE", "aeterm", "AEDECOD"]
            for name in names {
                let field = record.field(name)
                let read = record.value(name)
                #expect(read?.text == field?.trimmed, "line \(row.line) \(name)")
                #expect(read?.position == field?.position, "line \(row.line) \(name)")
                compared += 1
            }
            #expect(record.value("AEIRAE")?.text == "Y")
        }
        #expect(compared > 0)
    }
}
