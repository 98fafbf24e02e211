import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Wide EDC exports read through a mapping file: the boundaries of each mapping rule, and
/// every mapping error located (in the mapping file, the dictionary or the export) or a
/// rejected patient, with the counts intact.
@Suite("Export mappings")
struct ExportMappingTests {
    typealias Support = ReaderTestSupport

    static let dictionary = """
        Variable / Field Name,Form Name,Section Header,Field Type,Field Label,"Choices, Calculations, OR Slider Labels",Field Note,Text Validation Type OR Show Slider Number
        record_id,enrollment,,text,Study ID,,,
        enrol_date,enrollment,,text,Enrolled,,,date_dmy
        arm,enrollment,,radio,Arm,"1, A | 2, B",,
        agents,chemo,,checkbox,Agents,"1, cisplatin | 2, paclitaxel",,
        dose,chemo,,text,Dose,,,number
        dose_unit,chemo,,dropdown,Unit,"1, mg | 2, g",,
        start,chemo,,text,Start,,,date_mdy

        """

    static let mapping = """
        format: trialcheck-mapping/1
        source: redcap
        dictionary: dictionary.csv
        patient:
          fields:
            enrollment_date: {column: enrol_date, date: DD-MM-YYYY}
            arm: arm
            birth_date: {value: "1960"}
        events:
          - type: administration
            instrument: chemo
            fields:
              drug: {checkbox: agents}
              dose: {column: dose, unit_column: dose_unit}
              date: {column: start, date: MM/DD/YYYY}

        """

    static let header = "record_id,redcap_repeat_instrument,redcap_repeat_instance,enrol_date,arm,agents___1,agents___2,dose,dose_unit,start\n"

    /// The export read through the mapping, both written to a new folder.
    static func read(_ export: String, mapping: String = mapping, name: String = "export.csv") throws -> ReadResult {
        let exportPath = try write(export, mapping: mapping, name: name)
        let loaded = try ExportMapping.load(path: folder(of: exportPath) + "/mapping.yaml")
        let reader = try HistoryReader(path: exportPath, mapping: loaded)
        var result = ReadResult(format: reader.format)
        while let item = try reader.next() {
            switch item {
            case .patient(let patient): result.patients.append(patient)
            case .rejected(let rejection), .replacing(let rejection, _): result.rejections.append(rejection)
            }
        }
        result.notes = reader.notes
        return result
    }

    /// Writes the export, the mapping and the dictionary into one new folder; returns the export's path.
    static func write(_ export: String, mapping: String = mapping, name: String = "export.csv") throws -> String {
        let exportPath = try Support.temporaryFile(name, export)
        let folder = folder(of: exportPath)
        try Data(mapping.utf8).write(to: URL(fileURLWithPath: folder + "/mapping.yaml"))
        try Data(dictionary.utf8).write(to: URL(fileURLWithPath: folder + "/dictionary.csv"))
        return exportPath
    }

