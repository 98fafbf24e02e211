/// An ISO 8601 calendar date that may be partial (`2026-01-20`, `2026-01`, `2026`), as in
/// CDISC SDTM `--DTC` variables.
///
/// A partial date stands for every day it could be: ``span``. A time part
/// (`2026-01-20T09:30`) is checked and names no finer span, except in UTC (`Z`), where the
/// calendar date depends on the time zone: see ``init(iso8601:utcOffset:)``.
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
    ///
    /// A full date may carry a time (`2026-01-20T09:30`, `T09:30:00`, `T09:30:00.5`), with
    /// or without a zone designator; which day it stands for:
    /// - no designator (local time) or an explicit offset (`+08:00`, `-0500`): the date as
    ///   written, the calendar date where it was recorded;
    /// - `Z` (or `-00:00`, "offset unknown"): an instant in UTC, whose calendar date depends
    ///   on the site's time zone. `utcOffset` gives that zone's offset in seconds at an
    ///   instant (seconds since 1970-01-01T00:00Z); without it, the date is every day the
    ///   instant falls on somewhere (offsets -12:00 to +14:00): the UTC date and the day
    ///   before or after it (both, between 10:00Z and 12:00Z). Such a date is not
    ///   ``isComplete``, so a comparison on a day boundary is indeterminate, never a guess.
    ///
    /// A time part that is not a valid time (`T25:00`, `Tgarbage`) makes the text not a date.
    public init?(iso8601 text: some StringProtocol, utcOffset: ((Int) -> Int)? = nil) {
        // Native strings are contiguous: parse their bytes in place, without a copy.
        let fields = text.utf8.withContiguousStorageIfAvailable(PartialDate.fields(ofISO8601:))
            ?? Array(text.utf8).withUnsafeBufferPointer(PartialDate.fields(ofISO8601:))
        guard let fields else { return nil }
        self.init(fields: fields, utcOffset: utcOffset)
    }

    /// Parses the UTF-8 bytes of an ISO 8601 calendar date, as ``init(iso8601:utcOffset:)``
    /// parses its text: for readers that have the bytes and no string.
    public init?(iso8601UTF8 bytes: UnsafeBufferPointer<UInt8>, utcOffset: ((Int) -> Int)? = nil) {
        guard let fields = PartialDate.fields(ofISO8601: bytes) else { return nil }
        self.init(fields: fields, utcOffset: utcOffset)
    }

    /// The earliest and latest UTC offsets in use anywhere, in seconds.
    private static let offsetRange = (-12 * 3600)...(14 * 3600)

    private init(fields: DateFields, utcOffset: ((Int) -> Int)?) {
        guard let time = fields.time, time.isUTC, let month = fields.month, let dayOfMonth = fields.day,
              let utcDay = CalendarDay(year: fields.year, month: month, day: dayOfMonth)
        else {
            self.init(year: fields.year, month: fields.month, day: fields.day)
            return
        }
        let instant = utcDay.ordinal * 86_400 + time.secondsOfDay
        func day(at seconds: Int) -> CalendarDay {
            let days = seconds / 86_400
            return CalendarDay(ordinal: seconds % 86_400 < 0 ? days - 1 : days)
        }
        if let utcOffset {
            self.init(day(at: instant + utcOffset(instant)))
            return
        }
        let span = DaySpan(day(at: instant + Self.offsetRange.lowerBound), day(at: instant + Self.offsetRange.upperBound))
        self.init(year: fields.year, month: month, day: dayOfMonth, span: span)
    }

    /// What an ISO 8601 date's text holds.
    private struct DateFields {
        var year: Int
        var month: Int?
        var day: Int?
        /// The time of day, for a full date written with one.
        var time: (secondsOfDay: Int, isUTC: Bool)?
    }

    /// The year, month and day of an ISO 8601 calendar date's UTF-8 bytes (and its time,
    /// checked), or `nil` if they do not spell one.
    private static func fields(ofISO8601 utf8: UnsafeBufferPointer<UInt8>) -> DateFields? {
        var count = utf8.count
        var time: (secondsOfDay: Int, isUTC: Bool)?
        // Only a full date's ten bytes take a time part, after a `T`; a `T` among them is
        // neither a digit nor a hyphen, so the date below rejects it: the text is searched
        // for no `T`.
        if count > 10 {
            guard utf8[10] == UInt8(ascii: "T"), let parsed = timeOfDay(UnsafeBufferPointer(rebasing: utf8[11...])) else {
                return nil
            }
            time = parsed
            count = 10
        }
        // Inlined: a date is parsed for every event read, most of them of ten bytes.
        @inline(__always) func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(utf8[index]) &- 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value &* 10 &+ digit
            }
            return value
        }
        func isDash(_ index: Int) -> Bool { utf8[index] == UInt8(ascii: "-") }

        switch count {
        case 4:
            guard let year = number(0..<4) else { return nil }
            return DateFields(year: year)
        case 7:
            guard isDash(4), let year = number(0..<4), let month = number(5..<7), (1...12).contains(month) else {
                return nil
            }
            return DateFields(year: year, month: month)
        case 10:
            guard isDash(4), isDash(7), let year = number(0..<4), let month = number(5..<7),
                  let day = number(8..<10), (1...12).contains(month), (1...CalendarDay.daysIn(month: month, year: year)).contains(day)
            else { return nil }
            return DateFields(year: year, month: month, day: day, time: time)
        default:
            return nil
        }
    }

    /// An ISO 8601 time of day in the extended format (`hh`, `hh:mm`, `hh:mm:ss`,
    /// `hh:mm:ss.fff`) with an optional zone designator (`Z`, `+hh:mm`, `+hhmm`, `+hh`, or
    /// the same with `-`): its seconds since midnight, and whether it is UTC (`Z`, or
    /// RFC 3339's `-00:00`, "UTC, local offset unknown").
    private static func timeOfDay(_ utf8: UnsafeBufferPointer<UInt8>) -> (secondsOfDay: Int, isUTC: Bool)? {
        var index = 0
        func twoDigits(max: Int) -> Int? {
            guard index + 2 <= utf8.count else { return nil }
            let high = utf8[index], low = utf8[index + 1]
            guard high >= 48, high <= 57, low >= 48, low <= 57 else { return nil }
            let value = Int(high - 48) * 10 + Int(low - 48)
            guard value <= max else { return nil }
            index += 2
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard index < utf8.count, utf8[index] == byte else { return false }
            index += 1
            return true
        }
        guard let hours = twoDigits(max: 23) else { return nil }
        var seconds = hours * 3600
        if skip(UInt8(ascii: ":")) {
            guard let minutes = twoDigits(max: 59) else { return nil }
            seconds += minutes * 60
            if skip(UInt8(ascii: ":")) {
                // 60: a leap second.
                guard let wholeSeconds = twoDigits(max: 60) else { return nil }
                seconds += min(wholeSeconds, 59)
                if skip(UInt8(ascii: ".")) || skip(UInt8(ascii: ",")) {
                    let digitsStart = index
                    while index < utf8.count, utf8[index] >= 48, utf8[index] <= 57 { index += 1 }
                    guard index > digitsStart else { return nil }
                }
            }
        }
        guard index < utf8.count else { return (seconds, false) }
        if skip(UInt8(ascii: "Z")) { return index == utf8.count ? (seconds, true) : nil }
        let isMinus = utf8[index] == UInt8(ascii: "-")
        guard skip(UInt8(ascii: "+")) || skip(UInt8(ascii: "-")), let offsetHours = twoDigits(max: 23) else { return nil }
        var offsetMinutes = 0
        if index < utf8.count {
            _ = skip(UInt8(ascii: ":"))
            guard let minutes = twoDigits(max: 59) else { return nil }
            offsetMinutes = minutes
        }
        guard index == utf8.count else { return nil }
        return (seconds, isMinus && offsetHours == 0 && offsetMinutes == 0)
    }

    /// A full date on `day`.
    public init(_ day: CalendarDay) {
        let (year, month, dayOfMonth) = day.components
        self.init(year: year, month: month, day: dayOfMonth)
    }

    /// A full date whose day is uncertain: `span` holds it (a UTC instant's date).
    private init(year: Int, month: Int, day: Int, span: DaySpan) {
        self.year = year
        monthNumber = UInt8(truncatingIfNeeded: month)
        dayNumber = UInt8(truncatingIfNeeded: day)
        self.span = span
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

    /// Whether the date names one day (a UTC instant read without the site's time zone
    /// names a year, month and day, but may be another day where it was recorded).
    public var isComplete: Bool { day != nil && span.isSingleDay }

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
