/// A strict JSON (RFC 8259) parser that keeps the line and column of every value.
///
/// Foundation's parsers give no positions; a monitor needs `file:line:column` for a bad
/// record, and every event's line for evidence. Columns count characters (Unicode scalars).
struct JSONSyntaxParser {
    /// The text, valid while ``parse(_:firstLine:file:)`` runs; every read is checked
    /// against its count.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int
    private var line: Int
    private var lineStart: Int
    /// UTF-8 continuation bytes seen on the current line, so columns count characters.
    private var continuationBytes = 0
    private var depth = 0
    private let file: String?
    /// Where strings met before are found rather than built again, if given.
    private let strings: JSONStringTable?
    private static let maximumDepth = 512

    /// Parses one JSON value filling `bytes` (surrounding whitespace allowed).
    /// - Parameters:
    ///   - firstLine: the line number of the first byte, for a line of a stream.
    ///   - file: the file named in positions, where it is not the input's own path.
    ///   - strings: a table of the strings a reader's texts repeat, kept from one text to the next.
    static func parse(
        _ bytes: [UInt8], firstLine: Int = 1, file: String? = nil, strings: JSONStringTable? = nil
    ) throws(SyntaxError) -> SyntaxNode {
        let parsed: Result<SyntaxNode, SyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONSyntaxParser(bytes: buffer, firstLine: firstLine, file: file, strings: strings)
            do throws(SyntaxError) {
                parser.skipWhitespace()
                let value = try parser.parseValue()
                parser.skipWhitespace()
                guard parser.index == buffer.count else {
                    throw parser.error("expected the end of the JSON value, found \(parser.describeCurrent())")
                }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try parsed.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, file: String?, strings: JSONStringTable?) {
        self.file = file
        self.strings = strings
        self.bytes = bytes
        index = 0
        line = firstLine
        lineStart = 0
    }

    private var position: TextPosition {
        TextPosition(line: line, column: index - lineStart - continuationBytes + 1, file: file)
    }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(message: message, position: position)
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "the end of the input" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D:
                index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
                continuationBytes = 0
            default:
                return
            }
        }
    }

    private mutating func parseValue() throws(SyntaxError) -> SyntaxNode {
        guard index < bytes.count else { throw error("expected a JSON value, found the end of the input") }
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return SyntaxNode(content: .string(try parseString()), position: start)
        case UInt8(ascii: "t"): try expectLiteral("true"); return SyntaxNode(content: .bool(true), position: start)
        case UInt8(ascii: "f"): try expectLiteral("false"); return SyntaxNode(content: .bool(false), position: start)
        case UInt8(ascii: "n"): try expectLiteral("null"); return SyntaxNode(content: .null, position: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return SyntaxNode(content: .number(try parseNumber()), position: start)
        default:
            throw error("expected a JSON value, found \(describeCurrent())")
        }
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseObject() throws(SyntaxError) -> SyntaxNode {
        let start = position
        try enter()
        index += 1
        var members: [(key: String, keyPosition: TextPosition, value: SyntaxNode)] = []
        // Most objects have a few members: room for four saves the first regrowths.
        members.reserveCapacity(4)
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return SyntaxNode(content: .object(members), position: start)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a key in double quotes, found \(describeCurrent())")
            }
            let keyPosition = position
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after the key '\(key)', found \(describeCurrent())")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append((key, keyPosition, value))
            skipWhitespace()
            guard index < bytes.count else { throw error("expected ',' or '}', found the end of the input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return SyntaxNode(content: .object(members), position: start)
            } else {
                throw error("expected ',' or '}', found \(describeCurrent())")
            }
        }
    }

    private mutating func parseArray() throws(SyntaxError) -> SyntaxNode {
        let start = position
        try enter()
        index += 1
        var items: [SyntaxNode] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return SyntaxNode(content: .array(items), position: start)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("expected ',' or ']', found the end of the input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return SyntaxNode(content: .array(items), position: start)
            } else {
                throw error("expected ',' or ']', found \(describeCurrent())")
            }
        }
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        let stringStart = position
        index += 1
        let contentStart = index
        var isASCII = true
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let range = contentStart..<index
                index += 1
                if isASCII { return text(range) }
                return try decodeUTF8(UnsafeBufferPointer(rebasing: bytes[range]), at: stringStart)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string (write it as an escape such as \\n)") }
            if byte >= 0x80 {
                isASCII = false
                if byte & 0xC0 == 0x80 { continuationBytes += 1 }
            }
            index += 1
        }
        var buffer = Array(bytes[contentStart..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try decodeUTF8(buffer[...], at: stringStart)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    index -= 1
                    throw error("unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
                }
            default:
                if byte < 0x20 { throw error("control character in a string (write it as an escape such as \\n)") }
                if byte & 0xC0 == 0x80 { continuationBytes += 1 }
                buffer.append(byte)
                index += 1
            }
        }
        throw error("unterminated string: expected '\"', found the end of the input")
    }

    private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("expected four hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("expected four hex digits after \\u, found \(describeCurrent())")
            }
            value = value * 16 + UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func parseUnicodeEscape() throws(SyntaxError) -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("unpaired UTF-16 surrogate \\u\(String(high, radix: 16))")
            }
            index += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low),
                  let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            else { throw error("invalid UTF-16 surrogate pair") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw error("unpaired UTF-16 surrogate \\u\(String(high, radix: 16))") }
        return scalar
    }

    /// Decodes a string's bytes; invalid UTF-8 is reported at the string's opening quote.
    private func decodeUTF8(_ slice: some Collection<UInt8>, at start: TextPosition) throws(SyntaxError) -> String {
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw SyntaxError(message: "invalid UTF-8 in the string starting here", position: start)
        }
        return text
    }

    private mutating func parseNumber() throws(SyntaxError) -> String {
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - from
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("expected a digit, found \(describeCurrent())") }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
            index = integerStart + 1
            throw error("a number must not start with 0")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("expected a digit after '.', found \(describeCurrent())") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("expected a digit in the exponent, found \(describeCurrent())") }
        }
        return text(start..<index)
    }

    /// The string of the ASCII bytes in `range`.
    private func text(_ range: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        return strings?.string(slice) ?? String(decoding: slice, as: UTF8.self)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(SyntaxError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in expected {
            guard index < bytes.count, bytes[index] == byte else {
                throw error("expected '\(literal)', found \(describeCurrent())")
            }
            index += 1
        }
    }
}

/// A syntax error in an input or protocol file: what was expected, what was found, where.
struct SyntaxError: Error, Sendable {
    let message: String
    let position: TextPosition
}
