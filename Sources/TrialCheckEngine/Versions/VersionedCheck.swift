import TrialCheckCore

/// A check of a protocol with amendments: its form in each version (absent from a version
/// that does not have it), each patient judged by the form of the version in force for them.
///
/// Where the version cannot be told (no anchor date, or a partial one across an effective
/// date) and the versions that may apply judge the criterion differently, the check is
/// not evaluable, never a pass; where they all have the same form, that form judges.
public struct VersionedCheck: Check {
    /// One version's form of the check.
    public struct Form: Sendable {
        /// The check.
        public let check: any Check
        /// The protocol text it enforces in that version.
        public let criterion: String
        /// What tells forms apart: equal signatures judge alike.
        let signature: String
    }

    public static let description = CheckDescription(
        kind: "versioned",
        name: "Versioned check",
        summary: "A check whose form differs between a protocol's versions (its `amendments`); see docs/protocol-format.md.",
        parameters: [],
        exampleParameters: "",
        passingExamples: [],
        deviatingExamples: [],
        inputs: .nothing
    )

    /// The protocol's versions.
    public let versioning: ProtocolVersioning
    /// The check's form in each version, by the version's index; `nil` where the version
    /// does not have it.
    public let forms: [Form?]

    /// Refused: a versioned check is built by the protocol loader from the protocol's amendments, never from parameters.
    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        throw ParameterProblem("a versioned check is built by the protocol loader from the protocol's amendments, never from parameters")
    }

    /// A check with `forms`, one per version of `versioning`.
    init(versioning: ProtocolVersioning, forms: [Form?]) {
        self.versioning = versioning
        self.forms = forms
    }

    /// What every form reads, and the anchor date.
    public var inputs: CheckInputs {
        let anchor = versioning.anchor == .consent ? TimelineAnchor.consent.inputs : CheckInputs(fields: [.enrollmentDate])
        return forms.reduce(anchor) { $0.union($1?.check.inputs ?? .nothing) }
    }

    /// The criterion of the version `choice` names, if it is known and has the check.
    public func criterion(for choice: ProtocolVersioning.Choice) -> String? {
        guard case .known(let index) = choice else { return nil }
        return forms[index]?.criterion
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let (choice, evidence) = versioning.choice(for: patient)
        switch choice {
        case .known(let index):
            return judge(patient, version: index, anchorEvidence: evidence)
        case .undetermined(let indices, let reason):
            let signatures = Set(indices.map { forms[$0]?.signature ?? "" })
            if signatures.count == 1, let index = indices.first {
                return judge(patient, version: index, anchorEvidence: evidence)
            }
            let outcomes = indices.map { index -> String in
                let name = versioning.versions[index].version
                guard let form = forms[index] else { return "version \(name) does not have this criterion" }
                return "version \(name) judges \(form.check.judge(patient).verdict.rawValue)"
            }
            return .notEvaluable(
                "The protocol version for this patient cannot be told: \(reason); the versions differ on this criterion (\(outcomes.joined(separator: ", "))).",
                evidence: evidence.map { [$0] } ?? []
            )
        }
    }

    private func judge(_ patient: PatientHistory, version index: Int, anchorEvidence: Evidence?) -> Judgement {
        guard let form = forms[index] else {
            let version = versioning.versions[index].version
            return .pass("Not a criterion of protocol version \(version), which is in force for this patient.", evidence: anchorEvidence.map { [$0] } ?? [])
        }
        return form.check.judge(patient)
    }
}
