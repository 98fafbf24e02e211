import TrialCheckCore

/// `dosing-interval`: consecutive administrations of a study drug are a set number of days
/// apart, within a window (every 21 ± 3 days, say).
///
/// A finding is dated on the later administration of the first gap it reports (the dose
/// given too early or too late), and its window is the days that dose was allowed: the
/// earlier administration plus the interval's lower and upper bounds.
public struct DosingIntervalCheck: Check {
    /// The planned days from one administration to the next.
    public static let intervalDays = Parameter<Int>(required: "interval_days", "integer (days)", "Planned days from one administration to the next (21 for every three weeks).")
    /// The days either side of the planned interval that are allowed.
    public static let windowDays = Parameter<Int>("window_days", "integer (days)", default: 0, "Days allowed either side of `interval_days`, inclusive.")

    public static let identifier = "dosing-interval"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Dosing interval",
        summary: """
            The `administration` events of `drug` (or a synonym) on or after enrollment, in \
            date order (a span counts by its start), are `interval_days` ± `window_days` \
            apart, inclusive: deviation names every gap outside the window. Two \
            administrations on the same day are a gap of 0 days. Fewer than two \
            administrations pass (nothing to judge). A gap is decided only when partial \
            dates fix it and leave no doubt about the order or about which administrations \
            count; otherwise indeterminate. Undated administrations make the gaps \
            not-evaluable, except gaps too short whatever lies between them. Other arms pass \
            (not applicable); no arm recorded is not-evaluable. \
            An event that names no drug (an `administration` without `drug`) on or after \
            enrollment turns a pass into not-evaluable: it may be a study drug.
            """,
        parameters: [SharedParameters.drug, SharedParameters.drugSynonyms, intervalDays, windowDays, SharedParameters.arms],
        exampleParameters: "drug: toripalimab\ninterval_days: 21\nwindow_days: 3\narms: [A]",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, date: 2026-01-22}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2026-02-12}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2026-03-08}]}",
            "{id: P2, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, date: 2026-01-22}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, date: 2026-01-22}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2026-02-17}]}",
            "{id: P4, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, date: 2026-01-22}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2026-02-08}]}",
        ],
        inputs: .events(.administration, keys: ["drug"], fields: [.enrollmentDate, .arm])
    )

    private let drugs: DrugNames
    private let window: ClosedRange<Int>
    private let windowText: String
    private let scope: ArmScope

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let studyDrug = try parameters[SharedParameters.drug]
        let synonyms = try parameters[SharedParameters.drugSynonyms]
        let interval = try parameters[Self.intervalDays]
        let givenWindow = try parameters[Self.windowDays]
        drugs = try DrugNames([studyDrug], synonyms: synonyms, parameter: "drug")
        guard interval > 0 else {
            throw ParameterProblem("'interval_days' must be at least 1", parameter: "interval_days")
        }
        let slack = givenWindow
        guard slack >= 0 else { throw ParameterProblem("'window_days' must not be negative", parameter: "window_days") }
        guard slack < interval else {
            throw ParameterProblem("'window_days' (\(slack)) must be less than 'interval_days' (\(interval))", parameter: "window_days")
        }
        window = (interval - slack)...(interval + slack)
        windowText = slack == 0
            ? "\(interval) days"
            : "\(interval) ± \(slack) days (\(window.lowerBound)-\(window.upperBound))"
        scope = try ArmScope(parameters, context: context)
    }

    private var drug: String { drugs.drugs[0] }

    public func judge(_ patient: PatientHistory) -> Judgement {
        if let exemption = scope.exemption(for: patient) { return exemption }
        let found = StudyAdministrations.of(patient, drugs: drugs)
        return found.unlessUnnamed(judge(patient, found), drugs: drugs, in: patient)
    }

    /// The judgement from the events that name a drug.
    private func judge(_ patient: PatientHistory, _ found: StudyAdministrations) -> Judgement {
        let (drugName, allowedText, dated) = (drug, windowText, found.dated)
        // The sentences and evidence of a pass are written when a report reads them.
        guard dated.count + found.undated.count > 1 else {
            return .pass {
                "Fewer than two \(drugName) administrations on or after enrollment: no interval to judge."
            } evidence: {
                dated.map { Evidence("\(drugName) administration", $0.dates, from: $0.event) }
            }
        }
        let gaps = DoseGap.gaps(of: dated, undated: found.undated.count, window: window)
        @Sendable func evidence(_ gaps: [DoseGap]) -> [Evidence] {
            // Each administration ends one gap and starts the next: write its dates once.
            let dates = dated.map(\.dates)
            return gaps.map { Evidence("\(drugName) interval \(dates[$0.earlier]) to \(dates[$0.later])", $0.daysText, from: dated[$0.later].event) }
                + [Evidence("allowed interval", allowedText)]
        }
        func list(_ gaps: [DoseGap]) -> String {
            let dates = dated.map(\.dates)
            return gaps.map { "\(dates[$0.earlier]) to \(dates[$0.later]): \($0.daysText)" }.joined(separator: "; ")
        }
        /// The finding about `gaps`, dated and windowed at the first of them.
        func placed(_ judgement: Judgement, at gap: DoseGap) -> Judgement {
            let (earlier, later) = (found.dated[gap.earlier], found.dated[gap.later])
            let opens = earlier.start.last.advanced(by: window.lowerBound)
            let closes = earlier.start.first.advanced(by: window.upperBound)
            return judgement.dated(later.event.startDate)
                .windowed(DateWindow("allowed next \(drugName) dose", from: opens, to: Swift.max(opens, closes)))
        }
        let outside = gaps.filter { $0.status == .outside }
        if let first = outside.first {
            return placed(.deviation(
                "\(outside.count == 1 ? "One interval" : "\(outside.count) intervals") between \(drugName) administrations \(outside.count == 1 ? "is" : "are") outside \(allowedText): \(list(outside)).",
                evidence: evidence(outside)
            ), at: first)
        }
        let partial = gaps.filter { $0.status == .partial }
        if let first = partial.first {
            return placed(.indeterminate(
                "Partial dates leave open whether \(drugName) intervals are within \(allowedText): \(list(partial)).",
                evidence: evidence(partial) + [Evidence.enrollmentDate(of: patient)]
            ), at: first)
        }
        if !found.undated.isEmpty {
            return .notEvaluable(
                "\(found.undated.count == 1 ? "A \(drugName) administration has" : "\(found.undated.count) \(drugName) administrations have") no date, so the intervals between administrations cannot be judged.",
                evidence: found.undated.map { Evidence("\(drugName) administration", "undated", from: $0) } + [Evidence("allowed interval", allowedText)]
            )
        }
        return .pass {
            gaps.count == 1 ? "The interval between the two \(drugName) administrations (\(gaps[0].daysText)) is within \(allowedText)." : "All \(gaps.count) intervals between \(drugName) administrations are within \(allowedText)."
        } evidence: {
            evidence(gaps)
        }
    }
}
