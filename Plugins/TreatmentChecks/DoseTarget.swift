import TrialCheckCore

/// A target dose with its tolerance, in a mass unit, or in a mass unit per m2 of
/// body-surface area or per kg of weight: what each administration must be.
struct DoseTarget: Sendable {
    /// The target dose, as the protocol file writes it (`240 mg`, `40 mg/m2`).
    let written: Quantity
    /// The target dose in its mass unit (per unit of ``basis``, if any).
    let dose: Quantity
    /// What the dose is scaled by: `nil` for a fixed dose.
    let basis: BodySize.Basis?
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
    init(dose written: Quantity, tolerance: DoseTolerance) throws(ParameterProblem) {
        let (dose, basis) = Self.split(written)
        guard ClinicalUnit.definition(of: dose.unit)?.dimension == .mass else {
            throw ParameterProblem("'\(written.unit)' is not a mass unit (mg, g, ug), nor one per m2 or per kg (mg/m2, mg/kg)", parameter: "dose")
        }
        if basis != nil, case .amount = tolerance {
            throw ParameterProblem("a dose per m2 or per kg takes a percentage tolerance ('5%')", parameter: "tolerance")
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
        self.written = written
        self.dose = dose
        self.basis = basis
        self.tolerance = tolerance
        unit = ClinicalUnit.Resolved(dose.unit)
        text = tolerance == .exact ? written.description : "\(written) ± \(tolerance)"
    }

    /// A dose per m2 or per kg as its mass part and basis (`40 mg/m2`: `40 mg`, per m2).
    private static func split(_ quantity: Quantity) -> (Quantity, BodySize.Basis?) {
        let unit = quantity.unit.trimmingWhitespace()
        for (suffix, basis) in [("/m2", BodySize.Basis.surfaceArea), ("/m^2", .surfaceArea), ("/m²", .surfaceArea), ("/kg", .weight)]
        where unit.lowercased().hasSuffix(suffix) {
            return (Quantity(quantity.value, String(unit.dropLast(suffix.count))), basis)
        }
        return (quantity, nil)
    }

    /// What an administration's `dose` shows: it complies, it does not, or it cannot be read.
    enum Reading {
        case complies(Quantity)
        case deviates(Quantity)
        case unusable(String)
    }

    /// Reads and judges a recorded dose; `size` is the body-surface area (m2) or weight (kg)
    /// a dose per m2 or per kg is scaled by (1 for a fixed dose).
    func read(_ raw: Value?, size: Double = 1) -> Reading {
        guard let raw else { return .unusable("no dose recorded") }
        guard let given = raw.quantity else { return .unusable("dose '\(raw.display)' is not a quantity with a unit") }
        // Doses are nearly always written in the target's unit: its own factor is 1.
        let givenUnit = given.unit == dose.unit ? unit : ClinicalUnit.Resolved(given.unit)
        guard givenUnit.definition?.dimension == .mass, let factor = givenUnit.factor(to: unit) else {
            return .unusable("dose unit '\(given.unit)' cannot be converted to \(dose.unit)")
        }
        let converted = given.value * factor
        let low = (dose.value - allowance) * size
        let high = (dose.value + allowance) * size
        let within = Tolerance.isAtLeast(converted, low) && Tolerance.isAtMost(converted, high)
        return within ? .complies(given) : .deviates(given)
    }
}
