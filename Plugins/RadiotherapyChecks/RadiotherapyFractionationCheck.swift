import TrialCheckCore

/// `radiotherapy-fractionation`: the dose per fraction (`dose` / `fractions`) of each event
/// of the definitive course lies within limits.
///
/// Each event is judged on its own, so a boost phase recorded as its own event must be
/// conventionally fractionated too: averaging over the course would hide a hypofractionated
/// boost (45 Gy in 25 fractions and 5.4 Gy in 2 average 1.87 Gy, but the boost is 2.7 Gy).
public struct RadiotherapyFractionationCheck: Check {
    /// `min` and `max`.
    public static let limits = Limits<Quantity>(
        "quantity (absorbed dose)",
        min: "Least dose per fraction, inclusive (`1.8 Gy`).",
        max: "Greatest dose per fraction, inclusive (`2 Gy`)."
    )
    /// Allowed regimens: the course's total dose and fractions form one of them (instead of `min`/`max` per fraction).
    public static let regimens = Parameter<[RadiotherapyRegimen]?>(
        "regimens", "list of {dose, fractions, tolerance, fractions_tolerance}",
        "Allowed regimens (`[{dose: 50.4 Gy, fractions: 28}, {dose: 60 Gy, fractions: 30}]`): total dose within `tolerance` (an absorbed dose, 0 when absent) and fractions within `fractions_tolerance` (0 when absent) of one of them. Give `regimens` or `min`/`max`."
    )

    public static let identifier = "radiotherapy-fractionation"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Radiotherapy dose per fraction",
        summary: """
            For each event of the definitive radiotherapy course (radiotherapy with intent \
            `definitive` or absent, by default starting before enrollment: see `course`), \
            `dose` / `fractions`, \
            converted between Gy, cGy and mGy, lies within [min, max] inclusive. Each event \
            is judged on its own (a boost phase recorded as its own event must comply too). \
            An event that breaks the limits is a deviation. No course, an event without \
            `dose` or `fractions`, a dose that is not an absorbed dose, or a number of \
            fractions that is not a whole number above 0 is not-evaluable. An event whose \
            partial start date leaves its membership open decides nothing alone: \
            indeterminate where the verdict depends on it. With `regimens` instead of \
            `min`/`max`, the course's total dose and total fractions (summed over its \
            events) must form one allowed regimen, each within that regimen's tolerances: \
            59.4 Gy in 33 fractions is neither 50.4 Gy in 28 nor 60 Gy in 30.
            """,
        parameters: [limits.minimum, limits.maximum, SharedParameters.course, regimens],
        exampleParameters: "min: 1.8 Gy\nmax: 2.0 Gy",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy, fractions: 28}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-14, dose: 5000 cGy, fractions: 25}]}",
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-12, dose: 41.4 Gy, fractions: 23}, {type: radiotherapy, start: 2025-11-13, end: 2025-11-19, dose: 9 Gy, fractions: 5}]}",
        ],
        deviatingExamples: [
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-14, dose: 50.4 Gy, fractions: 25}]}",
            "{id: P5, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-14, dose: 45 Gy, fractions: 25}, {type: radiotherapy, start: 2025-11-17, end: 2025-11-18, dose: 5.4 Gy, fractions: 2}]}",
        ],
        inputs: .events(.radiotherapy, keys: ["dose", "fractions", "intent"])
    )

    private let selection: RadiotherapyCourse.Selection
    private let rule: Rule

    /// Each event's dose per fraction within limits, or the course's totals one regimen.
    private enum Rule {
        case perFraction(DoseLimits)
        case regimens(CourseRegimenRule)
    }

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let requirement = try DoseRequirement(parameters, limits: Self.limits, regimens: Self.regimens, suffix: " per fraction", positive: true)
        selection = requirement.selection
        switch requirement.rule {
        case .regimens(let table): rule = .regimens(CourseRegimenRule(selection: selection, table: table))
        case .limits(let limits): rule = .perFraction(limits)
        }
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let limits: DoseLimits
        switch rule {
        case .regimens(let regimens): return regimens.judge(patient)
        case .perFraction(let given): limits = given
        }
        let limitsText = limits.text
        let eventRule = CourseEventRule(selection: selection, requirement: limitsText) { find($0, limits: limits) }
        return eventRule.judge(patient) { evidence in
            let values = evidence.filter { $0.name.hasPrefix("dose per fraction") }.map(\.value)
            guard values.count > 1 else { return "Dose per fraction \(values.joined()) meets the allowed \(limitsText)." }
            return "The dose per fraction of every course event (\(values.joined(separator: ", "))) meets the allowed \(limitsText)."
        }
    }

    private func find(_ event: Event, limits: DoseLimits) -> EventFinding {
        var dates: String { event.datesDescription }
        guard let raw = event["dose"] else {
            return .missing(
                "The radiotherapy course \(dates) has no dose recorded.",
                [Evidence("radiotherapy", dates, from: event)]
            )
        }
        guard let dose = raw.quantity else {
            return .missing(
                "The radiotherapy dose '\(raw.display)' is not a quantity with a unit.",
                [Evidence("radiotherapy dose", raw.display, from: event)]
            )
        }
        guard ClinicalUnit.definition(of: dose.unit)?.dimension == .absorbedDose, let gray = dose.converted(to: "Gy") else {
            return .missing(
                "The radiotherapy dose unit '\(dose.unit)' is not an absorbed-dose unit (Gy, cGy, mGy).",
                [Evidence("radiotherapy dose", dose.description, from: event)]
            )
        }
        guard let rawFractions = event["fractions"] else {
            return .missing(
                "The radiotherapy course \(dates) has no number of fractions recorded.",
                [Evidence("radiotherapy dose (\(dates))", dose.description, from: event)]
            )
        }
        guard let fractions = rawFractions.int, fractions > 0 else {
            return .missing(
                "The number of fractions '\(rawFractions.display)' of radiotherapy \(dates) is not a whole number above 0.",
                [Evidence("fractions (\(dates))", rawFractions.display, from: event)]
            )
        }
        let perFraction = gray.value / Double(fractions)
        @Sendable func evidence() -> [Evidence] {
            let dates = event.datesDescription
            return [
                Evidence("radiotherapy dose (\(dates))", dose.description, from: event),
                Evidence("fractions (\(dates))", String(fractions), from: event),
                Evidence("dose per fraction (\(dates))", limits.describe(gray: perFraction), from: event),
            ]
        }
        let side: String
        switch limits.placement(ofGray: perFraction) {
        case .within: return .meets(evidence)
        case .below: side = "below"
        case .above: side = "above"
        }
        return .fails(
            "radiotherapy \(dates) gave \(limits.describe(gray: perFraction)) per fraction (\(dose) in \(fractions) fractions), \(side) the allowed range",
            evidence()
        )
    }
}
