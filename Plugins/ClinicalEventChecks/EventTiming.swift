import TrialCheckCore

/// When an event began and whether it was still present on a day, read the same way by
/// every kind of this plugin.
///
/// An event begins on its `onset`, else its `start`, else its `date`; it ends on its
/// `end` (the resolution date of a condition). Without an end date, a `status` of
/// `resolved` says it has ended; any other status, or none, says it goes on.
enum EventTiming {
    /// The day the event began: `onset`, else `start`, else `date`.
    static func onset(of event: Event) -> DaySpan? {
        if let text = event.string("onset"), let onset = PartialDate(iso8601: text.trimmingWhitespace()) {
            return onset.span
        }
        return (event.start ?? event.date)?.span
    }

    /// The date the event began, as written (`onset`, else `start`, else `date`), for dating
    /// a finding; `nil` when it has none.
    static func onsetDate(of event: Event) -> PartialDate? {
        if let text = event.string("onset"), let onset = PartialDate(iso8601: text.trimmingWhitespace()) {
            return onset
        }
        return event.start ?? event.date
    }

    /// The event's `status` (`active`, `resolved`, ...), as names are compared
    /// (``TermMatcher/normalized(_:)``), if recorded.
    static func status(of event: Event) -> String? {
        guard let status = event.string("status").map(TermMatcher.normalized), !status.isEmpty else { return nil }
        return status
    }

    /// Whether the event began strictly before `day`. Without an onset, an end date
    /// before `day` still shows that it began before.
    static func began(_ event: Event, before day: DaySpan) -> Placement {
        if let onset = onset(of: event) { return Placement(onset.isBefore(day)) }
        if let end = event.end?.span, end.isBefore(day) == .yes { return .yes }
        return .missing("has no onset or start date")
    }

    /// Whether the event was present on `day`: begun on or before it and not ended on or
    /// before it (an end date after `day`, or no end date and a status other than
    /// `resolved`). Without an onset, a status of `active` counts as begun.
    static func present(_ event: Event, on day: DaySpan) -> Placement {
        let status = status(of: event)
        let lasting: Truth
        if let end = event.end?.span {
            lasting = end.isAfter(day)
        } else {
            lasting = Truth(status != "resolved")
        }
        guard lasting != .no else { return .no }
        if let onset = onset(of: event) { return Placement(onset.isOnOrBefore(day) && lasting) }
        if status == "active" { return Placement(lasting) }
        return .missing("has no onset or start date")
    }

    /// Whether the event counts as begun only because it is recorded as active.
    static func isActiveWithoutOnset(_ event: Event) -> Bool {
        onset(of: event) == nil && status(of: event) == "active"
    }

    /// The dates and status as written (`onset 2019-05, no end date, status active`).
    static func describe(_ event: Event) -> String {
        var parts: [String] = []
        if let onset = event.string("onset") { parts.append("onset \(onset)") }
        if let date = event.date { parts.append("date \(date)") }
        if let start = event.start { parts.append("start \(start)") }
        if let end = event.end {
            parts.append("end \(end)")
        } else if event.start != nil || event.string("onset") != nil {
            parts.append("no end date")
        }
        if let status = status(of: event) { parts.append("status \(status)") }
        return parts.isEmpty ? "undated" : parts.joined(separator: ", ")
    }

    /// The event type as words (`adverse event`).
    static func noun(_ type: EventType) -> String {
        // ASCII (every type in practice) is one byte per character: swap the bytes.
        let bytes = type.rawValue.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: bytes.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        }
        return type.rawValue.replacingOccurrences(of: "-", with: " ")
    }
}
