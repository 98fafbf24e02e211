import TrialCheckCore

/// `lab-threshold`: the latest result of a lab test on or before enrollment meets limits
/// (quantities, multiples of the reference limits, or detectability), alone, for several
/// tests, or as alternatives.
///
/// An eligibility check at enrollment: a finding is dated on the enrollment date. Where its
/// tests count results only within `window_days` of enrollment, its window is those days.
public struct LabThresholdCheck: Check {
    public static let identifier = "lab-threshold"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Laboratory threshold",
        summary: """
            Judges the latest `lab` event of `test` (matched case-insensitively on its `test` \
            key by short name, alias or LOINC code, plus `codes`) dated on or before the \
            enrollment date and, with `window_days`, at most that many days before it. \
            `min`/`max` are quantities: the result is converted to the limit's unit (mg/dL and \
            umol/L for bilirubin and creatinine, g/dL and mmol/L for hemoglobin); \
            `min_lln`/`max_uln` are multiples of the result's own `lln`/`uln`. Limits are \
            inclusive unless `exclusive: true`. `detectable: false` requires a result not \
            detectable: a term of `undetected_terms`, zero, or a value reported below a limit \
            (`<15`). `tests` applies the same limits to each test, all required. `or` passes \
            if any alternative passes and deviates if all deviate; `all` deviates if any \
            member deviates and passes if all pass; otherwise the combination is \
            not-evaluable if any undecided member is, else indeterminate. No result in scope \
            is not-evaluable, or with `when_untested: pass` a pass that says 'not tested' \
            (not-evaluable while a lab result of the patient names no test). A \
            result without a value, with a value that is not a number, without a unit, in a \
            unit that is unknown or cannot be converted to the limit's, or without the \
            `uln`/`lln` a multiple needs, is not-evaluable and says which. A result reported \
            only as a bound (`<5000`) that straddles a limit is not-evaluable. When partial \
            dates (or several results on one day) leave open which result is the latest in \
            scope, the verdict is decided only if every possible latest result (and 'not \
            tested', if possible) gives the same verdict; otherwise indeterminate.
            """,
        parameters: LabCondition.parameters,
        exampleParameters: """
            or:
              - {test: creatinine, max_uln: 1.5}
              - {test: creatinine-clearance, min: 60 mL/min, exclusive: true}
            """,
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: lab, date: 2026-01-12, test: creatinine, value: 1.8, unit: mg/dL, uln: 1.2}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: lab, date: 2026-01-12, test: 2160-0, value: 3.1, unit: mg/dL, uln: 1.2}, {type: lab, date: 2026-01-12, test: crcl, value: 61, unit: mL/min}]}",
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: lab, date: 2025-12-01, test: creatinine, value: 300, unit: umol/L, uln: 100}, {type: lab, date: 2026-01-19, test: creatinine, value: 88.4, unit: umol/L, uln: 104}]}",
        ],
        deviatingExamples: [
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: lab, date: 2026-01-12, test: creatinine, value: 2.0, unit: mg/dL, uln: 1.2}, {type: lab, date: 2026-01-12, test: creatinine-clearance, value: 60, unit: mL/min}]}",
            "{id: P5, enrollment: {date: 2026-01-20}, events: [{type: lab, date: 2026-01-15, test: creatinine, value: 200, unit: umol/L, uln: 100}, {type: lab, date: 2026-01-15, test: creatinine-clearance, value: 0.9, unit: mL/s}]}",
        ],
        inputs: .events(.lab, keys: ["test", "value", "unit", "uln", "lln"])
    )

    private let requirement: LabRequirement
    /// The days before enrollment results count from, where every test has such a window
    /// (the widest, if they differ).
    private let windowDays: Int?

    /// Builds the check from its parameters: one ``LabCondition`` (its members under `or`
    /// and `all` are conditions too).
    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        requirement = try LabCondition(parameters).requirement()
        windowDays = requirement.widestWindowDays
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        judge(patient, quickly: true)
    }

    /// Judges `patient` by the general reading alone (``LabRequirement/evaluate(_:_:)``),
    /// whatever the verdict: what ``judge(_:)`` must equal, judgement for judgement.
    func judgeWorded(_ patient: PatientHistory) -> Judgement {
        judge(patient, quickly: false)
    }

    /// Judges `patient`; `quickly`: the verdict is decided without its wording where
    /// ``LabRequirement/verdict(_:_:)`` can (a report reads the wording of findings only,
    /// and the general reading writes it if it is read).
    private func judge(_ patient: PatientHistory, quickly: Bool) -> Judgement {
        // Every criterion of every lab check reads the patient's one shared reading.
        let results = LabResults.of(patient)
        let enrollment = patient.enrollment.date
        let location = patient.location(of: .enrollmentDate)
        let verdict: Verdict
        let wording: LabWording
        if quickly, let quick = requirement.verdict(enrollment.span, results) {
            verdict = quick
            wording = LabWording(requirement, results, enrollment: enrollment, at: location)
        } else {
            let finding = requirement.evaluate(enrollment.span, results)
            verdict = finding.verdict
            wording = LabWording(requirement, results, enrollment: enrollment, at: location, finding: finding)
        }
        let judgement = Judgement(verdict, { wording.message }, evidence: { wording.evidence })
        guard verdict != .pass, let windowDays else { return judgement }
        let span = enrollment.span
        let opens = span.last.advanced(by: -windowDays)
        return judgement.windowed(DateWindow("screening window", from: opens, to: Swift.max(opens, span.first)))
    }
}
