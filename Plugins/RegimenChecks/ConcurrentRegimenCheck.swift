import TrialCheckCore

/// `concurrent-regimen`: the chemotherapy given concurrently with the definitive radiotherapy
/// course has the required number of distinct agents and includes agents of the required
/// classes (a platinum- or taxane-based doublet, say).
///
/// An eligibility check at enrollment, about a regimen rather than one event: a finding is
/// dated on the enrollment date.
public struct ConcurrentRegimenCheck: Check {
    /// The fewest distinct concurrent agents allowed.
    public static let minAgents = Parameter<Int?>("min_agents", "integer", "Fewest distinct concurrent agents, inclusive (2 for a doublet).")
    /// The most distinct concurrent agents allowed.
    public static let maxAgents = Parameter<Int?>("max_agents", "integer", "Most distinct concurrent agents, inclusive (2 for a doublet).")
    /// Agent classes, by name, each with the agents that belong to it.
    public static let requiredClasses = Parameter<[String: [String]]?>(
        "required_classes", "mapping: class name -> list of agents", defaultText: "{}",
        "Agent classes the regimen must draw on (`{platinum: [cisplatin, carboplatin]}`)."
    )
    /// Whether the regimen needs an agent of any listed class or of every one.
    public static let require = Parameter<ClassRequirement?>("require", "any | all", defaultText: "any", "`any`: an agent of at least one class; `all`: an agent of every class.")
    /// Whether therapy events without a phase count as concurrent when their dates overlap the course.
    public static let matchByDates = Parameter<Bool>(
        "match_by_dates", "boolean", default: false,
        "Count events without a phase as concurrent when their dates overlap the radiotherapy course."
    )
    /// The event types that make up the regimen.
    public static let types = Parameter<[String]>("types", "list of event types", default: ["chemotherapy"], "Event types that make up the regimen.")
    /// Allowed regimens: the concurrent agents must form one of them exactly.
    public static let regimens = Parameter<[AllowedRegimen]?>(
        "regimens", "list of {name, agents}",
        "Allowed regimens; each place of `agents` is a drug, `any`, a list of alternatives, or `{drugs: [...], classes: [...]}` (`[{name: cisplatin + 5-FU, agents: [cisplatin, fluorouracil]}, {name: oxaliplatin-based doublet, agents: [oxaliplatin, any]}]`). Not with `min_agents`, `max_agents` or `required_classes`."
    )

