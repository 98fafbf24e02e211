import Testing
import TrialCheckCore

/// A full or partial date from ISO 8601 text; the tables below only hold valid dates.
func date(_ text: String) -> PartialDate {
    guard let date = PartialDate(iso8601: text) else {
        preconditionFailure("test fixture '\(text)' is not a valid ISO 8601 date")
    }
    return date
}

/// The one day a full ISO 8601 date names.
func day(_ text: String) -> CalendarDay {
    let span = date(text).span
    precondition(span.isSingleDay, "test fixture '\(text)' is not a full date")
    return span.first
}

/// Every day a full or partial ISO 8601 date could be.
func span(_ text: String) -> DaySpan {
    date(text).span
}

/// Every day of a span, for brute-force comparisons with the interval arithmetic.
func days(of span: DaySpan) -> [CalendarDay] {
    Array(span.first...span.last)
}

/// Whether `actual` equals `expected` within a relative error of 1e-9.
func isClose(_ actual: Double?, _ expected: Double) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= 1e-9 * max(1, abs(expected))
}
