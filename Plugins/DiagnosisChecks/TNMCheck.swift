import TrialCheckCore

/// `tnm`: the T, N and M categories of the latest diagnosis on or before enrollment are
/// allowed, in the staging system and edition the protocol names; a diagnosis recorded with
/// a stage group alone is judged by the group.
///
/// An eligibility check at enrollment: a finding is dated on the enrollment date.
public struct TNMCheck: Check {
    /// Allowed T categories (`[T1, T2, T3, T4a, T4b]`).
    public static let t = Parameter<[String]>(required: "t", "list of T categories", "Allowed T categories (`[T1, T2, T3, T4a, T4b]`).")
    /// Allowed N categories.
    public static let n = Parameter<[String]>(required: "n", "list of N categories", "Allowed N categories (`[N0, N1, N2, N3]`).")
    /// Allowed M categories.
    public static let m = Parameter<[String]>(required: "m", "list of M categories", "Allowed M categories (`[M0]`, or `[M0, M1]` with `m1_sites`).")
    /// Where M1 is allowed only with metastases at these sites.
    public static let m1Sites = Parameter<[String]?>("m1_sites", "list of sites", "M1 allowed only with metastases at these sites (`*` matches any text).")
    /// The staging edition required (8 for the 8th).
    public static let edition = Parameter<Int?>("edition", "integer", "The staging edition required (`8`).")
    /// The staging systems accepted (`[UICC, AJCC]`).
    public static let systems = Parameter<[String]?>("systems", "list of text", "The staging systems accepted (`[UICC, AJCC]`).")
    /// The stage-group rule for a diagnosis without T, N and M (as `cancer-stage`).
    public static let groups = Parameter<NestedParameters<CancerStageCheck>?>("groups", "mapping {min, max, also_allowed}", "The stage-group rule for a diagnosis recorded with a stage group alone (as `cancer-stage`).")

    public static let identifier = "tnm"

