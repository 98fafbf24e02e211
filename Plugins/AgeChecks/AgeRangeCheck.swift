import TrialCheckCore

/// `age-range`: age in completed years on the enrollment date lies within limits.
///
/// An eligibility check at enrollment: a finding is dated on the enrollment date.
public struct AgeRangeCheck: Check {
    /// `min` and `max`.
    public static let limits = Limits<Int>(
        "integer (years)",
        min: "Youngest age allowed, inclusive.",
        max: "Oldest age allowed, inclusive."
    )

    public static let identifier = "age-range"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Age range",
        summary: """
            Age in completed years on the enrollment date (the birthday counts) lies within \
            [min, max]. Uses `birth_date` (a partial birth date gives indeterminate when the \
            limits fall inside its span), else the record's `age`; neither is not-evaluable.
            """,
        parameters: [limits.minimum, limits.maximum],
        exampleParameters: "min: 18\nmax: 75",
        passingExamples: [
            "{id: P1, birth_date: 2008-01-20, enrollment: {date: 2026-01-20}}",
            "{id: P2, birth_date: 1950-01-21, enrollment: {date: 2026-01-20}}",
            "{id: P3, age: 64, enrollment: {date: 2026-01-20}}",
        ],
        deviatingExamples: [
            "{id: P4, birth_date: 2008-01-21, enrollment: {date: 2026-01-20}}",
            "{id: P5, birth_date: 1950-01-20, enrollment: {date: 2026-01-20}}",
        ],
        inputs: CheckInputs(fields: [.birthDate, .age, .enrollmentDate])
    )

    private let limits: ClosedRange<Int>
    private let limitsText: String

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let least = try parameters[Self.limits.minimum], most = try parameters[Self.limits.maximum]
        guard least != nil || most != nil else { throw Limits<Int>.neitherGiven }
        let lower = least ?? 0
        let upper = most ?? Int.max
        guard lower >= 0 else { throw ParameterProblem("'min' must not be negative", parameter: "min") }
        let allowed = try Limits.range(lower, upper)
        limits = allowed
        limitsText = LimitsText.describe(min: least, max: most, unit: "years", unbounded: "any age")
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let enrollment = patient.enrollment.date
        let ages: ClosedRange<Int>
        if let birth = patient.birthDate {
            ages = Age.completedYears(born: birth.span, on: enrollment.span)
        } else if let age = patient.age {
            ages = age...age
        } else {
            return .notEvaluable("No birth date or age is recorded.", evidence: [Evidence.enrollmentDate(of: patient)])
        }
        let met = ages.lies(within: limits)
        if met == .yes {
            // A pass is written only if a report reads it. Its evidence keeps the values it
            // cites, not the history (a closure holding the history holds a copy of it).
            let (birth, birthAt) = (patient.birthDate, patient.location(of: .birthDate))
            let (age, ageAt) = (patient.age, patient.location(of: .age))
            let enrollmentAt = patient.location(of: .enrollmentDate)
            return .pass { [limitsText] in
                "Age \(Self.text(ages)) at enrollment is within \(limitsText)."
            } evidence: {
                Self.evidence(
                    birth: .birthDate(birth, at: birthAt), age: .recordedAge(age, at: ageAt),
                    enrollment: .enrollmentDate(enrollment, at: enrollmentAt), ages: ages
                )
            }
        }
        let ageText = Self.text(ages)
        let evidence = Self.evidence(of: patient, ages: ages)
        let side = ages.upperBound < limits.lowerBound ? "below" : "above"
        return .decide(
            met,
            pass: "Age \(ageText) at enrollment is within \(limitsText).",
            deviation: "Age \(ageText) at enrollment is \(side) the allowed \(limitsText).",
            indeterminate: "Partial dates leave the age at enrollment anywhere from \(ageText) (birth \(patient.birthDate?.description ?? "unknown"), enrollment \(enrollment)); the protocol requires \(limitsText).",
            evidence: evidence
        )
    }

    /// `61`, or `60 to 61` where partial dates leave the age open.
    private static func text(_ ages: ClosedRange<Int>) -> String {
        ages.lowerBound == ages.upperBound ? "\(ages.lowerBound)" : "\(ages.lowerBound) to \(ages.upperBound)"
    }

    /// The birth date (else the recorded age), the enrollment date and the age they give.
    private static func evidence(of patient: PatientHistory, ages: ClosedRange<Int>) -> [Evidence] {
        evidence(birth: .birthDate(of: patient), age: .recordedAge(of: patient), enrollment: .enrollmentDate(of: patient), ages: ages)
    }

    /// The birth date (else the recorded age), the enrollment date and the age they give.
    private static func evidence(birth: Evidence?, age: @autoclosure () -> Evidence?, enrollment: Evidence, ages: ClosedRange<Int>) -> [Evidence] {
        [birth ?? age(), enrollment, Evidence("age at enrollment", text(ages))].compactMap { $0 }
    }
}
