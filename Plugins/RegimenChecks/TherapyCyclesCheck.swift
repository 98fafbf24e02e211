import TrialCheckCore

/// `therapy-cycles`: the number of cycles of one treatment phase (induction chemotherapy,
/// say) given before enrollment lies within limits.
///
/// An eligibility check at enrollment, about a regimen rather than one event: a finding is
/// dated on the enrollment date.
public struct TherapyCyclesCheck: Check {
    /// The phase counted (`induction`).
    public static let phase = Parameter<String>(required: "phase", "string", "The treatment phase counted (`induction`).")
    /// The event types counted.
    public static let types = Parameter<[String]>("types", "list of event types", default: ["chemotherapy"], "Event types counted.")
    /// `min` and `max`.
    public static let limits = Limits<Int>(
        "integer (cycles)",
        min: "Fewest cycles allowed, inclusive.",
        max: "Most cycles allowed, inclusive."
    )

    public static let identifier = "therapy-cycles"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Cycles of a treatment phase",
        summary: """
            The `cycles` of the `types` events with the given `phase` (compared \
            case-insensitively) that did not start on or after enrollment (undated ones \
            count) add up to a total within [min, max] inclusive. Events with identical \
            dates (one record per agent of one regimen) are one regimen: they count once, \
            with the largest of their `cycles`. No such event is 0 cycles: a pass unless \
            `min` is above 0. A counted event without `cycles`, or whose `cycles` is not a \
            whole number of at least 0, is not-evaluable (unless the recorded cycles already \
            exceed `max`: a deviation), as is an event of `types` without a phase where it \
            would change the verdict; partial dates that would change it are indeterminate.
            """,
        parameters: [phase, types, limits.minimum, limits.maximum],
        exampleParameters: "phase: induction\nmax: 4",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: chemotherapy, phase: induction, agents: [paclitaxel, cisplatin], cycles: 2, start: 2025-08-20, end: 2025-09-30}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: chemotherapy, phase: induction, agents: [paclitaxel], cycles: 4, start: 2025-06-02, end: 2025-08-25}, {type: chemotherapy, phase: induction, agents: [cisplatin], cycles: 4, start: 2025-06-02, end: 2025-08-25}]}",
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: chemotherapy, phase: concurrent, agents: [paclitaxel, cisplatin], cycles: 5, start: 2025-10-13, end: 2025-11-17}]}",
        ],
        deviatingExamples: [
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: chemotherapy, phase: induction, agents: [paclitaxel, cisplatin], cycles: 5, start: 2025-05-20, end: 2025-09-30}]}",
            "{id: P5, enrollment: {date: 2026-01-20}, events: [{type: chemotherapy, phase: induction, agents: [docetaxel, cisplatin], cycles: 3, start: 2025-05-05, end: 2025-07-10}, {type: chemotherapy, phase: induction, agents: [paclitaxel, carboplatin], cycles: 2, start: 2025-07-28, end: 2025-09-01}]}",
        ],
        inputs: TherapyCyclesCheck.inputs(types: ["chemotherapy"])
    )

    private let phase: String
    private let types: [String]
    private let limits: ClosedRange<Int>
    private let limitsText: String
    /// What is counted: `induction chemotherapy`.
    private let what: String
    /// The same, to start a sentence.
    private let whatCapitalized: String
    /// The name of the total's evidence: `total induction cycles`.
    private let totalName: String

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let phaseName = try parameters[Self.phase]
        let typeNames = try parameters[Self.types]
        let least = try parameters[Self.limits.minimum]
        let most = try parameters[Self.limits.maximum]
        phase = Term.fold(phaseName)
        guard !phase.isEmpty else { throw ParameterProblem("'phase' is empty", parameter: "phase") }
        types = Term.unique(typeNames.map(Term.fold))
        guard !types.isEmpty, !types.contains("") else {
            throw ParameterProblem("'types' must name at least one event type, none empty", parameter: "types")
        }
        guard least != nil || most != nil else { throw Limits<Int>.neitherGiven }
        let lower = least ?? 0
        let upper = most ?? Int.max
        guard lower >= 0 else { throw ParameterProblem("'min' must not be negative", parameter: "min") }
        guard upper >= 0 else { throw ParameterProblem("'max' must not be negative", parameter: "max") }
        let allowed = try Limits.range(lower, upper)
        limits = allowed
        what = "\(phase) \(Term.list(types))"
        whatCapitalized = what.capitalizingFirstLetter
        totalName = "total \(phase) cycles"
        switch (least, most) {
        case let (min?, max?) where min == max: limitsText = "exactly \(Self.cycles(min))"
        case let (min?, max?): limitsText = "\(min)-\(max) cycles"
        case let (min?, nil): limitsText = "at least \(Self.cycles(min))"
        case let (nil, max?): limitsText = "at most \(Self.cycles(max))"
        case (nil, nil): limitsText = "any number of cycles"
        }
    }

    public var inputs: CheckInputs { Self.inputs(types: types) }

    /// What the check reads when it counts the cycles of events of `types`.
    static func inputs(types: [String]) -> CheckInputs {
        types.reduce(CheckInputs(fields: [.enrollmentDate])) { $0.reading(EventType(rawValue: $1), keys: ["agents", "phase", "cycles"]) }
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let enrollmentSpan = patient.enrollment.date.span
        let enrollment = Evidence.enrollmentDate(of: patient)
        var candidates = Candidates()
        for event in patient.selectEvents(whereNormalizedType: { [types] in types.contains($0) }) {
            let startsBefore = event.startSpan.map { $0.isBefore(enrollmentSpan) } ?? .yes
            // Only an event left open is described.
            var label: String { Term.describeDated(event) }
            switch event.phase.map(Term.fold) {
            case phase?:
                switch startsBefore {
                case .yes: candidates.add(event, .member)
                case .no: candidates.add(event, .excluded)
                case .unknown: candidates.add(event, .undecided("\(label) may have started on or after enrollment"))
                }
            case nil where startsBefore != .no:
                candidates.add(event, .unknown("The \(label) has no phase, so it is unknown whether it was \(phase) therapy."))
            default:
                candidates.add(event, .excluded)
            }
        }
        let location = patient.location
        return candidates.judge(enrollment: enrollment) { events in
            evaluate(events, recordAt: location)
        }
    }

    /// One regimen: events with identical dates, counted once.
    private struct Regimen {
        var events: [Event]
        /// The largest number of cycles recorded among the events.
        var cycles: Int
        /// Whether an event of the regimen has no usable number of cycles.
        var isOpen: Bool

        /// The cycles as evidence reads them.
        var text: String {
            guard isOpen else { return TherapyCyclesCheck.cycles(cycles) }
            return cycles == 0 ? "cycles not recorded" : "at least \(TherapyCyclesCheck.cycles(cycles)) (cycles not recorded on every record)"
        }
    }

    /// The judgement of the events counted, for a record read at `location`.
    private func evaluate(_ events: [Event], recordAt location: SourceLocation?) -> Judgement {
        var regimens: [Regimen] = []
        var unusable: (sentence: String, evidence: Evidence)?
        for event in events {
            var cycles: Int?
            if let raw = event["cycles"] {
                cycles = raw.int.flatMap { $0 >= 0 ? $0 : nil }
                if cycles == nil, unusable == nil {
                    unusable = (
                        "The number of cycles '\(raw.display)' of the \(Term.describeDated(event)) is not a whole number.",
                        Evidence("cycles (\(Term.describe(event)))", raw.display, from: event)
                    )
                }
            } else if unusable == nil {
                unusable = ("The \(Term.describeDated(event)) has no number of cycles recorded.", Term.evidence(event))
            }
            if event.startSpan != nil, let index = regimens.firstIndex(where: { Self.sameDates($0.events[0], event) }) {
                regimens[index].events.append(event)
                regimens[index].cycles = Swift.max(regimens[index].cycles, cycles ?? 0)
                regimens[index].isOpen = regimens[index].isOpen || cycles == nil
            } else {
                regimens.append(Regimen(events: [event], cycles: cycles ?? 0, isOpen: cycles == nil))
            }
        }
        let total = regimens.reduce(0) { $0 + $1.cycles }
        let counted = regimens
        let (subject, subjectCapitalized, totalKey) = (what, whatCapitalized, totalName)
        // The evidence is written when a report reads it.
        @Sendable func evidence(total totalValue: String) -> [Evidence] {
            Self.evidence(of: counted, what: subject, at: location) + [Evidence(totalKey, totalValue)]
        }
        if let unusable {
            // Unrecorded cycles can only add to the total: a total already above the limit is a deviation.
            guard total > limits.upperBound else {
                return .notEvaluable(unusable.sentence, evidence: [unusable.evidence])
            }
            return .deviation(
                "\(whatCapitalized) totals at least \(Self.cycles(total)), above the allowed \(limitsText).",
                evidence: evidence(total: "at least \(total)")
            )
        }
        @Sendable func totalText() -> String {
            counted.isEmpty ? "No \(subject) is recorded before enrollment (0 cycles)" : "\(subjectCapitalized) totals \(Self.cycles(total))"
        }
        if limits.contains(total) {
            return .pass { [limitsText] in "\(totalText()), within \(limitsText)." } evidence: { evidence(total: String(total)) }
        }
        let side = total < limits.lowerBound ? "below" : "above"
        return .deviation("\(totalText()), \(side) the allowed \(limitsText).", evidence: evidence(total: String(total)))
    }

    /// Each regimen's agents, dates and cycles, or that none is recorded (at the record's
    /// `location`).
    private static func evidence(of regimens: [Regimen], what: String, at location: SourceLocation?) -> [Evidence] {
        guard !regimens.isEmpty else { return [Evidence(what, "none recorded before enrollment", at: location)] }
        return regimens.map { regimen in
            let agents = Term.unique(regimen.events.flatMap { $0.strings("agents") })
            let name = agents.isEmpty ? what : "\(what) (\(agents.joined(separator: ", ")))"
            return Evidence("\(name) \(regimen.events[0].datesDescription)", regimen.text, from: regimen.events[0])
        }
    }

    private static func sameDates(_ lhs: Event, _ rhs: Event) -> Bool {
        lhs.start == rhs.start && lhs.end == rhs.end && lhs.date == rhs.date
    }

    private static func cycles(_ count: Int) -> String {
        count == 1 ? "1 cycle" : "\(count) cycles"
    }
}
