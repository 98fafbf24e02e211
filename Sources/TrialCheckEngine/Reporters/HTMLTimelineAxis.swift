import TrialCheckCore

/// The date axis of a patient's timeline: whole months around enrollment, mapped onto
/// the plot's horizontal extent.
struct HTMLTimelineAxis {
    /// A month boundary on the axis.
    struct Tick {
        /// The first day of the month.
        let day: CalendarDay
        let year: Int
        let month: Int
        /// Whether the month's name is written (every month on a short axis, fewer on a long one).
        let isLabelled: Bool

        /// `Jan`, `Feb`, ...
        var name: String {
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][(month - 1) % 12]
        }
    }

    /// How far before enrollment the axis may reach: the episode, not the whole history.
    static let daysBefore = 540
    /// How far after enrollment the axis may reach.
    static let daysAfter = 730

    /// The first day on the axis (the first of a month).
    let start: CalendarDay
    /// The day after the last day on the axis (the first of a month).
    let end: CalendarDay
    /// The x of `start`.
    let left: Double
    /// The x of `end`.
    let right: Double

    /// The axis that shows `timeline`'s episode, the windows and the finding dates.
    init(timeline: PatientTimeline, windows: [HTMLTimeline.Window], findingDates: [DaySpan], left: Double, right: Double) {
        let enrolment = timeline.enrollment
        let lowest = enrolment.first.advanced(by: -Self.daysBefore)
        let highest = enrolment.last.advanced(by: Self.daysAfter)
        var low = enrolment.first
        var high = enrolment.last
        func include(_ day: CalendarDay) {
            guard day >= lowest, day <= highest else { return }
            low = min(low, day)
            high = max(high, day)
        }
        for entry in timeline.entries {
            include(entry.start)
            if !entry.isOngoing, entry.end >= lowest { high = max(high, min(entry.end, highest)) }
        }
        for window in windows {
            include(window.first)
            include(window.last)
        }
        for span in findingDates {
            include(span.first)
            include(span.last)
        }
        start = Self.firstOfMonth(low.advanced(by: -10))
        end = Self.firstOfMonth(Self.firstOfMonth(high.advanced(by: 10)).advanced(by: 32))
        self.left = left
        self.right = right
    }

    /// The x of the start of `day`.
    func x(_ day: CalendarDay) -> Double {
        let total = Double(max(start.distance(to: end), 1))
        let offset = Double(min(max(start.distance(to: day), 0), start.distance(to: end)))
        return left + (right - left) * offset / total
    }

    /// The x of the middle of `day`.
    func centre(_ day: CalendarDay) -> Double {
        (x(day) + x(day.advanced(by: 1))) / 2
    }

    /// Whether `day` lies on the axis.
    func contains(_ day: CalendarDay) -> Bool {
        day >= start && day < end
    }

    /// The month boundaries from `start` up to `end`.
    var months: [Tick] {
        var days: [CalendarDay] = []
        var day = start
        while day < end {
            days.append(day)
            day = Self.firstOfMonth(day.advanced(by: 32))
        }
        let every = days.count <= 20 ? 1 : days.count <= 40 ? 2 : 3
        return days.map { day in
            let (year, month, _) = day.components
            return Tick(day: day, year: year, month: month, isLabelled: (year * 12 + month - 1) % every == 0)
        }
    }

    /// The first day of `day`'s month.
    static func firstOfMonth(_ day: CalendarDay) -> CalendarDay {
        let (_, _, dayOfMonth) = day.components
        return day.advanced(by: 1 - dayOfMonth)
    }
}
