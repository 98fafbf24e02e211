import TrialCheckCore

/// `excluded-conditions`: no condition the protocol excludes (by term or synonym) is
/// recorded as active at enrollment, or as begun before it.
///
/// A finding is dated on the excluded condition's onset (the earliest among those it
/// reports), or on enrollment for a condition recorded as active without one.
public struct ExcludedConditionsCheck: Check {
    /// The excluded conditions: terms, each with optional synonyms.
    public static let terms = Parameter<[TermEntry]>(required: "terms", "list of terms (text, or {term, synonyms})", "The excluded conditions; `{term: HIV infection, synonyms: [HIV]}` matches either name.")
    /// When a listed condition counts.
    public static let when = Parameter<ConditionTiming>("when", "active-at-enrollment or before-enrollment", default: .activeAtEnrollment, "When a listed condition counts.")
    /// The event types searched.
    public static let eventTypes = Parameter<[String]>("event_types", "list of event types", default: [EventType.condition.rawValue], "Event types searched (add `adverse-event` to include adverse events).")

    public static let identifier = "excluded-conditions"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Excluded conditions",
        summary: """
            Deviation if an `event_types` event whose `term` equals a listed term or synonym \
            (ignoring case, surrounding whitespace and runs of inner spaces; a term that \
            only contains a listed phrase does not match, so permitted exceptions such as \
            `cervical carcinoma in situ` stay out unless listed) counts under `when`. Its \
            onset is `onset`, else `start`, else `date`; its end is `end`. \
            `active-at-enrollment`: onset on or before enrollment and not ended by then \
            (`end` after enrollment or, without `end`, a `status` other than `resolved`); \
            with `status: active` and no onset it counts as active. `before-enrollment`: \
            onset before enrollment, whatever the status (an `end` before enrollment shows \
            it too). A matching event that cannot be placed for want of an onset is \
            not-evaluable, as is an event of a searched type without a `term` that could \
            count; partial dates that straddle enrollment are indeterminate. A record with \
            no matching event passes: the format lists conditions when present, so their \
            absence is what the record shows.
            """,
        parameters: [terms, when, eventTypes],
        exampleParameters: """
            terms:
              - {term: HIV infection, synonyms: [HIV, human immunodeficiency virus]}
              - autoimmune disease
            when: active-at-enrollment
            """,
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: condition, term: Autoimmune disease, onset: 2015, end: 2016-03, status: resolved}, {type: condition, term: hypertension, onset: 2010, status: active}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: condition, term: HIV, onset: 2019-05, status: active}]}",
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: condition, term: autoimmune disease, status: active}]}",
        ],
        inputs: .events(.condition, keys: ["term", "onset", "status"])
    )

    private let matcher: TermMatcher
    private let timing: ConditionTiming
    /// The event types searched, normalised; few, so compared rather than hashed.
    private let eventTypes: [String]
    /// `No excluded condition active at enrollment is recorded.`
    private let passMessage: String

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let entries = try parameters[Self.terms]
        let when = try parameters[Self.when]
        let typeNames = try parameters[Self.eventTypes]
        matcher = try TermMatcher(entries, parameter: "terms")
        timing = when
        let types = typeNames.map { TermMatcher.normalized($0) }
        guard !types.isEmpty else { throw ParameterProblem("'event_types' lists no event types", parameter: "event_types") }
        guard !types.contains("") else { throw ParameterProblem("'event_types' has an empty event type", parameter: "event_types") }
        var seen: Set<String> = []
        eventTypes = types.filter { seen.insert($0).inserted }
        passMessage = "No excluded condition \(timing == .activeAtEnrollment ? "active at enrollment" : "begun before enrollment") is recorded."
    }

    public var inputs: CheckInputs {
        eventTypes.reduce(Self.description.inputs) { $0.reading(EventType(rawValue: $1), keys: ["term", "onset", "status"]) }
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let enrollment = patient.enrollment.date.span
        let enrollmentDate = patient.enrollment.date
        // Written only for an event that is reported.
        var enrollmentText: String { enrollmentDate.description }
        var findings = Findings()
        for event in patient.selectEvents(whereNormalizedType: { [eventTypes] in eventTypes.contains($0) }) {
            let recorded = event.string("term")?.trimmingWhitespace() ?? ""
            let listed = matcher.match(recorded)
            if !recorded.isEmpty && listed == nil { continue }
            let placement = timing == .activeAtEnrollment
                ? EventTiming.present(event, on: enrollment)
                : EventTiming.began(event, before: enrollment)
            if placement == .no { continue }
            let dates = EventTiming.describe(event)
            guard let listed else {
                let noun = EventTiming.noun(event.type)
                findings.unknown(
                    "a \(noun) (\(dates)) is recorded without a term, so it cannot be compared with the excluded conditions",
                    evidence: [Evidence(noun, "no term; \(dates)", from: event)],
                    date: EventTiming.onsetDate(of: event)
                )
                continue
            }
            let name = Self.name(event, recorded: recorded, listed: listed)
            let evidence = [Evidence(name, dates, from: event)]
            switch (placement, timing) {
            case (.yes, .activeAtEnrollment) where EventTiming.isActiveWithoutOnset(event):
                findings.deviation("\(name) is recorded as active without an onset date, so it counts as active at enrollment (\(enrollmentText))", evidence: evidence, date: EventTiming.onsetDate(of: event))
            case (.yes, .activeAtEnrollment):
                findings.deviation("\(name) was active at enrollment on \(enrollmentText) (\(dates))", evidence: evidence, date: EventTiming.onsetDate(of: event))
            case (.yes, .beforeEnrollment):
                findings.deviation("\(name) began before enrollment on \(enrollmentText) (\(dates))", evidence: evidence, date: EventTiming.onsetDate(of: event))
            case (.unknown, .activeAtEnrollment):
                findings.possibility("partial dates leave it open whether \(name) was active at enrollment on \(enrollmentText) (\(dates))", evidence: evidence, date: EventTiming.onsetDate(of: event))
            case (.unknown, .beforeEnrollment):
                findings.possibility("partial dates leave it open whether \(name) began before enrollment on \(enrollmentText) (\(dates))", evidence: evidence, date: EventTiming.onsetDate(of: event))
            case (.missing(let what), _):
                findings.unknown("\(name) \(what), so it cannot be placed against enrollment on \(enrollmentText)", evidence: evidence, date: EventTiming.onsetDate(of: event))
            case (.no, _):
                continue
            }
        }
        let context = [Evidence.enrollmentDate(of: patient)]
        return findings.judgement(context: context) { .pass(passMessage, evidence: context) }
    }

    /// `condition 'HIV' (matches the excluded term 'HIV infection')`.
    private static func name(_ event: Event, recorded: String, listed: String) -> String {
        let noun = EventTiming.noun(event.type)
        if TermMatcher.normalized(recorded) == TermMatcher.normalized(listed) {
            return "\(noun) '\(recorded)' (an excluded term)"
        }
        return "\(noun) '\(recorded)' (matches the excluded term '\(listed)')"
    }
}
