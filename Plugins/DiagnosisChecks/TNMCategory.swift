import TrialCheckCore

/// One TNM category as recorded or allowed (`cT4b`, `N0`, `pM1a`), reduced to what it
/// says: the component letter and the category after it (`4B`), without the `c`/`p`/`yp`
/// prefix that tells how it was staged.
struct TNMCategory: Sendable, Hashable, CustomStringConvertible {
    /// `T`, `N` or `M`.
    let component: Character
    /// The category in upper case: `4B`, `0`, `1A`, `X`, `IS`.
    let value: String
    /// As written.
    let written: String

    /// Reads `text` as a category of `component`: an optional prefix (`c`, `p`, `yc`, `yp`,
    /// `r`, `a`), the letter (optional), then the category; `nil` for anything else.
    init?(_ text: String, component: Character) {
        var rest = Substring(text.trimmingWhitespace().uppercased())
        for prefix in ["YC", "YP", "C", "P", "R", "A"] where rest.hasPrefix(prefix) && rest.dropFirst(prefix.count).first == component {
            rest = rest.dropFirst(prefix.count)
            break
        }
        if rest.first == component { rest = rest.dropFirst() }
        guard let first = rest.first, first.isNumber || rest == "X" || rest == "IS",
              rest.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) })
        else { return nil }
        self.component = component
        value = String(rest)
        written = text.trimmingWhitespace()
    }

    /// Whether the category cannot be assessed (`TX`, `NX`).
    var isUnassessed: Bool { value == "X" }

    /// The category without its subdivision letter: `4` for `4B`.
    var group: String { String(value.prefix { $0.isNumber }) }

    /// Whether the category is among `allowed`: listed itself, or its group is listed (a
    /// group allows its subdivisions); `.unknown` for a bare group some but not all of whose
    /// subdivisions are listed.
    func isAllowed(by allowed: Set<String>) -> Truth {
        if allowed.contains(value) || (!group.isEmpty && group != value && allowed.contains(group)) { return .yes }
        if value == group, allowed.contains(where: { $0 != value && $0.hasPrefix(value) && !$0.dropFirst(value.count).contains(where: \.isNumber) }) {
            return .unknown
        }
        return .no
    }

    var description: String { "\(component)\(value)" }
}
