/// A span of days a criterion allows for something, such as enrollment 1-42 days after
/// chemoradiotherapy: what a report draws on a patient's timeline.
///
/// A rule that forbids events within a span (no progression between chemoradiotherapy and
/// enrollment) gives that span instead, labelled as an excluded period. Where partial dates
/// leave a bound open, the window holds the days that are certainly inside it.
public struct DateWindow: Sendable, Hashable, Codable {
    /// What the window is for (`enrollment window`).
    public let label: String
    /// The first allowed day (ISO 8601).
    public let first: String
    /// The last allowed day (ISO 8601).
    public let last: String

    /// A window from `first` to `last`, inclusive.
    public init(_ label: String, from first: CalendarDay, to last: CalendarDay) {
        self.label = label
        self.first = first.description
        self.last = last.description
    }
}
