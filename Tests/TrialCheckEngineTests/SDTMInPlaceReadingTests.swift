import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// What the SDTM reading tells from a row's cells where they lie (a cell's bytes read, the
/// cells checked for a defect, a performance scale told, a route) is what it
/// tells from the row's fields: cell by cell, and for whole folders read streamed from cells,
/// streamed from fields and grouped in memory.
@Suite("SDTM: cells read where they lie")
struct SDTMInPlaceReadingTests {
    typealias Support = ReaderTestSupport

    @Test("A cell's bytes read in place are its trimmed text's", arguments: SDTMValueReadingTests.datasets + ["odd.csv"])
    func cellBytesReadInPlace(path: String) throws {
        var read = 0
        try SDTMValueReadingTests.eachRow(path, bytes: path == "odd.csv" ? SDTMValueReadingTests.oddRows : nil) { cursor in
            guard let row = cursor.row else { return }
            for column in 0...row.count {
                guard let bytes = row.withTrimmedPlainBytes(column, { Array($0) }) else { continue }
                #expect(bytes == Array((row.trimmed(column) ?? "").utf8), "\(path) line \(row.line) column \(column)")
                read += 1
            }
        }
        #expect(read > 0)
    }

    @Test("A word found in ASCII bytes upper-cased is found in the text upper-cased")
    func wordsInPlainBytes() {
        let texts = ["", "G", "gy", "GY", "Gy ", "cGy", "CGY", "cgyy", "ecog", "xECOGx", "Ecog101", "ECO", "KPS", "kps101", "xKPS",
                     "Karnofsky Scale", "karnofsk", "radiotherapy", "RADIATION THERAPY", "Surgical", "sur g", "RADIO", "radi0"]
        let words: [StaticString] = ["ECOG", "KARNOFSKY", "KPS", "RADIO", "RADIATION", "SURG", "GY", "CGY"]
        for text in texts {
            let upper = text.uppercased()
            Array(text.utf8).withUnsafeBufferPointer { bytes in
                for word in words {
                    let expected = word.description
                    #expect(SDTMPlainText.upperCased(bytes, contains: word) == SDTMMapper.contains(upper, expected), "\(text) \(expected)")
                    #expect(SDTMPlainText.upperCased(bytes, hasPrefix: word) == upper.hasPrefix(expected), "\(text) \(expected)")
                    #expect(SDTMPlainText.upperCased(bytes, is: word) == (upper == expected), "\(text) \(expected)")
                }
            }
        }
    }

    @Test("A row's first defect found in its cells is its fields' first defect", arguments: SDTMValueReadingTests.datasets + ["odd.csv"])
    func firstDefectOfCells(path: String) throws {
        try SDTMValueReadingTests.eachRow(path, bytes: path == "odd.csv" ? SDTMValueReadingTests.oddRows : nil) { cursor in
            guard let row = cursor.row else { return }
            let fields = SDTMRow(CSVRow(line: row.line, fields: (0..<row.count).map { row.field($0) }))
            #expect(row.firstDefect == fields.firstDefect, "\(path) line \(row.line)")
        }
    }

    /// A record's text read in place, where it is, is its ``SDTMDataset/Record/text(_:)``.
    @Test("A record's text read in place is its text, and it has a value where it has text, with and without supplemental qualifiers")
    func recordTextInPlace() throws {
        let qualifiers = [
            SDTMDataset.Qualifier(idVariable: "", idValue: "", name: "AECAT", value: CSVField(text: " IMMUNE ", position: TextPosition(line: 2, column: 4, file: "suppae.csv"))),
        ]
        var read = 0
        try SDTMValueReadingTests.eachRow("odd.csv", bytes: SDTMValueReadingTests.oddRows) { cursor in
            guard let row = cursor.row, let subject = cursor.subject else { return }
            for dataset in [cursor.dataset, cursor.dataset.joined(qualifiers, of: subject)] {
                let record = SDTMDataset.Record(dataset: dataset, row: row)
                let names: [StaticString] = ["USUBJID", "AETERM", "AESTDTC", "AECAT", "AETOXGR", "aeterm", "AEDECOD"]
                for name in names {
                    #expect(record.hasValue(name) == (record.value(name) != nil), "line \(row.line) \(name)")
                    guard let bytes = record.withPlainText(name, { Array($0) }) else { continue }
                    #expect(bytes == Array((record.text(name) ?? "").utf8), "line \(row.line) \(name)")
                    read += 1
                }
            }
        }
        #expect(read > 0)
    }

