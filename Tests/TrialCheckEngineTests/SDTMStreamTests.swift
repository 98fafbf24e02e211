import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// SDTM datasets whose subjects come in DM's order read subject by subject, with no
/// temporary file, exactly as the groupings that hold or spill every row; any other order
/// falls back to those.
@Suite("SDTM datasets streamed in subject order")
struct SDTMStreamTests {
    typealias Support = ReaderTestSupport

    /// The sorted inputs of the reader tests and the example cohort.
    static let sorted: [String] = [
        Support.fixture("sdtm/cdiscpilot01"),
        Support.fixture("sdtm/cdiscpilot01-xpt"),
        Support.fixture("sdtm/edge"),
        Support.repositoryRoot.appendingPathComponent("Examples/formats/sdtm").path,
    ]

    /// How the reader grouped the folder, read to the end within `budget` bytes (its
    /// temporary files in a new folder, removed after).
    static func grouping(_ path: String, budget bytes: Int = 64 << 20) throws -> SDTMReader.Grouping? {
        let folder = try GroupingSpillTests.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        return try GroupingBudget.$current.withValue(GroupingBudget(bytes: bytes, folder: folder)) {
            let reader = SDTMReader(folder: try FolderInput(path: path), decoder: PatientRecordDecoder(file: path))
            while try reader.next() != nil {}
            return reader.grouping
        }
    }

    /// The folder read without streaming: its rows held in memory.
    static func inMemory(_ path: String) throws -> ReadResult {
        try SDTMReader.$streamsSortedInput.withValue(false) { try Support.read(path) }
    }

    /// A new folder of SDTM datasets: file name → CSV text.
    static func folder(_ files: [String: String]) throws -> String {
        let folder = try GroupingSpillTests.emptyFolder()
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder.path
    }

    static let dm = """
        STUDYID,DOMAIN,USUBJID,RFSTDTC,SITEID,SEX,ARMCD
        T1,DM,T1-003,2026-01-05,S1,M,A
        T1,DM,T1-001,2026-01-06,S1,F,B
        T1,DM,T1-002,2026-01-07,S2,M,A

        """

    @Test("Sorted datasets stream, with no temporary file, and read as held in memory and as spilled", arguments: sorted)
    func sortedStreams(path: String) throws {
        #expect(try Self.grouping(path) == .streamed)
        // No folder for temporary files: a grouping that spilled could not read.
        let nowhere = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-no-folder-\(UUID().uuidString)")
        let streamed = try GroupingBudget.$current.withValue(GroupingBudget(bytes: 64 << 20, folder: nowhere)) { try Support.read(path) }
        let held = try Self.inMemory(path)
        #expect(!streamed.patients.isEmpty)
        GroupingSpillTests.expectSame(streamed, held)
        for budget in [0, 1 << 12, 1 << 16] {
            let spill = try GroupingSpillTests.emptyFolder()
            defer { try? FileManager.default.removeItem(at: spill) }
            let spilled = try SDTMReader.$streamsSortedInput.withValue(false) { try GroupingSpillTests.read(path, budget: budget, folder: spill) }
            GroupingSpillTests.expectSame(spilled, held)
        }
    }

    @Test("XPORT datasets stream when the folder fits the memory budget, else spill (read whole, one at a time)")
    func xportWithinBudget() throws {
        let path = Support.fixture("sdtm/cdiscpilot01-xpt")
        #expect(try Self.grouping(path) == .streamed)
        #expect(try Self.grouping(path, budget: 0) == .spilled)
        #expect(try Self.grouping(Support.fixture("sdtm/cdiscpilot01"), budget: 0) == .streamed)
    }

