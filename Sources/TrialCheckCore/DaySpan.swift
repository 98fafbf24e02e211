/// A closed range of calendar days: every day a partial date could be.
///
/// Comparisons between spans answer with a ``Truth``: `.yes` when every pair of possible
/// days agrees, `.no` when none does, `.unknown` otherwise.
public struct DaySpan: Sendable, Hashable, CustomStringConvertible {
    /// The earliest possible day.
    public let first: CalendarDay
    /// The latest possible day.
    public let last: CalendarDay

    /// A span from `first` to `last`; the bounds are ordered if given the wrong way round.
    public init(_ first: CalendarDay, _ last: CalendarDay) {
        self.first = min(first, last)
        self.last = max(first, last)
    }

    /// A span of one day.
    public init(_ day: CalendarDay) {
        self.init(day, day)
    }

    /// Whether the span is a single day.
    public var isSingleDay: Bool { first == last }

    /// Whether this day comes strictly before `other`.
    public func isBefore(_ other: DaySpan) -> Truth {
        if last < other.first { return .yes }
        if first >= other.last { return .no }
        return .unknown
    }

    /// Whether this day comes strictly after `other`.
    public func isAfter(_ other: DaySpan) -> Truth {
        other.isBefore(self)
    }

    /// Whether this day is on or before `other`.
    public func isOnOrBefore(_ other: DaySpan) -> Truth {
        !isAfter(other)
    }

    /// Whether this day lies strictly after `lower` and strictly before `upper`.
    ///
    /// One day is judged against both bounds at once: `2025-12` is never strictly between
    /// 2025-12-10 and 2025-12-11, though it could be after the first and before the second.
    public func isStrictlyBetween(_ lower: DaySpan, and upper: DaySpan) -> Truth {
        if first > lower.last && last < upper.first { return .yes }
        let earliest = max(first.ordinal, lower.first.ordinal + 1)
        let latest = min(last.ordinal, upper.last.ordinal - 1)
        return earliest <= latest ? .unknown : .no
    }

    /// The smallest span holding every day of both.
    public func hull(_ other: DaySpan) -> DaySpan {
        DaySpan(min(first, other.first), max(last, other.last))
    }

    /// The possible values of `self - other` in days.
    public func days(since other: DaySpan) -> ClosedRange<Int> {
        (first.ordinal - other.last.ordinal)...(last.ordinal - other.first.ordinal)
    }

    /// The span of the latest of several days: from the greatest `first` to the greatest `last`.
    @inlinable
    public static func latest(of spans: some Sequence<DaySpan>) -> DaySpan? {
        spans.reduce(nil) { partial, span in
            guard let partial else { return span }
            return DaySpan(max(partial.first, span.first), max(partial.last, span.last))
        }
    }

    /// The span of the earliest of several days.
    @inlinable
    public static func earliest(of spans: some Sequence<DaySpan>) -> DaySpan? {
        spans.reduce(nil) { partial, span in
            guard let partial else { return span }
            return DaySpan(min(partial.first, span.first), min(partial.last, span.last))
        }
    }

    /// `YYYY-MM-DD`, or `YYYY-MM-DD..YYYY-MM-DD` for a span of several days.
    public var description: String {
        isSingleDay ? first.description : "\(first)..\(last)"
    }
}
