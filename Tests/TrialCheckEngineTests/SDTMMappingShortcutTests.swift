import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The shortcuts the SDTM mapping takes on its hot path give what the general routes give:
/// no repeated-key check on the records it builds, supplemental qualifiers resolved once per
/// record, byte search for category words, and the CSV field's fast paths.
@Suite("SDTM mapping shortcuts")
struct SDTMMappingShortcutTests {
    typealias Support = ReaderTestSupport

    /// Every SDTM fixture, the example folder and the perturbation cohort.
    static let inputs: [String] = [
        Support.fixture("sdtm/cdiscpilot01"),
        Support.fixture("sdtm/cdiscpilot01-xpt"),
        Support.fixture("sdtm/edge"),
        Support.fixture("perturbation-cohort/sdtm"),
        Support.repositoryRoot.appendingPathComponent("Examples/formats/sdtm").path,
    ]

    @Test("The mapping writes each key once: checking its records for a repeated key changes nothing", arguments: inputs)
    func mappedRecordsRepeatNoKey(path: String) throws {
        for streams in [true, false] {
            let unchecked = try SDTMReader.$streamsSortedInput.withValue(streams) { try Support.read(path) }
            // Through the decoder whole (events too), where the check runs.
            let checked = try SDTMMapper.$checksRepeatedKeys.withValue(true) {
                try SDTMMapper.$eventsDecodedDirectly.withValue(false) {
                    try SDTMReader.$streamsSortedInput.withValue(streams) { try Support.read(path) }
                }
            }
            #expect(!unchecked.patients.isEmpty)
            GroupingSpillTests.expectSame(unchecked, checked)
        }
    }

    @Test("The decoder still rejects a repeated key in a record it is handed")
    func decoderRejectsRepeatedKey() {
        let record = SyntaxNode.mapping([
            ("id", .text("P1", at: TextPosition(line: 1, column: 1))),
            ("enrollment", .mapping([("date", .text("2026-01-05", at: TextPosition(line: 1, column: 5)))], at: TextPosition(line: 1, column: 3))),
            ("id", .text("P2", at: TextPosition(line: 1, column: 9))),
        ], at: TextPosition(line: 1, column: 1))
        guard case .failure(let rejection) = PatientRecordDecoder(file: "p.csv").decode(record) else {
            Issue.record("a record with 'id' twice was decoded")
            return
        }
        #expect(rejection.reason == "duplicate key 'id'")
    }

    @Test("Qualifiers resolved per record: one for the whole subject, one per IDVAR value, 1 and 1.0 alike, 01 and 1 alike")
    func qualifiersPerRecord() throws {
        let path = try SDTMStreamTests.folder([
            "dm.csv": SDTMStreamTests.dm,
            "ex.csv": """
                STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXDOSU,EXSTDTC
                T1,EX,T1-003,1,DRUG A,10,mg,2026-01-06
                T1,EX,T1-003,2,DRUG A,10,mg,2026-01-07
                T1,EX,T1-003,12,DRUG A,10,mg,2026-01-08
                T1,EX,T1-001,01,DRUG B,20,mg,2026-01-09

                """,
            "suppex.csv": """
                STUDYID,RDOMAIN,USUBJID,IDVAR,IDVARVAL,QNAM,QVAL
                T1,EX,T1-003,EXSEQ,2.0,CYCLE,2
                T1,EX,T1-003,EXSEQ,12,cycle,12
                T1,EX,T1-003,EXSEQ,1,EXROUTE,ORAL
                T1,EX,T1-003,EXSEQ,1,CYCLENUMBER,9
                T1,EX,T1-003,EXSEQ,1,CYCLÉ,9
                T1,EX,T1-001,,,EXROUTE,INTRAVENOUS
                T1,EX,T1-001,EXSEQ,1,CYCLE,1

                """,
        ])
        for streams in [true, false] {
            let result = try SDTMReader.$streamsSortedInput.withValue(streams) { try Support.read(path) }
            let doses = try result.patient("T1-003").events.filter { $0.type == EventType(recorded: "administration") }
            #expect(doses.map { $0.attributes["cycle"] } == [nil, .number("2"), .number("12")])
            #expect(doses.map { $0.attributes["route"] } == [.string("oral"), nil, nil])
            let other = try result.patient("T1-001").events.filter { $0.type == EventType(recorded: "administration") }
            #expect(other.map { $0.attributes["cycle"] } == [.number("1")])
            #expect(other.map { $0.attributes["route"] } == [.string("IV")])
        }
    }