    public static let identifier = "concurrent-regimen"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Concurrent chemotherapy regimen",
        summary: """
            The concurrent regimen is every `types` event with `phase: concurrent` that did \
            not start on or after enrollment (undated ones count), plus, with \
            `match_by_dates`, every such event without a phase whose span shares a day with \
            the definitive radiotherapy course. Its distinct `agents` (compared \
            case-insensitively) number within [min_agents, max_agents] and, with \
            `required_classes`, include an agent of any listed class (`require: any`) or of \
            every class (`all`). No `types` event before enrollment at all is not-evaluable; \
            such events but none concurrent is a deviation. A regimen event without agents \
            is not-evaluable (unless the recorded agents already exceed `max_agents`: a \
            deviation), as is an event without a phase (or, matching by dates, without \
            dates or without a course to compare) where it would change the verdict; \
            partial dates that would change it are indeterminate. A regimen changed mid-course \
            (cisplatin replaced by carboplatin) counts every agent given. With `regimens` \
            instead of the agent counts and classes, the distinct concurrent agents (one \
            substance under any of its names) must fill the places of one allowed regimen \
            one to one; a place is a drug, alternatives, a class of the drug terminology or \
            `any`. An agent the terminology does not know, where it decides the match, is \
            not-evaluable.
            """,
        parameters: [minAgents, maxAgents, requiredClasses, require, matchByDates, types, regimens],
        exampleParameters: """
            min_agents: 2
            max_agents: 2
            required_classes: {platinum: [cisplatin, carboplatin, nedaplatin], taxane: [paclitaxel, docetaxel]}
            require: any
            match_by_dates: true
            """,
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}, {type: chemotherapy, phase: concurrent, agents: [paclitaxel, cisplatin], start: 2025-10-13, end: 2025-11-17}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}, {type: chemotherapy, agents: [Cisplatin, 5-FU], start: 2025-10-13, end: 2025-11-14}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}, {type: chemotherapy, phase: concurrent, agents: [cisplatin], start: 2025-10-13, end: 2025-11-17}]}",
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}, {type: chemotherapy, phase: concurrent, agents: [capecitabine, S-1], start: 2025-10-13, end: 2025-11-17}]}",
            "{id: P5, enrollment: {date: 2026-01-20}, events: [{type: chemotherapy, phase: induction, agents: [paclitaxel, cisplatin], start: 2025-08-20, end: 2025-09-30}, {type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}]}",
        ],
        inputs: ConcurrentRegimenCheck.inputs(types: ["chemotherapy"])
    )

    private let agentLimits: ClosedRange<Int>
    private let classes: [(name: String, agents: Set<String>)]
    private let requirement: ClassRequirement
    private let matcher: ConcurrencyMatcher
    private let types: [String]
    private let requirementText: String
    /// The allowed regimens, when the check is given `regimens`.
    private let patterns: [RegimenPattern]

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let leastAgents = try parameters[Self.minAgents]
        let mostAgents = try parameters[Self.maxAgents]
        let classTable = try parameters[Self.requiredClasses]
        let require = try parameters[Self.require]
        let matchByDates = try parameters[Self.matchByDates]
        let givenTypes = try parameters[Self.types]
        let regimens = try parameters[Self.regimens]
        let lower = leastAgents ?? 0
        let upper = mostAgents ?? Int.max
        guard lower >= 0 else { throw ParameterProblem("'min_agents' must not be negative", parameter: "min_agents") }
        guard upper >= 1 else { throw ParameterProblem("'max_agents' must be at least 1", parameter: "max_agents") }
        guard lower <= upper else {
            throw ParameterProblem("'min_agents' (\(lower)) is greater than 'max_agents' (\(upper))", parameter: "min_agents")
        }
        agentLimits = lower...upper
        var classes: [(name: String, agents: Set<String>)] = []
        for (name, agents) in (classTable ?? [:]).sorted(by: { $0.key < $1.key }) {
            let folded = Set(agents.map(Term.fold))
            guard !Term.fold(name).isEmpty, !folded.isEmpty, !folded.contains("") else {
                throw ParameterProblem("class '\(name)' must have a name and list at least one agent, none empty", parameter: "required_classes")
            }
            classes.append((name.trimmingWhitespace(), folded))
        }
        if classTable != nil, classes.isEmpty {
            throw ParameterProblem("'required_classes' lists no class", parameter: "required_classes")
        }
        if require != nil, classes.isEmpty {
            throw ParameterProblem("'require' needs 'required_classes'", parameter: "require")
        }
        self.classes = classes
        requirement = require ?? .any
        matcher = ConcurrencyMatcher(matchByDates: matchByDates)
        let typeNames = Term.unique(givenTypes.map(Term.fold))
        guard !typeNames.isEmpty, !typeNames.contains("") else {
            throw ParameterProblem("'types' must name at least one event type, none empty", parameter: "types")
        }
        types = typeNames
        if let regimens {
            guard leastAgents == nil, mostAgents == nil, classTable == nil, require == nil else {
                throw ParameterProblem("give 'regimens' or 'min_agents'/'max_agents'/'required_classes', not both", parameter: "regimens")
            }
            guard !regimens.isEmpty else { throw ParameterProblem("'regimens' lists no regimen", parameter: "regimens") }
            patterns = try regimens.map { (regimen: AllowedRegimen) throws(ParameterProblem) in try RegimenPattern(regimen) }
            requirementText = "concurrent \(Term.list(typeNames)) forming one of the regimens " + patterns.map(\.name).joined(separator: "; ")
        } else {
            patterns = []
            requirementText = Self.requirementText(types: typeNames, limits: agentLimits, classes: classes.map(\.name), requirement: requirement)
        }
    }

    public var inputs: CheckInputs { Self.inputs(types: types) }

    /// What the check reads when it looks at events of `types`: their agents and phase, and
    /// the radiotherapy course they were concurrent with.
    static func inputs(types: [String]) -> CheckInputs {
        types.reduce(CheckInputs.events(.radiotherapy, keys: ["intent"])) { $0.reading(EventType(rawValue: $1), keys: ["agents", "phase"]) }
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let enrollment = Evidence.enrollmentDate(of: patient)
        let prior = patient.selectEvents(whereNormalizedType: { [types] in types.contains($0) }).filter { event in
            (event.startSpan.map { $0.isBefore(patient.enrollment.date.span) } ?? .yes) != .no
        }
        guard !prior.isEmpty else {
            return .notEvaluable("No \(Term.list(types)) before enrollment is recorded.", evidence: [enrollment])
        }
        let course = RadiotherapyCourse(of: patient)
        var candidates = Candidates()
        for event in prior {
            candidates.add(event, matcher.membership(of: event, in: patient, course: course))
        }
        return candidates.judge(enrollment: enrollment) { regimen in
            evaluate(regimen, prior: prior, enrollment: enrollment)
        }
    }

    private func evaluate(_ regimen: [Event], prior: [Event], enrollment: Evidence) -> Judgement {
        guard !regimen.isEmpty else {
            return .deviation(
                "No \(Term.list(types)) concurrent with radiotherapy is recorded before enrollment; the protocol requires \(requirementText).",
                evidence: prior.map { Term.evidence($0) } + [enrollment]
            )
        }
        var agents: [String] = []
        // Few agents: comparing their keys beats hashing them.
        var seen: [String] = []
        var withoutAgents: [Event] = []
        // The evidence is written when a report reads it.
        @Sendable func regimenEvidence() -> [Evidence] {
            regimen.map { event in
                let name = Term.describe(event, agents: Term.agents(of: event)) + (event.phase == nil ? ", concurrent by its dates" : "")
                return Evidence(name, event.datesDescription, from: event)
            }
        }
        for event in regimen {
            let names = Term.agents(of: event)
            if names.isEmpty { withoutAgents.append(event) }
            for name in names {
                let key = Term.fold(name)
                guard !seen.contains(key) else { continue }
                seen.append(key)
                agents.append(name)
            }
        }
        if let event = withoutAgents.first {
            // Unrecorded agents can only add to the count: too many known agents is a deviation already.
            guard agents.count > agentLimits.upperBound else {
                return .notEvaluable(
                    "The \(Term.describeDated(event)) has no agents recorded.",
                    evidence: [Term.evidence(event)]
                )
            }
            return .deviation(
                "The concurrent regimen (\(agents.joined(separator: ", ")) and agents not recorded) has at least \(agents.count) agents; the protocol requires \(requirementText).",
                evidence: regimenEvidence() + [Evidence("concurrent agents", agents.joined(separator: ", ") + ", and agents not recorded")]
            )
        }
        let agentsText = agents.joined(separator: ", ")
        @Sendable func agentEvidence() -> [Evidence] { regimenEvidence() + [Evidence("concurrent agents", agentsText)] }
        if !patterns.isEmpty { return judgeRegimens(agents, evidence: agentEvidence) }
        let matched = classes.map { item in (item.name, agents.filter { item.agents.contains(Term.fold($0)) }) }
        let found = matched.filter { !$0.1.isEmpty }
        @Sendable func evidence() -> [Evidence] {
            guard !found.isEmpty else { return agentEvidence() }
            return agentEvidence() + [Evidence("agent classes", found.map { "\($0.0): \($0.1.joined(separator: ", "))" }.joined(separator: "; "))]
        }
        var problems: [String] = []
        if !agentLimits.contains(agents.count) {
            problems.append("has \(agents.count) agent\(agents.count == 1 ? "" : "s")")
        }
        let missing = requirement == .all ? matched.filter { $0.1.isEmpty }.map(\.0) : (found.isEmpty ? classes.map(\.name) : [])
        if !missing.isEmpty {
            problems.append("has no \(Term.list(missing)) agent")
        }
        guard problems.isEmpty else {
            return .deviation(
                "The concurrent regimen (\(agentsText)) \(Term.list(problems, conjunction: "and")); the protocol requires \(requirementText).",
                evidence: evidence()
            )
        }
        return .pass { "The concurrent regimen (\(agentsText)) meets the required \(self.requirementText)." } evidence: { evidence() }
    }

    private static func requirementText(types: [String], limits: ClosedRange<Int>, classes: [String], requirement: ClassRequirement) -> String {
        var text = "concurrent \(Term.list(types))"
        let plural: (Int) -> String = { $0 == 1 ? "\($0) agent" : "\($0) agents" }
        switch (limits.lowerBound, limits.upperBound) {
        case (0, Int.max): break
        case let (lower, upper) where lower == upper: text += " of exactly \(plural(lower))"
        case let (0, upper): text += " of at most \(plural(upper))"
        case let (lower, Int.max): text += " of at least \(plural(lower))"
        case let (lower, upper): text += " of \(lower)-\(upper) agents"
        }
        if !classes.isEmpty {
            text += requirement == .any
                ? " with a \(Term.list(classes)) agent"
                : " with " + Term.list(classes.map { "a \($0) agent" }, conjunction: "and")
        }
        return text
    }

    /// The judgement against the allowed regimens: the distinct substances among `agents`
    /// fill one regimen's places.
    private func judgeRegimens(_ agents: [String], evidence: @escaping @Sendable () -> [Evidence]) -> Judgement {
        var seen: Set<String> = []
        let substances = agents.filter { name in
            let identity = DrugTerminology.identify(name)
            if case .unknown = identity { return seen.insert("?" + DrugTerminology.key(name)).inserted }
            return seen.insert(identity.name).inserted
        }
        let text = substances.joined(separator: ", ")
        let truths = patterns.map { ($0, $0.matches(substances)) }
        if let matched = truths.first(where: { $0.1 == .yes }) {
            let name = matched.0.name
            return .pass({ "The concurrent regimen (\(text)) is the allowed \(name)." }, evidence: evidence)
        }
        let open = truths.filter { $0.1 == .unknown }.map(\.0.name)
        guard open.isEmpty else {
            let unknown = substances.filter { if case .unknown = DrugTerminology.identify($0) { true } else { false } }
            return .notEvaluable(
                "The drug terminology does not know \(Term.list(unknown.map { "'\($0)'" }, conjunction: "and")), so it cannot be told whether the concurrent regimen (\(text)) is the allowed \(Term.list(open)).",
                evidence: evidence()
            )
        }
        return .deviation("The concurrent regimen (\(text)) is none of the allowed regimens; the protocol requires \(requirementText).", evidence: evidence())
    }
}