    @Test("A row's supplemental qualifiers are the entries that belong to it, in order, together or apart")
    func qualifiersOfRows() throws {
        let at = TextPosition(line: 1, column: 1, file: "suppae.csv")
        let entries = [("", ""), ("AESEQ", "2"), ("AESEQ", "1"), ("AESEQ", "1.0"), ("", ""), ("AESEQ", "3"), ("AESEQ", "01"), ("AESPID", "1")]
            .enumerated().map { SDTMDataset.Qualifier(idVariable: $1.0, idValue: $1.1, name: "Q\($0)", value: CSVField(text: "v\($0)", position: at)) }
        let bytes = Array("USUBJID,AESEQ,AESPID\nT1-001,1,2\nT1-001,2,1\nT1-001,3,\nT1-001,,\nT1-002,1,1\n".utf8)
        var compared = 0
        try SDTMValueReadingTests.eachRow("ae.csv", bytes: bytes) { cursor in
            guard let row = cursor.row else { return }
            for count in [1, 2, 3, 5, entries.count] {
                let dataset = cursor.dataset.joined(Array(entries.prefix(count)), of: "T1-001")
                let expected = cursor.subject != "T1-001" ? [] : entries.prefix(count).filter { entry in
                    entry.idVariable.isEmpty || dataset.column(of: entry.idVariable).flatMap { row.trimmed($0) }.map { SDTMDataset.sameValue($0, entry.idValue) } == true
                }
                #expect(dataset.qualifiers(of: row).map(\.name) == expected.map(\.name), "line \(row.line), \(count) entries")
                compared += 1
            }
        }
        #expect(compared == 50)
    }

    /// A folder whose performance statuses, routes, supplemental qualifiers and subjects are
    /// written every way the in-place readings meet: case, padding, quotes, text that is not
    /// ASCII (canonically equivalent spellings among it), blanks and bytes that are not UTF-8.
    static let oddFolder: [String: [UInt8]] = [
        "dm.csv": Array("""
            STUDYID,DOMAIN,USUBJID,RFSTDTC,SITEID,SEX,ARMCD
            T1,DM,T1-001,2026-01-05,S1,M,A
            T1,DM,K\u{E9}-002,2026-01-06,S1,F,B
            T1,DM, T1-003 ,2026-01-07,S2,M,A
            T1,DM,T1-004,2026-01-07,S2,M,A
            T1,DM,T1-005,2026-01-07,S2,M,A

            """.utf8),
        "rs.csv": Array("""
            STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSTEST,RSCAT,RSORRES,RSSTRESC,RSDTC
            T1,RS,T1-001,1,OVRLRESP,Overall Response,RECIST 1.1,PD,PD,2026-02-01
            T1,RS,T1-001,2,ecog101,perf,,1,1,2026-02-02
            T1,RS,T1-001,3,X,Karnofsky Scale,,80,80,2026-02-03
            T1,RS,T1-001,4,kps101,,,90,,2026-02-04
            T1,RS,T1-001,5,xKPS,,,90,,2026-02-05
            T1,RS,K\u{E9}-002,1,X,\u{C9}COG perf,,2,2,2026-02-06
            T1,RS,K\u{E9}-002,2,X,"  Karnofsky ",,70,70,2026-02-07
            T1,RS,T1-003,1," ECOG101 ",x,,0,0,2026-02-08
            T1,RS,T1-004,1,X,Y,ecogx,3,3,2026-02-09
            T1,RS,T1-004,2,X,Y,KP,3,3,2026-02-10

            """.utf8),
        "qs.csv": Array("""
            STUDYID,DOMAIN,USUBJID,QSSEQ,QSTESTCD,QSTEST,QSCAT,QSORRES,QSSTRESN,QSDTC
            T1,QS,T1-001,1,KPS101,Karnofsky,KARNOFSKY,80,80,2026-02-01
            T1,QS,T1-003,1,X,Y,questionnaire,1,1,2026-02-01
            T1,QS,T1-004,1,X,"ECOG, perf",,1,1,2026-02-01

            """.utf8),
        "ex.csv": Array("""
            STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXDOSU,EXROUTE,EXSTDTC
            T1,EX,T1-001,1,DRUG A,10,mg,ORAL,2026-01-06
            T1,EX,T1-001,2,DRUG A,10,mg,oral,2026-01-07
            T1,EX,T1-001,3,DRUG A,10,mg,Intravenous,2026-01-08
            T1,EX,T1-001,4,DRUG A,10,mg,\u{E9}v route,2026-01-09
            T1,EX,T1-001,5,DRUG A,10,mg,e\u{301}v route,2026-01-10
            T1,EX,T1-001,6,DRUG A,10,mg,\u{212A} route,2026-01-11
            T1,EX,T1-001,7,DRUG A,10,mg,K route,2026-01-12
            T1,EX,K\u{E9}-002,1,DRUG B,20,mg, ORAL ,2026-01-09
            T1,EX,"T1-003",1,DRUG B,20,mg,IV,2026-01-09
            T1,EX,T1-004,1,DRUG B,20,mg,IV,2026-01-09

            """.utf8) + Array("T1,EX,T1-005,1,FI\u{C8}VRE,20,mg,IV".utf8) + [0xFF] + Array(",2026-01-09\n".utf8),
        "pr.csv": Array("""
            STUDYID,DOMAIN,USUBJID,PRSEQ,PRTRT,PRCAT,PRSCAT,PRDOSE,PRDOSU,PRSTDTC
            T1,PR,T1-001,1,RADIOTHERAPY,radiotherapy,,50,Gy,2026-01-10
            T1,PR,T1-001,2,X,,,50,cgy,2026-01-11
            T1,PR,T1-001,3,X,Surgery,,,,2026-01-12
            T1,PR,T1-001,4,X,,,5, GY ,2026-01-13
            T1,PR,T1-001,5,X,,"surg",,,2026-01-14
            T1,PR,T1-001,6,RADIOTH\u{C9}RAPIE,,,,,2026-01-15
            T1,PR,T1-001,7,X,,,,,2026-01-16
            T1,PR,T1-001,8,X,"RADIATION",,,gyy,2026-01-17
            T1,PR,T1-003,1,X,,,,,2026-01-18
            T1,PR,T1-004,1,X,,,,,2026-01-19

            """.utf8),
        "supppr.csv": Array("""
            STUDYID,RDOMAIN,USUBJID,IDVAR,IDVARVAL,QNAM,QLABEL,QVAL
            T1,PR,T1-001,PRSEQ,7,PRCAT,Category,SURGERY
            T1,PR,T1-003,,,PRDOSU,Unit,Gy
            T1,PR,T1-004,PRSEQ,1,PRDECOD,Decoded,radiation

            """.utf8),
        "suppex.csv": Array("""
            STUDYID,RDOMAIN,USUBJID,IDVAR,IDVARVAL,QNAM,QLABEL,QVAL
            T1,EX,T1-001,EXSEQ,2,CYCLE,Cycle,1
            T1,EX,T1-001,EXSEQ,3.0,cycle,Cycle,2
            T1,EX,Ke\u{301}-002,EXSEQ,1,CYCLE,Cycle,3
            T1,EX," T1-003",,,CYCLE,Cycle,4
            T1,EX,"T1-004 ",EXSEQ,01,CYCLE,Cycle,5

            """.utf8),
    ]

