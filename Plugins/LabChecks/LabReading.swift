import TrialCheckCore

/// What a lab event's `value` says: a number (possibly censored, `<15`), or a qualitative
/// result (`not detected`, `positive`).
enum LabReading: Sendable, Hashable {
    /// A number, or a bound on one.
    enum Magnitude: Sendable, Hashable {
        /// Exactly this value.
        case exact(Double)
        /// Below this value (`<15`), or at most it (`<=15`).
        case below(Double, orEqual: Bool)
        /// Above this value (`>1000`), or at least it (`>=1000`).
        case above(Double, orEqual: Bool)

        /// The same bound on `-x`, so a minimum can be judged as a maximum.
        var negated: Magnitude {
            switch self {
            case .exact(let value): .exact(-value)
            case .below(let value, let orEqual): .above(-value, orEqual: orEqual)
            case .above(let value, let orEqual): .below(-value, orEqual: orEqual)
            }
        }

        /// The same bound with its number multiplied by a positive `factor`.
        func scaled(by factor: Double) -> Magnitude {
            switch self {
            case .exact(let value): .exact(value * factor)
            case .below(let value, let orEqual): .below(value * factor, orEqual: orEqual)
            case .above(let value, let orEqual): .above(value * factor, orEqual: orEqual)
            }
        }

        /// The number as written after any comparator.
        var number: Double {
            switch self {
            case .exact(let value), .below(let value, _), .above(let value, _): value
            }
        }

        /// `68`, `<15`, `>=1000`.
        var description: String { description(format: Quantity.format) }

        /// The bound for people, a computed number (a converted value, a multiple of ULN)
        /// rounded to three significant digits, unless rounding would make it look equal
        /// to `limit` when it is not.
        func rounded(near limit: Double) -> String {
            description { value in
                let shown = Self.round(value)
                let looksEqual = Tolerance.isAtMost(shown, limit) && Tolerance.isAtLeast(shown, limit)
                let isEqual = Tolerance.isAtMost(value, limit) && Tolerance.isAtLeast(value, limit)
                return Quantity.format(looksEqual && !isEqual ? value : shown)
            }
        }

        private func description(format: (Double) -> String) -> String {
            switch self {
            case .exact(let value): format(value)
            case .below(let value, let orEqual): (orEqual ? "<=" : "<") + format(value)
            case .above(let value, let orEqual): (orEqual ? ">=" : ">") + format(value)
            }
        }

        /// `value` to three significant digits (at most six decimals).
        private static func round(_ value: Double) -> Double {
            guard value.isFinite, value != 0 else { return value }
            var scale = 1.0
            var magnitude = abs(value)
            while magnitude < 100, scale < 1_000_000 {
                magnitude *= 10
                scale *= 10
            }
            return (value * scale).rounded() / scale
        }
    }

    /// A number, or a bound on one.
    case magnitude(Magnitude)
    /// The analyte was not detected (`not detected`, `negative`, `undetectable`).
    case undetected
    /// The analyte was detected, without a number (`detected`, `positive`).
    case detected

    /// Why a value could not be read.
    struct Unreadable: Error, Sendable {
        /// The value as written.
        let text: String
    }

    /// Reads `value` as written on a lab event. A unit written inside the value text
    /// (`"68 10^9/L"`) is returned as well.
    static func parse(
        _ value: Value, undetectedTerms: Set<String>, detectedTerms: Set<String>
    ) -> Result<(LabReading, unit: String?), Unreadable> {
        switch value {
        case .number(let text):
            guard let number = DecimalText.double(text.trimmingWhitespace()), number.isFinite else { return .failure(Unreadable(text: text)) }
            return .success((.magnitude(.exact(number)), nil))
        case .string(let text):
            let folded = TermMatcher.normalized(text)
            if undetectedTerms.contains(folded) { return .success((.undetected, nil)) }
            if detectedTerms.contains(folded) { return .success((.detected, nil)) }
            guard let (magnitude, unit) = parseNumber(text) else { return .failure(Unreadable(text: text)) }
            return .success((.magnitude(magnitude), unit))
        case .map:
            guard let quantity = value.quantity, quantity.value.isFinite else { return .failure(Unreadable(text: value.display)) }
            return .success((.magnitude(.exact(quantity.value)), quantity.unit))
        case .null, .bool, .list:
            return .failure(Unreadable(text: value.display))
        }
    }

    /// `68`, `68 10^9/L`, `<15`, `< 15 IU/mL`, `>=1000`, `≤ 20`.
    private static func parseNumber(_ text: String) -> (Magnitude, String?)? {
        var rest = Substring(text.trimmingWhitespace())
        var comparator: (below: Bool, orEqual: Bool)?
        for (prefix, meaning) in [("<=", (true, true)), ("≤", (true, true)), ("<", (true, false)),
                                  (">=", (false, true)), ("≥", (false, true)), (">", (false, false))] where rest.hasPrefix(prefix) {
            comparator = meaning
            rest = rest.dropFirst(prefix.count)
            break
        }
        let body = rest.trimmingWhitespace()
        let number: Double
        var unit: String?
        if let plain = DecimalText.double(body) {
            number = plain
        } else if let quantity = Quantity(parsing: body) {
            number = quantity.value
            unit = quantity.unit
        } else {
            return nil
        }
        guard number.isFinite else { return nil }
        guard let comparator else { return (.exact(number), unit) }
        return (comparator.below ? .below(number, orEqual: comparator.orEqual) : .above(number, orEqual: comparator.orEqual), unit)
    }
}
