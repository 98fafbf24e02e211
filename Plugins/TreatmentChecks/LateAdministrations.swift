import TrialCheckCore

/// Study administrations placed against the last day study drug may be given: those
/// certainly given after it, those partial dates leave open, and spans still ongoing.
struct LateAdministrations {
    /// What a span with no end counts as when it does not certainly start after the day.
    enum OpenSpan {
        /// Possibly late, in turn with those whose partial dates leave it open.
        case possiblyLate
        /// Ongoing: kept apart, for a verdict of its own.
        case ongoing
    }

    /// Those certainly given after the day.
    private(set) var late: [StudyAdministration] = []
    /// Those possibly given after it.
    private(set) var possiblyLate: [StudyAdministration] = []
    /// Spans without an end that may run past it, when open spans count as ``OpenSpan/ongoing``.
    private(set) var ongoing: [StudyAdministration] = []

    /// Places each of `items`, in order, against `lastAllowed`.
    /// - Parameters:
    ///   - ending: an administration's last day (its `end` unless told otherwise); `nil` for
    ///     a span still ongoing.
    ///   - counting: whether an administration counts at all (`.unknown`: it may).
    ///   - openSpans: what a span without an end counts as unless it certainly starts after
    ///     `lastAllowed`.
    init(
        _ items: [StudyAdministration],
        after lastAllowed: DaySpan,
        ending: (StudyAdministration) -> DaySpan? = { $0.end },
        counting: (StudyAdministration) -> Truth = { _ in .yes },
        openSpans: OpenSpan
    ) {
        for item in items {
            guard let end = ending(item) else {
                if (item.start.isAfter(lastAllowed) && counting(item)) == .yes {
                    late.append(item)
                } else if openSpans == .possiblyLate {
                    possiblyLate.append(item)
                } else {
                    ongoing.append(item)
                }
                continue
            }
            switch end.isAfter(lastAllowed) && counting(item) {
            case .yes: late.append(item)
            case .unknown: possiblyLate.append(item)
            case .no: break
            }
        }
    }

    /// `items` as a person reads them: drugs and dates, separated by `; `.
    static func describe(_ items: [StudyAdministration]) -> String {
        items.map { "\($0.drugs.joined(separator: ", ")) \($0.dates)" }.joined(separator: "; ")
    }

    /// The evidence of `items`: their dates, each under the name `label` gives it.
    static func evidence(_ items: [StudyAdministration], label: (StudyAdministration) -> String) -> [Evidence] {
        items.map { Evidence(label($0), $0.dates, from: $0.event) }
    }
}
