import Testing
import TrialCheckCore

@Suite("PartialDate")
struct PartialDateTests {
    struct Parsed: Sendable, CustomTestStringConvertible {
        let text: String
        let year: Int
        let month: Int?
        let day: Int?
        let first: String
        let last: String
        let description: String
        var testDescription: String { text }
    }

    @Test("Full and partial dates parse to the whole span they could be", arguments: [
        Parsed(text: "2026-01-20", year: 2026, month: 1, day: 20, first: "2026-01-20", last: "2026-01-20", description: "2026-01-20"),
        Parsed(text: "2024-02", year: 2024, month: 2, day: nil, first: "2024-02-01", last: "2024-02-29", description: "2024-02"),
        Parsed(text: "2025-02", year: 2025, month: 2, day: nil, first: "2025-02-01", last: "2025-02-28", description: "2025-02"),
        Parsed(text: "2000-02", year: 2000, month: 2, day: nil, first: "2000-02-01", last: "2000-02-29", description: "2000-02"),
        Parsed(text: "1900-02", year: 1900, month: 2, day: nil, first: "1900-02-01", last: "1900-02-28", description: "1900-02"),
        Parsed(text: "2025-04", year: 2025, month: 4, day: nil, first: "2025-04-01", last: "2025-04-30", description: "2025-04"),
        Parsed(text: "2025-12", year: 2025, month: 12, day: nil, first: "2025-12-01", last: "2025-12-31", description: "2025-12"),
        Parsed(text: "2026", year: 2026, month: nil, day: nil, first: "2026-01-01", last: "2026-12-31", description: "2026"),
        Parsed(text: "1961", year: 1961, month: nil, day: nil, first: "1961-01-01", last: "1961-12-31", description: "1961"),
        Parsed(text: "2024-02-29", year: 2024, month: 2, day: 29, first: "2024-02-29", last: "2024-02-29", description: "2024-02-29"),
        Parsed(text: "2000-02-29", year: 2000, month: 2, day: 29, first: "2000-02-29", last: "2000-02-29", description: "2000-02-29"),
        Parsed(text: "1969-12-31", year: 1969, month: 12, day: 31, first: "1969-12-31", last: "1969-12-31", description: "1969-12-31"),
        Parsed(text: "2026-01-20T09:30", year: 2026, month: 1, day: 20, first: "2026-01-20", last: "2026-01-20", description: "2026-01-20"),
        Parsed(text: "2026-01-20T23:59:59-05:00", year: 2026, month: 1, day: 20, first: "2026-01-20", last: "2026-01-20", description: "2026-01-20"),
        Parsed(text: "2026-01-20T09:30:00+08:00", year: 2026, month: 1, day: 20, first: "2026-01-20", last: "2026-01-20", description: "2026-01-20"),
    ])
    func parses(_ expected: Parsed) throws {
        let date = try #require(PartialDate(iso8601: expected.text))
        #expect(date.year == expected.year)
        #expect(date.month == expected.month)
        #expect(date.day == expected.day)
        #expect(date.isComplete == (expected.day != nil))
        #expect(date.span.first.description == expected.first)
        #expect(date.span.last.description == expected.last)
        #expect(date.span.isSingleDay == (expected.day != nil))
        #expect(date.description == expected.description)
        // What the description prints parses back to the same date.
        #expect(PartialDate(iso8601: date.description) == date)
    }

    @Test("Text that is not an ISO 8601 calendar date is rejected", arguments: [
        "2025-02-29", "1900-02-29", "2025-04-31", "2025-01-32", "2025-01-00", "2025-13", "2025-00", "2025-13-01",
        "20250101", "2025-1-5", "2025-01-5", "2025-1", "", " ", "2025-", "2025-01-", "-2025", "abcd", "2025/01/01",
        "2025.01.01", " 2025-01-01", "2025-01-01 ", "2025-01-20T", "2025-01T09:30", "2025T09:30", "2025-01-20 09:30",
        "25-01-01", "02025-01-01", "2025-01-0a", "+2025-01-01",
    ])
    func rejects(_ text: String) {
        #expect(PartialDate(iso8601: text) == nil)
    }

    @Test("Parses from a Substring as well as a String")
    func substring() throws {
        let line = "date: 2025-11-19, more"
        let slice = line.dropFirst(6).prefix(10)
        let date = try #require(PartialDate(iso8601: slice))
        #expect(date.description == "2025-11-19")
    }

    @Test("A full date built from a CalendarDay matches the parsed one")
    func fromCalendarDay() {
        for ordinal in stride(from: -30_000, through: 30_000, by: 371) {
            let day = CalendarDay(ordinal: ordinal)
            let date = PartialDate(day)
            #expect(date.isComplete)
            #expect(date.span == DaySpan(day))
            #expect(PartialDate(iso8601: day.description) == date)
        }
    }

