import TrialCheckCore

/// `no-event`: no event of a type (optionally with given attribute values) starts within
/// a window of the history, such as disease progression between the end of
/// chemoradiotherapy and enrollment.
///
/// A finding is dated on the start of the event it reports (the earliest, if several). With
/// an `after` point its window is the span the events were looked for in, the days strictly
/// between the two points (labelled as an excluded period: no such event is allowed in it).
public struct NoEventCheck: Check {
    /// The event type looked for.
    public static let type = Parameter<String>(required: "type", "event type", "The event type looked for (`response`, `targeted-therapy`, ...).")
    /// Attribute filters: an event counts only if, for every key, its value (or one element of a list value) is among the accepted values.
    public static let filters = Parameter<[String: [String]]?>("where", "mapping of key to list of values", "Attribute filters, such as `{result: [PD]}`.")
    /// The window opens after this point (exclusive); absent: since ever.
    public static let after = Parameter<TimelineAnchor?>("after", "anchor", "The window opens after this point's day; absent: since ever.")
    /// The window closes before this point (exclusive).
    public static let before = Parameter<TimelineAnchor>(required: "before", "anchor", "The window closes before this point's day.")

    public static let identifier = "no-event"

    public static let description = CheckDescription(
        kind: identifier,
        name: "No event in a window",
        summary: """
            Deviation if an event of `type` whose attributes match `where` (for each key, \
            the value or an element of a list value equals an accepted value, ignoring \
            case and surrounding whitespace) starts (`start`, else `date`) strictly after \
            the `after` point and strictly before the `before` point, both counted in \
            whole days (an event on either point's day is outside the window); without \
            `after`, any start before `before` counts. Points: \
            \(TimelineAnchor.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")). \
            A point that cannot be placed is not-evaluable, with the reason, whatever the \
            events; an event of `type` that could fall in the window but lacks a `where` \
            key, or a start date (an `end` alone decides only when it shows the event \
            began outside, or, without `after`, before `before`), is not-evaluable unless \
            another event deviates; partial dates that straddle a point are indeterminate.
            """,
        parameters: [type, filters, after, before],
        exampleParameters: """
            type: response
            where: {result: [PD]}
            after: crt-completion
            before: enrollment
            """,
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}, {type: response, date: 2025-12-20, result: SD}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}, {type: response, date: 2026-01-20, result: PD}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}, {type: response, date: 2025-12-20, result: PD}]}",
        ],
        inputs: .nothing
    )

    private let type: String
    private let filters: [Filter]
    private let after: TimelineAnchor?
    private let before: TimelineAnchor
    /// The pass message up to the window: `No response (result PD or progressive disease)`.
    private let passSubject: String
    /// What the window is called: `excluded period for response (result PD)`.
    private let periodLabel: String

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let typeName = try parameters[Self.type]
        let givenFilters = try parameters[Self.filters]
        let opening = try parameters[Self.after]
        let closing = try parameters[Self.before]
        type = TermMatcher.normalized(typeName)
        guard !type.isEmpty else { throw ParameterProblem("'type' is empty", parameter: "type") }
        var filters: [Filter] = []
        for (key, values) in (givenFilters ?? [:]).sorted(by: { $0.key < $1.key }) {
            let name = key.trimmingWhitespace()
            guard !name.isEmpty else { throw ParameterProblem("'where' has an empty key", parameter: "where") }
            let shown = values.map { $0.trimmingWhitespace() }
            guard !shown.isEmpty, !shown.contains("") else {
                throw ParameterProblem("'where.\(name)' must list at least one non-empty value", parameter: "where")
            }
            filters.append(Filter(key: name, accepted: Set(shown.map { TermMatcher.normalized($0) }), shown: shown))
        }
        self.filters = filters
        guard opening != closing else {
            throw ParameterProblem("'after' and 'before' are the same point, so the window is empty", parameter: "before")
        }
        after = opening
        before = closing
        let filtersText = filters.isEmpty ? "" : " (\(Self.filterText(filters)))"
        passSubject = "No \(type.replacingOccurrences(of: "-", with: " "))\(filtersText)"
        periodLabel = "excluded period for \(type.replacingOccurrences(of: "-", with: " "))\(filtersText)"
    }

    public var inputs: CheckInputs {
        let window = (after?.inputs ?? .nothing).union(before.inputs)
        return window.reading(EventType(rawValue: type), keys: Set(filters.map(\.key)))
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        var enrollmentEvidence: Evidence { Evidence.enrollmentDate(of: patient) }
        let upper: (DaySpan, Evidence)
        var lower: (DaySpan, Evidence)?
        switch before.resolve(in: patient) {
        case .success(let point): upper = point
        case .failure(let missing): return .notEvaluable(missing.reason, evidence: [enrollmentEvidence])
        }
        if let after {
            switch after.resolve(in: patient) {
            case .success(let point): lower = point
            case .failure(let missing): return .notEvaluable(missing.reason, evidence: [enrollmentEvidence])
            }
        }
        // Written only for a sentence that is read.
        let (afterLabel, beforeLabel, lowerDay, upperDay) = (after?.label, before.label, lower?.0, upper.0)
        @Sendable func windowSentence() -> String { Self.windowText(after: afterLabel, lower: lowerDay, before: beforeLabel, upper: upperDay) }
        var window: String { windowSentence() }
        var findings = Findings()
        for event in patient.selectEvents(whereNormalizedType: { [type] in $0 == type }) {
            var lacking: [String] = []
            var excluded = false
            for filter in filters {
                let values = event.strings(filter.key).map { TermMatcher.normalized($0) }.filter { !$0.isEmpty }
                if values.isEmpty {
                    lacking.append("no \(filter.key)")
                } else if !values.contains(where: filter.accepted.contains) {
                    excluded = true
                }
            }
            if excluded { continue }
            let placement = place(event, lower: lower?.0, upper: upper.0)
            if placement == .no { continue }
            if case .missing(let what) = placement { lacking.append(what) }
            let name = describe(event)
            let evidence = [Evidence(name, event.datesDescription, from: event)]
            let dated = Self.timing(of: event)
            guard lacking.isEmpty else {
                let subject = dated.isEmpty ? name : "\(name) \(dated)"
                findings.unknown("\(subject) has \(lacking.joined(separator: " and ")), so it cannot be judged against the window \(window)", evidence: evidence, date: event.startDate)
                continue
            }
            switch placement {
            case .yes: findings.deviation("\(name) \(dated) falls \(window)", evidence: evidence, date: event.startDate)
            case .unknown: findings.possibility("partial dates leave it open whether \(name) \(dated) falls \(window)", evidence: evidence, date: event.startDate)
            case .no, .missing: continue
            }
        }
        let context = [lower?.1, upper.1].compactMap { $0 }
        return findings.judgement(context: context, window: excludedPeriod(lower: lower?.0, upper: upper.0)) {
            .pass { [passSubject] in "\(passSubject) is recorded \(windowSentence())." } evidence: { context }
        }
    }

    /// The days strictly between the `after` and `before` points whatever their partial
    /// dates, as a window; `nil` without `after`, or when no day certainly lies between.
    private func excludedPeriod(lower: DaySpan?, upper: DaySpan) -> DateWindow? {
        guard let lower else { return nil }
        let first = lower.last.advanced(by: 1)
        let last = upper.first.advanced(by: -1)
        guard first <= last else { return nil }
        return DateWindow(periodLabel, from: first, to: last)
    }

    /// Whether the event starts strictly inside the window. Without a start date, an end
    /// date on or before the window's opening still shows it began outside.
    private func place(_ event: Event, lower: DaySpan?, upper: DaySpan) -> Placement {
        guard let start = (event.start ?? event.date)?.span else {
            if let end = event.end?.span {
                if let lower, end.isAfter(lower) == .no { return .no }
                if lower == nil, end.isBefore(upper) == .yes { return .yes }
            }
            return .missing("no start date")
        }
        guard let lower else { return Placement(start.isBefore(upper)) }
        return Placement(start.isStrictlyBetween(lower, and: upper))
    }

    /// `after completion of chemoradiotherapy (2025-11-19) and before enrollment (2026-01-20)`.
    private static func windowText(after: String?, lower: DaySpan?, before: String, upper: DaySpan) -> String {
        let closing = "before \(before) (\(upper))"
        guard let after, let lower else { return closing }
        return "after \(after) (\(lower)) and \(closing)"
    }

    /// `result PD`, from the filters.
    private static func filterText(_ filters: [Filter]) -> String {
        filters.map { "\($0.key) \($0.shown.joined(separator: " or "))" }.joined(separator: ", ")
    }

    /// One `where` entry: a key and the values accepted for it.
    private struct Filter: Sendable {
        let key: String
        /// The accepted values, normalised for comparison.
        let accepted: Set<String>
        /// The accepted values as the protocol file writes them.
        let shown: [String]
    }

    /// `response (result: PD)` or `targeted therapy (agents: erlotinib)`.
    private func describe(_ event: Event) -> String {
        var details: [String] = filters.compactMap { filter in
            let values = event.strings(filter.key)
            return values.isEmpty ? nil : "\(filter.key): \(values.joined(separator: ", "))"
        }
        for key in ["agents", "drug", "term", "procedure"] where !filters.contains(where: { $0.key == key }) {
            let values = event.strings(key)
            if !values.isEmpty { details.append("\(key): \(values.joined(separator: ", "))") }
        }
        let noun = EventTiming.noun(event.type)
        return details.isEmpty ? noun : "\(noun) (\(details.joined(separator: "; ")))"
    }

    /// `recorded on 2025-12-20`, `starting 2019-03-01`, `ending 2025-06-01, start not
    /// recorded`, or empty for an undated event.
    private static func timing(of event: Event) -> String {
        if let date = event.date { return "recorded on \(date)" }
        if let start = event.start { return "starting \(start)" }
        if let end = event.end { return "ending \(end), start not recorded" }
        return ""
    }
}