    @Test("A cell typed as a YAML plain scalar: the Boolean words, decimal numbers, anything else as text", arguments: [
        ("true", "bool"), ("True", "bool"), ("TRUE", "bool"), ("false", "bool"), ("False", "bool"), ("FALSE", "bool"),
        ("tRue", "string"), ("falsE", "string"), (" true", "string"), ("true ", "string"), ("yes", "string"), ("", "string"),
        ("0", "number"), ("-1", "number"), ("1.5", "number"), ("-1.25e-10", "number"), ("1E+5", "number"), ("007", "number"),
        ("-", "string"), ("1.", "string"), (".5", "string"), ("1e", "string"), ("1e-", "string"), ("1.5.5", "string"),
        ("1 ", "string"), ("+1", "string"), ("1x", "string"), ("\u{663}", "string"), ("\u{FF11}", "string"), ("12345678901234567890", "number"),
    ])
    func typedScalars(text: String, kind: String) {
        let node = SyntaxNode.typedScalar(text, at: TextPosition(line: 1, column: 1))
        switch node.content {
        case .bool(let value): #expect(kind == "bool" && value == (text.lowercased() == "true"))
        case .number(let written): #expect(kind == "number" && written == text)
        case .string(let written): #expect(kind == "string" && written == text)
        default: Issue.record("\(text) typed as \(node.kindDescription)")
        }
    }

    @Test("A variable's column by name in any case: names of up to 8 ASCII bytes compared as numbers, others as text")
    func columns() throws {
        let names = ["STUDYID", "usubjid", "AETERM", "LONGVARIABLENAME", "VÄR", "AESEQ", "A", "AESTDTC1"]
        let at = TextPosition(line: 1, column: 1)
        let header = try CSVHeader(row: CSVRow(line: 1, fields: names.map { CSVField(text: $0, position: at) }), inputName: "ae.csv")
        let dataset = SDTMDataset(domain: "AE", fileName: "ae.csv", path: "ae.csv", header: header, rows: [])
        for (column, name) in names.enumerated() {
            #expect(dataset.column(of: name) == column)
            #expect(dataset.column(of: name.uppercased()) == column)
            #expect(dataset.column(of: name.lowercased()) == column)
        }
        #expect(dataset.column(of: "AeTeRm") == 2)
        // Names written in the code are packed from the literal's bytes, the others as text.
        #expect(dataset.column(of: "AeTeRm" as StaticString) == 2)
        #expect(dataset.column(of: "AESTDTC1" as StaticString) == 7)
        #expect(dataset.column(of: "longVariableName" as StaticString) == 3)
        #expect(dataset.column(of: "vär" as StaticString) == 4)
        #expect(dataset.column(of: "AESTDTC" as StaticString) == nil)
        #expect(dataset.column(of: "" as StaticString) == nil)
        #expect(SDTMDataset.packed("aeTerm" as StaticString) == SDTMDataset.packed("AETERM"))
        #expect(dataset.column(of: "UsubJID") == 1)
        for absent in ["AESTDTC", "AESTDTC12", "LONGVARIABLENAM", "VAR", "", "AE", "STUDYID\u{0}"] {
            #expect(dataset.column(of: absent) == nil)
        }
        #expect(SDTMDataset.packed("AESTDTC1") != nil)
        #expect(SDTMDataset.packed("AESTDTC12") == nil)
        #expect(SDTMDataset.packed("VÄR") == nil)
        #expect(SDTMDataset.packed("A") != SDTMDataset.packed("B"))
        #expect(SDTMDataset.packed("aeTerm", upperCased: true) == SDTMDataset.packed("AETERM"))
        // A literal's word, upper-cased at once, is the text's upper-cased byte by byte,
        // the bytes around the letters included.
        let literals: [StaticString] = ["a", "z", "A", "Z", "`", "{", "@", "[", "~", "\u{7F}", "0", "aeTerm", "x1_yZ`{~", "abcdefgh", "ABCDEFGH", "a\u{0}b", "\u{0}"]
        for literal in literals {
            #expect(SDTMDataset.packed(literal) == SDTMDataset.packed(literal.description, upperCased: true), "\(literal)")
        }
        #expect(SDTMDataset.packed("aeTerm") != SDTMDataset.packed("AETERM"))
    }

