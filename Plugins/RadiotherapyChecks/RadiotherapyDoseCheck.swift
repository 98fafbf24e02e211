import TrialCheckCore

/// `radiotherapy-dose`: the total dose of the definitive course lies within limits.
///
/// A finding is dated on the course's completion (its last fraction: the latest `end`), or on
/// the end of the course event it reports when that one cannot be read; on enrollment where
/// the course has no end date.
public struct RadiotherapyDoseCheck: Check {
    /// `min` and `max`.
    public static let limits = Limits<Quantity>(
        "quantity (absorbed dose)",
        min: "Least total dose, inclusive (`50 Gy`).",
        max: "Greatest total dose, inclusive (`50.4 Gy`)."
    )
    /// Allowed regimens: the total must be one of their doses (instead of `min`/`max`).
    public static let regimens = Parameter<[RadiotherapyRegimen]?>(
        "regimens", "list of {dose, fractions, tolerance, fractions_tolerance}",
        "Allowed regimens (`[{dose: 50.4 Gy, fractions: 28}, {dose: 60 Gy, fractions: 30}]`): the total is one of their doses, within each one's `tolerance` (an absorbed dose, 0 when absent). Give `regimens` or `min`/`max`."
    )

    public static let identifier = "radiotherapy-dose"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Radiotherapy total dose",
        summary: """
            The sum of `dose` over the definitive radiotherapy course (radiotherapy with \
            intent `definitive` or absent, by default starting before enrollment: see \
            `course`), converted between Gy, cGy and mGy, lies within [min, max] inclusive; \
            or, with `regimens` instead, is the total dose of one allowed regimen, within that \
            regimen's `tolerance` (the fractions are judged by `radiotherapy-fractionation`). \
            No course, a course event without a dose, or a dose in a unit that is not an \
            absorbed dose is not-evaluable.
            """,
        parameters: [limits.minimum, limits.maximum, SharedParameters.course, regimens],
        exampleParameters: "min: 50 Gy\nmax: 50.4 Gy",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 5040 cGy}]}",
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-05, dose: 41.4 Gy}, {type: radiotherapy, start: 2025-11-06, end: 2025-11-12, dose: 9 Gy}]}",
        ],
        deviatingExamples: [
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 5041 cGy}]}",
            "{id: P5, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 60 Gy, intent: definitive}]}",
        ],
        inputs: .events(.radiotherapy, keys: ["dose", "intent"])
    )

    private let selection: RadiotherapyCourse.Selection
    private let rule: DoseRequirement.Rule

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let requirement = try DoseRequirement(parameters, limits: Self.limits, regimens: Self.regimens)
        selection = requirement.selection
        rule = requirement.rule
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        guard let course = RadiotherapyCourse(of: patient, selection: selection) else {
            return .notEvaluable(
                selection.noCourseSentence,
                evidence: [Evidence.enrollmentDate(of: patient)]
            )
        }
        var doses: [(event: Event, dose: Quantity)] = []
        var certainGray = 0.0
        var uncertainGray = 0.0
        for event in course.allEvents {
            guard let raw = event["dose"] else {
                return Judgement.notEvaluable(
                    "The radiotherapy course \(event.datesDescription) has no dose recorded.",
                    evidence: [Evidence("radiotherapy", event.datesDescription, from: event)]
                ).dated(event.endDate ?? event.startDate)
            }
            guard let dose = raw.quantity else {
                return Judgement.notEvaluable(
                    "The radiotherapy dose '\(raw.display)' is not a quantity with a unit.",
                    evidence: [Evidence("radiotherapy dose", raw.display, from: event)]
                ).dated(event.endDate ?? event.startDate)
            }
            guard ClinicalUnit.definition(of: dose.unit)?.dimension == .absorbedDose,
                  let gray = dose.converted(to: "Gy")
            else {
                return Judgement.notEvaluable(
                    "The radiotherapy dose unit '\(dose.unit)' is not an absorbed-dose unit (Gy, cGy, mGy).",
                    evidence: [Evidence("radiotherapy dose", dose.description, from: event)]
                ).dated(event.endDate ?? event.startDate)
            }
            if course.events.contains(event) {
                certainGray += gray.value
            } else {
                uncertainGray += gray.value
            }
            doses.append((event, dose))
        }
        let read = doses
        // The evidence is written only if a report reads it.
        @Sendable func evidence() -> [Evidence] {
            read.map { Evidence("radiotherapy dose (\($0.event.datesDescription))", $0.dose.description, from: $0.event) }
        }
        let limits: DoseLimits
        switch rule {
        case .limits(let given): limits = given
        case .regimens(let table):
            return judge(course: course, certainGray: certainGray, uncertainGray: uncertainGray, against: table, evidence: evidence, patient: patient)
        }
        let several = course.allEvents.count > 1
        let totalGray = certainGray + uncertainGray
        @Sendable func totalEvidence() -> [Evidence] {
            several ? evidence() + [Evidence("total dose", limits.describe(gray: totalGray))] : evidence()
        }
        var limitsText: String { limits.text }
        var total: String { limits.describe(gray: totalGray) }
        var evidenceWithEnrollment: [Evidence] { totalEvidence() + [Evidence.enrollmentDate(of: patient)] }
        guard !course.events.isEmpty else {
            return .indeterminate(
                "The only definitive radiotherapy recorded has a partial start date that may fall \(selection.otherSide).",
                evidence: evidenceWithEnrollment
            )
        }
        // Doses add up, so the possible totals run from the certain events alone to all of them.
        let lowest = limits.placement(ofGray: certainGray)
        let highest = limits.placement(ofGray: certainGray + uncertainGray)
        // The course's last fraction, as written.
        var completion: PartialDate? { course.completion == nil ? nil : course.completingEvent?.endDate }
        if lowest != highest {
            return Judgement.indeterminate(
                "The total definitive dose is \(limits.describe(gray: certainGray)) or \(total), depending on whether radiotherapy with a partial start date started \(selection.placement); the protocol allows \(limitsText).",
                evidence: evidenceWithEnrollment
            ).dated(completion)
        }
        switch highest {
        case .within:
            return .pass { "Total definitive dose \(limits.describe(gray: totalGray)) meets the allowed \(limits.text)." } evidence: { totalEvidence() }
        case .below, .above:
            let side = highest == .below ? "below" : "above"
            return Judgement.deviation(
                "Total definitive radiotherapy dose \(total) is \(side) the allowed \(limitsText).",
                evidence: totalEvidence()
            ).dated(completion)
        }
    }

    /// The judgement against allowed regimens: the total is one of their doses.
    private func judge(
        course: RadiotherapyCourse, certainGray: Double, uncertainGray: Double, against table: RegimenTable,
        evidence doses: @escaping @Sendable () -> [Evidence], patient: PatientHistory
    ) -> Judgement {
        let total = Quantity(certainGray + uncertainGray, "Gy").description
        let several = course.allEvents.count > 1
        @Sendable func evidence() -> [Evidence] { several ? doses() + [Evidence("total dose", total)] : doses() }
        var withEnrollment: [Evidence] { evidence() + [Evidence.enrollmentDate(of: patient)] }
        guard !course.events.isEmpty else {
            return .indeterminate(
                "The only definitive radiotherapy recorded has a partial start date that may fall \(selection.otherSide).",
                evidence: withEnrollment
            )
        }
        let completion = course.completion == nil ? nil : course.completingEvent?.endDate
        let certain = table.regimen(forDose: certainGray)
        let possible = table.regimen(forDose: certainGray + uncertainGray)
        if (certain == nil) != (possible == nil) {
            return Judgement.indeterminate(
                "The total definitive dose is \(Quantity(certainGray, "Gy")) or \(total), depending on whether radiotherapy with a partial start date started \(selection.placement); the allowed totals are \(table.totalsText).",
                evidence: withEnrollment
            ).dated(completion)
        }
        if let possible {
            return .pass { "Total definitive dose \(total) is the total of the allowed regimen \(possible.text)." } evidence: { evidence() }
        }
        return Judgement.deviation(
            "Total definitive radiotherapy dose \(total) is none of the allowed totals (\(table.text)).",
            evidence: evidence()
        ).dated(completion)
    }
}
