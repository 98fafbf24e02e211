/// How the verdicts of several criteria combine into one: Kleene's strong three-valued
/// logic, with pass as true, deviation as false, and indeterminate and not-evaluable as
/// the two kinds of unknown.
///
/// - `any of`: pass if some member passes (whatever the others say); deviation only when
///   every member deviates (no alternative can hold).
/// - `all of`: deviation if some member deviates; pass only when every member passes.
/// - Otherwise the combination is unknown: not-evaluable if some undecided member is
///   not-evaluable (data must be supplied before the criterion can be decided, whatever
///   the dates turn out to be), and indeterminate only when every undecided member is
///   indeterminate (complete dates alone would decide it).
/// - `not`: swaps pass and deviation; an unknown stays as it is.
///
/// Protocol compositions (`any_of`, `all_of`, `not`) and a lab check's `or` and `all`
/// combine their members this way.
extension Verdict {
    /// The verdict of alternatives: met if any member is met.
    public static func anyOf(_ members: some Sequence<Verdict>) -> Verdict {
        combine(members, decidedBy: .pass, otherwise: .deviation)
    }

    /// The verdict of requirements that must all hold.
    public static func allOf(_ members: some Sequence<Verdict>) -> Verdict {
        combine(members, decidedBy: .deviation, otherwise: .pass)
    }

    /// The verdict of "this criterion must not hold".
    public var negated: Verdict {
        switch self {
        case .pass: .deviation
        case .deviation: .pass
        case .indeterminate, .notEvaluable: self
        }
    }

    /// Whether the verdict decides the criterion (pass or deviation).
    public var isDecided: Bool { self == .pass || self == .deviation }

    /// `deciding` if any member has it; `otherwise` if every member has that; else the
    /// unknown the undecided members give.
    private static func combine(_ members: some Sequence<Verdict>, decidedBy deciding: Verdict, otherwise: Verdict) -> Verdict {
        var undecided: Verdict?
        for member in members {
            if member == deciding { return deciding }
            if !member.isDecided, undecided != .notEvaluable { undecided = member }
        }
        return undecided ?? otherwise
    }
}
