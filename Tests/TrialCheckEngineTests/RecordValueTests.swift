import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Values that are not what the format says are rejections of their record, located and
/// the same from both NDJSON decoders; never read as something else.
@Suite("Record values: ids and dates")
struct RecordValueTests {
    /// The rejections reading `text` (a file named `name`) gives.
    private static func rejections(_ text: String, name: String) throws -> [RecordRejection] {
        try ReaderTestSupport.read(try TestSupport.writeTemporary(text, name: name)).rejections
    }

    @Test("An id that is a Boolean is rejected; a number is read as its text (the format says so)", arguments: [
        ("- {id: true, enrollment: {date: 2026-01-20}}\n", "ids.yaml", 1, 8),
        (#"[{"id": false, "enrollment": {"date": "2026-01-20"}}]"#, "ids.json", 1, 9),
        (#"{"id": true, "enrollment": {"date": "2026-01-20"}}"#, "ids.ndjson", 1, 8),
    ])
    func booleanID(text: String, name: String, line: Int, column: Int) throws {
        let rejections = try Self.rejections(text, name: name)
        #expect(rejections.count == 1)
        let rejection = try #require(rejections.first)
        #expect(rejection.reason.hasPrefix("'id': expected a subject identifier (text, or a number read as its text), found a Boolean"))
        #expect(rejection.location.line == line && rejection.location.column == column, "\(rejection.location)")
        let numeric = try ReaderTestSupport.read(try TestSupport.writeTemporary("- {id: 1001, enrollment: {date: 2026-01-20}}\n", name: "n.yaml"))
        #expect(numeric.patients.map(\.id) == ["1001"])
    }

    static let badDates = [
        "2026-01-20Tgarbage", " 2026-01-20 ", "2026-01-20 ", " 2026-01-20", "2026-01-20T25:00", "2026-01-20T09:30+8",
        "2026-01-20T09:30Zulu", "2026-01-20T", "2026-01-20T09:60",
    ]

    @Test("A date with a bad time part, or spaces inside its quotes, rejects the record at the value", arguments: badDates)
    func badDate(text: String) throws {
        let json = #"{"id": "P1", "enrollment": {"date": "\#(text)"}}"#
        for (source, name) in [(json, "d.ndjson"), ("[\(json)]", "d.json"), ("- {id: P1, enrollment: {date: \"\(text)\"}}\n", "d.yaml")] {
            let rejections = try Self.rejections(source, name: name)
            #expect(rejections.count == 1, "\(name)")
            let rejection = try #require(rejections.first)
            #expect(rejection.reason == "'enrollment.date': expected an ISO 8601 date (2026-01-20, 2026-01 or 2026), found the text '\(text)'", "\(name)")
            #expect(rejection.patient == "P1")
            #expect(rejection.location.column != nil)
        }
    }

    @Test("Valid times are accepted: local, with an offset, in UTC, with fractions of a second", arguments: [
        "2026-01-20T09", "2026-01-20T09:30", "2026-01-20T09:30:15", "2026-01-20T09:30:15.250", "2026-01-20T09:30:00+08:00",
        "2026-01-20T09:30:00-0500", "2026-01-20T09:30:00+05", "2026-01-20T09:30Z",
    ])
    func goodTimes(text: String) throws {
        #expect(PartialDate(iso8601: text) != nil)
        let read = try ReaderTestSupport.read(try TestSupport.writeTemporary(#"{"id": "P1", "enrollment": {"date": "\#(text)"}}"#, name: "t.ndjson"))
        #expect(read.patients.count == 1)
    }
}
