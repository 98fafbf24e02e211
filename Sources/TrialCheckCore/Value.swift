/// A value read from a patient record whose meaning the record format does not fix: the
/// keys an event or a record carries beyond the ones the model names.
///
/// Numbers keep the text they were written as, so an identifier like `0012` is not
/// changed and a dose like `50.4` is not rounded through binary floating point.
///
/// Not `indirect`: lists and maps hold their elements in their own storage already, and a
/// boxed case would cost an allocation for every value a reader decodes.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number, as written.
    case number(String)
    case string(String)
    case list([Value])
    case map([String: Value])

    /// The text of a string or number.
    public var text: String? {
        switch self {
        case .string(let text), .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }

    /// The numeric value of a number, or of a string holding one.
    public var double: Double? {
        switch self {
        case .number(let text), .string(let text): DecimalText.double(text.trimmingWhitespace())
        default: nil
        }
    }

    /// The value as a whole number, if it is one.
    public var int: Int? {
        guard let double, double.rounded() == double, abs(double) < 1e15 else { return nil }
        return Int(double)
    }

    /// The Boolean value of a bool, or of the strings `true`/`false`/`yes`/`no`.
    public var bool: Bool? {
        switch self {
        case .bool(let flag): flag
        case .string(let text):
            switch TextKey.lowercased(text) {
            case "true", "yes": true
            case "false", "no": false
            default: nil
            }
        default: nil
        }
    }

    /// The elements of a list; a single scalar reads as a list of one.
    public var list: [Value] {
        switch self {
        case .list(let values): values
        case .null: []
        default: [self]
        }
    }

    /// A quantity written as `"50.4 Gy"` or `{value: 50.4, unit: Gy}`.
    public var quantity: Quantity? {
        switch self {
        case .string(let text): Quantity(parsing: text)
        case .map(let fields):
            if let value = fields["value"]?.double, let unit = fields["unit"]?.text {
                Quantity(value, unit)
            } else {
                nil
            }
        default: nil
        }
    }

    /// The value as it would be written, for messages and evidence.
    public var display: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let text), .string(let text): text
        case .list(let values): "[" + values.map(\.display).joined(separator: ", ") + "]"
        case .map(let fields):
            "{" + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.display)" }.joined(separator: ", ") + "}"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    @inlinable
    public func trimmingWhitespace() -> String {
        let isSpaceByte: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let string = String(self)
        // The usual text, with nothing to trim, is told from its first and last bytes, read
        // in place (native and small strings alike).
        let trimmed = string.utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return !isSpaceByte(first) && !isSpaceByte(last)
        }
        if trimmed == true { return string }
        if trimmed == nil, let first = string.utf8.first, !isSpaceByte(first), let last = string.utf8.last, !isSpaceByte(last) {
            return string
        }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }),
              let end = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[start...end])
    }
}