    @Test("A time part is ignored: the same day as the date alone")
    func timeIgnored() {
        #expect(PartialDate(iso8601: "2026-01-20T09:30") == PartialDate(iso8601: "2026-01-20"))
        #expect(PartialDate(iso8601: "2026-01-20T09:30")?.span == span("2026-01-20"))
    }

    @Test("The ISO 8601 description keeps four year digits")
    func fourDigitYear() throws {
        // ISO 8601 writes the year with four digits; CalendarDay pads, so PartialDate must too.
        let date = try #require(PartialDate(iso8601: "0999-05-01"))
        #expect(date.year == 999)
        #expect(date.description == "0999-05-01")
        #expect(PartialDate(iso8601: "0999")?.description == "0999")
    }

    @Test("Bytes parse as the same text does", arguments: [
        "2026-01-20", "2026-01", "2026", "2024-02-29", "2025-02-29", "2026-13", "2026-00-10", "2026-04-31",
        "2026-01-20T09:30", "2026-01-20T", "26-01-20", "2026-1-20", "2026/01/20", "", "abcd", " 2026", "2026-01-20Z",
    ])
    func bytesParseAsText(_ text: String) {
        let fromBytes = Array(text.utf8).withUnsafeBufferPointer { PartialDate(iso8601UTF8: $0) }
        #expect(fromBytes == PartialDate(iso8601: text))
        #expect(fromBytes?.span == PartialDate(iso8601: text)?.span)
    }

    /// Every month and day of a few years (leap and not, four-digit edges), written whole, as
    /// a month and as a year, and near misses of each form (every byte replaced by a digit,
    /// a hyphen, a `T`, a space or a letter; cut short; with a time part): each parses as the
    /// rule reads it, spelled out here with string operations.
    @Test("Dates and near misses parse as the rule reads them")
    func parsesAsTheRuleReads() {
        var texts: [String] = []
        for year in ["0000", "0001", "1900", "1999", "2000", "2023", "2024", "2100", "9999"] {
            texts.append(year)
            for month in 0...13 {
                let monthText = month < 10 ? "0\(month)" : "\(month)"
                texts.append("\(year)-\(monthText)")
                for day in 0...32 { texts.append("\(year)-\(monthText)-\(day < 10 ? "0\(day)" : "\(day)")") }
            }
        }
        for sample in ["2024-02-29", "2025-12", "2026", "2024-02-29T10:00Z", "2026-01-20T09:30:00+08:00"] {
            let bytes = Array(sample.utf8)
            for index in bytes.indices {
                for replacement in Array("0-T xZ".utf8) {
                    var changed = bytes
                    changed[index] = replacement
                    texts.append(String(decoding: changed, as: UTF8.self))
                }
                texts.append(String(decoding: bytes[..<index], as: UTF8.self))
            }
            texts.append(sample + "T")
            texts.append(sample + "T12")
            texts.append(sample + "0")
        }
        for text in texts {
            let parsed = PartialDate(iso8601: text)
            let expected = Self.rule(text)
            #expect(parsed.map { [$0.year, $0.month ?? 0, $0.day ?? 0] } == expected.map { [$0.year, $0.month ?? 0, $0.day ?? 0] }, "\(text)")
            if let parsed, let expected, !text.contains("Z") {
                #expect(parsed.span.first == CalendarDay(year: expected.year, month: expected.month ?? 1, day: expected.day ?? 1), "\(text)")
            }
        }
        #expect(texts.count > 4_000)
    }

    /// The ISO 8601 rule for a calendar date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a month
    /// 01-12, a day of that month, Gregorian leap years), a time part only after a whole
    /// date (its own reading is not the rule's concern here: it is read as on a known date).
    private static func rule(_ text: String) -> (year: Int, month: Int?, day: Int?)? {
        var date = text
        if let time = text.firstIndex(of: "T") {
            guard text.distance(from: text.startIndex, to: time) == 10,
                  PartialDate(iso8601: "2000-01-01" + text[time...]) != nil else { return nil }
            date = String(text[..<time])
        }
        let parts = date.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard [[4], [4, 2], [4, 2, 2]].contains(parts.map(\.count)),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]) else { return nil }
        guard parts.count > 1 else { return (year, nil, nil) }
        guard let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        guard parts.count > 2 else { return (year, month, nil) }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard let day = Int(parts[2]), (1...days).contains(day) else { return nil }
        return (year, month, day)
    }
}
