import TrialCheckCore

/// How many treatment cycles some administrations show.
///
/// The count is the number of distinct `cycle` values, or the highest whole cycle number
/// if that is greater (an administration recorded as cycle 17 shows that 17 cycles were
/// given, even where earlier records are missing). Administrations without a cycle number
/// are tallied apart, since each may start a new cycle or belong to a recorded one.
struct CycleCount: Sendable {
    /// The distinct cycle values, trimmed and lower-cased.
    private(set) var labels: Set<String> = []
    /// The highest whole cycle number.
    private(set) var highest = 0
    /// Administrations without a cycle number.
    private(set) var unnumbered = 0

    /// Counts the cycles of `events`.
    init(_ events: some Sequence<Event>) {
        for event in events { add(event) }
    }

    /// Adds one administration.
    mutating func add(_ event: Event) {
        // One read of the value serves the label and the number.
        let value = event["cycle"]
        guard let label = Self.label(value) else {
            unnumbered += 1
            return
        }
        labels.insert(label)
        if let number = value?.int { highest = max(highest, number) }
    }

    /// The cycles the numbered administrations show.
    var numbered: Int { max(labels.count, highest) }

    /// The fewest cycles the administrations could be: the numbered cycles, and at least
    /// one if there is any administration.
    var fewest: Int { max(numbered, unnumbered > 0 ? 1 : 0) }

    /// The most cycles they could be: each unnumbered administration a cycle of its own.
    var most: Int { numbered + unnumbered }

    /// An administration's cycle value, as names are compared (``TermMatcher/normalized(_:)``:
    /// `C2` and `c2` are one cycle); `nil` when absent or empty.
    static func label(of event: Event) -> String? {
        label(event["cycle"])
    }

    /// A cycle value as ``label(of:)`` reads it.
    private static func label(_ value: Value?) -> String? {
        guard let text = value?.text.map(TermMatcher.normalized), !text.isEmpty else { return nil }
        return text
    }
}
