import TrialCheckCore

/// How far a dose may stray from its target: a percentage of the target (`5%`) or a
/// quantity (`10 mg`).
public enum DoseTolerance: Sendable, Hashable, CustomStringConvertible {
    /// A percentage of the target dose.
    case percent(Double)
    /// An amount, in any unit convertible to the target's.
    case amount(Quantity)

    /// No tolerance: the dose must equal the target (forgiving binary rounding only).
    public static let exact = DoseTolerance.percent(0)

    /// `5%` or `10 mg`.
    public var description: String {
        switch self {
        case .percent(let value): "\(Quantity.format(value))%"
        case .amount(let quantity): quantity.description
        }
    }

    /// Parses `5%` (`5 %`) or a quantity (`10 mg`), or returns `nil`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasSuffix("%") {
            guard let value = Double(trimmed.dropLast().trimmingWhitespace()) else { return nil }
            self = .percent(value)
        } else if let quantity = Quantity(parsing: trimmed) {
            self = .amount(quantity)
        } else {
            return nil
        }
    }
}

extension DoseTolerance: Decodable {
    /// Decodes `5%` or `10 mg` (or `{value: 10, unit: mg}`); the number 0 is accepted as no
    /// tolerance, any other bare number is ambiguous (percent or mg?) and an error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            if let tolerance = DoseTolerance(parsing: text) {
                self = tolerance
                return
            }
            if Double(text.trimmingWhitespace()) == 0 {
                self = .exact
                return
            }
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a percentage such as '5%' or a quantity such as '10 mg', but found '\(text)'"
            )
        }
        if let number = try? container.decode(Double.self), number == 0 {
            self = .exact
            return
        }
        if let quantity = try? container.decode(Quantity.self) {
            self = .amount(quantity)
            return
        }
        throw DecodingError.dataCorruptedError(
            in: container,
            debugDescription: "expected a percentage such as '5%' or a quantity such as '10 mg'"
        )
    }
}
