import TrialCheckCore

/// `no-prior-drug`: no drug of the listed names or classes (anti-PD-1/PD-L1 antibodies, say)
/// was given before a point of the history, enrollment by default.
///
/// A finding is dated on the start of the earliest event it reports.
public struct NoPriorDrugCheck: Check {
    /// Drugs by name.
    public static let drugs = Parameter<[String]>("drugs", "list of drug names", default: [], "Drugs by name; the terminology's synonyms of each count too.")
    /// Other names of the drugs, by drug.
    public static let synonyms = Parameter<[String: [String]]?>("synonyms", "mapping of drug name to list of names", "Other names records may use, beyond the terminology's.")
    /// Drug classes: ATC codes (`L01FF`) or named classes (`platinum`).
    public static let classes = Parameter<[String]>("classes", "list of ATC codes or class names", default: [], "Drug classes (`L01FF`, `platinum`, `fluoropyrimidine`, `taxane`, `anti-PD-1/PD-L1`).")
    /// The point before which no such drug may have been given.
    public static let before = Parameter<TimelineAnchor>("before", "anchor", default: .enrollment, "The point before which no such drug may have been given.")
    /// The event types read: therapy events by their `agents`, `administration` by `drug`.
    public static let types = Parameter<[String]>("types", "list of event types", default: defaultTypes.map(\.rawValue), "Event types read.")

    public static let identifier = "no-prior-drug"

    public static let description = CheckDescription(
        kind: identifier,
        name: "No prior drug of a class",
        summary: """
            Deviation if an event of `types` that gives one of `drugs` or a drug of \
            `classes` (therapy events by their `agents`, `administration` events by their \
            `drug`) starts before the `before` point (enrollment by default; a day on the \
            point itself is not before it). Drugs and classes are read against the shipped \
            drug terminology (ATC codes, RxNorm concepts, names and synonyms: see \
            docs/protocol-format.md#drugs-and-classes); a recorded agent the terminology does \
            not know, on an event that may start before the point, is not-evaluable (its \
            class cannot be told), as is such an event that names no agent, unless another \
            event deviates; partial dates that straddle the point are indeterminate.
            """,
        parameters: [drugs, synonyms, classes, before, types],
        exampleParameters: "classes: [L01FF]",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: chemotherapy, phase: concurrent, agents: [cisplatin, 5-FU], start: 2025-10-13, end: 2025-11-17}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: administration, drug: atezolizumab, dose: 1200 mg, date: 2026-01-20}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: immunotherapy, agents: [JS001], start: 2024-03-01, end: 2024-09-01}]}",
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: immunotherapy, agents: [L01FF11], start: 2025-06-01, end: 2025-07-01}]}",
        ],
        inputs: NoPriorDrugCheck.inputs(types: NoPriorDrugCheck.defaultTypes, before: .enrollment)
    )

    static let defaultTypes: [EventType] = [.chemotherapy, .immunotherapy, .targetedTherapy, .administration]

    private let selection: DrugSelection
    private let before: TimelineAnchor
    private let types: [EventType]

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let drugs = try parameters[Self.drugs]
        let synonyms = try parameters[Self.synonyms]
        let classes = try parameters[Self.classes]
        let anchor = try parameters[Self.before]
        let typeNames = try parameters[Self.types]
        selection = try DrugSelection(drugs: drugs, synonyms: synonyms, classes: classes)
        before = anchor
        let names = typeNames.map { EventType(recorded: $0) }
        guard !names.isEmpty, !names.contains(where: { $0.rawValue.isEmpty }) else {
            throw ParameterProblem("'types' must name at least one event type, none empty", parameter: "types")
        }
        types = names
    }

    public var inputs: CheckInputs { Self.inputs(types: types, before: before) }

    static func inputs(types: [EventType], before: TimelineAnchor) -> CheckInputs {
        types.reduce(before.inputs) { $0.reading($1, keys: $1 == .administration ? ["drug"] : ["agents"]) }
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let point: (DaySpan, Evidence)
        switch before.resolve(in: patient) {
        case .success(let placed): point = placed
        case .failure(let missing): return .notEvaluable(missing.reason, evidence: [Evidence.enrollmentDate(of: patient)])
        }
        var given: [(Event, String)] = []
        var possible: [(Event, String)] = []
        var unplaced: [(Event, String)] = []
        for event in patient.selectEvents(ofTypes: types) {
            let timing = Self.startsBefore(event, point.0)
            guard timing != .no else { continue }
            let names = (event.type == .administration ? [event.string("drug")].compactMap { $0 } : event.strings("agents"))
                .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            if names.isEmpty {
                unplaced.append((event, "\(Self.describe(event)) names no drug, so it cannot be told whether it gave \(selection.description)"))
                continue
            }
            let matched = names.map { ($0, selection.contains($0)) }
            if let hit = matched.first(where: { $0.1 == .yes }) {
                switch timing {
                case .yes: given.append((event, "\(Self.describe(event)) gave \(hit.0), started \(Self.start(of: event)), before \(before.label) (\(point.0))"))
                case .unknown, .no:
                    if (event.start ?? event.date) == nil {
                        unplaced.append((event, "\(Self.describe(event)) gave \(hit.0) and has no start date, so it cannot be told whether it started before \(before.label)"))
                    } else {
                        possible.append((event, "\(Self.describe(event)) gave \(hit.0) and may have started before \(before.label) (\(point.0))"))
                    }
                }
            } else if let unknown = matched.first(where: { $0.1 == .unknown }) {
                unplaced.append((event, "the drug terminology does not know '\(unknown.0)' (\(Self.describe(event)), \(event.datesDescription)), so it cannot be told whether it is one of \(selection.description)"))
            }
        }
        func evidence(_ items: [(Event, String)]) -> [Evidence] {
            items.map { Evidence(Self.describe($0.0), $0.0.datesDescription, from: $0.0) } + [point.1]
        }
        func sentence(_ items: [(Event, String)]) -> String {
            items.map(\.1).joined(separator: "; ").capitalizingFirstLetter + "."
        }
        if !given.isEmpty {
            return Judgement.deviation(sentence(given), evidence: evidence(given))
                .dated(PartialDate.earliest(of: given.lazy.compactMap(\.0.startDate)))
        }
        if !unplaced.isEmpty {
            return .notEvaluable(sentence(unplaced), evidence: evidence(unplaced))
        }
        if !possible.isEmpty {
            return Judgement.indeterminate("Partial dates leave it open: " + sentence(possible).lowercasingFirstLetter, evidence: evidence(possible))
                .dated(PartialDate.earliest(of: possible.lazy.compactMap(\.0.startDate)))
        }
        return .pass("No \(selection.description) is recorded before \(before.label) (\(point.0)).", evidence: [point.1])
    }

    /// Whether the event started before the point: by its start (or date), else by an end
    /// that is itself before the point; otherwise open.
    private static func startsBefore(_ event: Event, _ point: DaySpan) -> Truth {
        if let start = (event.start ?? event.date)?.span { return start.isBefore(point) }
        if let end = event.end?.span, end.isBefore(point) == .yes { return .yes }
        return .unknown
    }

    private static func start(of event: Event) -> String {
        (event.start ?? event.date ?? event.end)?.description ?? "on an unrecorded date"
    }

    private static func describe(_ event: Event) -> String {
        let kind = event.phase.map { "\($0) \(event.type.rawValue)" } ?? event.type.rawValue
        let names = event.type == .administration ? [event.string("drug")].compactMap { $0 } : event.strings("agents")
        return names.isEmpty ? kind : "\(kind) (\(names.joined(separator: ", ")))"
    }
}