    public static let description = CheckDescription(
        kind: identifier,
        name: "TNM categories",
        summary: """
            The latest diagnosis on or before enrollment that records `t`, `n` or `m` \
            (undated counts as before) has each of the three among the allowed categories. \
            Categories read case-insensitively, with or without the letter and a `c`/`p`/`yp` \
            prefix (`cT4b`, `T4B`, `4b`); a listed group allows its subdivisions (`T4` allows \
            `T4a`), and a recorded bare group some but not all of whose subdivisions are \
            allowed is indeterminate. With `m1_sites`, an M1 category needs every recorded \
            metastasis at those sites (none recorded is not-evaluable). With `edition`, the \
            diagnosis's `staging_edition` (`8`, `8th`) must be it, and with `systems` its \
            `staging_system` one of them (a system not recorded is judged by the edition \
            alone). A missing category, `X`, or a missing edition is not-evaluable, unless \
            another component already deviates. A patient whose diagnoses record no category \
            is judged by `groups` (the `cancer-stage` parameters: min, max, also_allowed) on \
            the stage group, or is not-evaluable without `groups`.
            """,
        parameters: [t, n, m, m1Sites, edition, systems, groups],
        exampleParameters: """
            t: [T1, T2, T3, T4]
            n: [N0, N1, N2, N3]
            m: [M0, M1]
            m1_sites: [supraclavicular-lymph-node]
            edition: 8
            systems: [UICC, AJCC]
            groups: {min: I, max: IVA, also_allowed: [{stage: IVB, metastases_only: [supraclavicular-lymph-node]}]}
            """,
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, t: cT3, n: cN1, m: cM0, staging_system: UICC, staging_edition: 8}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, t: T4b, n: N2, m: M1, metastases: [supraclavicular-lymph-node], staging_edition: 8th}]}",
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, stage: III}]}",
        ],
        deviatingExamples: [
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, t: T3, n: N1, m: M1, metastases: [liver], staging_edition: 8}]}",
            "{id: P5, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, t: T3, n: N1, m: M0, staging_edition: 7}]}",
            "{id: P6, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, stage: IVB, metastases: [liver]}]}",
        ],
        inputs: .events(.diagnosis, keys: ["t", "n", "m", "staging_system", "staging_edition", "metastases", "stage"])
    )

    private let allowed: [Character: Set<String>]
    private let allowedText: String
    private let m1Sites: [SitePattern]?
    private let edition: Int?
    private let systems: [String]?
    private let groups: CancerStageCheck?

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let tCategories = try parameters[Self.t]
        let nCategories = try parameters[Self.n]
        let mCategories = try parameters[Self.m]
        let sites = try parameters[Self.m1Sites]
        let givenEdition = try parameters[Self.edition]
        let givenSystems = try parameters[Self.systems]
        let groupRule = try parameters[Self.groups]
        var allowed: [Character: Set<String>] = [:]
        var texts: [String] = []
        for (component, list, name) in [(Character("T"), tCategories, "t"), ("N", nCategories, "n"), ("M", mCategories, "m")] {
            guard !list.isEmpty else { throw ParameterProblem("'\(name)' lists no category", parameter: name) }
            var values: [String] = []
            for text in list {
                guard let category = TNMCategory(text, component: component) else {
                    throw ParameterProblem("'\(text)' is not a \(component) category (such as \(component)1 or \(component)4b)", parameter: name)
                }
                values.append(category.value)
            }
            allowed[component] = Set(values)
            texts.append(list.map { $0.trimmingWhitespace() }.joined(separator: "/"))
        }
        self.allowed = allowed
        if let sites {
            guard !sites.isEmpty else { throw ParameterProblem("'m1_sites' lists no site", parameter: "m1_sites") }
            var patterns: [SitePattern] = []
            for site in sites { patterns.append(try SitePattern(site, parameter: "m1_sites")) }
            m1Sites = patterns
        } else {
            m1Sites = nil
        }
        edition = givenEdition
        if let edition, edition < 1 { throw ParameterProblem("'edition' must be 1 or more", parameter: "edition") }
        systems = givenSystems.map { $0.map { $0.trimmingWhitespace() } }
        if let systems, systems.isEmpty || systems.contains("") {
            throw ParameterProblem("'systems' must name at least one system, none empty", parameter: "systems")
        }
        groups = try groupRule.map { (nested: NestedParameters<CancerStageCheck>) throws(ParameterProblem) in
            try CancerStageCheck(parameters: nested.values, context: context)
        }
        var text = texts.joined(separator: " ")
        if let m1Sites { text += ", M1 only with metastases at \(m1Sites.listed)" }
        let staging = [systems?.joined(separator: "/"), edition.map { "\(Self.ordinal($0)) edition" }].compactMap { $0 }
        if !staging.isEmpty { text += " (\(staging.joined(separator: " ")))" }
        allowedText = text
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let context = [Evidence.enrollmentDate(of: patient)]
        let diagnoses = patient.events(ofType: .diagnosis)
        let categorised = diagnoses.filter { event in ["t", "n", "m"].contains { (event[$0] ?? .null) != .null } }
        let latest = LatestBeforeEnrollment(categorised, enrollment: patient.enrollment.date.span, windowDays: nil, undatedCountsAsBefore: true)
        guard !latest.candidates.isEmpty else {
            if let groups { return groups.judge(patient) }
            return .notEvaluable(
                "No diagnosis on or before enrollment records T, N or M categories, and the protocol gives no stage-group rule.",
                evidence: diagnoses.map { Evidence("diagnosis", $0.datesDescription, from: $0) } + context
            )
        }
        return latest.judgement(
            judge: judge(diagnosis:),
            label: { "TNM of the diagnosis \($0.datesDescription)" },
            subject: "diagnosis with TNM categories",
            window: nil,
            context: context
        )
    }

    /// The judgement if `event` is the diagnosis whose categories count.
    private func judge(diagnosis event: Event) -> Judgement {
        var evidence = [Evidence("diagnosis date", event.datesDescription, from: event)]
        var failures: [String] = []
        var missing: [String] = []
        var open: [String] = []
        var recorded: [String] = []
        for component in [Character("T"), "N", "M"] {
            let key = String(component).lowercased()
            guard let written = event.string(key)?.trimmingWhitespace(), !written.isEmpty else {
                missing.append("no \(component) category")
                continue
            }
            evidence.append(Evidence("\(component) category", written, from: event))
            recorded.append(written)
            guard let category = TNMCategory(written, component: component) else {
                missing.append("\(component) category '\(written)' that is not one")
                continue
            }
            if category.isUnassessed {
                missing.append("\(category) (cannot be assessed)")
                continue
            }
            switch category.isAllowed(by: allowed[component] ?? []) {
            case .no: failures.append("\(category) is not allowed")
            case .unknown: open.append("\(category) does not name its subdivision, and only some are allowed")
            case .yes:
                if component == "M", category.group == "1", let m1Sites {
                    switch Metastases(of: event) {
                    case .sites(let sites) where !sites.isEmpty:
                        evidence.append(Evidence("metastases", sites.joined(separator: ", "), from: event))
                        let outside = sites.filter { !m1Sites.matchesAny($0) }
                        if !outside.isEmpty { failures.append("M1 has metastases at \(outside.joined(separator: ", ")), outside \(m1Sites.listed)") }
                    case .unreadable(let value): missing.append("M1 with metastases '\(value)' that are not a list of sites")
                    case .notRecorded, .sites: missing.append("M1 without its metastatic sites")
                    }
                }
            }
        }
        judgeStaging(of: event, evidence: &evidence, failures: &failures, missing: &missing)
        let subject = "TNM \(recorded.joined(separator: " ")) (diagnosis \(event.datesDescription))"
        if !failures.isEmpty {
            return .deviation("\(subject): \(failures.joined(separator: "; ")); the protocol allows \(allowedText).", evidence: evidence)
        }
        if !missing.isEmpty {
            return .notEvaluable("\(subject) cannot be judged: it has \(missing.joined(separator: ", ")); the protocol allows \(allowedText).", evidence: evidence)
        }
        if !open.isEmpty {
            return .indeterminate("\(subject): \(open.joined(separator: "; ")); the protocol allows \(allowedText).", evidence: evidence)
        }
        return .pass("\(subject) is allowed (\(allowedText)).", evidence: evidence)
    }

    /// Judges the staging system and edition against the protocol's.
    private func judgeStaging(of event: Event, evidence: inout [Evidence], failures: inout [String], missing: inout [String]) {
        if let systems, let system = event.string("staging_system")?.trimmingWhitespace(), !system.isEmpty {
            evidence.append(Evidence("staging system", system, from: event))
            if !systems.contains(where: { TermMatcher.same($0, system) }) {
                failures.append("staging system \(system) is not \(systems.joined(separator: " or "))")
            }
        }
        guard let edition else { return }
        guard let value = event["staging_edition"], value != .null else {
            missing.append("no staging edition")
            return
        }
        evidence.append(Evidence("staging edition", value.display, from: event))
        let digits = value.display.trimmingWhitespace().prefix { $0.isNumber }
        guard let recorded = Int(digits) else {
            missing.append("a staging edition '\(value.display)' that is not one")
            return
        }
        if recorded != edition { failures.append("the \(Self.ordinal(recorded)) edition is not the \(Self.ordinal(edition))") }
    }

    private static func ordinal(_ number: Int) -> String {
        let suffix = (11...13).contains(number % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][number % 10] ?? "th"
        return "\(number)\(suffix)"
    }
}
