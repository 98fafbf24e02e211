import Testing
import TrialCheckCore

@Suite("CalendarDay")
struct CalendarDayTests {
    /// Ordinals computed independently (days since 1970-01-01 in the proleptic Gregorian calendar).
    @Test("Known dates have the right ordinal and print as ISO 8601", arguments: [
        (1970, 1, 1, 0, "1970-01-01"),
        (1970, 1, 2, 1, "1970-01-02"),
        (1969, 12, 31, -1, "1969-12-31"),
        (2000, 1, 1, 10_957, "2000-01-01"),
        (2000, 2, 29, 11_016, "2000-02-29"),
        (2000, 3, 1, 11_017, "2000-03-01"),
        (1900, 2, 28, -25_509, "1900-02-28"),
        (1900, 3, 1, -25_508, "1900-03-01"),
        (2024, 2, 29, 19_782, "2024-02-29"),
        (2024, 3, 1, 19_783, "2024-03-01"),
        (1600, 1, 1, -135_140, "1600-01-01"),
        (1, 1, 1, -719_162, "0001-01-01"),
        (1961, 4, 2, -3_196, "1961-04-02"),
        (2025, 11, 19, 20_411, "2025-11-19"),
        (2025, 12, 31, 20_453, "2025-12-31"),
        (2026, 1, 20, 20_473, "2026-01-20"),
        (9999, 12, 31, 2_932_896, "9999-12-31"),
    ])
    func knownOrdinals(year: Int, month: Int, dayOfMonth: Int, ordinal: Int, text: String) throws {
        let day = try #require(CalendarDay(year: year, month: month, day: dayOfMonth))
        #expect(day.ordinal == ordinal)
        #expect(day.description == text)
        let components = CalendarDay(ordinal: ordinal).components
        #expect(components.year == year)
        #expect(components.month == month)
        #expect(components.day == dayOfMonth)
    }

    @Test("Ordinal -> components -> ordinal round trips, including negative ordinals")
    func ordinalRoundTrip() throws {
        for ordinal in stride(from: -800_000, through: 3_000_000, by: 977) {
            let (year, month, dayOfMonth) = CalendarDay(ordinal: ordinal).components
            let rebuilt = try #require(CalendarDay(year: year, month: month, day: dayOfMonth))
            #expect(rebuilt.ordinal == ordinal)
        }
    }

    @Test("Consecutive ordinals walk the calendar one day at a time, 1896 to 2104")
    func consecutiveDays() throws {
        let first = try #require(CalendarDay(year: 1896, month: 1, day: 1))
        let last = try #require(CalendarDay(year: 2104, month: 12, day: 31))
        var expected = (year: 1896, month: 1, day: 1)
        for day in first...last {
            let components = day.components
            #expect(components == expected, "day \(day.ordinal)")
            if expected.day < CalendarDay.daysIn(month: expected.month, year: expected.year) {
                expected.day += 1
            } else if expected.month < 12 {
                expected = (expected.year, expected.month + 1, 1)
            } else {
                expected = (expected.year + 1, 1, 1)
            }
        }
    }

    @Test("Leap years follow the Gregorian rule", arguments: [
        (2000, true), (1900, false), (2024, true), (2023, false), (2100, false), (1600, true), (2400, true), (1996, true),
    ])
    func leapYears(year: Int, isLeap: Bool) {
        #expect(CalendarDay.isLeap(year) == isLeap)
        #expect(CalendarDay.daysIn(month: 2, year: year) == (isLeap ? 29 : 28))
        #expect((CalendarDay(year: year, month: 2, day: 29) != nil) == isLeap)
        // The year has 365 or 366 days.
        let start = CalendarDay(year: year, month: 1, day: 1)!
        let next = CalendarDay(year: year + 1, month: 1, day: 1)!
        #expect(start.distance(to: next) == (isLeap ? 366 : 365))
    }

    @Test("Month lengths")
    func monthLengths() {
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for (index, length) in lengths.enumerated() {
            #expect(CalendarDay.daysIn(month: index + 1, year: 2025) == length)
        }
    }

    @Test("Dates that do not exist are rejected", arguments: [
        (2025, 2, 29), (1900, 2, 29), (2100, 2, 29), (2000, 2, 30), (2025, 4, 31), (2025, 6, 31), (2025, 9, 31),
        (2025, 11, 31), (2025, 1, 32), (2025, 0, 1), (2025, 13, 1), (2025, 1, 0), (2025, -1, 1), (2025, 1, -1),
    ])
    func invalidDates(year: Int, month: Int, dayOfMonth: Int) {
        #expect(CalendarDay(year: year, month: month, day: dayOfMonth) == nil)
    }

    @Test("Strideable and Comparable are day arithmetic")
    func arithmetic() {
        let epoch = CalendarDay(ordinal: 0)
        #expect(epoch.advanced(by: -1).description == "1969-12-31")
        #expect(epoch.advanced(by: 365).description == "1971-01-01")
        #expect(day("2025-11-19").distance(to: day("2026-01-20")) == 62)
        #expect(day("2026-01-20").distance(to: day("2025-11-19")) == -62)
        #expect(day("2024-02-28").advanced(by: 1) == day("2024-02-29"))
        #expect(day("2025-02-28").advanced(by: 1) == day("2025-03-01"))
        #expect(day("2025-12-31").advanced(by: 1) == day("2026-01-01"))
        #expect(day("2025-11-19") < day("2025-11-20"))
        #expect(!(day("2025-11-19") < day("2025-11-19")))
        #expect(CalendarDay(ordinal: -5) < CalendarDay(ordinal: 3))
        #expect((day("2025-02-01")...day("2025-02-28")).count == 28)
    }

    @Test("Dates print as ISO 8601 on both sides of the four-digit years")
    func descriptionsAcrossYears() {
        // The digit-by-digit formatting covers years 0-9999; beyond them the general one
        // takes over. Both must agree with the components, written out independently.
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        for ordinal in [-719_529, -719_528, -719_163, -719_162, -400_000, -1, 0, 1, 20_473, 2_932_896, 2_932_897, 3_000_000] {
            let day = CalendarDay(ordinal: ordinal)
            let (year, month, dayOfMonth) = day.components
            let monthAndDay = "-\(padded(month, 2))-\(padded(dayOfMonth, 2))"
            #expect(day.description == padded(year, 4) + monthAndDay, "ordinal \(ordinal)")
            // A partial date pads only years from 0 (ISO 8601's four digits).
            let partialYear = year >= 0 ? padded(year, 4) : String(year)
            #expect(PartialDate(day).description == partialYear + monthAndDay, "ordinal \(ordinal)")
        }
        #expect(CalendarDay(ordinal: 2_932_897).description == "10000-01-01")
        #expect(CalendarDay(ordinal: -719_163).description == "0000-12-31")
        #expect(PartialDate(CalendarDay(ordinal: -719_529)).description == "-1-12-31")
    }
}
