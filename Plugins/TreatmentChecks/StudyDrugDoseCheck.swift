import TrialCheckCore

/// `study-drug-dose`: each administration of a study drug on or after enrollment has the
/// protocol dose (within a tolerance), and the required route and frequency.
///
/// A finding is dated on the first administration it reports (the earliest non-compliant
/// one, or the first that cannot be judged), or on enrollment where it reports none.
public struct StudyDrugDoseCheck: Check {
    /// The dose of each administration (a mass, or a mass per m2 or per kg); absent: only the route and frequency are checked.
    public static let dose = Parameter<Quantity?>("dose", "quantity (mass, mass/m2 or mass/kg)", "The dose of each administration (`240 mg`, `40 mg/m2`, `5 mg/kg`); absent: route and frequency only.")
    /// How far a dose may stray from `dose`; none when absent.
    public static let tolerance = Parameter<DoseTolerance?>(
        "tolerance", "percentage or quantity (mass)", defaultText: "0",
        "How far a dose may differ from `dose`, either way, inclusive (`5%`, `10 mg`; a percentage for a dose per m2 or kg)."
    )
    /// The required route, if any (`IV`, or `[oral, PO]`).
    public static let route = Parameter<AcceptedTerms?>("route", "string or list of strings", "Required route; several values are accepted spellings (`[oral, PO]`).")
    /// The required frequency, if any (`BID`).
    public static let frequency = Parameter<AcceptedTerms?>("frequency", "string or list of strings", "Required frequency (`BID`); several values are accepted spellings.")

