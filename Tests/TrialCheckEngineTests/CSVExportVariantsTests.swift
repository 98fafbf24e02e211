import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Site exports that differ from the example CSV in small, legal ways (column-name case,
/// `;` separators with decimal commas) give the same findings; what the mapping cannot
/// use is noted.
@Suite("CSV export variants")
struct CSVExportVariantsTests {
    typealias Support = ReaderTestSupport

    static let example = Support.repositoryRoot.appendingPathComponent("Examples/formats/csv/site-records.csv").path

    /// (patient, check, status, message) of every finding of the shipped protocol, and each
    /// check's verdict counts (passes included).
    static func findings(_ path: String, separator: CSVSeparator = .auto) throws -> [String] {
        let definition = try TestSupport.loadProtocol(path: TestSupport.packageRoot.appendingPathComponent("Protocols/NCT07177794.yaml").path)
        let report = Auditor(definition: definition).audit(inputs: [path], csvSeparator: separator, jobs: 1)
        #expect(report.rejected.isEmpty, "\(report.rejected)")
        #expect(report.patientIDs.count == 20)
        let counts = report.checks.map { "\($0.id): \($0.pass) pass, \($0.deviation) deviation, \($0.indeterminate) indeterminate, \($0.notEvaluable) not evaluable" }
        return counts + report.findings.map { "\($0.patient) \($0.check) \($0.status.rawValue) \($0.message)" }.sorted()
    }

    static func exampleLines() throws -> [String] {
        try String(contentsOfFile: example, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("Column names in any case, padded, after a byte-order mark, give the example's findings", arguments: [
        "upper", "title",
    ])
    func headerCase(style: String) throws {
        var lines = try Self.exampleLines()
        let names = lines[0].split(separator: ",").map(String.init)
        lines[0] = style == "upper"
            ? names.map { $0.uppercased() }.joined(separator: ",")
            : "\u{FEFF}" + names.map { " " + $0.split(separator: "_").map(\.capitalized).joined(separator: "_") + " " }.joined(separator: ",")
        let path = try Support.temporaryFile("site-records.csv", lines.joined(separator: "\n"))
        let expected = try Self.findings(Self.example)
        #expect(expected.contains { $0.hasPrefix("arm-b-no-study-drug: ") })
        #expect(expected.count > 20)
        #expect(try Self.findings(path) == expected)
        #expect(try Support.read(path).notes.isEmpty)
    }

    @Test("Event types in another case are the model's types")
    func typeCase() throws {
        let text = """
            patient_id,type,date,enrollment_date,arm,scale,score
            P-1,Patient,,2026-01-20,A,,
            P-1,Performance-Status,2026-01-10,,,ECOG,1
            """
        let result = try Support.read(try Support.temporaryFile("types.csv", text))
        let patient = try result.patient("P-1")
        #expect(patient.events(ofType: .performanceStatus).first?.integer("score") == 1)
        #expect(result.notes.isEmpty)
    }

    @Test("A column and an event type the format does not define are noted: what, how many, where first")
    func unknownColumnNoted() throws {
        let text = """
            patient_id,type,date,Weight_KG,enrollment_date,arm
            P-1,patient,,,2026-01-20,A
            P-1,vital-signs,2026-01-10,71.5,,
            P-1,vital-signs,2026-01-11,71.0,,
            """
        let path = try Support.temporaryFile("extra.csv", text)
        let result = try Support.read(path)
        #expect(result.rejections.isEmpty)
        let event = try #require(try result.patient("P-1").events.first)
        #expect(event.number("weight_kg") == 71.5)
        #expect(result.notes == [
            "column 'Weight_KG' (\(path):1:22) is not a patient-history key: its values are kept under 'weight_kg', which no built-in check reads: 2 non-blank cell(s), first at \(path):3:28",
            "rows of type 'vital-signs', an event type no built-in check reads (kept for plugins): 2 row(s), first at \(path):3:5",
        ])
    }

    /// The example CSV as a spreadsheet in much of Europe exports it: `;` between fields,
    /// a decimal comma in numbers, quotes around cells holding `;`.
    static func europeanExport() throws -> String {
        try exampleLines().map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map { cell -> String in
                if cell.contains(";") { return "\"\(cell)\"" }
                if let first = cell.first, first.isNumber, !cell.contains("-") { return cell.replacingOccurrences(of: ".", with: ",") }
                return String(cell)
            }.joined(separator: ";")
        }.joined(separator: "\r\n")
    }

    @Test("A ';'-separated export with decimal commas gives the example's findings, detected or named")
    func semicolonsAndDecimalCommas() throws {
        let text = try Self.europeanExport()
        #expect(text.contains(";50,4 Gy;"))
        #expect(text.contains(";3,5;"))
        let path = try Support.temporaryFile("site-records-eu.csv", text)
        let expected = try Self.findings(Self.example)
        #expect(try Self.findings(path) == expected)
        #expect(try Self.findings(path, separator: .semicolon) == expected)
        let result = try Support.read(path)
        #expect(result.rejections.isEmpty)
        #expect(result.notes.isEmpty)
        let doses = result.patients.flatMap { $0.events(ofType: .radiotherapy) }.compactMap { $0.quantity("dose") }
        #expect(doses.contains(Quantity(50.4, "Gy")))
    }

    @Test("A comma-separated file never reads a decimal comma; a named separator wins over detection")
    func commaFilesKeepCommas() throws {
        let text = """
            patient_id,type,date,enrollment_date,arm,test,value,unit
            P-1,patient,,2026-01-20,A,,,
            P-1,lab,2026-01-10,,,platelets,"1,5",10^9/L
            """
        let result = try Support.read(try Support.temporaryFile("commas.csv", text))
        let lab = try #require(try result.patient("P-1").events(ofType: .lab).first)
        #expect(lab.number("value") == nil)
        #expect(lab.string("value") == "1,5")
    }

    @Test("Decimal commas: numbers and quantities convert; text, lists of numbers and ambiguous points do not")
    func decimalCommaReading() {
        #expect(DecimalComma.read("50,4 Gy") == .converted("50.4 Gy"))
        #expect(DecimalComma.read("50,4Gy") == .converted("50.4Gy"))
        #expect(DecimalComma.read("1,5") == .converted("1.5"))
        #expect(DecimalComma.read("-0,25") == .converted("-0.25"))
        #expect(DecimalComma.read("1.234,5 mg") == .converted("1234.5 mg"))
        #expect(DecimalComma.read("1,2-diol") == .unchanged)
        #expect(DecimalComma.read("1,2,3") == .unchanged)
        #expect(DecimalComma.read("50.4 Gy") == .unchanged)
        #expect(DecimalComma.read("GZ-0001") == .unchanged)
        #expect(DecimalComma.read("1.500") == .ambiguous)
    }

    @Test("A unit the table does not know is noted: the unit, the column, how many, where first")
    func unknownUnitNoted() throws {
        let text = """
            patient_id,type,start,end,enrollment_date,arm,dose,test,value,unit
            P-1,patient,,,2026-01-20,A,,,,
            P-1,radiotherapy,2025-10-13,2025-11-19,,,50.4 Gys,,,
            P-1,lab,2026-01-10,,,,,platelets,180,thou per mcl
            P-1,lab,2026-01-11,,,,,platelets,181,thou per mcl
            """
        let path = try Support.temporaryFile("units.csv", text)
        let notes = try Support.read(path).notes
        #expect(notes == [
            "unit 'Gys' in column 'dose', which the unit table does not know: checks of these values are not evaluable: 1 cell(s), first at \(path):3:42",
            "unit 'thou per mcl' in column 'unit', which the unit table does not know: checks of these values are not evaluable: 2 cell(s), first at \(path):4:38",
        ])
    }

    @Test("The separator is detected from the header line, outside quotes")
    func separatorDetection() {
        #expect(CSVSeparator.detect(headerLine: Array("patient_id;type;date".utf8)) == .semicolon)
        #expect(CSVSeparator.detect(headerLine: Array("patient_id,type,date".utf8)) == .comma)
        #expect(CSVSeparator.detect(headerLine: Array("\"a,b,c\";type;date".utf8)) == .semicolon)
        #expect(CSVSeparator.detect(headerLine: Array("a;b,c,d".utf8)) == .comma)
        #expect(InputFormat.sniff(Array("PATIENT_ID;Type;Date\n".utf8)) == .csv)
    }
}
