import TrialCheckCore

/// One allowed radiotherapy regimen: a total dose in a number of fractions (`50.4 Gy in 28
/// fractions`), each with a tolerance.
public struct RadiotherapyRegimen: Decodable, Sendable {
    /// The total dose (an absorbed dose).
    public var dose: Quantity
    /// The number of fractions.
    public var fractions: Int
    /// How far the recorded total may lie from `dose`, either way (an absorbed dose);
    /// none when absent.
    public var tolerance: Quantity?
    /// How many fractions the record may differ by, either way; none when absent.
    public var fractionsTolerance: Int?

    enum CodingKeys: String, CodingKey {
        case dose, fractions, tolerance
        case fractionsTolerance = "fractions_tolerance"
    }
}

/// The allowed regimens of a check, in Gy, checked once when the protocol is loaded.
struct RegimenTable: Sendable {
    /// One regimen in Gy.
    struct Entry: Sendable {
        let gray: Double
        let toleranceGray: Double
        let fractions: Int
        let fractionsTolerance: Int
        /// `50.4 Gy in 28 fractions`, with its tolerances.
        let text: String

        func acceptsDose(_ total: Double) -> Bool {
            Tolerance.isAtMost(abs(total - gray), toleranceGray)
        }

        func acceptsFractions(_ count: Int) -> Bool {
            abs(count - fractions) <= fractionsTolerance
        }
    }

    let entries: [Entry]

    /// Reads `regimens`.
    /// - Throws: ``ParameterProblem`` for an empty list, a dose or tolerance that is not an
    ///   absorbed dose, a dose or fraction count not above 0, or a negative tolerance.
    init(_ regimens: [RadiotherapyRegimen]) throws(ParameterProblem) {
        guard !regimens.isEmpty else { throw ParameterProblem("'regimens' lists no regimen", parameter: "regimens") }
        func gray(_ quantity: Quantity, _ what: String) throws(ParameterProblem) -> Double {
            guard ClinicalUnit.definition(of: quantity.unit)?.dimension == .absorbedDose, let converted = quantity.converted(to: "Gy") else {
                throw ParameterProblem("the \(what) '\(quantity)' is not an absorbed dose (Gy, cGy, mGy)", parameter: "regimens")
            }
            return converted.value
        }
        entries = try regimens.map { (regimen: RadiotherapyRegimen) throws(ParameterProblem) -> Entry in
            let total = try gray(regimen.dose, "regimen dose")
            let tolerance = try regimen.tolerance.map { (quantity: Quantity) throws(ParameterProblem) in try gray(quantity, "tolerance") } ?? 0
            let fractionsTolerance = regimen.fractionsTolerance ?? 0
            guard total > 0, regimen.fractions > 0 else {
                throw ParameterProblem("a regimen's dose and fractions must be above 0", parameter: "regimens")
            }
            guard tolerance >= 0, fractionsTolerance >= 0 else {
                throw ParameterProblem("a regimen's tolerances must not be negative", parameter: "regimens")
            }
            var text = "\(regimen.dose) in \(regimen.fractions) fractions"
            var within: [String] = []
            if let shown = regimen.tolerance, tolerance > 0 { within.append("±\(shown)") }
            if fractionsTolerance > 0 { within.append("±\(fractionsTolerance) fraction\(fractionsTolerance == 1 ? "" : "s")") }
            if !within.isEmpty { text += " (\(within.joined(separator: ", ")))" }
            return Entry(gray: total, toleranceGray: tolerance, fractions: regimen.fractions, fractionsTolerance: fractionsTolerance, text: text)
        }
    }

    /// The regimens for a sentence: `50.4 Gy in 28 fractions or 60 Gy in 30 fractions`.
    var text: String { entries.map(\.text).joined(separator: " or ") }

    /// The totals for a sentence: `50.4 Gy or 60 Gy`.
    var totalsText: String { entries.map { Quantity($0.gray, "Gy").description }.joined(separator: " or ") }

    /// The regimen whose total `gray` is, if any.
    func regimen(forDose gray: Double) -> Entry? {
        entries.first { $0.acceptsDose(gray) }
    }

    /// The regimen `gray` in `fractions` is, if any.
    func regimen(forDose gray: Double, fractions: Int) -> Entry? {
        entries.first { $0.acceptsDose(gray) && $0.acceptsFractions(fractions) }
    }
}
