import TrialCheckCore

/// `cancer-stage`: the AJCC stage of the latest staged diagnosis on or before enrollment
/// lies within limits, or is an extra stage allowed with metastases at listed sites only.
///
/// An eligibility check at enrollment: a finding is dated on the enrollment date.
public struct CancerStageCheck: Check {
    /// The lowest stage allowed; a bare group allows all its subgroups.
    public static let minimum = Parameter<String?>("min", "AJCC stage", "Lowest stage allowed, inclusive (`I`).")
    /// The highest stage allowed; a bare group allows all its subgroups.
    public static let maximum = Parameter<String?>("max", "AJCC stage", "Highest stage allowed, inclusive (`IVA`).")
    /// Stages allowed outside [min, max] when the metastases are at listed sites only.
    public static let alsoAllowed = Parameter<[StageAllowance]>(
        "also_allowed", "list of {stage, metastases_only}", default: [],
        "Stages allowed outside [min, max] when every recorded metastasis is at one of the `metastases_only` sites (site names, `*` matches any text)."
    )

    public static let identifier = "cancer-stage"

    public static let description = CheckDescription(
        kind: identifier,
        name: "AJCC stage",
        summary: """
            The `stage` of the latest diagnosis that records one, dated on or before enrollment \
            (an undated diagnosis counts as before, at an unknown point), lies on the AJCC scale \
            0 < I < IA < IB < IC < II < IIA < ... < IV < IVA < IVB < IVC within [min, max], or \
            is an `also_allowed` stage whose `metastases` are all at its `metastases_only` sites \
            (at least one recorded). A bare group stands for any of its subgroups: `III` passes \
            within [I, IVA], `IV` against max IVA is indeterminate (IVA or IVB), and a bare \
            `min`/`max` allows all its subgroups. Stages read case-insensitively with an \
            optional leading `stage` and Arabic numerals (`Stage iiia`, `3A`). No staged \
            diagnosis, a stage that does not parse, or an `also_allowed` stage whose diagnosis \
            records no metastases list (or an empty one) is not-evaluable; partial dates that \
            leave open which diagnosis is latest are indeterminate unless every candidate agrees.
            """,
        parameters: [minimum, maximum, alsoAllowed],
        exampleParameters: "min: I\nmax: IVA\nalso_allowed:\n  - {stage: IVB, metastases_only: [supraclavicular-lymph-node]}",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, histology: squamous cell carcinoma, stage: III}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, stage: Stage IVA}]}",
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, stage: IVB, metastases: [supraclavicular-lymph-node]}]}",
        ],
        deviatingExamples: [
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, stage: IVB, metastases: [supraclavicular-lymph-node, liver]}]}",
            "{id: P5, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, stage: '0'}]}",
        ],
        inputs: .events(.diagnosis, keys: ["stage", "metastases"])
    )

    private struct Allowance: Sendable {
        let stage: StageGroup
        let sites: [SitePattern]
    }

    private let range: ClosedRange<Int>?
    private let allowances: [Allowance]
    private let allowedText: String

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let least = try parameters[Self.minimum]
        let most = try parameters[Self.maximum]
        func stage(_ text: String?, _ name: String) throws(ParameterProblem) -> StageGroup? {
            guard let text else { return nil }
            guard let stage = StageGroup(parsing: text) else {
                throw ParameterProblem("'\(text)' is not an AJCC stage group (0, I-IV with an optional A-C, such as IIIA)", parameter: name)
            }
            return stage
        }
        let lower = try stage(least, "min")
        let upper = try stage(most, "max")
        var allowances: [Allowance] = []
        for entry in try parameters[Self.alsoAllowed] {
            guard let allowed = try stage(entry.stage, "also_allowed") else { continue }
            guard !entry.metastasesOnly.isEmpty else {
                throw ParameterProblem("'metastases_only' of stage \(allowed) lists no sites", parameter: "also_allowed")
            }
            var sites: [SitePattern] = []
            for site in entry.metastasesOnly { sites.append(try SitePattern(site, parameter: "also_allowed")) }
            allowances.append(Allowance(stage: allowed, sites: sites))
        }
        guard lower != nil || upper != nil || !allowances.isEmpty else {
            throw ParameterProblem("give 'min', 'max', 'also_allowed' or a combination")
        }
        if let lower, let upper, lower.positions.lowerBound > upper.positions.upperBound {
            throw ParameterProblem("'min' (\(lower)) is higher than 'max' (\(upper))", parameter: "min")
        }
        self.allowances = allowances
        if lower != nil || upper != nil {
            range = (lower?.positions.lowerBound ?? 0)...(upper?.positions.upperBound ?? Int.max)
        } else {
            range = nil
        }
        var parts: [String] = []
        switch (lower, upper) {
        case let (lower?, upper?): parts.append("\(lower)-\(upper)")
        case let (lower?, nil): parts.append("\(lower) or higher")
        case let (nil, upper?): parts.append("\(upper) or lower")
        case (nil, nil): break
        }
        parts += allowances.map { "\($0.stage) with metastases only at \($0.sites.listed)" }
        allowedText = parts.joined(separator: ", or ")
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let context = [Evidence.enrollmentDate(of: patient)]
        let diagnoses = patient.events(ofType: .diagnosis)
        let staged = diagnoses.filter { ($0["stage"] ?? .null) != .null }
        let latest = LatestBeforeEnrollment(
            staged, enrollment: patient.enrollment.date.span, windowDays: nil, undatedCountsAsBefore: true
        )
        guard !latest.candidates.isEmpty else {
            let message = diagnoses.isEmpty
                ? "No diagnosis is recorded, so the stage cannot be checked."
                : staged.isEmpty
                    ? "No stage is recorded on any diagnosis."
                    : "No diagnosis with a stage is dated on or before enrollment."
            let listed = diagnoses.map { Evidence("diagnosis (stage \($0["stage"]?.display ?? "not recorded"))", $0.datesDescription, from: $0) }
            return .notEvaluable(message, evidence: listed + context)
        }
        return latest.judgement(
            judge: judge(diagnosis:),
            label: { "stage \($0["stage"]?.display ?? "") (diagnosis \($0.datesDescription))" },
            subject: "staged diagnosis",
            window: nil,
            context: context
        )
    }

    /// The judgement if `event` is the diagnosis whose stage counts.
    private func judge(diagnosis event: Event) -> Judgement {
        /// The stage as written and the diagnosis date; then the metastases, where recorded,
        /// if `withMetastases`.
        @Sendable func stageEvidence(withMetastases: Bool) -> [Evidence] {
            var evidence = [Evidence("stage", event["stage"]?.display ?? "", from: event), Evidence("diagnosis date", event.datesDescription, from: event)]
            if withMetastases, let written = event["metastases"] {
                evidence.append(Evidence("metastases", written.display, from: event))
            }
            return evidence
        }
        guard let text = event.string("stage"), let stage = StageGroup(parsing: text) else {
            return .notEvaluable(
                "The stage '\(event["stage"]?.display ?? "")' of the diagnosis \(event.datesDescription) is not an AJCC stage group (0, I-IV with an optional A-C).",
                evidence: stageEvidence(withMetastases: false)
            )
        }
        let inRange = range.map { stage.positions.lies(within: $0) } ?? .no
        if inRange == .yes {
            // A pass is written only if a report reads it.
            return .pass { [allowedText] in "Stage \(stage) is allowed (\(allowedText))." } evidence: { stageEvidence(withMetastases: false) }
        }
        var byAllowance = Truth.no
        var needingSites: Allowance?
        let metastases = Metastases(of: event)
        for allowance in allowances {
            let stageMatches = stage.positions.lies(within: allowance.stage.positions)
            guard stageMatches != .no else { continue }
            switch metastases {
            case .notRecorded, .sites([]), .unreadable:
                // Only a stage that is certainly the allowed one rests on the missing sites;
                // a bare group is open whatever they are.
                if stageMatches == .yes { needingSites = allowance } else { byAllowance = byAllowance || .unknown }
            case .sites(let sites):
                byAllowance = byAllowance || (stageMatches && Truth(sites.allSatisfy(allowance.sites.matchesAny)))
            }
        }
        let met = inRange || byAllowance
        if met == .yes {
            return .pass { [allowedText] in
                "Stage \(stage) with metastases at \(metastases.sitesText) is allowed (\(allowedText))."
            } evidence: {
                stageEvidence(withMetastases: true)
            }
        }
        let evidence = stageEvidence(withMetastases: true)
        if let needingSites {
            let why: String
            if case .unreadable(let value) = metastases {
                why = "its metastases '\(value)' are not a list of sites"
            } else {
                why = "it records no metastatic sites"
            }
            return .notEvaluable(
                "Stage \(stage) is allowed only with metastases at \(needingSites.sites.listed) alone, and the diagnosis \(event.datesDescription) cannot be judged: \(why).",
                evidence: evidence
            )
        }
        if met == .unknown {
            return .indeterminate(
                "Stage \(stage) does not name its subgroup, and the protocol allows some of its subgroups but not all (\(allowedText)).",
                evidence: evidence
            )
        }
        return .deviation("Stage \(stage)\(metastases.withSitesText) is not allowed (\(allowedText)).", evidence: evidence)
    }
}
