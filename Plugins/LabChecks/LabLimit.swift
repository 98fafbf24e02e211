import TrialCheckCore

/// One limit on a lab result: a quantity, or a multiple of the result's own reference limit.
///
/// A class, immutable, for the reason ``LabCriterion`` is one: it is shared, not copied
/// string by string, as every result is compared with it.
final class LabLimit: Sendable {
    /// Which way the limit bounds the result.
    enum Side: Sendable, Hashable { case min, max }

    /// What the result is compared with.
    enum Bound: Sendable, Hashable {
        /// A quantity; the result is converted to its unit.
        case quantity(Quantity)
        /// A multiple of the result's upper limit of normal (`uln`, in the result's unit).
        case uln(Double)
        /// A multiple of the result's lower limit of normal (`lln`, in the result's unit).
        case lln(Double)
    }

    let side: Side
    let bound: Bound
    /// Strict comparison (`> 60 mL/min`) rather than inclusive.
    let exclusive: Bool
    /// The quantity's unit, looked up once; `nil` for a multiple of a reference limit.
    let unit: ClinicalUnit.Resolved?

    /// The limit as people write it: `75 10^9/L`, `1.5 x ULN`.
    let boundText: String
    /// The requirement: `at least 75 10^9/L`, `more than 60 mL/min`, `at most 1.5 x ULN`.
    let requirement: String
    /// How a result that meets the limit is described.
    let metPhrase: String
    /// How a result that fails the limit is described.
    let failedPhrase: String

    /// A limit; its wording is composed here, once, rather than for every result.
    init(side: Side, bound: Bound, exclusive: Bool) {
        self.side = side
        self.bound = bound
        self.exclusive = exclusive
        let boundText: String
        switch bound {
        case .quantity(let quantity):
            unit = ClinicalUnit.Resolved(quantity.unit)
            boundText = quantity.description
        case .uln(let multiple):
            unit = nil
            boundText = "\(Quantity.format(multiple)) x ULN"
        case .lln(let multiple):
            unit = nil
            boundText = "\(Quantity.format(multiple)) x LLN"
        }
        self.boundText = boundText
        switch (side, exclusive) {
        case (.min, false):
            requirement = "at least \(boundText)"
            metPhrase = "meets the minimum \(boundText)"
            failedPhrase = "is below the minimum \(boundText)"
        case (.min, true):
            requirement = "more than \(boundText)"
            metPhrase = "is above the limit \(boundText)"
            failedPhrase = "is not above the limit \(boundText) (more than \(boundText) required)"
        case (.max, false):
            requirement = "at most \(boundText)"
            metPhrase = "is within the maximum \(boundText)"
            failedPhrase = "is above the maximum \(boundText)"
        case (.max, true):
            requirement = "less than \(boundText)"
            metPhrase = "is below the limit \(boundText)"
            failedPhrase = "is not below the limit \(boundText) (less than \(boundText) required)"
        }
    }

    /// Whether a result known to lie in `reading` (already in the bound's scale) meets the
    /// limit: `.unknown` when a censored result (`<15`) straddles it.
    func isMet(by reading: LabReading.Magnitude) -> Truth {
        switch side {
        case .max: Self.atMost(reading, limit: limitValue, exclusive: exclusive)
        case .min: Self.atMost(reading.negated, limit: -limitValue, exclusive: exclusive)
        }
    }

    /// The number the reading is compared with, in the bound's own scale (the quantity's
    /// unit, or a multiple of the reference limit).
    var limitValue: Double {
        switch bound {
        case .quantity(let quantity): quantity.value
        case .uln(let multiple), .lln(let multiple): multiple
        }
    }

    /// `x <= limit` (or `x < limit` when exclusive) for every `x` the reading allows.
    private static func atMost(_ reading: LabReading.Magnitude, limit: Double, exclusive: Bool) -> Truth {
        switch reading {
        case .exact(let value):
            return Truth(exclusive ? Tolerance.isBelow(value, limit) : Tolerance.isAtMost(value, limit))
        case .below(let value, let orEqual):
            // x < v (or x <= v): certainly within when v itself is.
            let within = orEqual && exclusive ? Tolerance.isBelow(value, limit) : Tolerance.isAtMost(value, limit)
            return within ? .yes : .unknown
        case .above(let value, let orEqual):
            // x > v (or x >= v): certainly outside when v is at or past the limit.
            let outside = orEqual && !exclusive ? Tolerance.isAbove(value, limit) : Tolerance.isAtLeast(value, limit)
            return outside ? .no : .unknown
        }
    }
}
