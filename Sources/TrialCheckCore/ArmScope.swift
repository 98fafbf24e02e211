/// The arms a check applies to (its `arms` parameter); every arm when absent. Shared by
/// the kinds that judge study treatment, which differs by arm.
public struct ArmScope: Sendable {
    /// The arm codes, as the protocol file writes them; `nil` for every arm.
    public let arms: [String]?
    /// The codes as patients' arms are matched (``TermMatcher/normalized(_:)``).
    private let keys: [String]
    /// `arm A`, or `arms A, B`, for sentences.
    private let armsText: String
    /// The protocol's arms, by which a recorded label is read as a code.
    private let table: ArmTable
    /// Each declared code as written and whether the check applies to a patient whose arm
    /// is recorded exactly so: most records write the code itself, and this answers them
    /// without reading the arm as a name.
    private let appliesToCode: [(code: String, applies: Bool)]

    /// Validates the codes against the protocol's arms, when the protocol declares any.
    /// - Throws: ``ParameterProblem`` for an empty list, an empty code, or a code the
    ///   protocol does not declare.
    public init(_ arms: [String]?, context: CheckContext) throws(ParameterProblem) {
        table = ArmTable(context.arms)
        guard let arms else {
            self.arms = nil
            keys = []
            armsText = ""
            appliesToCode = []
            return
        }
        let codes = arms.map { $0.trimmingWhitespace() }
        guard !codes.isEmpty else { throw ParameterProblem("'arms' is empty, so the check applies to nobody; omit it to apply to every arm", parameter: "arms") }
        for code in codes {
            guard !code.isEmpty else { throw ParameterProblem("an arm code is empty", parameter: "arms") }
            if !context.arms.isEmpty && context.arms[code] == nil {
                let declared = Array(context.arms.keys)
                throw ParameterProblem("arm '\(code)' is not declared in the protocol's 'arms'\(Suggestion.hint(for: code, among: declared))", parameter: "arms")
            }
        }
        self.arms = codes
        let keys = codes.map(TermMatcher.normalized)
        self.keys = keys
        armsText = codes.count == 1 ? "arm \(codes[0])" : "arms " + codes.joined(separator: ", ")
        // What the general reading below decides for each declared code written as such.
        let table = table
        appliesToCode = table.codes.compactMap { written in
            table.code(of: written).map { (written, keys.contains(TermMatcher.normalized($0))) }
        }
    }

    /// `nil` when the check applies to `patient`; otherwise the judgement to return:
    /// a pass for a patient in another arm, not-evaluable for a patient with no arm or with
    /// an arm the protocol does not declare (read by code, label or alias; never a pass).
    public func exemption(for patient: PatientHistory) -> Judgement? {
        guard arms != nil else { return nil }
        guard let arm = patient.enrollment.arm?.trimmingWhitespace(), !arm.isEmpty else {
            return .notEvaluable(
                "No arm is recorded, so it cannot be decided whether this rule (for \(armsText)) applies.",
                evidence: [
                    Evidence("arm", "not recorded", at: patient.location(of: .arm)),
                    .enrollmentDate(of: patient),
                ]
            )
        }
        if let known = appliesToCode.first(where: { $0.code == arm }) {
            return known.applies ? nil : notApplicable(arm: arm, patient: patient)
        }
        let code: String
        if table.isEmpty {
            code = arm
        } else if let declared = table.code(of: arm) {
            code = declared
        } else {
            return .notEvaluable(
                "Arm '\(arm)' is not one of the protocol's arms (\(table.codesText)) nor a label or alias of one, so it cannot be decided whether this rule (for \(armsText)) applies.",
                evidence: [Evidence("arm", arm, at: patient.location(of: .arm)), Evidence("declared arms", table.codesText)]
            )
        }
        if keys.contains(TermMatcher.normalized(code)) { return nil }
        return notApplicable(arm: arm, patient: patient)
    }

    /// The pass of a patient in an arm the check does not apply to (`arm`, as recorded).
    private func notApplicable(arm: String, patient: PatientHistory) -> Judgement {
        // Most patients of a multi-arm trial are outside some rule's arms: the pass is written
        // only if a report reads it, from one object that both closures hold alone (a closure
        // holding only an object needs no context of its own).
        let wording = NotApplicable(arm: arm, armsText: armsText, location: patient.location(of: .arm))
        return .pass { wording.sentence } evidence: { wording.evidence }
    }
}

/// What the pass of a patient outside a rule's arms is written from.
private final class NotApplicable: Sendable {
    /// The patient's arm, as recorded.
    let arm: String
    /// The rule's arms, as ``ArmScope`` words them.
    let armsText: String
    /// Where the arm was read.
    let location: SourceLocation?

    init(arm: String, armsText: String, location: SourceLocation?) {
        self.arm = arm
        self.armsText = armsText
        self.location = location
    }

    var sentence: String { "Not applicable to arm \(arm): the rule applies to \(armsText)." }

    var evidence: [Evidence] { [Evidence("arm", arm, at: location)] }
}
