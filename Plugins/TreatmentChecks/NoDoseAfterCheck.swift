import TrialCheckCore

/// `no-dose-after`: no study drug is given after a point of the history, such as documented
/// progression ("until progression or unacceptable toxicity").
///
/// A finding is dated on the start of the earliest dose it reports.
public struct NoDoseAfterCheck: Check {
    /// The study drugs.
    public static let drugs = Parameter<[String]>(required: "drugs", "list of drug names", "The study drugs.")
    /// Other names of the drugs, by drug (`atezolizumab: [MPDL3280A]`).
    public static let synonyms = Parameter<[String: [String]]?>("synonyms", "mapping of drug name to list of names", "Other names records may use (`atezolizumab: [MPDL3280A]`).")
    /// The point after which no dose may be given.
    public static let after = Parameter<TimelineAnchor>(required: "after", "anchor", "The point after which no dose may be given (`progression`, `treatment-end`).")

    public static let identifier = "no-dose-after"

    public static let description = CheckDescription(
        kind: identifier,
        name: "No dose after a point",
        summary: """
            Deviation if an `administration` of any of `drugs` (or their synonyms) is given \
            after the `after` point's day, or a span of an oral drug ends after it (a dose on \
            that day itself passes; a span without `end` is indeterminate): with `after: \
            progression`, a dose after documented progression. Points: \
            \(TimelineAnchor.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")). \
            A point that marks something that may not have happened (`progression`, \
            `treatment-end`) and is not recorded leaves nothing to break: a pass that says \
            so; any other point that cannot be placed is not-evaluable. An undated \
            administration is not-evaluable; partial dates that straddle the point are \
            indeterminate. Other arms pass (not applicable); no arm recorded is not-evaluable. \
            An `administration` without `drug` turns a pass into not-evaluable.
            """,
        parameters: [drugs, synonyms, after, SharedParameters.arms],
        exampleParameters: "drugs: [atezolizumab]\nafter: progression",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: administration, drug: atezolizumab, dose: 1200 mg, date: 2026-01-22}, {type: response, date: 2026-03-01, result: PD}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: administration, drug: atezolizumab, dose: 1200 mg, date: 2026-01-22}, {type: response, date: 2026-03-01, result: SD}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: administration, drug: atezolizumab, dose: 1200 mg, date: 2026-01-22}, {type: response, date: 2026-03-01, result: PD}, {type: administration, drug: atezolizumab, dose: 1200 mg, date: 2026-03-02}]}",
        ],
        inputs: TimelineAnchor.allCases.reduce(CheckInputs.events(.administration, keys: ["drug"], fields: [.enrollmentDate, .arm])) { $0.union($1.inputs) }
    )

    private let drugs: DrugNames
    private let after: TimelineAnchor
    private let scope: ArmScope

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let names = try parameters[Self.drugs]
        let synonyms = try parameters[Self.synonyms]
        let anchor = try parameters[Self.after]
        drugs = try DrugNames(names, synonyms: synonyms, parameter: "drugs")
        after = anchor
        scope = try ArmScope(parameters, context: context)
    }

    public var inputs: CheckInputs {
        after.inputs.union(.events(.administration, keys: ["drug"], fields: [.enrollmentDate, .arm]))
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        if let exemption = scope.exemption(for: patient) { return exemption }
        let found = StudyAdministrations.of(patient, drugs: drugs)
        return found.unlessUnnamed(judge(patient, found), drugs: drugs, in: patient)
    }

    private func judge(_ patient: PatientHistory, _ found: StudyAdministrations) -> Judgement {
        let point: (DaySpan, Evidence)
        switch after.resolve(in: patient) {
        case .success(let placed): point = placed
        case .failure(let missing) where after.mayNotHaveHappened:
            return .pass("\(missing.reason) So no dose of \(drugs.orList) can follow it.")
        case .failure(let missing):
            return .notEvaluable(missing.reason, evidence: [Evidence.enrollmentDate(of: patient)])
        }
        // A span of an oral drug counts by its last day; one still ongoing may run past the point.
        let placed = LateAdministrations(found.dated, after: point.0, openSpans: .possiblyLate)
        let describe = LateAdministrations.describe
        func evidence(_ items: [StudyAdministration]) -> [Evidence] {
            LateAdministrations.evidence(items) { "\($0.drugs.joined(separator: ", ")) administration" } + [point.1]
        }
        if !placed.late.isEmpty {
            return Judgement.deviation("Study drug given after \(after.label) (\(point.0)): \(describe(placed.late)).", evidence: evidence(placed.late))
                .dated(PartialDate.earliest(of: placed.late.compactMap(\.event.startDate)))
        }
        if !found.undated.isEmpty {
            return .notEvaluable(
                "Study drug (\(drugs.orList)) is recorded without a date, so it cannot be told whether it was given after \(after.label) (\(point.0)).",
                evidence: found.undated.map { Evidence("study drug", "undated", from: $0) } + [point.1]
            )
        }
        if !placed.possiblyLate.isEmpty {
            return Judgement.indeterminate("Partial dates leave it open whether study drug was given after \(after.label) (\(point.0)): \(describe(placed.possiblyLate)).", evidence: evidence(placed.possiblyLate))
                .dated(PartialDate.earliest(of: placed.possiblyLate.compactMap(\.event.startDate)))
        }
        return .pass("No \(drugs.orList) is recorded after \(after.label) (\(point.0)).", evidence: [point.1])
    }
}
