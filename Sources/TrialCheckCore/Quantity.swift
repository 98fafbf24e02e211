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
        switch Quantity.parseASCII(String(text)) {
        case .parsed(let quantity?):
            self = quantity
            return
        case .parsed(nil):
            return nil
        case .notASCII:
            break
        }
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

    /// What the byte-wise parse made of a text.
    private enum ASCIIParse {
        /// The text is not ASCII without carriage returns: parse it character by character.
        case notASCII
        /// The quantity, or `nil` if the text does not hold one.
        case parsed(Quantity?)
    }

    /// The general parse, for ASCII text without carriage returns (nearly all text), where
    /// each byte is a character: byte offsets replace character walks and the intermediate
    /// trimmed strings.
    private static func parseASCII(_ text: String) -> ASCIIParse {
        // Native strings (all that records and protocols produce) expose their bytes.
        text.utf8.withContiguousStorageIfAvailable(parseASCII) ?? .notASCII
    }

    private static func parseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> ASCIIParse {
        guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return .notASCII }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return .parsed(nil) }
        var numberEnd = first
        var sawDigit = false
        while numberEnd <= last {
            let byte = bytes[numberEnd]
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            let isSign = (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")) && numberEnd == first
            guard isDigit || byte == UInt8(ascii: ".") || isSign else { break }
            sawDigit = sawDigit || isDigit
            numberEnd += 1
        }
        guard sawDigit, numberEnd <= last, let unitStart = bytes[numberEnd...last].firstIndex(where: { !isSpace($0) }),
              let value = DecimalText.plainDecimal(UnsafeBufferPointer(rebasing: bytes[first..<numberEnd]))
                ?? Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<numberEnd]), as: UTF8.self))
        else { return .parsed(nil) }
        return .parsed(Quantity(value, String(decoding: UnsafeBufferPointer(rebasing: bytes[unitStart...last]), as: UTF8.self)))
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
