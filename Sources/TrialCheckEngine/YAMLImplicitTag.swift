import Yams

/// The tag Yams's default resolver gives a plain scalar, worked out from the text's bytes.
///
/// `Resolver.default` matches seven regular expressions in order (bool, int, float, merge,
/// null, timestamp, value; anything else is a string). Compiling them costs about 9 M
/// instructions at every start of the command, and matching them some thousands a
/// scalar. This reads the same grammar by hand. Tests hold it to `Resolver.default` on
/// every string of their alphabets up to three characters (four for numbers), and on
/// targeted and random longer ones.
enum YAMLImplicitTag {
    /// The tag `Resolver.default` resolves `text` to, or `nil` where this reader does not
    /// answer: text that ends with a line terminator, which the expressions' `$` lets a
    /// match end before (a plain scalar never does).
    static func name(ofPlain text: String) -> Tag.Name? {
        var text = text
        return text.withUTF8 { name(of: $0) }
    }

    private static func name(of bytes: UnsafeBufferPointer<UInt8>) -> Tag.Name? {
        guard !endsWithLineTerminator(bytes) else { return nil }
        if isBool(bytes) { return .bool }
        if reads(bytes, { $0.int() }) { return .int }
        if reads(bytes, { $0.float() }) { return .float }
        if matches(bytes, "<<") { return .merge }
        if isNull(bytes) { return .null }
        if reads(bytes, { $0.timestamp() }) { return .timestamp }
        if matches(bytes, "=") { return .value }
        return .str
    }

    /// Whether `rule` reads the whole of `bytes`.
    private static func reads(_ bytes: UnsafeBufferPointer<UInt8>, _ rule: (inout Scan) -> Bool) -> Bool {
        var scan = Scan(bytes)
        return rule(&scan)
    }

    private static func endsWithLineTerminator(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = bytes.last else { return false }
        switch last {
        case 0x0A, 0x0B, 0x0C, 0x0D: return true
        // U+0085 is C2 85; U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
        case 0x85: return bytes.count >= 2 && bytes[bytes.count - 2] == 0xC2
        case 0xA8, 0xA9: return bytes.count >= 3 && bytes[bytes.count - 3] == 0xE2 && bytes[bytes.count - 2] == 0x80
        default: return false
        }
    }

    private static let boolWords: [StaticString] = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
        "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ]

    private static let nullWords: [StaticString] = ["~", "null", "Null", "NULL", ""]

    private static func isBool(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count <= 5 && boolWords.contains { matches(bytes, $0) }
    }

    private static func isNull(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count <= 4 && nullWords.contains { matches(bytes, $0) }
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        bytes.count == word.utf8CodeUnitCount
            && word.withUTF8Buffer { $0.elementsEqual(bytes) }
    }
}

