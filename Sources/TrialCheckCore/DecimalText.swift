/// Numbers read from text: `Double(text)`, with plain decimals (`240`, `-6.2`, `.5`) read
/// digit by digit. Records hold such numbers by the dozen per patient, and the general
/// parse is several times slower.
public enum DecimalText {
    /// The same value as `Double(text)`, or `nil` where that is `nil`.
    public static func double(_ text: some StringProtocol) -> Double? {
        let fast = text.utf8.withContiguousStorageIfAvailable(plainDecimal) ?? nil
        return fast ?? Double(text)
    }

    /// Powers of ten that a `Double` holds exactly.
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// The value of `[+-]digits[.digits]` when its digits, read as one whole number, are at
    /// most 2^53 and it has at most 22 decimals; `nil` otherwise (a longer number, an
    /// exponent, `inf`, anything else), for the general parse to decide.
    ///
    /// Within those bounds both the digits and the power of ten are exact doubles, so one
    /// division gives the correctly rounded value, as the general parse does.
    static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var digits: UInt64 = 0
        var digitCount = 0
        var decimals = 0
        var sawPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits = digits &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
                digitCount += 1
                if sawPoint { decimals += 1 }
                // 16 digits can pass 2^53; the bound is checked on the value too.
                guard digitCount <= 16, digits <= 1 << 53 else { return nil }
            } else {
                return nil
            }
            index += 1
        }
        guard digitCount > 0, decimals < powersOfTen.count else { return nil }
        let magnitude = Double(digits) / powersOfTen[decimals]
        return negative ? -magnitude : magnitude
    }
}
