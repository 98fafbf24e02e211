import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// `--generalize-dates shift`: a keyed per-patient shift of every date in text.
@Suite("Date shift")
struct DateShiftTests {
    static let key = Array("0123456789abcdef0123456789abcdef".utf8)

    @Test("Every full date and month in text moves by the same days; years, numbers and longer digit runs stay")
    func text() {
        #expect(DateShift.shift("enrolled 2026-01-20, radiotherapy ended 2025-11-19.", by: 10)
            == "enrolled 2026-01-30, radiotherapy ended 2025-11-29.")
        // A month is written as the month its first day moves to.
        #expect(DateShift.shift("2026-01-20T08:30:00Z and 2025-12", by: -31) == "2025-12-20T08:30:00Z and 2025-10")
        #expect(DateShift.shift("in 2026, 12026-01-20, x2026-01-20, 2026-13-01 and 42 days", by: 5)
            == "in 2026, 12026-01-20, x2026-01-20, 2026-13-01 and 42 days")
        #expect(DateShift.shift("2024-02-28", by: 1) == "2024-02-29")
    }

    @Test("Intervals between a patient's dates are kept exactly")
    func intervals() throws {
        let shift = DateShift(key: Self.key)
        let days = shift.days(for: "P-0001")
        let dates = ["2025-10-13", "2025-11-19", "2026-01-20"].map { PartialDate(iso8601: $0)?.span.first }
        let shifted = ["2025-10-13", "2025-11-19", "2026-01-20"].map { PartialDate(iso8601: DateShift.shift($0, by: days))?.span.first }
        for index in 1..<dates.count {
            let before = try #require(dates[index - 1]), after = try #require(dates[index])
            let movedBefore = try #require(shifted[index - 1]), movedAfter = try #require(shifted[index])
            #expect(before.distance(to: after) == movedBefore.distance(to: movedAfter))
            #expect(before.distance(to: movedBefore) == days)
        }
    }

    @Test("The same key gives the same shift; patients and keys differ; never zero, within the range")
    func keyed() {
        let shift = DateShift(key: Self.key)
        let patients = (0..<200).map { "P-\($0)" }
        let days = patients.map(shift.days(for:))
        #expect(days == patients.map(DateShift(key: Self.key).days(for:)))
        #expect(days.allSatisfy { $0 != 0 && abs($0) <= DateShift.maximumDays })
        #expect(Set(days).count > 100, "200 patients got only \(Set(days).count) different shifts")
        #expect(days.contains { $0 < 0 } && days.contains { $0 > 0 })
        let other = DateShift(key: Array("another key, 16 bytes or more".utf8))
        #expect(patients.map(other.days(for:)) != days)
    }

    @Test("Text of no patient keeps only the years of its dates")
    func yearsOnly() {
        #expect(DateShift.yearsOnly("dated 2026-01-20 and 2025-12, year 2024") == "dated 2026 and 2025, year 2024")
    }
}
