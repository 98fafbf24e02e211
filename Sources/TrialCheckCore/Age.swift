/// Age in completed years.
public enum Age {
    /// The age in completed years on `day` of someone born on `birth`: the birthday counts
    /// (on their 18th birthday a person is 18). Someone born on 29 February becomes a year
    /// older on 1 March in common years.
    public static func completedYears(born birth: CalendarDay, on day: CalendarDay) -> Int {
        let born = birth.components
        let now = day.components
        let hadBirthday = (now.month, now.day) >= (born.month, born.day)
        return now.year - born.year - (hadBirthday ? 0 : 1)
    }

    /// Every age a patient could have on any day of `day`, born on any day of `birth`.
    public static func completedYears(born birth: DaySpan, on day: DaySpan) -> ClosedRange<Int> {
        let youngest = completedYears(born: birth.last, on: day.first)
        let oldest = completedYears(born: birth.first, on: day.last)
        return min(youngest, oldest)...max(youngest, oldest)
    }
}
