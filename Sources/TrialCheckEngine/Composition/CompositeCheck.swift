import TrialCheckCore

/// A criterion made of other criteria: `any_of`, `all_of` or `not` of checks the protocol
/// declares (by id) or of inline conditions (a kind with its parameters), nested as deep
/// as the protocol needs. Verdicts combine in Kleene's three-valued logic
/// (``Verdict/anyOf(_:)``); the finding's message names each member's judgement and its
/// evidence holds every member's.
///
/// A protocol builds one with `any_of:`, `all_of:` or `not:` in place of `kind:`; the
/// protocol loader resolves the members, so it is never built from parameters.
public struct CompositeCheck: Check {
    /// How the members combine.
    public enum Connective: String, Sendable, CaseIterable {
        /// Met if any member is met.
        case anyOf = "any_of"
        /// Met if every member is met.
        case allOf = "all_of"
        /// Met if its single member is not met.
        case not

        /// What a member is called in messages.
        var memberNoun: String {
            switch self {
            case .anyOf: "Alternative"
            case .allOf: "Requirement"
            case .not: "Condition"
            }
        }
    }

    /// One member: what messages call it, and the check that judges it.
    public struct Member: Sendable {
        /// `'lab-creatinine'` for a check of the protocol, `Alternative 2 (lab-threshold)`
        /// for an inline condition.
        public let label: String
        /// The check.
        public let check: any Check

        /// Creates a member.
        public init(label: String, check: any Check) {
            self.label = label
            self.check = check
        }
    }

    public static let description = CheckDescription(
        kind: "composition",
        name: "Composition",
        summary: """
            `any_of`, `all_of` or `not` of other checks (by id) or of inline conditions (a \
            kind with its parameters), judged in Kleene's three-valued logic: `any_of` \
            deviates only when every alternative deviates, `all_of` passes only when every \
            requirement passes, and otherwise an undecided member makes the composition \
            not-evaluable (or indeterminate, when only dates are uncertain). Written in a \
            protocol in place of `kind`; see docs/protocol-format.md.
            """,
        parameters: [],
        exampleParameters: "",
        passingExamples: [],
        deviatingExamples: [],
        inputs: .nothing
    )

    /// How the members combine.
    public let connective: Connective
    /// The members, in protocol order (one for `not`).
    public let members: [Member]

    /// Refused: a composition is built by the protocol loader from its members, never from parameters.
    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        throw ParameterProblem("a composition is built by the protocol loader from its members, never from parameters")
    }

    /// A composition of `members`.
    public init(_ connective: Connective, members: [Member]) {
        self.connective = connective
        self.members = members
    }

    /// What every member reads.
    public var inputs: CheckInputs {
        members.reduce(.nothing) { $0.union($1.check.inputs) }
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let judged = members.map { (member: $0, judgement: $0.check.judge(patient)) }
        let verdicts = judged.map(\.judgement.verdict)
        let verdict: Verdict = switch connective {
        case .anyOf: .anyOf(verdicts)
        case .allOf: .allOf(verdicts)
        case .not: verdicts.first?.negated ?? .notEvaluable
        }
        // The members that decide the verdict: those that agree with it, or, for an
        // unknown, the undecided ones (then the deviating ones, which a monitor queries too).
        let deciding: [(member: Member, judgement: Judgement)]
        switch (connective, verdict) {
        case (.not, _): deciding = judged
        case (_, .pass): deciding = judged.filter { $0.judgement.verdict == .pass }
        case (_, .deviation): deciding = judged.filter { $0.judgement.verdict == .deviation } + judged.filter { !$0.judgement.verdict.isDecided }
        case (_, .indeterminate), (_, .notEvaluable):
            deciding = judged.filter { !$0.judgement.verdict.isDecided } + judged.filter { $0.judgement.verdict == .deviation }
        }
        // The members' messages are written only if the composition's is read.
        let headline = headline(verdict)
        let labelled = deciding.map { (label: $0.member.label, judgement: $0.judgement) }
        let judgements = judged.map(\.judgement)
        return Judgement(
            verdict,
            { headline + " " + labelled.map { "\($0.label): \($0.judgement.message)" }.joined(separator: " ") },
            evidence: {
                var evidence: [Evidence] = []
                for judgement in judgements {
                    for fact in judgement.evidence where !evidence.contains(fact) { evidence.append(fact) }
                }
                return evidence
            },
            date: deciding.lazy.compactMap(\.judgement.date).first,
            window: deciding.lazy.compactMap(\.judgement.window).first
        )
    }

    /// The sentence that opens the message.
    private func headline(_ verdict: Verdict) -> String {
        switch (connective, verdict) {
        case (.anyOf, .pass): "An alternative is met."
        case (.anyOf, .deviation): "No alternative is met."
        case (.anyOf, _): "No alternative is met for certain."
        case (.allOf, .pass): "Every requirement is met."
        case (.allOf, .deviation): "A requirement is not met."
        case (.allOf, _): "Not every requirement is met for certain."
        case (.not, .pass): "The excluded condition does not hold, as required."
        case (.not, .deviation): "The excluded condition holds."
        case (.not, _): "It is not certain that the excluded condition does not hold."
        }
    }
}
