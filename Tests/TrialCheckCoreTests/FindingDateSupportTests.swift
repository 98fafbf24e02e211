import Testing
import TrialCheckCore

/// The model's support for dating findings and locating record-level values.
@Suite("Finding dates and record locations in the model")
struct FindingDateSupportTests {
    @Test("A span that is exactly a day, a month or a year reads back as that date; any other has none", arguments: [
        ("2026-01-20", "2026-01-20", "2026-01-20"),
        ("2026-02-01", "2026-02-28", "2026-02"),
        ("2024-02-01", "2024-02-29", "2024-02"),
        ("2026-01-01", "2026-12-31", "2026"),
        ("2026-01-02", "2026-01-31", nil),
        ("2026-01-01", "2026-01-30", nil),
        ("2026-01-01", "2026-02-28", nil),
        ("2025-12-01", "2026-01-31", nil),
        ("2026-02-01", "2026-12-31", nil),
    ] as [(String, String, String?)])
    func exactly(_ first: String, _ last: String, _ expected: String?) {
        #expect(PartialDate(exactly: DaySpan(day(first), day(last)))?.description == expected)
    }

    @Test("The earliest date: by first possible day, then last, then the first listed")
    func earliest() {
        #expect(PartialDate.earliest(of: [date("2026-02-03"), date("2026-01"), date("2026-01-15")]) == date("2026-01"))
        #expect(PartialDate.earliest(of: [date("2026"), date("2026-01"), date("2026-01-01")]) == date("2026-01-01"))
        #expect(PartialDate.earliest(of: [PartialDate]()) == nil)
    }

    @Test("An event's start and end dates, as written")
    func eventDates() {
        let span = Event(type: .administration, start: date("2026-01-22"), end: date("2026-03"))
        #expect(span.startDate == date("2026-01-22"))
        #expect(span.endDate == date("2026-03"))
        let ongoing = Event(type: .administration, start: date("2026-01-22"))
        #expect(ongoing.endDate == nil)
        let day = Event(type: .lab, date: date("2026-01-12"))
        #expect(day.startDate == date("2026-01-12") && day.endDate == date("2026-01-12"))
        #expect(Event(type: .surgery, end: date("2025-12")).startDate == date("2025-12"))
    }

    @Test("Record-level evidence points at the value where it is located, else at the record")
    func evidence() {
        let record = SourceLocation(file: "site.yaml", line: 12)
        var patient = PatientHistory(
            id: "P1", birthDate: date("1961-04-02"), age: 64, enrollment: Enrollment(date: date("2026-01-20"), arm: "A"),
            dataCutoff: date("2026-10-31"), location: record
        )
        #expect(Evidence.enrollmentDate(of: patient) == Evidence("enrollment date", "2026-01-20", at: record))
        #expect(Evidence.arm(of: patient) == Evidence("arm", "A", at: record))
        patient.fieldLocations = RecordLocations(
            birthDate: SourceLocation(file: "site.yaml", line: 15, column: 17),
            age: SourceLocation(file: "site.yaml", line: 16, column: 10),
            enrollmentDate: SourceLocation(file: "site.yaml", line: 18, column: 13),
            arm: SourceLocation(file: "site.yaml", line: 19, column: 12),
            dataCutoff: SourceLocation(file: "site.yaml", line: 2, column: 14)
        )
        #expect(Evidence.enrollmentDate(of: patient).location == SourceLocation(file: "site.yaml", line: 18, column: 13))
        #expect(Evidence.birthDate(of: patient) == Evidence("birth date", "1961-04-02", at: SourceLocation(file: "site.yaml", line: 15, column: 17)))
        #expect(Evidence.recordedAge(of: patient) == Evidence("recorded age", "64", at: SourceLocation(file: "site.yaml", line: 16, column: 10)))
        #expect(Evidence.arm(of: patient).location == SourceLocation(file: "site.yaml", line: 19, column: 12))
        #expect(Evidence.dataCutoff(of: patient)?.location == SourceLocation(file: "site.yaml", line: 2, column: 14))
        #expect(patient.location(of: .site) == record)
        for field in RecordField.allCases {
            var locations = RecordLocations()
            locations[field] = SourceLocation(file: "x", line: 1, column: 1)
            #expect(locations[field] == SourceLocation(file: "x", line: 1, column: 1))
            #expect(RecordField.allCases.filter { locations[$0] != nil } == [field])
        }
        patient.birthDate = nil
        #expect(Evidence.birthDate(of: patient) == nil)
    }
}
