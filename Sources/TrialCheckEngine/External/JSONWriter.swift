import TrialCheckCore

/// Writes compact JSON into a byte buffer: the plugin protocol's encoder.
///
/// Object keys are written in the order the caller gives (callers sort what they do not
/// order themselves), so the same value always gives the same bytes.
struct JSONWriter {
    /// The bytes written so far.
    var bytes: [UInt8] = []

    /// Writes one raw ASCII fragment (`{`, `,"key":`).
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Writes a JSON string.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                raw("\\u00")
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes `"key":` (after a comma unless `first`).
    mutating func key(_ name: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes an integer.
    mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes a number as written in a record, normalised to JSON's grammar where YAML's
    /// differs (`+1`, `.5`, `0x1F`); text that is not a number at all is written as a string.
    mutating func number(_ text: String) {
        if Self.isJSONNumber(text) {
            bytes.append(contentsOf: text.utf8)
        } else if let normalised = Self.normalisedNumber(text) {
            bytes.append(contentsOf: normalised.utf8)
        } else {
            string(text)
        }
    }

    /// Writes a record value.
    mutating func value(_ value: Value) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): flag ? raw("true") : raw("false")
        case .number(let text): number(text)
        case .string(let text): string(text)
        case .list(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                self.value(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .map(let fields):
            bytes.append(UInt8(ascii: "{"))
            for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
                key(field.key, first: index == 0)
                self.value(field.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Whether `text` is a number in JSON's grammar.
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let leadingZero = bytes.first == UInt8(ascii: "0")
        let integer = digits()
        guard integer > 0, !(leadingZero && integer > 1) else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// A YAML number (`+1`, `.5`, `007`, `0x1F`, `0o17`) in JSON's grammar, if it is one.
    static func normalisedNumber(_ text: String) -> String? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        let sign = negative ? "-" : ""
        for (prefix, radix) in [("0x", 16), ("0o", 8)] where body.hasPrefix(prefix) {
            return Int(body.dropFirst(2), radix: radix).map { sign + String($0) }
        }
        if let integer = Int(body) { return sign + String(integer) }
        guard let double = Double(body), double.isFinite else { return nil }
        let written = sign + "\(double)"
        return isJSONNumber(written) ? written : nil
    }
}
