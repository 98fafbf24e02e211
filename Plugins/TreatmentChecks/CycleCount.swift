import TrialCheckCore

/// How many treatment cycles some administrations show.
///
/// The count is the number of distinct `cycle` values, or the highest whole cycle number
/// if that is greater (an administration recorded as cycle 17 shows that 17 cycles were
/// given, even where earlier records are missing). Administrations without a cycle number
/// are tallied apart, since each may start a new cycle or belong to a recorded one.
struct CycleCount: Sendable {
    /// The distinct cycle values written as whole numbers below 64 without leading zeros
    /// (`1`, `16`: nearly every record), as bits: told apart without hashing the text.
    private var smallNumbers: UInt64 = 0
    /// The other distinct cycle values, trimmed and lower-cased (none of them a text the
    /// bits hold).
    private var otherLabels: Set<String> = []
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
        if let number = Self.smallNumber(value) {
            smallNumbers |= 1 << number
            highest = max(highest, number)
            return
        }
        guard let label = Self.label(value) else {
            unnumbered += 1
            return
        }
        // A label is a bit or in the set by its text alone (` 1 ` reads as `1`, a bit).
        if let number = Self.smallNumber(label) { smallNumbers |= 1 << number } else { otherLabels.insert(label) }
        if let number = value?.int { highest = max(highest, number) }
    }

    /// The cycles the numbered administrations show.
    var numbered: Int { max(smallNumbers.nonzeroBitCount + otherLabels.count, highest) }

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

    /// The number a cycle value written as `0` to `63` without leading zeros or spaces
    /// stands for: its label is that text itself, and its whole number that number.
    private static func smallNumber(_ value: Value?) -> Int? {
        switch value {
        case .number(let text)?, .string(let text)?: smallNumber(text)
        default: nil
        }
    }

    /// The number `text` is, when it is `0` to `63` written without leading zeros or spaces.
    private static func smallNumber(_ text: String) -> Int? {
        var utf8 = text.utf8.makeIterator()
        guard let first = utf8.next(), first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return nil }
        var number = Int(first - UInt8(ascii: "0"))
        guard let second = utf8.next() else { return number }
        guard number != 0, second >= UInt8(ascii: "0"), second <= UInt8(ascii: "9"), utf8.next() == nil else { return nil }
        number = number * 10 + Int(second - UInt8(ascii: "0"))
        return number < 64 ? number : nil
    }

    /// A cycle value as ``label(of:)`` reads it.
    private static func label(_ value: Value?) -> String? {
        guard let text = value?.text.map(TermMatcher.normalized), !text.isEmpty else { return nil }
        return text
    }
}
