/// A date as a record writes it: a full day, or only its month or year (a partial date).
struct DateText {
    /// How much of the date is written.
    enum Precision: UInt8 {
        case day, month, year
    }

    /// The day (for a partial date, any day inside the span it stands for).
    var ordinal: Int
    var precision: Precision

    /// A full date.
    static func day(_ ordinal: Int) -> DateText { DateText(ordinal: ordinal, precision: .day) }
    /// `YYYY-MM` of the day.
    static func month(_ ordinal: Int) -> DateText { DateText(ordinal: ordinal, precision: .month) }
    /// `YYYY` of the day.
    static func year(_ ordinal: Int) -> DateText { DateText(ordinal: ordinal, precision: .year) }
}

extension ByteSink {
    /// Appends a date as written: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    func append(date: DateText) {
        let length = date.precision == .day ? 10 : date.precision == .month ? 7 : 4
        if date.ordinal >= SyntheticCalendar.tableFirst && date.ordinal <= SyntheticCalendar.tableLast {
            let offset = (date.ordinal - SyntheticCalendar.tableFirst) * 10
            SyntheticCalendar.table.withUnsafeBufferPointer { table in
                append(UnsafeBufferPointer(rebasing: table[offset ..< offset + length]))
            }
            return
        }
        let (year, month, day) = SyntheticCalendar.components(date.ordinal)
        append(decimal: year, width: 4)
        if date.precision == .year { return }
        append(UInt8(ascii: "-"))
        append(decimal: month, width: 2)
        if date.precision == .month { return }
        append(UInt8(ascii: "-"))
        append(decimal: day, width: 2)
    }
}