    @Test("A folder of odd cells reads the same streamed from cells, streamed from fields and grouped in memory")
    func oddFolderReadsAlike() throws {
        let folder = try GroupingSpillTests.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, bytes) in Self.oddFolder { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
        let cells = try Support.read(folder.path)
        let fields = try SDTMDatasetCursor.$keepsCells.withValue(false) { try Support.read(folder.path) }
        GroupingSpillTests.expectSame(cells, fields)
        GroupingSpillTests.expectSame(cells, try SDTMStreamTests.inMemory(folder.path))
        #expect(cells.patients.count + cells.rejections.count == 5)
        let first = try #require(cells.patients.first { $0.id == "T1-001" })
        let scales = first.events.filter { $0.type == EventType(recorded: "performance-status") }.map { $0.string("scale") }
        #expect(scales == ["Karnofsky", "ECOG", "Karnofsky", "Karnofsky"])
        // Compared by their bytes too: `==` takes canonically equivalent texts as equal.
        let routes = first.events.filter { $0.type == EventType(recorded: "administration") }.map { Array(($0.string("route") ?? "").utf8) }
        let expected = ["oral", "oral", "IV", "\u{E9}v route", "e\u{301}v route", "k route", "k route"].map { Array($0.utf8) }
        #expect(routes == expected)
        let procedures = first.events.filter { [EventType(recorded: "radiotherapy"), EventType(recorded: "surgery")].contains($0.type) }.map(\.type)
        #expect(procedures.map(\.rawValue) == ["radiotherapy", "radiotherapy", "surgery", "radiotherapy", "surgery", "radiotherapy", "surgery", "radiotherapy"].map { EventType(recorded: $0).rawValue })
        for id in ["T1-003", "T1-004"] {
            let patient = try #require(cells.patients.first { $0.id == id })
            #expect(patient.events.contains { $0.type == EventType(recorded: "radiotherapy") }, "\(id)")
        }
    }
}
