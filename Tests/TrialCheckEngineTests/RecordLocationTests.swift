import BuiltinPlugins
import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Where each record-level value was read (``PatientHistory/fieldLocations``), as both
/// decoders give it, and the evidence that points there.
@Suite("Record-level value locations")
struct RecordLocationTests {
    static func at(_ file: String, _ line: Int, _ column: Int) -> TrialCheckCore.SourceLocation {
        TrialCheckCore.SourceLocation(file: file, line: line, column: column)
    }

    @Test("YAML: each value is located at its own line and column, block or flow style; a header's defaults at the header")
    func yaml() throws {
        let text = """
            format: patient-history/1
            site: S00
            data_cutoff: 2026-10-31
            patients:
              - id: P1
                sex: female
                birth_date: 1961-04-02
                enrollment:
                  date: 2026-01-20
                  arm: A
              - id: P2
                site: S02
                age: 64
                enrollment: {date: 2026-02-03, arm: B}
                data_cutoff: 2026-09-30

            """
        let path = try TestSupport.writeTemporary(text, name: "locations.yaml")
        let patients = TestSupport.patients(try TestSupport.readAll(path: path).items)
        #expect(patients.count == 2)
        let first = try #require(patients.first)
        #expect(first.location == TrialCheckCore.SourceLocation(file: path, line: 5))
        #expect(first.fieldLocations.sex == Self.at(path, 6, 10))
        #expect(first.fieldLocations.birthDate == Self.at(path, 7, 17))
        #expect(first.fieldLocations.enrollmentDate == Self.at(path, 9, 13))
        #expect(first.fieldLocations.arm == Self.at(path, 10, 12))
        #expect(first.fieldLocations.age == nil)
        // The header's site and cut-off apply, and are located where the header gives them.
        #expect(first.fieldLocations.site == Self.at(path, 2, 7))
        #expect(first.fieldLocations.dataCutoff == Self.at(path, 3, 14))

        #expect(Evidence.enrollmentDate(of: first) == Evidence("enrollment date", "2026-01-20", at: Self.at(path, 9, 13)))
        #expect(Evidence.birthDate(of: first) == Evidence("birth date", "1961-04-02", at: Self.at(path, 7, 17)))
        #expect(Evidence.arm(of: first).location == Self.at(path, 10, 12))
        #expect(Evidence.recordedAge(of: first) == nil)

        let second = try #require(patients.last)
        #expect(second.fieldLocations.site == Self.at(path, 12, 11))
        #expect(second.fieldLocations.age == Self.at(path, 13, 10))
        #expect(second.fieldLocations.enrollmentDate == Self.at(path, 14, 24))
        #expect(second.fieldLocations.arm == Self.at(path, 14, 41))
        #expect(second.fieldLocations.dataCutoff == Self.at(path, 15, 18))
        #expect(second.fieldLocations.birthDate == nil)
        #expect(Evidence.recordedAge(of: second)?.location == Self.at(path, 13, 10))
        #expect(Evidence.dataCutoff(of: second)?.location == Self.at(path, 15, 18))
    }

    @Test("NDJSON: the direct path locates each value at its line and column, counting characters as the general path does")
    func ndjson() throws {
        let line = #"{"id":"Zoë","site":"Zürich","birth_date":"1961-04","enrollment":{"arm":"A","date":"2026-01-20"},"age":64,"data_cutoff":"2026-09-30"}"#
        let bytes = Array(line.utf8)
        let defaults = PatientRecordDecoder(file: "cohort.ndjson")
        let direct = try #require(DirectRecordDecoder.patient(in: bytes, lineNumber: 7, defaults: defaults))
        let general = try #require(try? defaults.decode(JSONSyntaxParser.parse(bytes, firstLine: 7)).get())
        #expect(direct.fieldLocations == general.fieldLocations)
        #expect(direct == general)
        // Columns count characters: "ë" and "ü" are two bytes each.
        #expect(direct.fieldLocations.site == Self.at("cohort.ndjson", 7, 20))
        #expect(direct.fieldLocations.birthDate == Self.at("cohort.ndjson", 7, 42))
        #expect(direct.fieldLocations.arm == Self.at("cohort.ndjson", 7, 72))
        #expect(direct.fieldLocations.enrollmentDate == Self.at("cohort.ndjson", 7, 83))
        #expect(direct.fieldLocations.age == Self.at("cohort.ndjson", 7, 103))
        #expect(direct.fieldLocations.dataCutoff == Self.at("cohort.ndjson", 7, 120))
        #expect(direct.fieldLocations.sex == nil)
        #expect(Evidence.enrollmentDate(of: direct).location == Self.at("cohort.ndjson", 7, 83))
        #expect(Evidence.birthDate(of: direct)?.location == Self.at("cohort.ndjson", 7, 42))
    }

