import TrialCheckCore

/// Absorbed-dose limits read from a kind's `min` and `max` parameters, in Gy, with the
/// unit the protocol wrote them in for messages.
struct DoseLimits: Sendable {
    /// The least dose allowed, in Gy.
    let minimum: Double?
    /// The greatest dose allowed, in Gy.
    let maximum: Double?
    /// The unit messages report doses in (the protocol's own).
    let reportingUnit: String
    /// The limits as a person reads them (`50-50.4 Gy`, `at least 1.8 Gy`).
    let text: String

    /// Where a dose lies against the limits.
    enum Placement { case below, within, above }

    /// Reads and checks the limits; `suffix` ends the text (` per fraction`).
    /// - Throws: ``ParameterProblem`` for a missing pair, a unit that is not an absorbed
    ///   dose, a dose that is not positive when `positive`, or `min` above `max`.
    init(min: Quantity?, max: Quantity?, suffix: String = "", positive: Bool = false) throws(ParameterProblem) {
        guard min != nil || max != nil else { throw Limits<Quantity>.neitherGiven }
        func gray(_ quantity: Quantity?, _ name: String) throws(ParameterProblem) -> Double? {
            guard let quantity else { return nil }
            guard ClinicalUnit.definition(of: quantity.unit)?.dimension == .absorbedDose,
                  let converted = quantity.converted(to: "Gy")
            else {
                throw ParameterProblem("'\(quantity.unit)' is not an absorbed-dose unit (Gy, cGy, mGy)", parameter: name)
            }
            guard !positive || converted.value > 0 else {
                throw ParameterProblem("a dose\(suffix) must be greater than 0", parameter: name)
            }
            return converted.value
        }
        minimum = try gray(min, "min")
        maximum = try gray(max, "max")
        if let minimum, let maximum, Tolerance.isAbove(minimum, maximum) {
            throw ParameterProblem("'min' is greater than 'max'", parameter: "min")
        }
        reportingUnit = min?.unit ?? max?.unit ?? "Gy"
        switch (min, max) {
        case let (min?, max?) where min.unit == max.unit && min.value == max.value: text = "\(min)\(suffix)"
        case let (min?, max?) where min.unit == max.unit: text = "\(Quantity.format(min.value))-\(max)\(suffix)"
        case let (min?, max?): text = "\(min) to \(max)\(suffix)"
        case let (min?, nil): text = "at least \(min)\(suffix)"
        case let (nil, max?): text = "at most \(max)\(suffix)"
        case (nil, nil): text = "any dose\(suffix)"
        }
    }

    /// Where `gray` lies, forgiving binary rounding.
    func placement(ofGray gray: Double) -> Placement {
        if let minimum, Tolerance.isBelow(gray, minimum) { return .below }
        if let maximum, Tolerance.isAbove(gray, maximum) { return .above }
        return .within
    }

    /// `gray` in the reporting unit, as a person reads it.
    func describe(gray: Double) -> String {
        (Quantity(gray, "Gy").converted(to: reportingUnit) ?? Quantity(gray, "Gy")).description
    }
}
