import TrialCheckCore

/// One limit on a lab result: a quantity, or a multiple of the result's own reference limit.
struct LabLimit: Sendable, Hashable {
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

    /// The limit as people write it: `75 10^9/L`, `1.5 x ULN`.
    var boundText: String {
        switch bound {
        case .quantity(let quantity): quantity.description
        case .uln(let multiple): "\(Quantity.format(multiple)) x ULN"
        case .lln(let multiple): "\(Quantity.format(multiple)) x LLN"
        }
    }

    /// The requirement: `at least 75 10^9/L`, `more than 60 mL/min`, `at most 1.5 x ULN`.
    var requirement: String {
        switch (side, exclusive) {
        case (.min, false): "at least \(boundText)"
        case (.min, true): "more than \(boundText)"
        case (.max, false): "at most \(boundText)"
        case (.max, true): "less than \(boundText)"
        }
    }

    /// How a result that meets the limit is described.
    var metPhrase: String {
        switch (side, exclusive) {
        case (.min, false): "meets the minimum \(boundText)"
        case (.min, true): "is above the limit \(boundText)"
        case (.max, false): "is within the maximum \(boundText)"
        case (.max, true): "is below the limit \(boundText)"
        }
    }

    /// How a result that fails the limit is described.
    var failedPhrase: String {
        switch (side, exclusive) {
        case (.min, false): "is below the minimum \(boundText)"
        case (.min, true): "is not above the limit \(boundText) (more than \(boundText) required)"
        case (.max, false): "is above the maximum \(boundText)"
        case (.max, true): "is not below the limit \(boundText) (less than \(boundText) required)"
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