    @Test("Identifier values: equal as numbers, plain whole numbers compared without parsing")
    func sameValue() {
        #expect(SDTMDataset.sameValue("1", "1"))
        #expect(SDTMDataset.sameValue("1", "1.0"))
        #expect(SDTMDataset.sameValue("01", "1"))
        #expect(SDTMDataset.sameValue("0", "0.0"))
        #expect(!SDTMDataset.sameValue("1", "2"))
        #expect(!SDTMDataset.sameValue("12", "21"))
        #expect(!SDTMDataset.sameValue("A1", "1"))
        // Beyond 15 digits, two texts can be one Double: parsed as before.
        #expect(SDTMDataset.sameValue("9007199254740993", "9007199254740992"))
        #expect(!SDTMDataset.sameValue("900719925474099", "900719925474098"))
    }

    @Test("Category words found by bytes as by Unicode-aware search", arguments: [
        ("RADIOTHERAPY", "RADIO"), ("CHEMORADIATION", "RADIATION"), ("RAD", "RADIO"), ("", "ECOG"),
        ("ECOG PERFORMANCE", "ECOG"), ("PERFORMANCE ECOG", "ECOG"), ("ECO", "ECOG"), ("EC0G", "ECOG"),
        ("ÉCOG ECOG", "ECOG"), ("RÉSUMÉ SURGERY", "SURG"), ("PRIMARY DIAGNOSIS", "PRIMARY DIAGNOSIS"), ("PRIMARY  DIAGNOSIS", "PRIMARY DIAGNOSIS"),
    ])
    func containsWord(text: String, word: String) {
        #expect(SDTMMapper.contains(text, word) == text.contains(word))
    }

    @Test("A CSV field: trimmed as trimmingWhitespace trims; ASCII, NUL and non-UTF-8 bytes told apart", arguments: [
        "", " ", "a", " a", "a ", "\ta\r", "a b", "\n", "  é  ", "é",
    ])
    func trimmedField(text: String) {
        let field = CSVField(text: text, position: TextPosition(line: 1, column: 1))
        let expected = text.trimmingWhitespace()
        #expect(field.trimmed == (expected.isEmpty ? nil : expected))
    }

    @Test("A CSV field read from bytes: plain ASCII as is, NUL and bad UTF-8 as defects")
    func fieldFromBytes() {
        let at = TextPosition(line: 1, column: 1)
        #expect(CSVField(bytes: ArraySlice(Array("abc".utf8)), position: at) == CSVField(text: "abc", position: at))
        #expect(CSVField(bytes: ArraySlice(Array("é".utf8)), position: at) == CSVField(text: "é", position: at))
        #expect(CSVField(bytes: [0x61, 0x00], position: at).defect == "the field holds a NUL byte (0x00): expected text")
        #expect(CSVField(bytes: [0x61, 0xFF], position: at).defect == "the field is not UTF-8 text: expected UTF-8, found byte 0xFF at byte 2 of the field")
    }
}
