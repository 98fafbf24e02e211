import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The 1-based column of the first occurrence of `needle` in `line`, counting characters.
func column(of needle: String, in line: String) -> Int {
    guard let range = line.range(of: needle) else { return -1 }
    return line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: range.lowerBound) + 1
}

/// The error a reader throws while opening or reading `path`, or `nil`.
private func inputError(path: String, format: InputFormat? = nil) -> InputError? {
    do {
        _ = try TestSupport.readAll(path: path, format: format)
        return nil
    } catch let error as InputError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

@Suite("HistoryReader: YAML and JSON documents")
struct HistoryDocumentTests {
    @Test("The YAML list form reads every field, keeps unknown keys, and locates records and events")
    func yamlList() throws {
        let path = try TestSupport.fixture("histories/list.yaml")
        let (reader, items) = try TestSupport.readAll(path: path)
        #expect(reader.format == .yaml)
        let patients = TestSupport.patients(items)
        #expect(TestSupport.rejections(items).isEmpty)
        #expect(patients.map(\.id) == ["P1", "0012"])

        let first = patients[0]
        #expect(first.site == "S1")
        #expect(first.sex == "female")
        #expect(first.birthDate?.description == "1961-04")
        #expect(first.enrollment.date.description == "2026-01-20")
        #expect(first.enrollment.arm == "A")
        #expect(first.attributes == ["mrn": .string("0042")])
        #expect(first.location == TrialCheckCore.SourceLocation(file: path, line: 2))
        #expect(first.events.map(\.type) == [.diagnosis, .radiotherapy, .condition])
        #expect(first.events.map { $0.location?.line } == [9, 10, 15])
        #expect(first.events[0].date?.description == "2025-08-04")
        #expect(first.events[0]["histology"] == .string("squamous cell carcinoma"))
        #expect(first.events[0]["stage"] == .string("III"))
        #expect(first.events[1].start?.description == "2025-10-13")
        #expect(first.events[1].end?.description == "2025-11-19")
        #expect(first.events[1].quantity("dose") == Quantity(50.4, "Gy"))
        #expect(first.events[1]["fractions"] == .number("28"))
        #expect(first.events[2]["onset"] == .string("2019-06"))

        let second = patients[1]
        #expect(second.age == 64)
        #expect(second.birthDate == nil)
        #expect(second.site == nil)
        #expect(second.enrollment.arm == nil)
        #expect(second.events.isEmpty)
        #expect(second.location?.line == 16)
    }

    @Test("The 'patients:' mapping form reads the header; 'site' is the default for records that name none")
    func yamlMapping() throws {
        let (reader, items) = try TestSupport.readAll(path: try TestSupport.fixture("histories/mapping.yaml"))
        let patients = TestSupport.patients(items)
        #expect(patients.map(\.id) == ["GZ-0001", "GZ-0002", "GZ-0003"])
        #expect(patients.map(\.site) == ["SYSUCC", "OTHER", "SYSUCC"])
        #expect(patients.map(\.enrollment.arm) == ["A", nil, nil])
        #expect(reader.declaredProtocol == "NCT07177794")
    }

    @Test("A JSON document reads like YAML; a numeric id is read as its text")
    func jsonDocument() throws {
        let path = try TestSupport.fixture("histories/document.json")
        let (reader, items) = try TestSupport.readAll(path: path)
        #expect(reader.format == .json)
        let patients = TestSupport.patients(items)
        #expect(TestSupport.rejections(items).isEmpty)
        #expect(patients.map(\.id) == ["J1", "7"])
        #expect(patients.map(\.site) == ["SYSUCC", "S2"])
        #expect(patients[0].birthDate?.description == "1961-04-02")
        #expect(patients[0].location?.line == 5)
        #expect(patients[0].events.first?.location?.line == 6)
        #expect(patients[0].events.first?["value"] == .number("182"))
        #expect(patients[1].age == 70)
        #expect(patients[1].enrollment.date.description == "2026-01")
        #expect(patients[1].location?.line == 7)
    }

    @Test("A JSON list document reads every record")
    func jsonList() throws {
        let items = try TestSupport.readAll(
            #"[{"id": "A", "enrollment": {"date": "2026-01-20"}}, {"id": "B", "enrollment": {"date": "2026-01-21"}}]"#,
            name: "list.json"
        )
        #expect(TestSupport.patients(items).map(\.id) == ["A", "B"])
    }

    @Test("Numeric ids keep the text they were written as", arguments: [
        ("- {id: 0012, enrollment: {date: 2026-01-20}}\n", "cohort.yaml", "0012"),
        ("- {id: 1.50, enrollment: {date: 2026-01-20}}\n", "cohort.yaml", "1.50"),
        ("- {id: '0012', enrollment: {date: 2026-01-20}}\n", "cohort.yaml", "0012"),
        (#"[{"id": 120, "enrollment": {"date": "2026-01-20"}}]"#, "cohort.json", "120"),
        (#"{"id": 1.0e2, "enrollment": {"date": "2026-01-20"}}"#, "cohort.ndjson", "1.0e2"),
    ])
    func numericID(text: String, name: String, expected: String) throws {
        let patients = TestSupport.patients(try TestSupport.readAll(text, name: name))
        #expect(patients.map(\.id) == [expected])
    }

    @Test("An empty document, comments only, or an empty 'patients' list is an empty input, not 0 patients", arguments: [
        ("", "empty.yaml"), ("# no one yet\n", "empty.yaml"), ("patients: []\n", "empty.yaml"),
        ("format: patient-history/1\nprotocol: NCT07177794\npatients: []\n", "empty.yaml"), ("[]", "empty.json"),
        ("", "empty.json"), ("{\"format\": \"patient-history/1\", \"patients\": []}", "empty.json"),
    ])
    func emptyDocuments(text: String, name: String) throws {
        let path = try TestSupport.writeTemporary(text, name: name)
        let error = try #require(inputError(path: path))
        guard case .empty(let reported, _) = error else {
            Issue.record("expected an empty input, got \(error)")
            return
        }
        #expect(reported == path)
        #expect(error.description.hasPrefix("\(path): error: the file is empty: no patient records"))
    }

    @Test("'patients' that is null or not a list is a located error, not an empty list", arguments: [
        ("patients:\n", "p.yaml", 1, 10), ("patients: 3\n", "p.yaml", 1, 11), ("{\"patients\": null}", "p.json", 1, 14),
        ("{\"patients\": {\"id\": \"P1\"}}", "p.json", 1, 14),
    ])
    func patientsNotAList(text: String, name: String, line: Int, column: Int) throws {
        let error = try #require(inputError(path: try TestSupport.writeTemporary(text, name: name)))
        guard case .malformed(let location, let reason) = error else {
            Issue.record("expected a malformed document, got \(error)")
            return
        }
        #expect(reason.hasPrefix("'patients': expected a list of patient records, found"), "\(reason)")
        #expect(location.line == line)
        #expect(location.column == column, "\(location)")
    }

    @Test("A repeated header key is a located error at the repeat, not a silent choice of one", arguments: [
        (#"{"patients": [], "patients": [{"id": "P1", "enrollment": {"date": "2026-01-20"}}]}"#, "dup.json", 1, 18, "'patients'"),
        ("{\"site\": \"A\",\n \"site\": \"B\", \"patients\": []}", "dup.json", 2, 2, "'site'"),
        ("patients: []\npatients:\n  - {id: P1, enrollment: {date: 2026-01-20}}\n", "dup.yaml", 2, 1, "'patients'"),
    ])
    func repeatedHeaderKey(text: String, name: String, line: Int, column: Int, key: String) throws {
        let error = try #require(inputError(path: try TestSupport.writeTemporary(text, name: name)))
        guard case .malformed(let location, let reason) = error else {
            Issue.record("expected a malformed document, got \(error)")
            return
        }
        #expect(reason.contains("duplicate key \(key)"), "\(reason)")
        #expect(location.line == line)
        #expect(location.column == column, "\(location)")
    }

    @Test("A 'format' header other than patient-history/1 is a malformed-input error at the header value")
    func unsupportedFormat() throws {
        let path = try TestSupport.writeTemporary(
            "protocol: NCT07177794\nformat: patient-history/2\npatients:\n  - {id: P1, enrollment: {date: 2026-01-20}}\n",
            name: "v2.yaml"
        )
        let error = try #require(inputError(path: path))
        guard case .malformed(let location, let reason) = error else {
            Issue.record("expected malformed, got \(error)")
            return
        }
        #expect(location == TrialCheckCore.SourceLocation(file: path, line: 2, column: 9))
        #expect(reason.contains("unsupported format"))
        #expect(reason.contains("patient-history/2"))
        #expect(reason.contains("patient-history/1"))
    }

    @Test("'format: patient-history/1' is accepted in JSON too, and another version is not")
    func formatHeaderJSON() throws {
        let good = #"{"format": "patient-history/1", "patients": [{"id": "A", "enrollment": {"date": "2026-01-20"}}]}"#
        #expect(TestSupport.patients(try TestSupport.readAll(good, name: "a.json")).count == 1)
        let bad = "{\n  \"format\": \"patient-history/2\",\n  \"patients\": []\n}"
        let error = try #require(inputError(path: try TestSupport.writeTemporary(bad, name: "b.json")))
        #expect(error.location.line == 2)
        #expect(error.location.column == 13)
    }

    @Test("A malformed YAML file is InputError.malformed with line and column")
    func malformedYAML() throws {
        let yaml = """
            - id: P1
              enrollment: {date: 2026-01-20}
            - id: P2
              enrollment: {date: 2026-01-21
            - id: P3
              enrollment: {date: 2026-01-22}
            """
        let path = try TestSupport.writeTemporary(yaml, name: "bad.yaml")
        let error = try #require(inputError(path: path))
        guard case .malformed(let location, let reason) = error else {
            Issue.record("expected malformed, got \(error)")
            return
        }
        #expect(location.file == path)
        // libyaml finds the unclosed flow mapping at the ':' of the next record's key.
        #expect(location.line == 5)
        #expect(location.column == 5)
        #expect(reason.contains("invalid YAML"))
        #expect(reason.contains("did not find expected ',' or '}'"))
        #expect(error.description.hasPrefix("\(path):5:5: error: "))
    }

    @Test("A malformed JSON document is InputError.malformed with line and column")
    func malformedJSON() throws {
        let json = "[\n  {\"id\": \"A\", \"enrollment\": {\"date\": \"2026-01-20\"}},\n  {\"id\": \"B\",, }\n]"
        let path = try TestSupport.writeTemporary(json, name: "bad.json")
        let error = try #require(inputError(path: path))
        #expect(error == .malformed(
            location: TrialCheckCore.SourceLocation(file: path, line: 3, column: 14),
            reason: "expected a key in double quotes, found ','"
        ))
    }

    @Test("A document that is neither a list nor a mapping with 'patients' is malformed", arguments: [
        ("just text\n", "x.yaml", "found the text 'just text'"),
        ("id: P1\nenrollment: {date: 2026-01-20}\n", "x.yaml", "without 'patients'"),
        ("patients: {id: P1}\n", "x.yaml", "'patients': expected a list"),
        ("42", "x.json", "found the number 42"),
    ])
    func wrongShape(text: String, name: String, message: String) throws {
        let error = try #require(inputError(path: try TestSupport.writeTemporary(text, name: name)))
        #expect(error.reason.contains(message), "\(error.reason)")
        #expect(error.location.line != nil)
    }

    @Test("A YAML file that is not UTF-8 is malformed")
    func notUTF8() throws {
        let path = try TestSupport.writeTemporary([0x2D, 0x20, 0xFF, 0xFE, 0x0A], name: "latin.yaml")
        let error = try #require(inputError(path: path))
        guard case .malformed = error else {
            Issue.record("expected malformed, got \(error)")
            return
        }
    }

    @Test("A YAML duplicate key makes the document malformed, located")
    func yamlDuplicateKey() throws {
        let path = try TestSupport.writeTemporary(
            "- id: P1\n  enrollment: {date: 2026-01-20}\n  id: P2\n", name: "dup.yaml"
        )
        let error = try #require(inputError(path: path))
        #expect(error.reason.contains("duplicate key 'id'"), "\(error.reason)")
        #expect(error.location.line != nil && error.location.column != nil)
    }

    @Test("A file that cannot be opened is InputError.unreadable")
    func unreadable() throws {
        let path = try TestSupport.temporaryFolder().appendingPathComponent("does-not-exist/cohort.ndjson").path
        let error = try #require(inputError(path: path))
        guard case .unreadable(let errorPath, let reason) = error else {
            Issue.record("expected unreadable, got \(error)")
            return
        }
        #expect(errorPath == path)
        #expect(!reason.isEmpty)
        #expect(error.location == TrialCheckCore.SourceLocation(file: path))
    }

    @Test("A folder is unreadable, not an empty input")
    func folder() throws {
        let path = try TestSupport.temporaryFolder().path
        let error = try #require(inputError(path: path, format: .ndjson))
        guard case .unreadable(let reported, let reason) = error else {
            Issue.record("expected an unreadable-input error, got \(error)")
            return
        }
        #expect(reported == path)
        #expect(reason.contains("it is a folder"))
    }

    @Test("The reader's SHA-256 is the hash of the bytes read", arguments: [
        "histories/list.yaml", "histories/mapping.yaml", "histories/document.json", "histories/stream.ndjson",
    ])
    func sha256(fixture: String) throws {
        let path = try TestSupport.fixture(fixture)
        let (reader, _) = try TestSupport.readAll(path: path)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(reader.sha256 == ReferenceSHA256.hex(bytes))
    }

    @Test("A sniffed input hashes the bytes peeked at as well")
    func sha256Sniffed() throws {
        let text = "- {id: P1, enrollment: {date: 2026-01-20}}\n"
        let path = try TestSupport.writeTemporary(text, name: "cohort.txt")
        let (reader, items) = try TestSupport.readAll(path: path)
        #expect(reader.format == .yaml)
        #expect(items.count == 1)
        #expect(reader.sha256 == ReferenceSHA256.hex(Array(text.utf8)))
    }
}

@Suite("HistoryReader: NDJSON streams")
struct HistoryStreamTests {
    @Test("Blank lines are skipped, a bad line is rejected alone, and a last line without a newline is read")
    func fixtureStream() throws {
        let path = try TestSupport.fixture("histories/stream.ndjson")
        let (reader, items) = try TestSupport.readAll(path: path)
        #expect(reader.format == .ndjson)
        #expect(items.count == 4)
        #expect(TestSupport.patients(items).map(\.id) == ["N1", "N3", "N4"])
        #expect(TestSupport.patients(items).map { $0.location?.line } == [1, 4, 5])
        let rejections = TestSupport.rejections(items)
        #expect(rejections.count == 1)
        let badLine = #"{"id": "N2", "enrollment": {"date": "2026-01-20"}, bad json"#
        #expect(rejections.first?.location == TrialCheckCore.SourceLocation(file: path, line: 3, column: column(of: "bad", in: badLine)))
        #expect(rejections.first?.reason.hasPrefix("invalid JSON: ") == true)
        // The rejected item sits in input order.
        if case .rejected = items[1] {} else { Issue.record("the second item should be the rejected line") }
    }

    /// One bad record on a line: the rejection's line, the text its column points at, and
    /// words the reason must contain.
    struct BadRecord: Sendable, CustomTestStringConvertible {
        let name: String
        let line: String
        let columnOf: String?
        let reason: [String]
        var testDescription: String { name }
    }

    static let badRecords: [BadRecord] = [
        BadRecord(name: "no id", line: #"{"site": "S1", "enrollment": {"date": "2026-01-20"}}"#, columnOf: nil, reason: ["no 'id'"]),
        BadRecord(name: "empty id", line: #"{"id": "", "enrollment": {"date": "2026-01-20"}}"#, columnOf: #""""#, reason: ["'id'", "subject identifier"]),
        BadRecord(name: "blank id", line: #"{"id": "  ", "enrollment": {"date": "2026-01-20"}}"#, columnOf: #""  ""#, reason: ["'id'"]),
        BadRecord(name: "null id", line: #"{"id": null, "enrollment": {"date": "2026-01-20"}}"#, columnOf: "null", reason: ["'id'", "null"]),
        BadRecord(name: "list id", line: #"{"id": ["a"], "enrollment": {"date": "2026-01-20"}}"#, columnOf: "[", reason: ["'id'", "a list"]),
        BadRecord(name: "no enrollment", line: #"{"id": "X1", "site": "S1"}"#, columnOf: nil, reason: ["no 'enrollment'"]),
        BadRecord(name: "enrollment without date", line: #"{"id": "X1", "enrollment": {"arm": "A"}}"#, columnOf: #"{"arm""#, reason: ["'enrollment' has no 'date'"]),
        BadRecord(name: "enrollment not a mapping", line: #"{"id": "X1", "enrollment": "2026-01-20"}"#, columnOf: #""2026"#, reason: ["'enrollment': expected a mapping"]),
        BadRecord(name: "events not a list", line: #"{"id": "X1", "enrollment": {"date": "2026-01-20"}, "events": {"type": "lab"}}"#, columnOf: #"{"type""#, reason: ["'events': expected a list"]),
        BadRecord(name: "event not a mapping", line: #"{"id": "X1", "enrollment": {"date": "2026-01-20"}, "events": ["lab"]}"#, columnOf: #""lab""#, reason: ["event 1: expected a mapping"]),
        BadRecord(name: "event without type", line: #"{"id": "X1", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "lab", "date": "2026-01-01"}, {"date": "2025-01-01"}]}"#, columnOf: #"{"date": "2025"#, reason: ["event 2 has no 'type'"]),
        BadRecord(name: "event with empty type", line: #"{"id": "X1", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "", "date": "2025-01-01"}]}"#, columnOf: #"{"type""#, reason: ["event 1 has no 'type'"]),
        BadRecord(name: "end before start", line: #"{"id": "X1", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "radiotherapy", "start": "2025-11-19", "end": "2025-10-13"}]}"#, columnOf: #"{"type": "radio"#, reason: ["radiotherapy ends (2025-10-13) before it starts (2025-11-19)"]),
        BadRecord(name: "a record that is a list", line: #"[{"id": "X1"}]"#, columnOf: "[", reason: ["expected a patient record", "found a list"]),
        BadRecord(name: "a record that is a number", line: "42", columnOf: "42", reason: ["expected a patient record", "the number 42"]),
        BadRecord(name: "age not a whole number", line: #"{"id": "X1", "age": "sixty", "enrollment": {"date": "2026-01-20"}}"#, columnOf: #""sixty""#, reason: ["'age'", "whole number"]),
        BadRecord(name: "negative age", line: #"{"id": "X1", "age": -3, "enrollment": {"date": "2026-01-20"}}"#, columnOf: "-3", reason: ["'age'"]),
        BadRecord(name: "site not text", line: #"{"id": "X1", "site": {"code": "S"}, "enrollment": {"date": "2026-01-20"}}"#, columnOf: #"{"code""#, reason: ["'site': expected text"]),
        BadRecord(name: "arm not text", line: #"{"id": "X1", "enrollment": {"date": "2026-01-20", "arm": ["A"]}}"#, columnOf: #"["A"]"#, reason: ["'enrollment.arm': expected text"]),
    ]

    @Test("Each bad record is rejected with its location and reason; the line after it is still read", arguments: badRecords)
    func badRecord(_ bad: BadRecord) throws {
        let good = #"{"id": "OK", "enrollment": {"date": "2026-01-20"}}"#
        let path = try TestSupport.writeTemporary("\(good)\n\(bad.line)\n\(good.replacingOccurrences(of: "OK", with: "OK2"))\n", name: "s.ndjson")
        let (_, items) = try TestSupport.readAll(path: path)
        #expect(TestSupport.patients(items).map(\.id) == ["OK", "OK2"])
        let rejection = try #require(TestSupport.rejections(items).first)
        #expect(TestSupport.rejections(items).count == 1)
        let expectedColumn = bad.columnOf.map { column(of: $0, in: bad.line) } ?? 1
        #expect(rejection.location == TrialCheckCore.SourceLocation(file: path, line: 2, column: expectedColumn), "\(rejection.reason)")
        for word in bad.reason {
            #expect(rejection.reason.contains(word), "reason: \(rejection.reason)")
        }
    }

    @Test("An unreadable date is rejected at that key, naming the key and the text", arguments: [
        (#"{"id": "D1", "enrollment": {"date": "2025-02-30"}}"#, "date", "2025-02-30", "enrollment.date"),
        (#"{"id": "D2", "enrollment": {"date": "2025-13"}}"#, "date", "2025-13", "enrollment.date"),
        (#"{"id": "D3", "birth_date": "02/04/1961", "enrollment": {"date": "2026-01-20"}}"#, "birth_date", "02/04/1961", "birth_date"),
        (#"{"id": "D4", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "diagnosis", "date": "2025-02-29"}]}"#, "date\": \"2025-02-29", "2025-02-29", "diagnosis date"),
        (#"{"id": "D5", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "radiotherapy", "start": "2025-10-13", "end": "yesterday"}]}"#, "end", "yesterday", "radiotherapy end"),
        (#"{"id": "D6", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "condition", "onset": "2019-6"}]}"#, "onset", "2019-6", "condition onset"),
        (#"{"id": "D7", "enrollment": {"date": 20260120}}"#, "date", "20260120", "enrollment.date"),
    ])
    func unreadableDate(line: String, key: String, text: String, keyName: String) throws {
        let path = try TestSupport.writeTemporary("\(line)\n", name: "dates.ndjson")
        let (_, items) = try TestSupport.readAll(path: path)
        #expect(TestSupport.patients(items).isEmpty)
        let rejection = try #require(TestSupport.rejections(items).first)
        #expect(rejection.location.file == path)
        #expect(rejection.location.line == 1)
        // The key, or its value: both point at the date at fault.
        let keyColumn = column(of: "\"\(key)\"", in: line)
        let valueColumn = column(of: text, in: line) - (line.contains("\"\(text)\"") ? 1 : 0)
        #expect(
            rejection.location.column == keyColumn || rejection.location.column == valueColumn,
            "column \(String(describing: rejection.location.column)); key at \(keyColumn), value at \(valueColumn)"
        )
        #expect(rejection.reason.contains(keyName), "\(rejection.reason)")
        #expect(rejection.reason.contains(text), "\(rejection.reason)")
        #expect(rejection.patient == line.split(separator: "\"")[3].description)
    }

    @Test("Partial dates and dates with a time are readable")
    func readableDates() throws {
        let line = #"{"id": "D", "birth_date": "1961", "enrollment": {"date": "2026-01-20T09:30"}, "events": [{"type": "radiotherapy", "start": "2025-10", "end": null}]}"#
        let patients = TestSupport.patients(try TestSupport.readAll(line, name: "d.ndjson"))
        let patient = try #require(patients.first)
        #expect(patient.birthDate?.description == "1961")
        #expect(patient.enrollment.date.description == "2026-01-20")
        #expect(patient.events.first?.start?.description == "2025-10")
        #expect(patient.events.first?.end == nil)
    }

    @Test("A duplicate key in a record is rejected at the second key")
    func duplicateKey() throws {
        let line = #"{"id": "K1", "site": "A", "enrollment": {"date": "2026-01-20"}, "site": "B"}"#
        let path = try TestSupport.writeTemporary(line + "\n", name: "dup.ndjson")
        let rejection = try #require(TestSupport.rejections(try TestSupport.readAll(path: path).items).first)
        #expect(rejection.location == TrialCheckCore.SourceLocation(file: path, line: 1, column: column(of: #""site": "B""#, in: line)))
        #expect(rejection.reason == "duplicate key 'site'")
    }

    @Test("A duplicate key inside an event or the enrollment is rejected at that key")
    func nestedDuplicateKey() throws {
        let lines = [
            #"{"id": "K2", "enrollment": {"date": "2026-01-20", "date": "2026-01-21"}}"#,
            #"{"id": "K3", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "lab", "test": "anc", "test": "wbc"}]}"#,
        ]
        let path = try TestSupport.writeTemporary(lines.joined(separator: "\n"), name: "dup.ndjson")
        let rejections = TestSupport.rejections(try TestSupport.readAll(path: path).items)
        #expect(rejections.map(\.location.column) == [column(of: #""date": "2026-01-21"#, in: lines[0]), column(of: #""test": "wbc"#, in: lines[1])])
        #expect(rejections.map(\.patient) == ["K2", "K3"])
        #expect(rejections.allSatisfy { $0.reason.contains("duplicate key") })
    }

    @Test("Unknown keys are kept in attributes, at record and event level, with their values")
    func unknownKeysKept() throws {
        let line = #"{"id": "U1", "mrn": "0042", "ecog": 1, "flags": {"smoker": true, "list": [1, "a", null]}, "enrollment": {"date": "2026-01-20"}, "events": [{"type": "biopsy", "date": "2025-01-02", "site": "esophagus", "onset": "2024"}]}"#
        let patient = try #require(TestSupport.patients(try TestSupport.readAll(line, name: "u.ndjson")).first)
        #expect(patient.attributes == [
            "mrn": .string("0042"),
            "ecog": .number("1"),
            "flags": .map(["smoker": .bool(true), "list": .list([.number("1"), .string("a"), .null])]),
        ])
        let event = try #require(patient.events.first)
        #expect(event.type == EventType(rawValue: "biopsy"))
        #expect(event.attributes == ["site": .string("esophagus"), "onset": .string("2024")])
    }

    @Test("CRLF line endings: lines and columns are as with LF, and nothing is rejected for the CR")
    func crlf() throws {
        let lines = [
            #"{"id": "C1", "enrollment": {"date": "2026-01-20"}}"#,
            "",
            #"{"id": "C2", "enrollment": {"date": "2026-01-20"}, oops}"#,
            #"{"id": "C3", "enrollment": {"date": "2025-02-30"}}"#,
            #"{"id": "C4", "enrollment": {"date": "2026-01-20"}}"#,
        ]
        let path = try TestSupport.writeTemporary(lines.joined(separator: "\r\n") + "\r\n", name: "crlf.ndjson")
        let (_, items) = try TestSupport.readAll(path: path)
        #expect(TestSupport.patients(items).map(\.id) == ["C1", "C4"])
        #expect(TestSupport.patients(items).map { $0.location?.line } == [1, 5])
        let rejections = TestSupport.rejections(items)
        #expect(rejections.map(\.location.line) == [3, 4])
        #expect(rejections.first?.location.column == column(of: "oops", in: lines[2]))
        #expect(rejections.last?.reason.contains("enrollment.date") == true)
    }

    @Test("A final line without a newline, with CRLF elsewhere, and whitespace-only lines")
    func finalLineAndWhitespace() throws {
        let text = "{\"id\": \"W1\", \"enrollment\": {\"date\": \"2026-01-20\"}}\r\n \t \r\n\r\n{\"id\": \"W2\", \"enrollment\": {\"date\": \"2026-01-21\"}}"
        let (_, items) = try TestSupport.readAll(path: try TestSupport.writeTemporary(text, name: "w.ndjson"))
        #expect(items.count == 2)
        #expect(TestSupport.patients(items).map { $0.location?.line } == [1, 4])
    }

    @Test("Trailing blank lines are skipped; a stream of no records is an empty input")
    func emptyStreams() throws {
        for text in ["", "\n\n\r\n  \n"] {
            let path = try TestSupport.writeTemporary(text, name: "e.ndjson")
            #expect(inputError(path: path) == .empty(path: path, found: nil))
        }
        let items = try TestSupport.readAll(#"{"id": "A", "enrollment": {"date": "2026-01-20"}}"# + "\n\n\n", name: "e.ndjson")
        #expect(items.count == 1)
    }

    @Test("Columns of a bad line count characters after non-ASCII text")
    func unicodeColumns() throws {
        let line = #"{"id": "Zoë-中", "enrollment": {"date": "2026-01-20"}, "x" 1}"#
        let path = try TestSupport.writeTemporary(line + "\n", name: "u.ndjson")
        let rejection = try #require(TestSupport.rejections(try TestSupport.readAll(path: path).items).first)
        #expect(rejection.location.column == column(of: " 1}", in: line) + 1)
    }

    @Test("Records longer than a read block, and lines that straddle blocks, are read whole")
    func longLines() throws {
        let long = String(repeating: "x", count: 200_000)
        var lines = [#"{"id": "L0", "note": "\#(long)", "enrollment": {"date": "2026-01-20"}}"#]
        for index in 1...3_000 {
            lines.append(#"{"id": "L\#(index)", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "lab", "date": "2026-01-12", "test": "anc", "value": \#(index)}]}"#)
        }
        let path = try TestSupport.writeTemporary(lines.joined(separator: "\n") + "\n", name: "long.ndjson")
        let (_, items) = try TestSupport.readAll(path: path)
        let patients = TestSupport.patients(items)
        #expect(TestSupport.rejections(items).isEmpty)
        #expect(patients.count == 3_001)
        #expect(patients.first?.attributes["note"]?.text?.count == 200_000)
        #expect(patients.last?.id == "L3000")
        #expect(patients.last?.location?.line == 3_001)
        #expect(patients.last?.events.first?["value"] == .number("3000"))
    }

    @Test("An NDJSON record keeps its line number as its location, and events keep theirs")
    func locations() throws {
        let path = try TestSupport.writeTemporary(
            "\n\n" + #"{"id": "A", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "lab", "date": "2026-01-12"}]}"# + "\n",
            name: "loc.ndjson"
        )
        let patient = try #require(TestSupport.patients(try TestSupport.readAll(path: path).items).first)
        #expect(patient.location == TrialCheckCore.SourceLocation(file: path, line: 3))
        #expect(patient.events.first?.location == TrialCheckCore.SourceLocation(file: path, line: 3))
    }
}

@Suite("InputFormat: detection")
struct InputFormatDetectionTests {
    @Test("The extension names the format", arguments: [
        ("cohort.ndjson", InputFormat?.some(.ndjson)),
        ("cohort.jsonl", .ndjson),
        ("cohort.json", .json),
        ("COHORT.JSON", .json),
        ("cohort.yaml", .yaml),
        ("cohort.yml", .yaml),
        ("data/site.v2.Yml", .yaml),
        ("-", nil),
        ("cohort.txt", nil),
        ("cohort", nil),
        ("json", nil),
    ])
    func fromExtension(path: String, expected: InputFormat?) {
        #expect(InputFormat.fromExtension(of: path) == expected)
    }

    @Test("Content sniffing", arguments: [
        ("[{\"id\": \"A\"}]", InputFormat.json),
        ("  \n[\n]", .json),
        ("{\"id\": \"A\"}\n{\"id\": \"B\"}\n", .ndjson),
        ("{\"id\": \"A\"}", .ndjson),
        ("{\n  \"patients\": []\n}\n", .json),
        ("- id: A\n", .yaml),
        ("patients:\n  - id: A\n", .yaml),
        ("# comment\n- id: A\n", .yaml),
        ("", .ndjson),
        ("\n\n", .ndjson),
    ])
    func sniff(text: String, expected: InputFormat) {
        #expect(InputFormat.sniff(Array(text.utf8)) == expected)
    }

    @Test("A first record longer than the sniffed prefix is still NDJSON")
    func longFirstLine() {
        let line = #"{"id": "A", "note": ""# + String(repeating: "y", count: 10_000) + #""}"# + "\n"
        #expect(InputFormat.sniff(Array(Array(line.utf8).prefix(4096))) == .ndjson)
    }

    @Test("A reader detects the format from the extension, else the content, unless told", arguments: [
        ("stream.txt", "{\"id\": \"A\", \"enrollment\": {\"date\": \"2026-01-20\"}}\n", nil, InputFormat.ndjson),
        ("cohort.txt", "- {id: A, enrollment: {date: 2026-01-20}}\n", nil, .yaml),
        ("cohort", "[{\"id\": \"A\", \"enrollment\": {\"date\": \"2026-01-20\"}}]", nil, .json),
        ("cohort.json", "{\"id\": \"A\", \"enrollment\": {\"date\": \"2026-01-20\"}}\n", InputFormat.ndjson, .ndjson),
        ("cohort.yaml", "[{\"id\": \"A\", \"enrollment\": {\"date\": \"2026-01-20\"}}]", nil, .yaml),
    ] as [(String, String, InputFormat?, InputFormat)])
    func readerDetection(name: String, text: String, override: InputFormat?, expected: InputFormat) throws {
        let (reader, items) = try TestSupport.readAll(path: try TestSupport.writeTemporary(text, name: name), format: override)
        #expect(reader.format == expected)
        #expect(TestSupport.patients(items).map(\.id) == ["A"])
    }
}

@Suite("Data cut-off")
struct DataCutoffReadingTests {
    static func read(_ text: String, name: String, cutoff: PartialDate? = nil) throws -> [ReadItem] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cutoff-\(UUID().uuidString)-\(name)")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try HistoryReader(path: url.path, dataCutoff: cutoff)
        var items: [ReadItem] = []
        while let item = try reader.next() { items.append(item) }
        return items
    }

    static func cutoffs(_ items: [ReadItem]) -> [String?] {
        items.map { item in
            if case .patient(let patient) = item { return patient.dataCutoff?.description }
            return "rejected"
        }
    }

    @Test("A file header's data_cutoff applies to its records; a record's own wins")
    func header() throws {
        let yaml = "data_cutoff: 2026-11-01\npatients:\n  - {id: A, enrollment: {date: 2026-01-20}}\n  - {id: B, data_cutoff: 2026-10-01, enrollment: {date: 2026-01-20}}\n"
        #expect(Self.cutoffs(try Self.read(yaml, name: "h.yaml")) == ["2026-11-01", "2026-10-01"])
    }

    @Test("The command line's cut-off applies where the file gives none")
    func commandLine() throws {
        let ndjson = "{\"id\": \"A\", \"enrollment\": {\"date\": \"2026-01-20\"}}\n{\"id\": \"B\", \"data_cutoff\": \"2026-10-01\", \"enrollment\": {\"date\": \"2026-01-20\"}}\n"
        #expect(Self.cutoffs(try Self.read(ndjson, name: "c.ndjson", cutoff: PartialDate(iso8601: "2026-09-30"))) == ["2026-09-30", "2026-10-01"])
    }

    @Test("An unreadable cut-off is a located error")
    func unreadable() throws {
        #expect(throws: InputError.self) { try Self.read("data_cutoff: soon\npatients: []\n", name: "bad.yaml") }
        let items = try Self.read("{\"id\": \"A\", \"data_cutoff\": \"2026-13-01\", \"enrollment\": {\"date\": \"2026-01-20\"}}\n", name: "bad.ndjson")
        #expect(Self.cutoffs(items) == ["rejected"])
    }
}
