import TrialCheckCore

/// `days-between`: the number of days from one point of the history to another lies
/// within limits (the enrollment window after chemoradiotherapy, for instance).
///
/// A finding is dated on the `to` point (enrollment, for the enrollment window), where its
/// partial date names exactly the days it could be; its window is the days the `to` point
/// was allowed, when both limits are set.
public struct DaysBetweenCheck: Check {
    /// The point measured from.
    public static let from = Parameter<TimelineAnchor>(required: "from", "anchor", "The point measured from.")
    /// The point measured to.
    public static let to = Parameter<TimelineAnchor>(required: "to", "anchor", "The point measured to.")
    /// `min` and `max`.
    public static let limits = Limits<Int>(
        "integer (days)",
        min: "Fewest days allowed, inclusive.",
        max: "Most days allowed, inclusive."
    )

    public static let identifier = "days-between"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Days between two points",
        summary: """
            days = `to` - `from`, in calendar days, lies within [min, max] inclusive (0 is \
            the same day; negative is `to` before `from`). Anchors: \
            \(TimelineAnchor.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")). \
            A point that cannot be placed is not-evaluable; partial dates that straddle a \
            limit are indeterminate.
            """,
        parameters: [from, to, limits.minimum, limits.maximum],
        exampleParameters: "from: crt-completion\nto: enrollment\nmin: 1\nmax: 42",
        passingExamples: [
            "{id: P1, enrollment: {date: 2025-11-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}]}",
            "{id: P2, enrollment: {date: 2025-12-31}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2025-11-19}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}]}",
            "{id: P4, enrollment: {date: 2026-01-01}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}]}",
        ],
        inputs: TimelineAnchor.allCases.reduce(.nothing) { $0.union($1.inputs) }
    )

    private let from: TimelineAnchor
    private let to: TimelineAnchor
    private let limits: ClosedRange<Int>
    private let limitsText: String
    /// The end point, to start a sentence: `Enrollment`.
    private let toLabelCapitalized: String

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let start = try parameters[Self.from]
        let end = try parameters[Self.to]
        let least = try parameters[Self.limits.minimum]
        let most = try parameters[Self.limits.maximum]
        guard least != nil || most != nil else { throw Limits<Int>.neitherGiven }
        guard start != end else {
            throw ParameterProblem("'from' and 'to' are the same point", parameter: "to")
        }
        let lower = least ?? Int.min
        let upper = most ?? Int.max
        let allowed = try Limits.range(lower, upper)
        from = start
        to = end
        limits = allowed
        limitsText = LimitsText.describe(min: least, max: most, unit: "days", unbounded: "any number of days")
        toLabelCapitalized = end.label.capitalizingFirstLetter
    }

    public var inputs: CheckInputs { from.inputs.union(to.inputs) }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let start: (DaySpan, Evidence)
        let end: (DaySpan, Evidence)
        switch (from.resolve(in: patient), to.resolve(in: patient)) {
        case let (.success(first), .success(second)):
            start = first
            end = second
        case let (.failure(missing), _), let (_, .failure(missing)):
            let enrollment = Evidence.enrollmentDate(of: patient)
            return .notEvaluable(missing.reason, evidence: [enrollment])
        }
        let days = end.0.days(since: start.0)
        // The sentence and evidence are written when a report reads them.
        @Sendable func daysText() -> String {
            days.lowerBound == days.upperBound ? "\(days.lowerBound)" : "\(days.lowerBound) to \(days.upperBound)"
        }
        let met = days.lies(within: limits)
        let decided = Judgement(
            Verdict(met: met),
            {
                met == .unknown
                    ? "Partial dates put \(to.label) \(daysText()) days after \(from.label); the protocol allows \(limitsText)."
                    : "\(toLabelCapitalized) \(Self.relation(days, to: from.label)); the protocol allows \(limitsText)."
            },
            evidence: { [start.1, end.1, Evidence("days", daysText())] }
        )
        let judgement = decided.verdict == .pass ? decided : decided.dated(Self.date(of: to, at: end.0, in: patient))
        // A window is drawn only when both limits are set (an open-ended one has no band),
        // from the latest possible start, so it is the tightest honest band.
        guard limits.lowerBound != Int.min, limits.upperBound != Int.max else { return judgement }
        let lower = start.0.last.advanced(by: limits.lowerBound)
        let upper = start.0.first.advanced(by: limits.upperBound)
        return judgement.windowed(DateWindow("allowed \(to.label)", from: lower, to: max(lower, upper)))
    }

    /// The date of the `to` point: the enrollment date as written, or the partial date that
    /// names exactly the days the point could be (`nil`, so enrollment, for any other span).
    private static func date(of anchor: TimelineAnchor, at span: DaySpan, in patient: PatientHistory) -> PartialDate? {
        anchor == .enrollment ? patient.enrollment.date : PartialDate(exactly: span)
    }

    private static func relation(_ days: ClosedRange<Int>, to anchor: String) -> String {
        let count = days.lowerBound
        guard days.lowerBound == days.upperBound else { return "is \(days.lowerBound) to \(days.upperBound) days after \(anchor)" }
        switch count {
        case 0: return "is on the day of \(anchor) (0 days)"
        case 1: return "is 1 day after \(anchor)"
        case -1: return "is 1 day before \(anchor)"
        case ..<0: return "is \(-count) days before \(anchor)"
        default: return "is \(count) days after \(anchor)"
        }
    }
}