    public static let identifier = "study-drug-dose"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Study drug dose",
        summary: """
            Every `administration` of `drug` (or a synonym; case-insensitive) on or after \
            enrollment has a `dose` within `dose` ± `tolerance` (mg, g and ug convert), and \
            the `route` and `frequency` the protocol requires, where it requires one (each \
            may be checked without a `dose`). A dose per body size (`40 mg/m2`, `5 mg/kg`) is \
            scaled by the patient's body-surface area or weight on the day of the dose: the \
            latest `measurement` certainly on or before it, its recorded `bsa` (m2), else \
            the Mosteller formula sqrt(height cm x weight kg / 3600) from the latest `height` \
            and `weight`; no such measurement is not-evaluable. A \
            deviation lists every non-compliant administration. An administration without \
            a dose, route or frequency that the rule needs, or with a dose unit that is not \
            a mass, is not-evaluable unless another administration already deviates; so is \
            a patient with no administration of the drug on or after enrollment (a patient \
            never dosed is not a compliant one). An administration whose partial date may \
            fall before enrollment makes a deviation it shows indeterminate; an undated one \
            that does not comply is not-evaluable. Other arms pass (not applicable); no arm \
            recorded is not-evaluable. \
            An event that names no drug (an `administration` without `drug`) on or after \
            enrollment turns a pass into not-evaluable: it may be a study drug.
            """,
        parameters: [SharedParameters.drug, SharedParameters.drugSynonyms, dose, tolerance, route, frequency, SharedParameters.arms],
        exampleParameters: "drug: toripalimab\ndose: 240 mg\ntolerance: 5%\nroute: IV\narms: [A]",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, route: IV, date: 2026-01-22}, {type: administration, drug: Toripalimab, dose: 0.25 g, route: iv, date: 2026-02-12}]}",
            "{id: P2, enrollment: {date: 2026-01-20, arm: B}}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, route: IV, date: 2026-01-22}, {type: administration, drug: toripalimab, dose: 200 mg, route: IV, date: 2026-02-12}]}",
            "{id: P4, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, route: oral, date: 2026-01-22}]}",
        ],
        inputs: CheckInputs.events(.administration, keys: ["drug", "dose", "route", "frequency"], fields: [.enrollmentDate, .arm])
            .reading(.measurement, keys: ["weight", "height", "bsa"])
    )

    private let drugs: DrugNames
    private let target: DoseTarget?
    private let route: AcceptedTerms?
    private let frequency: AcceptedTerms?
    private let scope: ArmScope
    /// What each administration must be: `240 mg ± 10%, route IV or intravenous`.
    private let requirement: String
    /// The requirement, as evidence.
    private let requiredEvidence: Evidence

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let studyDrug = try parameters[SharedParameters.drug]
        let synonyms = try parameters[SharedParameters.drugSynonyms]
        let dose = try parameters[Self.dose]
        let tolerance = try parameters[Self.tolerance]
        let givenRoute = try parameters[Self.route]
        let givenFrequency = try parameters[Self.frequency]
        drugs = try DrugNames([studyDrug], synonyms: synonyms, parameter: "drug")
        guard dose != nil || givenRoute != nil || givenFrequency != nil else {
            throw ParameterProblem("give 'dose', 'route', 'frequency' or a combination")
        }
        if dose == nil, tolerance != nil {
            throw ParameterProblem("'tolerance' needs 'dose'", parameter: "tolerance")
        }
        target = try dose.map { (dose: Quantity) throws(ParameterProblem) in try DoseTarget(dose: dose, tolerance: tolerance ?? .exact) }
        for (name, terms) in [("route", givenRoute), ("frequency", givenFrequency)] {
            if let terms, terms.values.isEmpty || terms.values.contains(where: \.isEmpty) {
                throw ParameterProblem("'\(name)' needs at least one non-empty value", parameter: name)
            }
        }
        route = givenRoute
        frequency = givenFrequency
        scope = try ArmScope(parameters, context: context)
        requirement = [target?.text, route.map { "route \($0)" }, frequency.map { "frequency \($0)" }].compactMap { $0 }.joined(separator: ", ")
        requiredEvidence = Evidence("required", requirement)
    }

    private var drug: String { drugs.drugs[0] }

    /// What one administration shows.
    struct Finding {
        var problems: [String] = []
        var missing: [String] = []
        /// The dose, route and frequency as recorded, where the rule needs them.
        var dose: Quantity?
        /// The body size the dose was scaled by, for a dose per m2 or per kg.
        var size: String?
        var route: String?
        var frequency: String?

        /// What was read, for evidence (`240 mg, route IV`): only a finding that is reported
        /// needs it.
        var values: [String] {
            [dose?.description, size, route.map { "route \($0)" }, frequency.map { "frequency \($0)" }].compactMap { $0 }
        }
    }

    /// What `event` shows, in full.
    func inspect(_ event: Event, in patient: PatientHistory) -> Finding {
        var finding = Finding()
        if let target { inspectDose(event, target: target, in: patient, into: &finding) }
        if let route { finding.route = Self.read("route", route, of: event, into: &finding) }
        if let frequency { finding.frequency = Self.read("frequency", frequency, of: event, into: &finding) }
        return finding
    }

    /// Whether `event` certainly complies, told without writing a finding: a fixed dose that
    /// reads as complying (or is written as `knownDose`, a dose text already found to
    /// comply), and the route and frequency written as accepted values. Such an
    /// administration adds nothing to a finding. `false` when unsure: ``inspect(_:in:)``
    /// decides.
    func surelyComplies(_ event: Event, knownDose: inout String?) -> Bool {
        if let target {
            guard target.basis == nil else { return false }
            let raw = event["dose"]
            if case .string(let text)? = raw, let known = knownDose, text.hasSameBytes(as: known) {
                // The same text reads the same: it complies.
            } else {
                guard case .complies = target.read(raw) else { return false }
                if case .string(let text)? = raw { knownDose = text }
            }
        }
        if let route {
            guard let value = event.string("route"), route.acceptsAsWritten(value) else { return false }
        }
        if let frequency {
            guard let value = event.string("frequency"), frequency.acceptsAsWritten(value) else { return false }
        }
        return true
    }

    /// Judges the dose of `event` against `target`, scaled by the body size on its day.
    private func inspectDose(_ event: Event, target: DoseTarget, in patient: PatientHistory, into finding: inout Finding) {
        var size = 1.0
        if let basis = target.basis {
            guard let day = event.startSpan else {
                finding.missing.append("no date to find the body size by")
                return
            }
            switch BodySize.size(basis, on: day, in: patient) {
            case .failure(let missing):
                finding.missing.append(missing.reason)
                return
            case .success(let found):
                size = found.value
                finding.size = found.text
            }
        }
        switch target.read(event["dose"], size: size) {
        case .complies(let dose):
            finding.dose = dose
        case .deviates(let dose):
            finding.dose = dose
            let expected = target.basis == nil ? "" : " (\(Quantity(target.dose.value * size, target.dose.unit)) for this patient)"
            finding.problems.append("dose \(dose), not \(target.text)\(expected)")
        case .unusable(let reason):
            finding.missing.append(reason)
        }
    }

    /// The value of a required term (`route`, `frequency`) as recorded, if it is; what is
    /// missing or not accepted goes into `finding`.
    private static func read(_ name: String, _ terms: AcceptedTerms, of event: Event, into finding: inout Finding) -> String? {
        guard let value = event.string(name), !value.trimmingWhitespace().isEmpty else {
            finding.missing.append("no \(name) recorded")
            return nil
        }
        if !terms.accepts(value) { finding.problems.append("\(name) \(value), not \(terms)") }
        return value
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        if let exemption = scope.exemption(for: patient) { return exemption }
        let found = StudyAdministrations.of(patient, drugs: drugs)
        return found.unlessUnnamed(judge(patient, found), drugs: drugs, in: patient)
    }

    /// The judgement from the events that name a drug.
    private func judge(_ patient: PatientHistory, _ found: StudyAdministrations) -> Judgement {
        var enrollment: Evidence { Evidence.enrollmentDate(of: patient) }
        let required = requiredEvidence

        var deviating: [(Event, Finding)] = []
        var possible: [(Event, Finding)] = []
        var unreadable: [(Event, Finding)] = []
        var knownDose: String?
        for item in found.dated {
            let event = item.event
            // Most administrations comply: they are told so without a finding.
            if surelyComplies(event, knownDose: &knownDose) { continue }
            let finding = inspect(event, in: patient)
            if !finding.problems.isEmpty {
                if item.isCertain { deviating.append((event, finding)) } else { possible.append((event, finding)) }
            } else if !finding.missing.isEmpty {
                unreadable.append((event, finding))
            }
        }
        for event in found.undated {
            var finding = inspect(event, in: patient)
            guard !finding.problems.isEmpty || !finding.missing.isEmpty else { continue }
            finding.missing.insert("no date recorded", at: 0)
            unreadable.append((event, finding))
        }

        func evidence(_ items: [(Event, Finding)]) -> [Evidence] {
            items.map { event, finding in
                Evidence("\(drug) administration \(event.datesDescription)", (finding.values + finding.missing).joined(separator: ", "), from: event)
            }
        }
        func list(_ items: [(Event, Finding)]) -> String {
            items.map { event, finding in "\(event.datesDescription) (\((finding.problems + finding.missing).joined(separator: ", ")))" }.joined(separator: "; ")
        }

        let total = found.dated.count(where: \.isCertain)
        if !deviating.isEmpty {
            return Judgement.deviation(
                total == 1
                    ? "The \(drug) administration on or after enrollment does not comply: \(list(deviating))."
                    : "\(deviating.count) of \(total) \(drug) administrations on or after enrollment \(deviating.count == 1 ? "does" : "do") not comply: \(list(deviating)).",
                evidence: evidence(deviating) + [required, enrollment]
            ).dated(deviating.first?.0.startDate)
        }
        if !possible.isEmpty {
            return Judgement.indeterminate(
                "Partial dates leave it open whether non-compliant \(drug) administrations fell on or after enrollment (\(patient.enrollment.date)): \(list(possible)).",
                evidence: evidence(possible) + [required, enrollment]
            ).dated(possible.first?.0.startDate)
        }
        if !unreadable.isEmpty {
            return Judgement.notEvaluable(
                "\(unreadable.count == 1 ? "A \(drug) administration" : "\(unreadable.count) \(drug) administrations") cannot be judged: \(list(unreadable)).",
                evidence: evidence(unreadable) + [required, enrollment]
            ).dated(unreadable.first?.0.startDate)
        }
        guard total > 0 else {
            if !found.uncertain.isEmpty {
                return .indeterminate(
                    "Partial dates leave it open whether any \(drug) administration fell on or after enrollment (\(patient.enrollment.date)).",
                    evidence: evidence(found.uncertain.map { ($0.event, inspect($0.event, in: patient)) }) + [enrollment]
                )
            }
            return .notEvaluable("No administration of \(drug) on or after enrollment is recorded.", evidence: [enrollment])
        }
        return .pass { [drug, requirement] in
            total == 1 ? "The \(drug) administration complies with \(requirement)." : "All \(total) \(drug) administrations comply with \(requirement)."
        } evidence: {
            [required, Evidence("\(drug) administrations", String(total))]
        }
    }
}
