import TrialCheckCore

/// A target dose with its tolerance, in a mass unit: what each administration must be.
struct DoseTarget: Sendable {
    /// The target dose, as the protocol file writes it.
    let dose: Quantity
    /// The tolerance, as the protocol file writes it.
    let tolerance: DoseTolerance
    /// The most the dose may differ from the target, in the target's unit.
    private let allowance: Double
    /// The target's unit, looked up once.
    private let unit: ClinicalUnit.Resolved
    /// `240 mg`, or `240 mg ± 5%`.
    let text: String

    /// Validates the target and tolerance.
    /// - Throws: ``ParameterProblem`` for a non-mass or non-positive dose, a negative or
    ///   100%-or-more tolerance, or a tolerance amount in a unit the dose cannot take.
    init(dose: Quantity, tolerance: DoseTolerance) throws(ParameterProblem) {
        guard ClinicalUnit.definition(of: dose.unit)?.dimension == .mass else {
            throw ParameterProblem("'\(dose.unit)' is not a mass unit (mg, g, ug)", parameter: "dose")
        }
        guard dose.value > 0 else { throw ParameterProblem("the dose must be greater than zero", parameter: "dose") }
        switch tolerance {
        case .percent(let percent):
            guard percent >= 0, percent < 100 else {
                throw ParameterProblem("a percentage tolerance must be at least 0% and below 100%", parameter: "tolerance")
            }
            allowance = dose.value * percent / 100
        case .amount(let amount):
            guard ClinicalUnit.definition(of: amount.unit)?.dimension == .mass, let converted = amount.converted(to: dose.unit) else {
                throw ParameterProblem("'\(amount.unit)' is not a mass unit (mg, g, ug)", parameter: "tolerance")
            }
            guard converted.value >= 0, converted.value < dose.value else {
                throw ParameterProblem("the tolerance must be at least 0 and less than the dose", parameter: "tolerance")
            }
            allowance = converted.value
        }
        self.dose = dose
        self.tolerance = tolerance
        unit = ClinicalUnit.Resolved(dose.unit)
        text = tolerance == .exact ? dose.description : "\(dose) ± \(tolerance)"
    }

    /// What an administration's `dose` shows: it complies, it does not, or it cannot be read.
    enum Reading {
        case complies(Quantity)
        case deviates(Quantity)
        case unusable(String)
    }

    /// Reads and judges a recorded dose.
    func read(_ raw: Value?) -> Reading {
        guard let raw else { return .unusable("no dose recorded") }
        guard let given = raw.quantity else { return .unusable("dose '\(raw.display)' is not a quantity with a unit") }
        // Doses are nearly always written in the target's unit: its own factor is 1.
        let givenUnit = given.unit == dose.unit ? unit : ClinicalUnit.Resolved(given.unit)
        guard givenUnit.definition?.dimension == .mass, let factor = givenUnit.factor(to: unit) else {
            return .unusable("dose unit '\(given.unit)' cannot be converted to \(dose.unit)")
        }
        let converted = given.value * factor
        let low = dose.value - allowance
        let high = dose.value + allowance
        let within = Tolerance.isAtLeast(converted, low) && Tolerance.isAtMost(converted, high)
        return within ? .complies(given) : .deviates(given)
    }
}
