/// An ISO 8601 calendar date that may be partial (`2026-01-20`, `2026-01`, `2026`), as in
/// CDISC SDTM `--DTC` variables.
///
/// A partial date stands for every day it could be: ``span``. A time part
/// (`2026-01-20T09:30`) is accepted and ignored.
public struct PartialDate: Sendable, Hashable, CustomStringConvertible {
    // Stored compactly (month and day as bytes, 0 for unknown): every event holds three
    // optional dates and is copied wherever a check keeps it, so its size matters.
    /// Every day this date could be.
    public let span: DaySpan
    /// The year.
    public let year: Int
    private let monthNumber: UInt8
    private let dayNumber: UInt8

    /// The month (1-12), if known.
    public var month: Int? { monthNumber == 0 ? nil : Int(monthNumber) }
    /// The day of the month, if known (only with a month).
    public var day: Int? { dayNumber == 0 ? nil : Int(dayNumber) }

    /// Parses an ISO 8601 calendar date, full or partial, or returns `nil` if `text` is
    /// not one (or names a day that does not exist, such as `2025-02-29`).
    public init?(iso8601 text: some StringProtocol) {
        // Native strings are contiguous: parse their bytes in place, without a copy.
        let fields = text.utf8.withContiguousStorageIfAvailable(PartialDate.fields(ofISO8601:))
            ?? Array(text.utf8).withUnsafeBufferPointer(PartialDate.fields(ofISO8601:))
        guard let fields else { return nil }
        self.init(year: fields.year, month: fields.month, day: fields.day)
    }

    /// Parses the UTF-8 bytes of an ISO 8601 calendar date, as ``init(iso8601:)`` parses
    /// its text: for readers that have the bytes and no string.
    public init?(iso8601UTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let fields = PartialDate.fields(ofISO8601: bytes) else { return nil }
        self.init(year: fields.year, month: fields.month, day: fields.day)
    }

    /// The year, month and day of an ISO 8601 calendar date's UTF-8 bytes, or `nil` if they
    /// do not spell one.
    private static func fields(ofISO8601 utf8: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int?, day: Int?)? {
        var count = utf8.count
        if let timeStart = utf8.firstIndex(of: UInt8(ascii: "T")) {
            guard timeStart == 10, count > 11 else { return nil }
            count = timeStart
        }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = utf8[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func isDash(_ index: Int) -> Bool { utf8[index] == UInt8(ascii: "-") }

        switch count {
        case 4:
            guard let year = number(0..<4) else { return nil }
            return (year, nil, nil)
        case 7:
            guard isDash(4), let year = number(0..<4), let month = number(5..<7), (1...12).contains(month) else {
                return nil
            }
            return (year, month, nil)
        case 10:
            guard isDash(4), isDash(7), let year = number(0..<4), let month = number(5..<7),
                  let day = number(8..<10), (1...12).contains(month), (1...CalendarDay.daysIn(month: month, year: year)).contains(day)
            else { return nil }
            return (year, month, day)
        default:
            return nil
        }
    }

    /// A full date on `day`.
    public init(_ day: CalendarDay) {
        let (year, month, dayOfMonth) = day.components
        self.init(year: year, month: month, day: dayOfMonth)
    }

    /// `month` is 1-12 and `day` 1-31 where given (both validated by the callers).
    private init(year: Int, month: Int?, day: Int?) {
        self.year = year
        monthNumber = UInt8(truncatingIfNeeded: month ?? 0)
        dayNumber = UInt8(truncatingIfNeeded: day ?? 0)
        let first = CalendarDay(year: year, month: month ?? 1, day: day ?? 1) ?? CalendarDay(ordinal: 0)
        if day != nil {
            span = DaySpan(first, first)
            return
        }
        let lastMonth = month ?? 12
        let lastDay = CalendarDay.daysIn(month: lastMonth, year: year)
        let last = CalendarDay(year: year, month: lastMonth, day: lastDay) ?? first
        span = DaySpan(first, last)
    }

    /// Whether the date names one day.
    public var isComplete: Bool { day != nil }

    /// The date as written in ISO 8601, without any time part.
    public var description: String {
        // Reports print dates by the thousand: years 0-9999 are written straight into a
        // small string, with no intermediate strings.
        if let text = DateText.format(year: year, month: month, day: day) { return text }
        var text = String(year)
        if year >= 0 && text.count < 4 { text = String(repeating: "0", count: 4 - text.count) + text }
        if let month { text += month < 10 ? "-0\(month)" : "-\(month)" }
        if let day { text += day < 10 ? "-0\(day)" : "-\(day)" }
        return text
    }
}

extension PartialDate {
    /// The date that stands for exactly the days of `span`: a full date for one day, a month
    /// (`2026-01`) for a whole calendar month, a year for a whole calendar year; `nil` for
    /// any other span.
    public init?(exactly span: DaySpan) {
        if span.isSingleDay {
            self.init(span.first)
            return
        }
        let (year, month, day) = span.first.components
        let (lastYear, lastMonth, lastDay) = span.last.components
        guard year == lastYear, day == 1, lastDay == CalendarDay.daysIn(month: lastMonth, year: lastYear) else { return nil }
        if month == lastMonth {
            self.init(year: year, month: month, day: nil)
        } else if month == 1, lastMonth == 12 {
            self.init(year: year, month: nil, day: nil)
        } else {
            return nil
        }
    }

    /// The earliest of `dates`: the one whose first possible day comes first (then whose
    /// last possible day does, then the first listed); `nil` for none.
    public static func earliest(of dates: some Sequence<PartialDate>) -> PartialDate? {
        dates.reduce(nil) { earliest, date in
            guard let earliest else { return date }
            if date.span.first != earliest.span.first { return date.span.first < earliest.span.first ? date : earliest }
            return date.span.last < earliest.span.last ? date : earliest
        }
    }
}