/// A cursor over a scalar's bytes, with one method for each of Yams's expressions that
/// needs more than a word list. Each answers whether the whole text matches.
private struct Scan {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private var atEnd: Bool { index == bytes.count }
    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        index += 1
        return true
    }

    private mutating func take(where accepts: (UInt8) -> Bool) -> Bool {
        guard let byte = current, accepts(byte) else { return false }
        index += 1
        return true
    }

    /// Takes bytes while `accepts` holds; answers how many.
    @discardableResult
    private mutating func takeAll(where accepts: (UInt8) -> Bool) -> Int {
        let start = index
        while let byte = current, accepts(byte) { index += 1 }
        return index - start
    }

    private mutating func takeSign() { _ = take(where: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }) }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isDigitOrUnderscore(_ byte: UInt8) -> Bool { isDigit(byte) || byte == UInt8(ascii: "_") }
    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// `(?::[0-5]?[0-9])+` followed by `terminator` or the end, the terminator not taken.
    /// One digit or two (the first 0-5) then `:`, `terminator` or the end: the byte after
    /// a group is never a digit, so the reading is unambiguous.
    private mutating func sexagesimalGroups(before terminator: UInt8?) -> Bool {
        var groups = 0
        while take(UInt8(ascii: ":")) {
            let digits = takeAll(where: Self.isDigit)
            guard digits == 1 || (digits == 2 && bytes[index - 2] <= UInt8(ascii: "5")) else { return false }
            groups += 1
        }
        return groups > 0 && (atEnd || current == terminator)
    }

    /// `^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+
    /// |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`
    mutating func int() -> Bool {
        takeSign()
        guard let first = current, Self.isDigit(first) else { return false }
        index += 1
        if first == UInt8(ascii: "0") {
            if atEnd { return true }
            if take(UInt8(ascii: "b")) {
                return takeAll { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") || $0 == UInt8(ascii: "_") } > 0 && atEnd
            }
            if take(UInt8(ascii: "x")) {
                return takeAll { $0.isASCIIHexDigitOrUnderscore } > 0 && atEnd
            }
            _ = take(UInt8(ascii: "o"))
            return takeAll { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7")) || $0 == UInt8(ascii: "_") } > 0 && atEnd
        }
        takeAll(where: Self.isDigitOrUnderscore)
        return atEnd || sexagesimalGroups(before: nil)
    }

    /// `^(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?
    /// |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`
    mutating func float() -> Bool {
        let signed = take(where: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") })
        if take(UInt8(ascii: ".")) {
            let rest = UnsafeBufferPointer(rebasing: bytes[index...])
            if ["inf", "Inf", "INF"].contains(where: { rest.elementsEqual($0.utf8) }) { return true }
            if signed { return false }
            if ["nan", "NaN", "NAN"].contains(where: { rest.elementsEqual($0.utf8) }) { return true }
            guard takeAll(where: Self.isDigitOrUnderscore) > 0 else { return false }
            if atEnd { return true }
            guard take(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
                  take(where: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }) else { return false }
            return takeAll(where: Self.isDigit) > 0 && atEnd
        }
        guard take(where: Self.isDigit) else { return false }
        takeAll(where: Self.isDigitOrUnderscore)
        if current == UInt8(ascii: ":") {
            guard sexagesimalGroups(before: UInt8(ascii: ".")), take(UInt8(ascii: ".")) else { return false }
            takeAll(where: Self.isDigitOrUnderscore)
            return atEnd
        }
        if take(UInt8(ascii: ".")) { takeAll(where: Self.isDigitOrUnderscore) }
        if take(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            takeSign()
            guard takeAll(where: Self.isDigit) > 0 else { return false }
        }
        return atEnd
    }

    /// `^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?
    /// :[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9]{2})?))?)$`
    mutating func timestamp() -> Bool {
        guard takeAll(where: Self.isDigit) == 4, take(UInt8(ascii: "-")) else { return false }
        let month = takeAll(where: Self.isDigit)
        guard month == 1 || month == 2, take(UInt8(ascii: "-")) else { return false }
        let day = takeAll(where: Self.isDigit)
        guard day == 1 || day == 2 else { return false }
        if atEnd { return month == 2 && day == 2 }
        guard take(where: { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") }) || takeAll(where: Self.isBlank) > 0 else { return false }
        let hour = takeAll(where: Self.isDigit)
        guard hour == 1 || hour == 2,
              take(UInt8(ascii: ":")), takeAll(where: Self.isDigit) == 2,
              take(UInt8(ascii: ":")), takeAll(where: Self.isDigit) == 2 else { return false }
        if take(UInt8(ascii: ".")) { takeAll(where: Self.isDigit) }
        if atEnd { return true }
        takeAll(where: Self.isBlank)
        if take(UInt8(ascii: "Z")) { return atEnd }
        guard take(where: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }) else { return false }
        let zoneHour = takeAll(where: Self.isDigit)
        guard zoneHour == 1 || zoneHour == 2 else { return false }
        if take(UInt8(ascii: ":")) { guard takeAll(where: Self.isDigit) == 2 else { return false } }
        return atEnd
    }
}

private extension UInt8 {
    var isASCIIHexDigitOrUnderscore: Bool {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
             UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "_"): true
        default: false
        }
    }
}
