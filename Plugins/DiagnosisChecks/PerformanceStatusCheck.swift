import TrialCheckCore

/// `performance-status`: the latest performance-status score on a scale, on or before
/// enrollment (optionally within a window before it), lies within limits.
///
/// An eligibility check at enrollment: a finding is dated on the enrollment date. With
/// `window_days`, its window is the days an assessment counts in, up to enrollment.
public struct PerformanceStatusCheck: Check {
    /// The scale (`ECOG`), matched case-insensitively against each event's `scale`.
    public static let scale = Parameter<String>("scale", "text", default: "ECOG", "The scale the scores are on.")
    /// `min` and `max`.
    public static let limits = Limits<Int>(
        "integer",
        min: "Lowest score allowed, inclusive.",
        max: "Highest score allowed, inclusive."
    )
    /// The most days before enrollment an assessment may be.
    public static let windowDays = Parameter<Int?>("window_days", "integer (days)", "Most days before enrollment the assessment may be (none: any time before).")
    /// The scale's valid scores, `[lowest, highest]`.
    public static let scoreRange = Parameter<[Int]?>(
        "score_range", "list of two integers", defaultText: "by scale",
        "The scale's valid scores `[lowest, highest]`; required for a scale other than ECOG, WHO, Zubrod, Karnofsky or Lansky."
    )

    /// The valid scores of the scales the check knows, by ``Term/key(_:)`` of the scale name.
    public static let knownScoreRanges: [String: ClosedRange<Int>] = [
        "ecog": 0...5, "who": 0...5, "zubrod": 0...5, "karnofsky": 0...100, "kps": 0...100, "lansky": 0...100,
    ]

