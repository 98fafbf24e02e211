import TrialCheckCore

/// How long after the first dose study drug may still be given: a number of days, or of
/// calendar years (to the anniversary).
enum TreatmentLimit: Sendable, Hashable {
    /// The last allowed day is the first dose plus this many days.
    case days(Int)
    /// The last allowed day is the first dose's anniversary this many years on (29 February
    /// falls on 28 February in a common year).
    case years(Int)

    /// The last allowed day for a first dose on `day`.
    func lastAllowedDay(after day: CalendarDay) -> CalendarDay {
        switch self {
        case .days(let count):
            return day.advanced(by: count)
        case .years(let count):
            let (year, month, dayOfMonth) = day.components
            let target = year + count
            let clamped = min(dayOfMonth, CalendarDay.daysIn(month: month, year: target))
            return CalendarDay(year: target, month: month, day: clamped) ?? day.advanced(by: 365 * count)
        }
    }

    /// Every day the limit could be, for a first dose known to lie within `span`.
    func lastAllowedDay(after span: DaySpan) -> DaySpan {
        DaySpan(lastAllowedDay(after: span.first), lastAllowedDay(after: span.last))
    }

    /// `365 days`, `1 year`.
    var text: String {
        switch self {
        case .days(let count): count == 1 ? "1 day" : "\(count) days"
        case .years(let count): count == 1 ? "1 year" : "\(count) years"
        }
    }
}
