import TrialCheckCore

/// The events that belong to the set a check judges, and those that may belong.
///
/// A check judges every reading of the record: the members together with each subset of the
/// open events. It decides only where all readings agree, since counts and limits need not
/// be monotone (one open event could bring two agents to three, another to two).
struct Candidates {
    /// More open events than this are not enumerated: the verdict is then left open.
    static let maximumOpenEvents = 10

    /// Events that certainly belong, in record order.
    private(set) var members: [Event] = []
    /// Events that may belong, with the reason it is open.
    private(set) var open: [(event: Event, membership: Membership)] = []

    /// Sorts `event` by its membership.
    mutating func add(_ event: Event, _ membership: Membership) {
        switch membership {
        case .member: members.append(event)
        case .excluded: break
        case .undecided, .unknown: open.append((event, membership))
        }
    }

    /// Judges every reading with `evaluate`. Where the readings agree, the members-only
    /// judgement stands (with the open events added to its evidence); where they differ,
    /// an open event that lacks data makes the verdict not-evaluable, as does a reading that
    /// is itself not-evaluable; otherwise partial dates leave it indeterminate.
    func judge(enrollment: Evidence, _ evaluate: ([Event]) -> Judgement) -> Judgement {
        let base = evaluate(members)
        guard !open.isEmpty else { return base }
        var verdicts: Set<Verdict> = [base.verdict]
        var unevaluable: Judgement? = base.verdict == .notEvaluable ? base : nil
        if open.count <= Self.maximumOpenEvents {
            for mask in 1..<(1 << open.count) {
                let chosen = open.indices.filter { mask & (1 << $0) != 0 }.map { open[$0].event }
                let reading = evaluate(members + chosen)
                verdicts.insert(reading.verdict)
                if unevaluable == nil, reading.verdict == .notEvaluable { unevaluable = reading }
            }
        } else {
            verdicts.insert(.indeterminate)
        }
        let openEvidence = open.map { Term.evidence($0.event, prefix: "possibly included: ") }
        if verdicts.count == 1 {
            return Judgement(base.verdict, base.message, evidence: base.evidence + openEvidence)
        }
        for (_, membership) in open {
            if case .unknown(let sentence) = membership {
                return .notEvaluable(sentence, evidence: openEvidence + [enrollment])
            }
        }
        if let unevaluable {
            return .notEvaluable(unevaluable.message, evidence: unevaluable.evidence + openEvidence)
        }
        let clauses = open.compactMap { item -> String? in
            if case .undecided(let clause) = item.membership { return clause }
            return nil
        }
        return .indeterminate(
            "The verdict depends on partial dates: \(clauses.joined(separator: "; ")).",
            evidence: openEvidence + [enrollment]
        )
    }
}
