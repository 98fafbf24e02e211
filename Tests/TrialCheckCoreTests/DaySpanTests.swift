import Testing
import TrialCheckCore

@Suite("DaySpan")
struct DaySpanTests {
    @Test("Bounds given the wrong way round are ordered")
    func orderedBounds() {
        let span = DaySpan(day("2025-11-30"), day("2025-11-01"))
        #expect(span.first == day("2025-11-01"))
        #expect(span.last == day("2025-11-30"))
        #expect(span == DaySpan(day("2025-11-01"), day("2025-11-30")))
        #expect(!span.isSingleDay)
        #expect(DaySpan(day("2025-11-19")).isSingleDay)
    }

    @Test("Description is one day or first..last")
    func description() {
        #expect(span("2025-11-19").description == "2025-11-19")
        #expect(span("2025-11").description == "2025-11-01..2025-11-30")
        #expect(span("2024").description == "2024-01-01..2024-12-31")
    }

    @Test("isBefore is strict and three-valued", arguments: [
        ("2025-11-19", "2025-11-20", Truth.yes),
        ("2025-11-19", "2025-11-19", Truth.no),
        ("2025-11-20", "2025-11-19", Truth.no),
        ("2025-11", "2025-12-01", Truth.yes),
        ("2025-11", "2025-11-30", Truth.unknown),
        ("2025-11", "2025-11-01", Truth.no),
        ("2025-11", "2025-11-02", Truth.unknown),
        ("2025-12-01", "2025-11", Truth.no),
        ("2025-10-31", "2025-11", Truth.yes),
        ("2025-11-30", "2025-11", Truth.no),
        ("2025-11-29", "2025-11", Truth.unknown),
        ("2025", "2025-06-15", Truth.unknown),
        ("2025", "2026", Truth.yes),
        ("2025", "2025", Truth.unknown),
        ("2025-11", "2025-11", Truth.unknown),
        ("2026", "2025", Truth.no),
    ])
    func isBefore(_ lhs: String, _ rhs: String, _ expected: Truth) {
        #expect(span(lhs).isBefore(span(rhs)) == expected)
        // isAfter is the mirror image.
        #expect(span(rhs).isAfter(span(lhs)) == expected)
    }

    @Test("isOnOrBefore includes the same day", arguments: [
        ("2025-11-19", "2025-11-19", Truth.yes),
        ("2025-11-19", "2025-11-20", Truth.yes),
        ("2025-11-20", "2025-11-19", Truth.no),
        ("2025-11", "2025-11-30", Truth.yes),
        ("2025-11", "2025-11-01", Truth.unknown),
        ("2025-11", "2025-10-31", Truth.no),
        ("2025-12-01", "2025-11", Truth.no),
        ("2025-11-01", "2025-11", Truth.yes),
    ])
    func isOnOrBefore(_ lhs: String, _ rhs: String, _ expected: Truth) {
        #expect(span(lhs).isOnOrBefore(span(rhs)) == expected)
    }

    static let sample = [
        "2025-11-18", "2025-11-19", "2025-11-20", "2025-11-30", "2025-12-01", "2025-11", "2025-12", "2024-02", "2025",
    ]

    @Test("Comparisons agree with enumerating every pair of possible days")
    func comparisonsMatchEnumeration() {
        for lhs in Self.sample {
            for rhs in Self.sample {
                let pairs = days(of: span(lhs)).flatMap { a in days(of: span(rhs)).map { b in (a, b) } }
                let before = Truth(someHold: pairs.contains { $0 < $1 }, someFail: pairs.contains { !($0 < $1) })
                let after = Truth(someHold: pairs.contains { $0 > $1 }, someFail: pairs.contains { !($0 > $1) })
                let onOrBefore = Truth(someHold: pairs.contains { $0 <= $1 }, someFail: pairs.contains { !($0 <= $1) })
                #expect(span(lhs).isBefore(span(rhs)) == before, "\(lhs) before \(rhs)")
                #expect(span(lhs).isAfter(span(rhs)) == after, "\(lhs) after \(rhs)")
                #expect(span(lhs).isOnOrBefore(span(rhs)) == onOrBefore, "\(lhs) on or before \(rhs)")
                let differences = pairs.map { $0.distance(to: $1) }
                let range = span(rhs).days(since: span(lhs))
                #expect(range.lowerBound == differences.min(), "\(rhs) since \(lhs)")
                #expect(range.upperBound == differences.max(), "\(rhs) since \(lhs)")
            }
        }
    }

