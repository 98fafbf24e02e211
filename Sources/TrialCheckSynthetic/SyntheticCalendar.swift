import TrialCheckCore

/// Day arithmetic for the generator, on day ordinals (days since 1970-01-01).
enum SyntheticCalendar {
    /// The ordinal of a date; a day past the month's end is clamped to its last day.
    static func day(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let last = CalendarDay.daysIn(month: month, year: year)
        return CalendarDay(year: year, month: month, day: min(max(day, 1), last))?.ordinal ?? 0
    }

    static func components(_ ordinal: Int) -> (year: Int, month: Int, day: Int) {
        CalendarDay(ordinal: ordinal).components
    }

    /// Monday 0 ... Sunday 6 (1970-01-01 was a Thursday).
    static func weekday(_ ordinal: Int) -> Int {
        ((ordinal % 7) + 7 + 3) % 7
    }

    static func isWeekday(_ ordinal: Int) -> Bool { weekday(ordinal) < 5 }

    static func nextWeekday(_ ordinal: Int) -> Int {
        var day = ordinal
        while !isWeekday(day) { day += 1 }
        return day
    }

    static func previousWeekday(_ ordinal: Int) -> Int {
        var day = ordinal
        while !isWeekday(day) { day -= 1 }
        return day
    }

    /// The first day of `count` weekday fractions whose last is `end`.
    static func weekdaysBack(from end: Int, count: Int) -> Int {
        var day = end
        var remaining = count - 1
        while remaining > 0 {
            day -= 1
            if isWeekday(day) { remaining -= 1 }
        }
        return day
    }

    /// The last day of `count` weekday fractions starting on `start`.
    static func weekdaysForward(from start: Int, count: Int) -> Int {
        var day = start
        var remaining = count - 1
        while remaining > 0 {
            day += 1
            if isWeekday(day) { remaining -= 1 }
        }
        return day
    }

    /// The same calendar day `years` later (29 February becomes the 28th).
    static func shiftYears(_ ordinal: Int, _ years: Int) -> Int {
        let (year, month, day) = components(ordinal)
        return self.day(year + years, month, month == 2 && day == 29 ? 28 : day)
    }

    static func lastDayOfMonth(_ ordinal: Int) -> Int {
        let (year, month, _) = components(ordinal)
        return day(year, month, 31)
    }

    /// `YYYY-MM-DD` for every day from 1900 to 2099, ten bytes each, so writing a date is a copy.
    static let table: [UInt8] = {
        var bytes: [UInt8] = []
        bytes.reserveCapacity((tableLast - tableFirst + 1) * 10)
        for ordinal in tableFirst ... tableLast {
            let (year, month, day) = components(ordinal)
            for value in [year / 1000, year / 100 % 10, year / 10 % 10, year % 10] { bytes.append(UInt8(48 + value)) }
            bytes.append(UInt8(ascii: "-"))
            bytes.append(UInt8(48 + month / 10))
            bytes.append(UInt8(48 + month % 10))
            bytes.append(UInt8(ascii: "-"))
            bytes.append(UInt8(48 + day / 10))
            bytes.append(UInt8(48 + day % 10))
        }
        return bytes
    }()

    static let tableFirst = -25567 // 1900-01-01
    static let tableLast = 47481 // 2099-12-31
}
