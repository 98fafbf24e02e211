import TrialCheckCore

/// The events a check found, sorted by what they show, and the judgement they lead to:
/// any definite finding is a deviation; otherwise a possible one is indeterminate;
/// otherwise an event that cannot be placed is not-evaluable; otherwise a pass.
struct Findings {
    /// One event's finding: a clause for the message and its evidence.
    struct Item {
        let reason: String
        let evidence: [Evidence]
    }

    private var definite: [Item] = []
    private var possible: [Item] = []
    private var missing: [Item] = []

    /// Records an event that certainly breaks the rule.
    mutating func deviation(_ reason: String, evidence: [Evidence]) {
        definite.append(Item(reason: reason, evidence: evidence))
    }

    /// Records an event that breaks the rule on some possible days only.
    mutating func possibility(_ reason: String, evidence: [Evidence]) {
        possible.append(Item(reason: reason, evidence: evidence))
    }

    /// Records an event that may break the rule but lacks a fact needed to tell.
    mutating func unknown(_ reason: String, evidence: [Evidence]) {
        missing.append(Item(reason: reason, evidence: evidence))
    }

    /// The judgement, with `context` (the dates the rule measures from) added to the evidence.
    func judgement(pass message: String, context: [Evidence]) -> Judgement {
        if !definite.isEmpty {
            return .deviation(Self.sentence(definite), evidence: definite.flatMap(\.evidence) + context)
        }
        if !possible.isEmpty {
            let items = possible + missing
            return .indeterminate(Self.sentence(items), evidence: items.flatMap(\.evidence) + context)
        }
        if !missing.isEmpty {
            return .notEvaluable(Self.sentence(missing), evidence: missing.flatMap(\.evidence) + context)
        }
        return .pass(message, evidence: context)
    }

    private static func sentence(_ items: [Item]) -> String {
        items.map(\.reason).joined(separator: "; ").capitalizingFirstLetter + "."
    }
}