    @Test("An orphan subject, blank USUBJIDs and supplemental qualifiers in sorted datasets: streamed, as held in memory")
    func orphansAndQualifiers() throws {
        let path = try Self.folder([
            "dm.csv": Self.dm,
            "ae.csv": """
                STUDYID,DOMAIN,USUBJID,AESEQ,AETERM,AESTDTC
                T1,AE,T1-003,1,NAUSEA,2026-01-09
                T1,AE,,1,RASH,2026-01-11
                T1,AE,T1-003,2,RASH,2026-01-12
                T1,AE,T1-009,1,FATIGUE,2026-01-10
                T1,AE,T1-002,1,COUGH,2026-01-13
                T1,AE,T1-010,1,FEVER,2026-01-14

                """,
            "suppae.csv": """
                STUDYID,RDOMAIN,USUBJID,IDVAR,IDVARVAL,QNAM,QVAL
                T1,AE,T1-003,AESEQ,2,AEIRAE,Y
                T1,AE,T1-008,AESEQ,1,AEIRAE,N
                T1,AE,T1-002,AESEQ,1.0,AEIRAE,N

                """,
            "ds.csv": """
                STUDYID,DOMAIN,USUBJID,DSDECOD,DSSTDTC
                T1,DS,T1-010,RANDOMIZED,2026-01-02
                T1,DS,T1-001,INFORMED CONSENT OBTAINED,2026-01-01
                T1,DS,,COMPLETED,2026-02-01
                T1,DS,T1-002,COMPLETED,2026-02-02

                """,
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Self.grouping(path) == .streamed)
        let streamed = try Support.read(path)
        GroupingSpillTests.expectSame(streamed, try Self.inMemory(path))
        #expect(streamed.patients.map(\.id) == ["T1-003", "T1-001", "T1-002"])
        #expect(streamed.rejections.map(\.patient) == ["T1-009", "T1-010"])
        #expect(streamed.rejections.last?.reason.contains("2 record(s)") == true)
        let rash = try #require(streamed.patient("T1-003").events(ofType: .adverseEvent).last)
        #expect(rash.flag("immune_related") == true)
        #expect(streamed.notes.contains { $0.contains("ae.csv: 1 record(s) not mapped (no USUBJID)") })
    }

    @Test("Streamed rows kept as cells read as rows of fields: orphans, blank subjects, quoted and multi-line cells, bytes that are not UTF-8, short rows")
    func cellsReadAsFields() throws {
        let path = try Self.folder([
            "dm.csv": Self.dm,
            "ae.csv": "STUDYID,DOMAIN,USUBJID,AESEQ,AETERM,AESTDTC,AECAT\n"
                + "T1,AE,T1-003,1,\"NAUSEA, \"\"MILD\"\"\",2026-01-09,\"IMMUNE\nRELATED\"\n"
                + "T1,AE,,1,RASH,2026-01-11\n"
                + "T1,AE,T1-009,1,FATIGUE,2026-01-10,\n"
                + "T1,AE,T1-009,2,FATIGUE,2026-01-10,\n"
                + "T1,AE, T1-001 ,1,  COUGH\t,2026-01-13 ,\n"
                + "T1,AE,T1-002,1,FIÈVRE,2026-01-14,\n"
                + "T1,AE,T1-010,1,FEVER,2026-01-14,\n",
            "lb.csv": "USUBJID,LBTESTCD,LBSTRESN,LBSTRESU,LBDTC\r\nT1-003,HGB,12.5,g/dL,2026-01-04\r\nT1-008,HGB,1,g/dL,2026-01-04\r\nT1-001,\"ANC\",1.5,10^9/L\r\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bad = URL(fileURLWithPath: path).appendingPathComponent("mh.csv")
        try Data(Array("USUBJID,MHTERM,MHCAT\nT1-001,ASTHMA,\nT1-002,".utf8) + [0xFF, 0x41] + Array(",GENERAL\n".utf8)).write(to: bad)
        #expect(try Self.grouping(path) == .streamed)
        let cells = try Support.read(path)
        let fields = try SDTMDatasetCursor.$keepsCells.withValue(false) { try Support.read(path) }
        GroupingSpillTests.expectSame(cells, fields)
        GroupingSpillTests.expectSame(cells, try Self.inMemory(path))
        #expect(cells.patients.map(\.id) == ["T1-003", "T1-001"])
        #expect(cells.rejections.map(\.patient) == ["T1-002", "T1-009", "T1-010", "T1-008"])
    }

    @Test("Datasets in another order fall back to grouping every row, and read as those do")
    func unsortedFallsBack() throws {
        let shuffled = try Self.folder([
            "dm.csv": Self.dm,
            "ae.csv": """
                STUDYID,DOMAIN,USUBJID,AESEQ,AETERM,AESTDTC
                T1,AE,T1-002,1,COUGH,2026-01-13
                T1,AE,T1-003,1,NAUSEA,2026-01-09

                """,
        ])
        defer { try? FileManager.default.removeItem(atPath: shuffled) }
        #expect(try Self.grouping(shuffled) == .inMemory)
        #expect(try Self.grouping(shuffled, budget: 0) == .spilled)
        GroupingSpillTests.expectSame(try Support.read(shuffled), try Self.inMemory(shuffled))
    }

    @Test("A subject whose rows are not together, or a second DM record, falls back", arguments: [
        ["ae.csv": "USUBJID,AETERM\nT1-003,NAUSEA\nT1-001,RASH\nT1-003,COUGH\n"],
        ["ae.csv": "USUBJID,AETERM\nT1-003,NAUSEA\nT1-009,RASH\nT1-003,COUGH\n"],
        ["dm.csv": dm + "T1,DM,T1-002,2026-01-08,S2,M,A\n"],
        ["dm.csv": dm + "T1,DM, ,2026-01-08,S2,M,A\n"],
    ])
    func notTogetherFallsBack(files: [String: String]) throws {
        let path = try Self.folder(["dm.csv": Self.dm].merging(files) { $1 })
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Self.grouping(path) == .inMemory)
        let read = try Support.read(path)
        GroupingSpillTests.expectSame(read, try Self.inMemory(path))
        #expect(read.patients.count == 3)
    }

    @Test("The look ahead reads the USUBJID column as the rows are read: quotes, CRLF, blank lines, a byte-order mark")
    func lookAheadColumn() throws {
        let text = "\u{FEFF}STUDYID,\"USUBJID\",AETERM\r\n\r\nT1,\" T1-003 \",\"A, \"\"B\"\"\r\nC\"\nT1,,X\rT1,T1-001\n\nT1,\"T1-\"\"2\",Y,\n"
        let source = ByteSource(bytes: Array(text.utf8), path: "ae.csv")
        var subjects: [String] = []
        let accepted = try SDTMSubjectColumn.scan(source, column: 1, columns: 4) {
            subjects.append(String(decoding: $0, as: UTF8.self))
            return true
        }
        #expect(accepted)
        #expect(subjects == ["T1-003", "", "T1-001", "T1-\"2"])
        let wide = ByteSource(bytes: Array("A,USUBJID\nT1,T1-001,extra\n".utf8), path: "ae.csv")
        #expect(try !SDTMSubjectColumn.scan(wide, column: 1, columns: 2) { _ in true })
        let open = ByteSource(bytes: Array("USUBJID\n\"T1-001\n".utf8), path: "ae.csv")
        #expect(try !SDTMSubjectColumn.scan(open, column: 0, columns: 1) { _ in true })
    }

    /// Texts whose rows' rests (after the subject) the look ahead passes at once or not:
    /// plain, quoted, CRLF, too many fields, rows longer than a word, a last row unended.
    static let rowTails: [(text: String, columns: Int)] = [
        ("A,USUBJID,B,C\nT1,T1-001,x,y\nT1,T1-002,,\nT1,T1-003,\"q,r\",s\nT1,T1-004,a\"b,c\n", 4),
        ("A,USUBJID,B,C\r\nT1,T1-001,x,y\r\nT1,T1-002,a-long-field-value,another-long-one\r\n", 4),
        ("A,USUBJID,B\nT1,T1-001,x,y\n", 3),
        ("A,USUBJID,B,C,D,E,F,G,H,I,J\nT1,T1-001,1,2,3,4,5,6,7,8,9\nT1,T1-001,1,2,3,4,5,6,7,8,9,10\n", 11),
        ("A,USUBJID,B,C,D,E,F,G,H,I,J\nT1,T1-001,1,2,3,4,5,6,7,8,9\nT1,T1-002,10000000,20000000,30000000,4,5,6,7,8,9", 11),
        ("A,USUBJID,B,C\nT1,T1-001,\"multi\nline\",y\nT1,T1-002,x\ry\n", 4),
        // Whole rows at once: padded subjects, short rows, odd bytes in and out of the subject.
        ("A,USUBJID,B,C\nT1, T1-001\t,x,y\nT1\nT1,\nT1,T1-002\nT1,T1-003,\u{7F},y\n", 4),
        ("A\u{1},USUBJID\nT1,T1-001\nT1,T1-\u{1}002\nT1,T1-003\n", 2),
        ("A,USUBJID,B\nT1,T1-001,é\nT1,T1-é,x\n,,\n\n,T1-004,\n", 3),
        ("A,USUBJID,B\nT1,T1-001,x,\nT1,T1-002,x\n", 3),
        // Subjects across a word's bytes, padded, in rows too short or too long; a quote
        // and a carriage return only further on in the block.
        ("STUDYID,DOMAIN,USUBJID,X\nNCT07177794,LB,ZZ-0001,1\nNCT07177794,LB, ZZ-0002 ,\nNCT07177794,LB\nNCT07177794,LB,ZZ-0003,1,2\n", 4),
        ("A,USUBJID,B\nT1,T1-001,x\nT1,T1-002,x\nT1,\"T1-003\",x\nT1,T1-004,x\r\nT1,T1-005,x\n", 3),
        (",,,,,,,,,,,,USUBJID,,,\n,,,,,,,,,,,,T1-001,,,\n,,,,,,,,,,,,T1-002,,,,\n", 16),
    ]

    @Test("The look ahead passes whole rows and rests of rows at once as it reads them byte by byte: the same subjects, the same verdict, any subject column")
    func lookAheadRowTails() throws {
        var texts = Self.rowTails
        for folder in SDTMMappingShortcutTests.inputs {
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() where name.hasSuffix(".csv") {
                let text = try String(contentsOfFile: URL(fileURLWithPath: folder).appendingPathComponent(name).path, encoding: .utf8)
                let header = text.prefix { $0 != "\n" && $0 != "\r" }
                texts.append((text, header.split(separator: ",", omittingEmptySubsequences: false).count))
            }
        }
        let folder = try GroupingSpillTests.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("x.csv")
        for (text, columns) in texts {
            try Data(text.utf8).write(to: file)
            for column in Set([0, min(1, columns - 1), min(2, columns - 1), columns - 1]) {
                func scan(_ passes: Bool, blockSize: Int) throws -> (Bool, [String]) {
                    var subjects: [String] = []
                    let accepted = try SDTMSubjectColumn.$passesRowTails.withValue(passes) {
                        try SDTMSubjectColumn.scan(ByteSource(path: file.path, blockSize: blockSize), column: column, columns: columns) {
                            subjects.append(String(decoding: $0, as: UTF8.self))
                            return true
                        }
                    }
                    return (accepted, subjects)
                }
                for blockSize in [7, 1 << 16] {
                    let (fastAccepted, fastSubjects) = try scan(true, blockSize: blockSize)
                    let (slowAccepted, slowSubjects) = try scan(false, blockSize: blockSize)
                    #expect(fastAccepted == slowAccepted, "\(text.prefix(40)) column \(column)")
                    #expect(fastSubjects == slowSubjects, "\(text.prefix(40)) column \(column)")
                }
            }
        }
    }
}