    @Test("days(since:) gives every possible difference", arguments: [
        ("2026-01-20", "2025-11-19", 62, 62),
        ("2025-11-19", "2025-11-19", 0, 0),
        ("2025-11-18", "2025-11-19", -1, -1),
        ("2025-12", "2025-11-19", 12, 42),
        ("2026-01-20", "2025-11", 51, 80),
        ("2025-12", "2025-11", 1, 60),
        ("2024-03-01", "2024-02-28", 2, 2),
        ("2025-03-01", "2025-02-28", 1, 1),
    ])
    func daysSince(_ later: String, _ earlier: String, _ low: Int, _ high: Int) {
        #expect(span(later).days(since: span(earlier)) == low...high)
    }

    @Test("latest(of:) spans the greatest first to the greatest last")
    func latest() {
        #expect(DaySpan.latest(of: [DaySpan]()) == nil)
        #expect(DaySpan.latest(of: [span("2025-11")]) == span("2025-11"))
        #expect(DaySpan.latest(of: [span("2025-11-19"), span("2025-11")]) == DaySpan(day("2025-11-19"), day("2025-11-30")))
        #expect(DaySpan.latest(of: [span("2025-11-05"), span("2025-11-19"), span("2025-10-30")]) == span("2025-11-19"))
        #expect(DaySpan.latest(of: [span("2025-12-02"), span("2025-11")]) == span("2025-12-02"))
        #expect(DaySpan.latest(of: [span("2025-11"), span("2025-10")]) == span("2025-11"))
    }

    @Test("earliest(of:) spans the least first to the least last")
    func earliest() {
        #expect(DaySpan.earliest(of: [DaySpan]()) == nil)
        #expect(DaySpan.earliest(of: [span("2025-11")]) == span("2025-11"))
        #expect(DaySpan.earliest(of: [span("2025-11-19"), span("2025-11")]) == DaySpan(day("2025-11-01"), day("2025-11-19")))
        #expect(DaySpan.earliest(of: [span("2025-11-05"), span("2025-11-19"), span("2025-10-30")]) == span("2025-10-30"))
        #expect(DaySpan.earliest(of: [span("2025-10-15"), span("2025-11")]) == span("2025-10-15"))
    }

    @Test("latest/earliest agree with enumerating every combination of possible days")
    func extremesMatchEnumeration() {
        let inputs = [["2025-11-19", "2025-11"], ["2025-11", "2025-12"], ["2025-11-10", "2025-11-20", "2025-11"], ["2025", "2025-06-15"]]
        for input in inputs {
            let spans = input.map(span)
            var maxima: Set<CalendarDay> = [CalendarDay(ordinal: Int.min)]
            var minima: Set<CalendarDay> = [CalendarDay(ordinal: Int.max)]
            for span in spans {
                maxima = Set(maxima.flatMap { m in days(of: span).map { Swift.max(m, $0) } })
                minima = Set(minima.flatMap { m in days(of: span).map { Swift.min(m, $0) } })
            }
            #expect(DaySpan.latest(of: spans) == DaySpan(maxima.min()!, maxima.max()!), "\(input)")
            #expect(DaySpan.earliest(of: spans) == DaySpan(minima.min()!, minima.max()!), "\(input)")
        }
    }
}
