/// A span of days a criterion allows for something, such as enrollment 1-42 days after
/// chemoradiotherapy: what a report draws on a patient's timeline.
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