    public static let identifier = "performance-status"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Performance status",
        summary: """
            The latest `performance-status` event whose `scale` is `scale` (case-insensitive), \
            dated on or before enrollment and, with `window_days`, at most that many days \
            before it, has a `score` within [min, max] inclusive. No such assessment is \
            not-evaluable, as is a score that is not a whole number within `score_range` \
            (0-5 for ECOG, WHO and Zubrod; 0-100 for Karnofsky and Lansky); assessments that \
            name no scale or another scale, or have no date, are not used. Where partial dates \
            leave open which assessment is the latest, or whether it falls on or before \
            enrollment or within the window, the verdict is indeterminate unless every \
            candidate gives the same one.
            """,
        parameters: [scale, limits.minimum, limits.maximum, windowDays, scoreRange],
        exampleParameters: "scale: ECOG\nmax: 2",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: performance-status, date: 2026-01-12, scale: ECOG, score: 1}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: performance-status, date: 2025-11-02, scale: ECOG, score: 3}, {type: performance-status, date: 2026-01-20, scale: ecog, score: 2}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: performance-status, date: 2026-01-12, scale: ECOG, score: 3}]}",
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: performance-status, date: 2026-01-05, scale: ECOG, score: 1}, {type: performance-status, date: 2026-01-18, scale: ECOG, score: 3}, {type: performance-status, date: 2026-01-25, scale: ECOG, score: 1}]}",
        ],
        inputs: .events(.performanceStatus, keys: ["scale", "score"])
    )

    private let scale: String
    private let scoreRange: ClosedRange<Int>
    private let limits: ClosedRange<Int>
    private let limitsText: String
    private let windowDays: Int?
    /// The scale as assessments' `scale` is compared.
    private let scaleKey: String
    /// Evidence names: `ECOG score`, `ECOG assessment date`.
    private let scoreName: String
    private let dateName: String

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let scaleName = try parameters[Self.scale]
        let least = try parameters[Self.limits.minimum]
        let most = try parameters[Self.limits.maximum]
        let window = try parameters[Self.windowDays]
        let givenRange = try parameters[Self.scoreRange]
        let scale = scaleName.trimmingWhitespace()
        guard !scale.isEmpty else { throw ParameterProblem("'scale' is empty", parameter: "scale") }
        let range: ClosedRange<Int>
        if let given = givenRange {
            guard given.count == 2, given[0] <= given[1] else {
                throw ParameterProblem("'score_range' must be two integers [lowest, highest]", parameter: "score_range")
            }
            range = given[0]...given[1]
        } else if let known = Self.knownScoreRanges[Term.key(scale)] {
            range = known
        } else {
            throw ParameterProblem("give 'score_range' for the scale '\(scale)' (such as [0, 5])", parameter: "score_range")
        }
        guard least != nil || most != nil else { throw Limits<Int>.neitherGiven }
        for (name, value) in [("min", least), ("max", most)] {
            if let value, !range.contains(value) {
                throw ParameterProblem("'\(name)' (\(value)) is outside the \(scale) scores \(range.lowerBound)-\(range.upperBound)", parameter: name)
            }
        }
        let lower = least ?? range.lowerBound
        let upper = most ?? range.upperBound
        let allowed = try Limits.range(lower, upper)
        if let window, window < 0 {
            throw ParameterProblem("'window_days' must not be negative", parameter: "window_days")
        }
        self.scale = scale
        scaleKey = Term.key(scale)
        scoreName = "\(scale) score"
        dateName = "\(scale) assessment date"
        scoreRange = range
        limits = allowed
        windowDays = window
        switch (least, most) {
        case let (min?, max?): limitsText = "\(min)-\(max)"
        case let (min?, nil): limitsText = "at least \(min)"
        case let (nil, max?): limitsText = "at most \(max)"
        case (nil, nil): limitsText = "any score"
        }
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let judgement = judgeAssessments(of: patient)
        guard judgement.verdict != .pass, let windowDays else { return judgement }
        let enrollment = patient.enrollment.date.span
        let opens = enrollment.last.advanced(by: -windowDays)
        return judgement.windowed(DateWindow("\(scale) assessment window", from: opens, to: Swift.max(opens, enrollment.first)))
    }

    /// The judgement, before any window is attached.
    private func judgeAssessments(of patient: PatientHistory) -> Judgement {
        let context = [Evidence.enrollmentDate(of: patient)]
        let all = patient.events(ofType: .performanceStatus)
        let onScale = all.filter { $0.string("scale").map(Term.key) == scaleKey }
        func listed(_ events: [Event]) -> [Evidence] {
            events.map { Evidence("performance status \($0.string("scale") ?? "(no scale)") \($0["score"]?.display ?? "(no score)")", $0.datesDescription, from: $0) } + context
        }
        guard !onScale.isEmpty else {
            let others = all.isEmpty ? "" : "; \(all.count) assessment\(all.count == 1 ? "" : "s") on another scale or naming none"
            return .notEvaluable("No \(scale) performance status is recorded\(others).", evidence: listed(all))
        }
        let dated = onScale.filter { $0.startSpan != nil }
        guard !dated.isEmpty else {
            return .notEvaluable("The \(scale) assessments recorded have no date, so none can be placed before enrollment.", evidence: listed(onScale))
        }
        let window = windowDays.map { "within \($0) day\($0 == 1 ? "" : "s") before it" }
        let latest = LatestBeforeEnrollment(
            dated, enrollment: patient.enrollment.date.span, windowDays: windowDays, undatedCountsAsBefore: false
        )
        guard !latest.candidates.isEmpty else {
            return .notEvaluable(
                "No \(scale) assessment is dated on or before enrollment\(window.map { " " + $0 } ?? "").",
                evidence: listed(dated)
            )
        }
        return latest.judgement(
            judge: judge(assessment:),
            label: { "\(scale) \($0["score"]?.display ?? "(no score)") on \($0.datesDescription)" },
            subject: "\(scale) assessment",
            window: window,
            context: context
        )
    }

    /// The judgement if `event` is the latest assessment.
    private func judge(assessment event: Event) -> Judgement {
        var dated: Evidence { Evidence(dateName, event.datesDescription, from: event) }
        guard let raw = event["score"], raw != .null else {
            return .notEvaluable("The \(scale) assessment of \(event.datesDescription) has no score.", evidence: [dated])
        }
        var valid: String { "a whole number from \(scoreRange.lowerBound) to \(scoreRange.upperBound)" }
        guard let score = raw.int, scoreRange.contains(score) else {
            return .notEvaluable(
                "The \(scale) score '\(raw.display)' of \(event.datesDescription) is not \(valid).",
                evidence: [Evidence("\(scale) score", raw.display, from: event), dated]
            )
        }
        guard limits.contains(score) else {
            let evidence = [Evidence(scoreName, String(score), from: event), dated]
            let side = score > limits.upperBound
                ? "above the allowed maximum of \(limits.upperBound)" : "below the allowed minimum of \(limits.lowerBound)"
            return .deviation(
                "\(scale) \(score) on \(event.datesDescription), the latest assessment on or before enrollment, is \(side).",
                evidence: evidence
            )
        }
        // A pass is written only if a report reads it.
        return .pass { [scale, limitsText] in
            "\(scale) \(score) on \(event.datesDescription) is within the allowed range (\(limitsText))."
        } evidence: { [scoreName, dateName] in
            [Evidence(scoreName, String(score), from: event), Evidence(dateName, event.datesDescription, from: event)]
        }
    }
}