    static func folder(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    static func mappingError(_ mapping: String, export: String = header + "P1,,,20-01-2026,1,,,,,\n") throws -> MappingError {
        let exportPath = try write(export, mapping: mapping)
        do {
            let loaded = try ExportMapping.load(path: folder(of: exportPath) + "/mapping.yaml")
            try loaded.check(exportAt: exportPath)
        } catch {
            return error
        }
        Issue.record("expected a mapping error")
        throw MappingError(at: SourceLocation(file: ""), "none")
    }

    @Test("A REDCap export: the record row, repeating instances as events, codes, checkboxes, units and dates")
    func redcapRecord() throws {
        let result = try Self.read(Self.header + "P1,,,20-01-2026,2,,,,,\nP1,chemo,1,,,1,1,240,1,02/03/2026\nP1,chemo,2,,,0,1,1.5,2,02/24/2026\n")
        #expect(result.format == .edc)
        #expect(result.rejections.isEmpty, "\(result.rejections)")
        let patient = try result.patient("P1")
        #expect(patient.enrollment.date == PartialDate(iso8601: "2026-01-20"))
        #expect(patient.enrollment.arm == "B")
        let doses = Support.events(patient, .administration)
        #expect(doses.count == 2)
        #expect(doses[0]["drug"] == .list([.string("cisplatin"), .string("paclitaxel")]))
        #expect(doses[1]["drug"] == .list([.string("paclitaxel")]))
        #expect(doses[1]["dose"] == .map(["value": .number("1.5"), "unit": .string("g")]))
        #expect(doses[0].location?.line == 3)
    }

    @Test("Rows of one record need not be contiguous in a JSON export; the first object's keys make the header")
    func redcapJSON() throws {
        let json = """
            [{"record_id":"P1","redcap_repeat_instrument":"","redcap_repeat_instance":"","enrol_date":"20-01-2026","arm":"1","agents___1":"","agents___2":"","dose":"","dose_unit":"","start":""},
            {"record_id":"P2","redcap_repeat_instrument":"","redcap_repeat_instance":"","enrol_date":"21-01-2026","arm":"2","agents___1":"","agents___2":"","dose":"","dose_unit":"","start":""},
            {"record_id":"P1","redcap_repeat_instrument":"chemo","redcap_repeat_instance":"1","enrol_date":"","arm":"","agents___1":"1","agents___2":"0","dose":"240","dose_unit":"1","start":"02/03/2026"}]
            """
        let result = try Self.read(json, name: "export.json")
        #expect(result.rejections.isEmpty, "\(result.rejections)")
        #expect(result.patients.map(\.id) == ["P1", "P2"])
        #expect(Support.events(try result.patient("P1"), .administration).count == 1)
    }

    @Test("A choice code not in the dictionary rejects the patient at the cell; the others are read")
    func unknownCode() throws {
        let result = try Self.read(Self.header + "P1,,,20-01-2026,7,,,,,\nP2,,,21-01-2026,1,,,,,\n")
        #expect(result.patients.map(\.id) == ["P2"])
        let rejection = try #require(result.rejections.first)
        #expect(rejection.location == SourceLocation(file: rejection.location.file, line: 2, column: 17))
        #expect(rejection.reason.contains("the code '7' is not a choice of the data dictionary"))
        #expect(rejection.reason.contains("1 (A), 2 (B)"))
        #expect(rejection.patient == "P1")
    }

    @Test("A date not in its column's format rejects the patient at the cell", arguments: ["2026-01-20", "20/01/2026", "31-02-2026", "1-2026-20"])
    func dateNotInFormat(text: String) throws {
        let result = try Self.read(Self.header + "P1,,,\(text),1,,,,,\nP2,,,21-01-2026,1,,,,,\n")
        #expect(result.patients.map(\.id) == ["P2"])
        let rejection = try #require(result.rejections.first)
        #expect(rejection.location.line == 2 && rejection.location.column == 6)
        #expect(rejection.reason.contains("is not a date in the column's format DD-MM-YYYY (such as 26-03-2025)"))
    }

    @Test("Partial dates read in the format's own order")
    func partialDates() throws {
        let format = try #require(ExportDateFormat(parsing: "DD-MM-YYYY"))
        #expect(format.iso8601("05-03-2026") == "2026-03-05")
        #expect(format.iso8601("5-3-2026") == "2026-03-05")
        #expect(format.iso8601("03-2026") == "2026-03")
        #expect(format.iso8601("2026") == "2026")
        #expect(format.iso8601("2026-03") == nil)
        let us = try #require(ExportDateFormat(parsing: "MM/DD/YYYY"))
        #expect(us.iso8601("03/05/2026") == "2026-03-05")
        #expect(us.iso8601("03/2026") == "2026-03")
        #expect(us.iso8601("13/05/2026") == nil)
        #expect(ExportDateFormat(parsing: "DD-MM") == nil)
        #expect(ExportDateFormat(parsing: "YYYY-MM-DD-DD") == nil)
    }

    @Test("A checkbox with every box unticked is an empty list (noted); with every cell blank, no key")
    func checkboxUncheckedVersusMissing() throws {
        let result = try Self.read(Self.header + "P1,,,20-01-2026,1,,,,,\nP1,chemo,1,,,0,0,240,1,02/03/2026\nP1,chemo,2,,,,,240,1,02/24/2026\n")
        let doses = Support.events(try result.patient("P1"), .administration)
        #expect(doses.count == 2)
        #expect(doses[0]["drug"] == .list([]))
        #expect(doses[1]["drug"] == nil)
        #expect(result.notes.contains { $0.hasPrefix("checkbox 'agents' with no box ticked: read as an empty list of 'drug': 1 row(s), first at ") && $0.hasSuffix(":3:14") })
    }

    @Test("A checkbox cell other than 0 or 1 rejects the patient at the cell")
    func checkboxValue() throws {
        let result = try Self.read(Self.header + "P1,,,20-01-2026,1,,,,,\nP1,chemo,1,,,yes,0,240,1,02/03/2026\n")
        let rejection = try #require(result.rejections.first)
        #expect(rejection.location.line == 3 && rejection.location.column == 14)
        #expect(rejection.reason.contains("expected 1 (ticked) or 0"))
    }

    @Test("A value whose unit cell is blank stays a bare number, noted")
    func blankUnit() throws {
        let result = try Self.read(Self.header + "P1,,,20-01-2026,1,,,,,\nP1,chemo,1,,,1,0,240,,02/03/2026\n")
        let dose = try #require(Support.events(try result.patient("P1"), .administration).first)
        #expect(dose["dose"] == .number("240"))
        #expect(result.notes.contains { $0.hasPrefix("values in column 'dose' with a blank unit cell: kept as bare numbers") })
    }

    @Test("A patient whose rows are not contiguous is rejected once, naming both blocks")
    func notContiguous() throws {
        let text = Self.header + "P1,,,20-01-2026,1,,,,,\nP2,,,21-01-2026,1,,,,,\nP1,chemo,1,,,1,0,240,1,02/03/2026\n"
        let exportPath = try Self.write(text)
        let loaded = try ExportMapping.load(path: Self.folder(of: exportPath) + "/mapping.yaml")
        let report = Auditor(definition: try TestSupport.shippedProtocol()).audit(inputs: [exportPath], mapping: loaded)
        #expect(report.summary.patients == 1)
        #expect(report.summary.rejected == 1)
        #expect(report.patientIDs == ["P2"])
        let rejection = try #require(report.rejected.first)
        #expect(rejection.reason == "rows of patient 'P1' are not contiguous: lines 2 and 4; expected each patient's rows together (sort by record_id)")
    }

    @Test("A column no entry maps is noted with its non-blank cells, never dropped silently")
    func unmappedColumn() throws {
        let mapping = "id: record_id\npatient:\n  fields:\n    enrollment_date: {column: enrol_date, date: DD-MM-YYYY}\n    arm: arm\n"
        let result = try Self.read("record_id,enrol_date,arm,chemo_complete,weight\nP1,20-01-2026,1,2,\nP2,20-01-2026,1,2,71\n", mapping: mapping)
        #expect(result.patients.count == 2)
        #expect(result.notes.contains { $0.hasPrefix("column 'chemo_complete' (") && $0.contains("is not mapped: its values are not read: 2 non-blank cell(s), first at ") })
        #expect(result.notes.contains { $0.hasPrefix("column 'weight' (") && $0.contains(": 1 non-blank cell(s), first at ") && $0.hasSuffix(":3:19") })
    }

    @Test("A byte-order mark and CRLF line ends read as without them")
    func bomAndCRLF() throws {
        let text = "\u{FEFF}" + (Self.header + "P1,,,20-01-2026,1,,,,,\nP1,chemo,1,,,1,0,240,1,02/03/2026\n").replacingOccurrences(of: "\n", with: "\r\n")
        let result = try Self.read(text)
        #expect(result.rejections.isEmpty, "\(result.rejections)")
        #expect(Support.events(try result.patient("P1"), .administration).first?.date == PartialDate(iso8601: "2026-02-03"))
    }

    @Test("An export with a header row and no rows is an empty input")
    func emptyExport() throws {
        let exportPath = try Self.write(Self.header)
        let loaded = try ExportMapping.load(path: Self.folder(of: exportPath) + "/mapping.yaml")
        let reader = try HistoryReader(path: exportPath, mapping: loaded)
        #expect(throws: InputError.empty(path: exportPath, found: "only a header row")) { try reader.next() }
    }

    @Test("A column the export lacks is an error located in the mapping file, with a suggestion")
    func unknownColumn() throws {
        let error = try Self.mappingError(Self.mapping.replacingOccurrences(of: "arm: arm", with: "arm: armm"))
        let problem = try #require(error.problems.first)
        #expect(error.problems.count == 1)
        #expect(problem.location.line == 7 && problem.location.column == 10)
        #expect(problem.location.file.hasSuffix("mapping.yaml"))
        #expect(problem.message.contains("the column 'armm' is not a column of the export"))
        #expect(problem.message.hasSuffix("did you mean 'arm'?"))
    }

    @Test("A checkbox column whose choice code the dictionary lacks is an error at the export's header cell")
    func unknownCheckboxCode() throws {
        let header = Self.header.replacingOccurrences(of: "agents___2", with: "agents___9")
        let error = try Self.mappingError(Self.mapping, export: header + "P1,,,20-01-2026,1,,,,,\n")
        let problem = try #require(error.problems.first)
        #expect(problem.location.file.hasSuffix("export.csv") && problem.location.line == 1 && problem.location.column == 85)
        #expect(problem.message.contains("the choice code '9' of checkbox 'agents' is not in the data dictionary"))
    }

    @Test("Every problem of a mapping file is reported, located, with what was expected", arguments: [
        ("    arm: arm\n", "    arm: {colum: arm}\n", 7, 11, "unknown key 'colum'; did you mean 'column'?"),
        ("DD-MM-YYYY}", "DD-MM-YY}", 6, 49, "'date': expected a date format such as DD-MM-YYYY"),
        ("source: redcap", "source: redcapp", 2, 9, "unknown layout 'redcapp'; did you mean 'redcap'?"),
        ("enrollment_date: {column", "enrolment_date: {column", 6, 5, "the fields have no 'enrollment_date'"),
    ])
    func mappingFileProblems(old: String, new: String, line: Int, column: Int, message: String) throws {
        let error = try Self.mappingError(Self.mapping.replacingOccurrences(of: old, with: new))
        #expect(error.problems.contains { $0.location.line == line && $0.location.column == column && $0.message.contains(message) }, "\(error)")
    }

    @Test("A wide export: numbered repeats, one event per number with a value, lists in one cell")
    func wideNumbered() throws {
        let mapping = """
            source: wide
            id: subject
            patient:
              fields:
                enrollment_date: {column: randomised, date: YYYY-MM-DD}
            events:
              - type: administration
                fields:
                  drug: {column: "drug_{n}", separator: ";"}
                  dose: {column: "dose_{n}", unit: mg}
                  date: {column: "date_{n}", date: DD/MM/YYYY}

            """
        let export = "subject,randomised,drug_1,dose_1,date_1,drug_2,dose_2,date_2,drug_3,dose_3,date_3\nS1,2026-01-20,cisplatin;paclitaxel,80,03/02/2026,,,,cisplatin,80,24/02/2026\n"
        let result = try Self.read(export, mapping: mapping)
        let doses = Support.events(try result.patient("S1"), .administration)
        #expect(doses.count == 2)
        #expect(doses[0]["drug"] == .list([.string("cisplatin"), .string("paclitaxel")]))
        #expect(doses[1]["dose"] == .map(["value": .number("80"), "unit": .string("mg")]))
        #expect(doses[1].date == PartialDate(iso8601: "2026-02-24"))
    }

    static let longitudinal = """
        source: redcap
        patient:
          fields:
            enrollment_date: {column: enrolled, date: YYYY-MM-DD}
            sex: {column: sex, codes: {1: male, 2: female}}
        events:
          - type: performance-status
            fields:
              date: {column: ecog_date, date: YYYY-MM-DD}
              scale: {value: ECOG}
              score: ecog
          - type: consent
            event: screening_arm_1
            fields:
              date: {column: consent, date: YYYY-MM-DD}

        """

    @Test("A longitudinal REDCap project: record fields from every visit's row, an event per visit, 'event' selecting one visit")
    func longitudinal() throws {
        let export = """
            record_id,redcap_event_name,enrolled,sex,ecog_date,ecog,consent
            P1,screening_arm_1,2026-01-20,1,2026-01-18,0,2026-01-15
            P1,week_3_arm_1,,1,2026-02-09,1,

            """
        let result = try Self.read(export, mapping: Self.longitudinal)
        #expect(result.rejections.isEmpty, "\(result.rejections)")
        let patient = try result.patient("P1")
        #expect(patient.sex == "male")
        #expect(Support.events(patient, .performanceStatus).map { $0["score"] } == [.number("0"), .number("1")])
        #expect(Support.events(patient, .consent).count == 1)
    }

    @Test("A record field with two different values in a patient's rows rejects the patient, naming both cells")
    func conflictingRecordField() throws {
        let export = """
            record_id,redcap_event_name,enrolled,sex,ecog_date,ecog,consent
            P1,screening_arm_1,2026-01-20,1,2026-01-18,0,2026-01-15
            P1,week_3_arm_1,,2,2026-02-09,1,
            P2,screening_arm_1,2026-01-21,2,,,

            """
        let result = try Self.read(export, mapping: Self.longitudinal)
        #expect(result.patients.map(\.id) == ["P2"])
        let rejection = try #require(result.rejections.first)
        #expect(rejection.location.line == 3 && rejection.location.column == 18)
        #expect(rejection.reason.hasPrefix("patient 'P1': 'sex' is 'male' at ") && rejection.reason.contains(":2:31 and 'female' here: expected one value per patient"))
    }

    @Test("One row per form instance: 'rows' selects each entry's rows by a column's value")
    func rowPerForm() throws {
        let mapping = """
            id: subject
            patient:
              rows: {form: demographics}
              fields:
                enrollment_date: {column: date, date: DD.MM.YYYY}
            events:
              - type: administration
                rows: {form: [dosing, dosing-unscheduled]}
                fields:
                  date: {column: date, date: DD.MM.YYYY}
                  drug: drug

            """
        let export = "subject,form,date,drug\nS1,demographics,20.01.2026,\nS1,dosing,03.02.2026,cisplatin\nS1,dosing-unscheduled,05.02.2026,cisplatin\nS1,vitals,05.02.2026,\n"
        let result = try Self.read(export, mapping: mapping)
        let patient = try result.patient("S1")
        #expect(Support.events(patient, .administration).map(\.date) == [PartialDate(iso8601: "2026-02-03"), PartialDate(iso8601: "2026-02-05")])
        // The vitals row's date is read by no entry: noted, not dropped silently.
        #expect(result.notes.contains { $0.hasPrefix("column 'date' has values in rows its mapping does not read") && $0.hasSuffix(":5:11") })
    }

    @Test("An Excel workbook is refused with what to do instead")
    func workbook() throws {
        let path = try Support.temporaryFile("site.xlsx", "PK")
        #expect(throws: InputError.unreadable(path: path, reason: try #require(InputFormat.workbookProblem(path)))) {
            _ = try HistoryReader(path: path)
        }
        #expect(InputFormat.workbookProblem(path)?.contains("export the sheet as CSV") == true)
    }
}
