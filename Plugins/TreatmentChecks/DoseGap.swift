import TrialCheckCore

/// The days between two administrations that follow one another, judged against the
/// protocol's interval window.
struct DoseGap: Sendable {
    /// What the data show about the gap.
    enum Status: Sendable, Hashable {
        /// Within the window, whatever the partial dates.
        case within
        /// Outside the window, whatever the partial dates and undated administrations.
        case outside
        /// Partial dates leave it open (the gap, the order, or whether both count).
        case partial
        /// Undated administrations of the drug may fall in between.
        case missing
    }

    /// The earlier administration's position among those the gaps were read from.
    let earlier: Int
    /// The later administration's position (the next one).
    let later: Int
    /// The possible number of days from one to the other.
    let days: ClosedRange<Int>
    /// The judgement.
    let status: Status

    /// `21 days` or `19 to 25 days`.
    var daysText: String {
        days.lowerBound == days.upperBound ? "\(days.lowerBound) days" : "\(days.lowerBound) to \(days.upperBound) days"
    }

    /// The gaps between administrations that are neighbours in date order (each counted by
    /// its first day), judged against `window`; a gap names its administrations by their
    /// positions in `dated`.
    ///
    /// A gap is decided only when the two administrations certainly follow one another:
    /// both certainly on or after enrollment, their order fixed, and no other administration
    /// could fall between them. Two administrations closer than the window's lower bound
    /// deviate whatever lies between them (anything in between only shortens the gaps).
    static func gaps(of dated: [StudyAdministration], undated: Int, window: ClosedRange<Int>) -> [DoseGap] {
        guard dated.count > 1 else { return [] }
        // Every pair is compared with every other administration's start: read the starts
        // once, rather than copying each administration (and its event) for each comparison.
        let starts = dated.map(\.start)
        let certain = dated.map(\.isCertain)
        return (0..<(dated.count - 1)).map { index in
            let (first, second) = (starts[index], starts[index + 1])
            let ordered = first.last < second.first || (first.isSingleDay && first == second)
            let days = ordered
                ? second.days(since: first)
                : 0...max(second.last.ordinal - first.first.ordinal, first.last.ordinal - second.first.ordinal)
            let bothCount = certain[index] && certain[index + 1]
            let nothingBetween = starts.indices.allSatisfy { other in
                other == index || other == index + 1
                    || starts[other].last < first.first || starts[other].first > second.last
            }
            let status: Status
            if bothCount && days.upperBound < window.lowerBound {
                status = .outside
            } else if bothCount && ordered && nothingBetween {
                switch days.lies(within: window) {
                case .yes: status = undated > 0 ? .missing : .within
                case .no: status = undated > 0 ? .missing : .outside
                case .unknown: status = .partial
                }
            } else {
                status = .partial
            }
            return DoseGap(earlier: index, later: index + 1, days: days, status: status)
        }
    }
}
