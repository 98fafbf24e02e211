import TrialCheckCore

/// `first-dose-timing`: the first dose of a study drug falls within a number of days of a
/// point of the history ("toripalimab starting with chemoradiotherapy": the first dose
/// within the first week of radiotherapy).
///
/// A finding is dated on the first dose (its date as written), and its window is the days the
/// first dose was allowed.
public struct FirstDoseTimingCheck: Check {
    /// The point measured from.
    public static let from = Parameter<TimelineAnchor>(required: "from", "anchor", "The point measured from (`radiotherapy-start`).")
    /// `min` and `max`.
    public static let limits = Limits<Int>(
        "integer (days)",
        min: "Fewest days from the point to the first dose, inclusive.",
        max: "Most days from the point to the first dose, inclusive."
    )

    public static let identifier = "first-dose-timing"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Timing of a study drug's first dose",
        summary: """
            days = the first `administration` of `drug` (or a synonym; case-insensitive) on \
            or after enrollment (its `date`, or the `start` of a span) - the `from` point, in \
            calendar days, lies within [min, max] inclusive (0 is the same day; negative is \
            the first dose before the point). Points: \
            \(TimelineAnchor.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")); \
            `course` chooses the definitive radiotherapy course that `radiotherapy-start` and \
            `crt-completion` refer to. No administration of the drug on or after enrollment \
            is not-evaluable (a patient never dosed is not a compliant one), as is a point \
            that cannot be placed or an undated administration of the drug; partial dates \
            that straddle a limit, or leave open whether a dose preceded enrollment, are \
            indeterminate. Other arms pass (not applicable); no arm recorded is not-evaluable.
            """,
        parameters: [SharedParameters.drug, SharedParameters.drugSynonyms, from, SharedParameters.course, limits.minimum, limits.maximum, SharedParameters.arms],
        exampleParameters: "drug: toripalimab\nfrom: radiotherapy-start\ncourse: after-enrollment\nmin: 0\nmax: 7",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-05}, events: [{type: radiotherapy, start: 2026-01-12, end: 2026-02-18, dose: 50.4 Gy}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2026-01-12, cycle: 1}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2026-02-02, cycle: 2}]}",
            "{id: P2, enrollment: {date: 2026-01-05}, events: [{type: radiotherapy, start: 2026-01-12, end: 2026-02-18, dose: 50.4 Gy}, {type: administration, drug: Toripalimab, dose: 240 mg, date: 2026-01-19, cycle: 1}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-05}, events: [{type: radiotherapy, start: 2026-01-12, end: 2026-02-18, dose: 50.4 Gy}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2026-02-02, cycle: 1}]}",
            "{id: P4, enrollment: {date: 2026-01-05}, events: [{type: radiotherapy, start: 2026-01-12, end: 2026-02-18, dose: 50.4 Gy}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2026-01-07, cycle: 1}]}",
        ],
        inputs: TimelineAnchor.allCases.reduce(CheckInputs.events(.administration, keys: ["drug"], fields: [.enrollmentDate, .arm])) { $0.union($1.inputs) }
    )

    private let drug: DrugName
    private let from: TimelineAnchor
    private let selection: RadiotherapyCourse.Selection
    private let limits: ClosedRange<Int>
    private let lowest: Int?
    private let highest: Int?
    private let limitsText: String
    private let scope: ArmScope

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let studyDrug = try parameters[SharedParameters.drug]
        let synonyms = try parameters[SharedParameters.drugSynonyms]
        let start = try parameters[Self.from]
        let course = try parameters[SharedParameters.course]
        let least = try parameters[Self.limits.minimum]
        let most = try parameters[Self.limits.maximum]
        guard least != nil || most != nil else { throw Limits<Int>.neitherGiven }
        let lower = least ?? Int.min
        let upper = most ?? Int.max
        let allowed = try Limits.range(lower, upper)
        drug = try DrugName(studyDrug, synonyms: synonyms)
        from = start
        selection = course
        limits = allowed
        lowest = least
        highest = most
        scope = try ArmScope(parameters, context: context)
        limitsText = LimitsText.describe(min: least, max: most, unit: "days", joiner: " to ", unbounded: "any number of days")
    }

    public var inputs: CheckInputs {
        from.inputs.union(.events(.administration, keys: ["drug"], fields: [.enrollmentDate, .arm]))
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        if let exemption = scope.exemption(for: patient) { return exemption }
        let enrollment = patient.enrollment.date.span
        let enrollmentEvidence = Evidence.enrollmentDate(of: patient)
        var certain: [(DaySpan, Event)] = []
        var uncertain: [(DaySpan, Event)] = []
        var undated: [Event] = []
        for event in patient.selectEvents(ofType: .administration) where drug.isAdministration(event) {
            guard let start = event.startSpan else {
                undated.append(event)
                continue
            }
            switch start.isBefore(enrollment) {
            case .no: certain.append((start, event))
            // Were it on or after enrollment, its day would be no earlier than enrollment.
            case .unknown: uncertain.append((DaySpan(Swift.max(start.first, enrollment.first), start.last), event))
            case .yes: continue
            }
        }
        if let event = undated.first {
            return .notEvaluable(
                "An administration of \(drug.drug) has no date, so the first dose cannot be placed.",
                evidence: [Evidence("\(drug.drug) administration", "no date", from: event), enrollmentEvidence]
            )
        }
        guard let firstCertain = certain.min(by: { $0.0.first < $1.0.first }) else {
            if let event = uncertain.first?.1 {
                return Judgement.indeterminate(
                    "Partial dates leave open whether \(drug.drug) (\(event.datesDescription)) was given on or after enrollment.",
                    evidence: [Evidence("\(drug.drug) administration", event.datesDescription, from: event), enrollmentEvidence]
                ).dated(event.startDate)
            }
            return .notEvaluable("No administration of \(drug.drug) on or after enrollment is recorded.", evidence: [enrollmentEvidence])
        }
        let anchor: (DaySpan, Evidence)
        switch from.resolve(in: patient, course: selection) {
        case .success(let resolved): anchor = resolved
        case .failure(let missing): return .notEvaluable(missing.reason, evidence: [enrollmentEvidence])
        }

        let possible = DaySpan.earliest(of: (certain + uncertain).map(\.0)) ?? firstCertain.0
        let first = possible.hull(DaySpan.earliest(of: certain.map(\.0)) ?? firstCertain.0)
        let earliestEvent = (certain + uncertain).min { $0.0.first < $1.0.first }?.1 ?? firstCertain.1
        let days = first.days(since: anchor.0)
        let daysText = days.lowerBound == days.upperBound ? "\(days.lowerBound)" : "\(days.lowerBound) to \(days.upperBound)"
        let evidence = [
            anchor.1,
            Evidence("first \(drug.drug) dose", first.description, from: earliestEvent),
            Evidence("days", daysText),
        ]
        let sentence = "The first \(drug.drug) dose (\(first)) \(Self.relation(days, to: from.label)); the protocol allows \(limitsText)."
        let judgement: Judgement = .decide(
            days.lies(within: limits),
            pass: sentence,
            deviation: sentence,
            indeterminate: "Partial dates put the first \(drug.drug) dose \(daysText) days after \(from.label); the protocol allows \(limitsText).",
            evidence: evidence
        )
        let windowStart = lowest.map { anchor.0.last.advanced(by: $0) } ?? anchor.0.first
        let windowEnd = highest.map { anchor.0.first.advanced(by: $0) } ?? first.last
        let dated = judgement.verdict == .pass ? judgement : judgement.dated(earliestEvent.startDate)
        return dated.windowed(DateWindow("allowed first \(drug.drug) dose", from: windowStart, to: Swift.max(windowStart, windowEnd)))
    }

    private static func relation(_ days: ClosedRange<Int>, to anchor: String) -> String {
        guard days.lowerBound == days.upperBound else { return "is \(days.lowerBound) to \(days.upperBound) days after \(anchor)" }
        let count = days.lowerBound
        switch count {
        case 0: return "is on the day of \(anchor) (0 days)"
        case 1: return "is 1 day after \(anchor)"
        case -1: return "is 1 day before \(anchor)"
        case ..<0: return "is \(-count) days before \(anchor)"
        default: return "is \(count) days after \(anchor)"
        }
    }
}