    @Test("NDJSON: null values and absent keys have no location of their own; evidence falls back to the record", arguments: [
        #"{"id":"P","site":null,"birth_date":null,"data_cutoff":null,"enrollment":{"date":"2026-01-20","arm":null}}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"}}"#,
    ])
    func nulls(_ record: String) throws {
        let bytes = Array(record.utf8)
        var defaults = PatientRecordDecoder(file: "cohort.ndjson")
        defaults.defaultDataCutoff = PartialDate(iso8601: "2026-10-31")
        let direct = try #require(DirectRecordDecoder.patient(in: bytes, lineNumber: 3, defaults: defaults))
        let general = try #require(try? defaults.decode(JSONSyntaxParser.parse(bytes, firstLine: 3)).get())
        #expect(direct == general)
        #expect(direct.fieldLocations == RecordLocations(enrollmentDate: direct.fieldLocations.enrollmentDate))
        #expect(direct.fieldLocations.enrollmentDate?.line == 3)
        // A cut-off from the command line has no location: the evidence points at the record.
        #expect(Evidence.dataCutoff(of: direct)?.location == TrialCheckCore.SourceLocation(file: "cohort.ndjson", line: 3))
        #expect(Evidence.arm(of: direct) == Evidence("arm", "not recorded", at: TrialCheckCore.SourceLocation(file: "cohort.ndjson", line: 3)))
    }

    @Test("Every example record: both paths give the same located values, the enrollment date always located")
    func examplesAgree() throws {
        for line in DirectRecordDecoderTests.exampleLines {
            let direct = try #require(DirectRecordDecoderTests.direct(line))
            let general = try #require(try DirectRecordDecoderTests.general(line)?.get())
            #expect(direct.fieldLocations == general.fieldLocations)
            #expect(direct.fieldLocations.enrollmentDate?.column != nil)
            #expect(direct.fieldLocations.birthDate != nil || direct.birthDate == nil)
        }
    }
}

@Suite("Finding dates, end to end")
struct FindingDatesEndToEndTests {
    static func audit(_ file: String) throws -> AuditReport {
        let root = ReaderTestSupport.repositoryRoot
        let definition = try TestSupport.loadProtocol(path: root.appendingPathComponent("Protocols/NCT07177794.yaml").path)
        return Auditor(definition: definition).audit(inputs: [root.appendingPathComponent("Examples/NCT07177794/\(file)").path])
    }

    @Test("GZ-0001's treatment-duration finding is dated on the first day past one year from the first dose", arguments: ["site-records.yaml", "site-records.ndjson"])
    func treatmentDuration(_ file: String) throws {
        let report = try Self.audit(file)
        let finding = try #require(report.findings.first { $0.patient == "GZ-0001" && $0.check == "treatment-duration" })
        #expect(finding.status == .deviation)
        // First dose 2025-09-25, last allowed day 2026-09-25; capecitabine ran to 2026-10-15.
        #expect(finding.date == "2026-09-26")
        #expect(try #require(finding.date) > "2025-09-25")
        #expect(finding.window == DateWindow("allowed treatment period", from: try #require(CalendarDay(year: 2025, month: 9, day: 25)), to: try #require(CalendarDay(year: 2026, month: 9, day: 25))))
    }

    @Test("Enrollment-date and birth-date evidence points at the value's own line in the YAML example")
    func evidenceLines() throws {
        let report = try Self.audit("site-records.yaml")
        let lines = try String(contentsOf: ReaderTestSupport.repositoryRoot.appendingPathComponent("Examples/NCT07177794/site-records.yaml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        var checked = 0
        for finding in report.findings {
            for item in finding.evidence where item.name == "enrollment date" || item.name == "birth date" {
                let location = try #require(item.location)
                let line = try #require(location.line)
                let column = try #require(location.column)
                let text = lines[line - 1]
                // The value (or the quote that opens it) starts at the column given.
                let atValue = text.dropFirst(column - 1)
                #expect(atValue.hasPrefix(item.value) || atValue.hasPrefix("\"\(item.value)"), "\(finding.patient) \(finding.check) \(item.name) at \(location)")
                checked += 1
            }
        }
        #expect(checked > 50)
    }
}


@Suite("Record-level value locations in the converted formats")
struct ConvertedFormatLocationTests {
    /// The text at `location`, read from its file.
    static func text(at location: TrialCheckCore.SourceLocation) throws -> Substring {
        let lines = try String(contentsOfFile: location.file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(location.line)
        let column = try #require(location.column)
        return Substring(lines[line - 1].unicodeScalars.dropFirst(column - 1))
    }

    @Test("CSV, FHIR and SDTM: the enrollment date and birth date are located at the cell or value they were read from", arguments: [
        "csv/site-records.csv", "fhir", "sdtm",
    ])
    func located(_ input: String) throws {
        let path = ReaderTestSupport.repositoryRoot.appendingPathComponent("Examples/formats/\(input)").path
        let result = try ReaderTestSupport.read(path)
        #expect(result.patients.count > 10)
        for patient in result.patients {
            let enrollment = try #require(patient.fieldLocations.enrollmentDate, "\(patient.id)")
            let atDate = try Self.text(at: enrollment)
            #expect(atDate.hasPrefix(patient.enrollment.date.description) || atDate.hasPrefix("\"\(patient.enrollment.date)"), "\(patient.id) at \(enrollment)")
            if let birth = patient.birthDate {
                let location = try #require(patient.fieldLocations.birthDate, "\(patient.id)")
                let atBirth = try Self.text(at: location)
                #expect(atBirth.hasPrefix(birth.description) || atBirth.hasPrefix("\"\(birth)"), "\(patient.id) at \(location)")
            }
        }
    }
}
