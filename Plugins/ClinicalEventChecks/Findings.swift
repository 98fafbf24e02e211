import TrialCheckCore

/// The events a check found, sorted by what they show, and the judgement they lead to:
/// any definite finding is a deviation; otherwise a possible one is indeterminate;
/// otherwise an event that cannot be placed is not-evaluable; otherwise a pass.
///
/// The judgement is dated on the earliest date among the events it reports (a condition's
/// onset, an event's start), or on enrollment where none of them has one.
struct Findings {
    /// One event's finding: a clause for the message, its evidence, and its date.
    struct Item {
        let reason: String
        let evidence: [Evidence]
        let date: PartialDate?
    }

    private var definite: [Item] = []
    private var possible: [Item] = []
    private var missing: [Item] = []

    /// Records an event that certainly breaks the rule, dated `date` (its onset, say).
    mutating func deviation(_ reason: String, evidence: [Evidence], date: PartialDate?) {
        definite.append(Item(reason: reason, evidence: evidence, date: date))
    }

    /// Records an event that breaks the rule on some possible days only.
    mutating func possibility(_ reason: String, evidence: [Evidence], date: PartialDate?) {
        possible.append(Item(reason: reason, evidence: evidence, date: date))
    }

    /// Records an event that may break the rule but lacks a fact needed to tell.
    mutating func unknown(_ reason: String, evidence: [Evidence], date: PartialDate?) {
        missing.append(Item(reason: reason, evidence: evidence, date: date))
    }

    /// The judgement, with `context` (the dates the rule measures from) added to the
    /// evidence; `window`, if any, is attached to any non-pass judgement; `pass` is made
    /// only when nothing was found.
    func judgement(context: [Evidence], window: @autoclosure () -> DateWindow? = nil, pass: () -> Judgement) -> Judgement {
        let reported: [Item]
        let judgement: Judgement
        if !definite.isEmpty {
            reported = definite
            judgement = .deviation(Self.sentence(definite), evidence: definite.flatMap(\.evidence) + context)
        } else if !possible.isEmpty {
            // The events that may break the rule date it, not those that cannot be placed.
            reported = possible
            let items = possible + missing
            judgement = .indeterminate(Self.sentence(items), evidence: items.flatMap(\.evidence) + context)
        } else if !missing.isEmpty {
            reported = missing
            judgement = .notEvaluable(Self.sentence(missing), evidence: missing.flatMap(\.evidence) + context)
        } else {
            return pass()
        }
        return judgement.dated(PartialDate.earliest(of: reported.lazy.compactMap(\.date))).windowed(window())
    }

    private static func sentence(_ items: [Item]) -> String {
        items.map(\.reason).joined(separator: "; ").capitalizingFirstLetter + "."
    }
}
