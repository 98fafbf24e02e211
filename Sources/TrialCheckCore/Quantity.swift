/// A number with a unit, such as `50.4 Gy` or `3.5 10^9/L`.
public struct Quantity: Sendable, Hashable, CustomStringConvertible {
    /// The magnitude.
    public let value: Double
    /// The unit as written (a UCUM-style code such as `Gy`, `mg`, `10^9/L`).
    public let unit: String

    /// Creates a quantity.
    public init(_ value: Double, _ unit: String) {
        self.value = value
        self.unit = unit
    }

    /// Parses `"<number> <unit>"` (the space is optional: `5040cGy`), or returns `nil`.
    public init?(parsing text: some StringProtocol) {
        let trimmed = text.trimmingWhitespace()
        var numberEnd = trimmed.startIndex
        var sawDigit = false
        for (offset, character) in zip(trimmed.indices, trimmed) {
            let isSign = (character == "-" || character == "+") && offset == trimmed.startIndex
            if character.isASCII && (character.isNumber || character == "." || isSign) {
                sawDigit = sawDigit || character.isNumber
                numberEnd = trimmed.index(after: offset)
            } else {
                break
            }
        }
        let unit = trimmed[numberEnd...].trimmingWhitespace()
        guard sawDigit, !unit.isEmpty, let value = Double(trimmed[..<numberEnd]) else { return nil }
        self.init(value, unit)
    }

    /// The quantity in `target` units, or `nil` if the units are of different dimensions
    /// or either is unknown. `analyte` supplies the molar mass for mass/molar conversions.
    public func converted(to target: String, analyte: String? = nil) -> Quantity? {
        guard let factor = ClinicalUnit.factor(from: unit, to: target, analyte: analyte) else { return nil }
        return Quantity(value * factor, target)
    }

    /// `50.4 Gy`; whole numbers print without a decimal point.
    public var description: String {
        "\(Quantity.format(value)) \(unit)"
    }

    /// Formats a number for people: no trailing `.0`, at most six significant decimals.
    public static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        let scaled = (value * 1_000_000).rounded() / 1_000_000
        return String(scaled)
    }
}
