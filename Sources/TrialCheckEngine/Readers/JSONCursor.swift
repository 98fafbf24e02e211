import TrialCheckCore

/// A position in the bytes of one JSON text, with the steps of a strict (RFC 8259) reader
/// that builds nothing it is not asked for and keeps no positions.
///
/// It handles the common shape of machine-written records and gives up (`nil` or `false`)
/// on anything else: a syntax error, but also an escape sequence in a string, a key that
/// is not ASCII, or nesting deeper than ``maximumDepth``. Whoever uses it has a general
/// path (``JSONSyntaxParser``) for what it gives up on.
struct JSONCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    /// The keys of the objects being read whose keys must be unique, innermost last.
    private var keysSeen: [Range<Int>] = []

    /// Nesting deeper than this is left to the general path, which reports its own limit.
    static let maximumDepth = 64

    init(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    var isAtEnd: Bool { index == bytes.count }

    // MARK: - Structure

    /// Reads the members of the object whose `{` was just read, through its `}`, handing
    /// each key (its byte range) to `member`, which reads the value; `false` if anything
    /// is wrong, or if `uniqueKeys` and a key is repeated.
    mutating func members(uniqueKeys: Bool, _ member: (inout JSONCursor, Range<Int>) -> Bool) -> Bool {
        skipSpace()
        if skip(UInt8(ascii: "}")) { return true }
        let firstKey = keysSeen.count
        defer { keysSeen.removeLast(keysSeen.count - firstKey) }
        // This object's keys by hash, once it has more than ``linearKeyLimit``.
        var hashedKeys: [Int: [Range<Int>]]?
        while true {
            skipSpace()
            guard let key = stringRange(asciiOnly: true) else { return false }
            if uniqueKeys {
                if let seen = hashedKeys {
                    // Past a handful of keys, a hostile object of thousands: hashing keeps
                    // the check linear in the keys.
                    let hash = Self.hash(bytes, key)
                    if seen[hash]?.contains(where: { bytes.matches($0, key) }) == true { return false }
                    hashedKeys?[hash, default: []].append(key)
                } else {
                    // Objects have a handful of keys: comparing bytes beats hashing.
                    var earlier = firstKey
                    while earlier < keysSeen.count {
                        if bytes.matches(keysSeen[earlier], key) { return false }
                        earlier += 1
                    }
                    keysSeen.append(key)
                    if keysSeen.count - firstKey > Self.linearKeyLimit {
                        var seen: [Int: [Range<Int>]] = [:]
                        for earlier in keysSeen[firstKey...] { seen[Self.hash(bytes, earlier), default: []].append(earlier) }
                        hashedKeys = seen
                    }
                }
            }
            skipSpace()
            guard skip(UInt8(ascii: ":")) else { return false }
            skipSpace()
            guard member(&self, key) else { return false }
            skipSpace()
            if skip(UInt8(ascii: ",")) { continue }
            return skip(UInt8(ascii: "}"))
        }
    }

    /// Up to this many keys, an object's keys are compared with each new key one by one;
    /// past it, they are looked up by hash.
    static let linearKeyLimit = 16

    /// The hash of the key at `range` (randomly seeded, so keys cannot be chosen to collide).
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[range])))
        return hasher.finalize()
    }

    /// Reads the elements of the array whose `[` was just read, through its `]`, each with
    /// `element`; `false` if anything is wrong.
    mutating func elements(_ element: (inout JSONCursor) -> Bool) -> Bool {
        skipSpace()
        if skip(UInt8(ascii: "]")) { return true }
        while true {
            skipSpace()
            guard element(&self) else { return false }
            skipSpace()
            if skip(UInt8(ascii: ",")) { continue }
            return skip(UInt8(ascii: "]"))
        }
    }

    // MARK: - Values

    /// The text of a string, number or Boolean, as ``SyntaxNode/scalarText`` gives it.
    mutating func scalarText() -> String? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "t"): return skipLiteral("true") ? "true" : nil
        case UInt8(ascii: "f"): return skipLiteral("false") ? "false" : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number().map(string)
        default: return nil
        }
    }

    /// Any JSON value, as ``SyntaxNode/value`` maps it (in an object that repeats a key,
    /// the first wins).
    mutating func value(depth: Int) -> Value? {
        guard index < bytes.count, depth <= Self.maximumDepth else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""): return string().map(Value.string)
        case UInt8(ascii: "t"): return skipLiteral("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return skipLiteral("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return skipLiteral("null") ? .null : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number().map { .number(string($0)) }
        case UInt8(ascii: "["):
            index += 1
            var items: [Value] = []
            let read = elements { cursor in
                guard let item = cursor.value(depth: depth + 1) else { return false }
                items.append(item)
                return true
            }
            return read ? .list(items) : nil
        case UInt8(ascii: "{"):
            index += 1
            var fields: [String: Value] = [:]
            let read = members(uniqueKeys: false) { cursor, key in
                guard let item = cursor.value(depth: depth + 1) else { return false }
                let name = cursor.string(key)
                if fields[name] == nil { fields[name] = item }
                return true
            }
            return read ? .map(fields) : nil
        default:
            return nil
        }
    }

    /// Reads past any JSON value without building it; `false` if it is not one.
    ///
    /// Lists and objects are read in loops of their own rather than through ``elements(_:)``
    /// and ``members(uniqueKeys:_:)``: skipping is most of what a reader that wants a few
    /// keys of a large record does, and a call through a closure per value cost more than
    /// the bytes.
    mutating func skipValue(depth: Int) -> Bool {
        guard index < bytes.count, depth <= Self.maximumDepth else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""): return stringRange(asciiOnly: false) != nil
        case UInt8(ascii: "t"): return skipLiteral("true")
        case UInt8(ascii: "f"): return skipLiteral("false")
        case UInt8(ascii: "n"): return skipLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number() != nil
        case UInt8(ascii: "["):
            index += 1
            skipSpace()
            if skip(UInt8(ascii: "]")) { return true }
            repeat {
                skipSpace()
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
            } while skip(UInt8(ascii: ","))
            return skip(UInt8(ascii: "]"))
        case UInt8(ascii: "{"):
            index += 1
            skipSpace()
            if skip(UInt8(ascii: "}")) { return true }
            repeat {
                skipSpace()
                guard stringRange(asciiOnly: true) != nil else { return false }
                skipSpace()
                guard skip(UInt8(ascii: ":")) else { return false }
                skipSpace()
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
            } while skip(UInt8(ascii: ","))
            return skip(UInt8(ascii: "}"))
        default:
            return false
        }
    }

    /// A string without escape sequences or control characters, in valid UTF-8.
    mutating func string() -> String? {
        stringRange(asciiOnly: false).map(string)
    }

    /// The range of a string's content (without escape sequences or control characters,
    /// in valid UTF-8, and ASCII if `asciiOnly`), after reading it through its closing quote.
    mutating func stringRange(asciiOnly: Bool) -> Range<Int>? {
        guard skip(UInt8(ascii: "\"")) else { return nil }
        let start = index
        let scan = Self.plainString(in: bytes, from: start)
        guard scan.closed else {
            index = scan.end
            return nil
        }
        index = scan.end + 1
        if !scan.isASCII {
            guard !asciiOnly, String(validating: UnsafeBufferPointer(rebasing: bytes[start..<scan.end]), as: UTF8.self) != nil
            else { return nil }
        }
        return start..<scan.end
    }

    /// Reads a string's content from `start` (just after its opening quote) to the first
    /// byte that is not plain text: `closed` when that is the closing quote (at `end`),
    /// not when it is an escape sequence, a control character or the end of `bytes`;
    /// `isASCII` when no byte before it is above 0x7F (the UTF-8 is not checked here).
    @inline(__always)
    static func plainString(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, closed: Bool, isASCII: Bool) {
        // A local index, kept in a register through the loop.
        var end = start
        var isASCII = true
        while end < bytes.count {
            // Eight bytes at a time, to the first that is not plain text.
            if end + 8 <= bytes.count, let base = bytes.baseAddress {
                let plain = plainTextPrefix(UInt64(littleEndian: UnsafeRawPointer(base + end).loadUnaligned(as: UInt64.self)))
                end += plain
                if plain == 8 { continue }
            }
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") { return (end, true, isASCII) }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return (end, false, isASCII) }
            if byte >= 0x80 { isASCII = false }
            end += 1
        }
        return (end, false, isASCII)
    }

    /// How many of eight bytes (the first in the low byte) come before the first that is
    /// not plain string content (a quote, a backslash, a control character or a byte that is
    /// not ASCII), all tested at once: a byte `b` is zero where `(b - 1) & ~b` has its top
    /// bit set, and below 0x20 where `(b - 0x20) & ~b` has. A borrow only marks bytes after a
    /// marked one, so the first marked byte is exact. (The report writer scans the strings it
    /// escapes with it too.)
    static func plainTextPrefix(_ word: UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let flags = ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
            | ((word &- ones &* 0x20) & ~word) | word
        return (flags & (ones &* 0x80)).trailingZeroBitCount / 8
    }

    /// The range of a number, as written, after reading it; `nil` if it is not a JSON number.
    mutating func number() -> Range<Int>? {
        let start = index
        _ = skip(UInt8(ascii: "-"))
        let integerStart = index
        let integerDigits = skipDigits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return nil }
        if skip(UInt8(ascii: ".")) {
            guard skipDigits() > 0 else { return nil }
        }
        if skip(UInt8(ascii: "e")) || skip(UInt8(ascii: "E")) {
            if !skip(UInt8(ascii: "+")) { _ = skip(UInt8(ascii: "-")) }
            guard skipDigits() > 0 else { return nil }
        }
        return start..<index
    }

    // MARK: - Bytes

    /// The (already validated) bytes in `range` as a string.
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Whether the bytes in `range` are those of `literal`.
    func matches(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        bytes.matches(range, literal)
    }

    mutating func skipSpace() {
        index = Self.endOfSpace(in: bytes, from: index)
    }

    /// The index of the first byte from `index` on that is not a space, tab or carriage
    /// return (a line feed ends a record, so it is not space here).
    @inline(__always)
    static func endOfSpace(in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var index = index
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
        return index
    }

    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Reads `null` if it comes next.
    mutating func skipNull() -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "n") else { return false }
        return skipLiteral("null")
    }

    mutating func skipLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count, bytes.matches(index..<index + count, literal) else { return false }
        index += count
        return true
    }

    private mutating func skipDigits() -> Int {
        let from = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        return index - from
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes in `range` are those of `literal`.
    func matches(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        matches(range, UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Whether the bytes in `range` are `other`.
    func matches(_ range: Range<Int>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count == other.count else { return false }
        for offset in 0..<range.count where self[range.lowerBound + offset] != other[offset] { return false }
        return true
    }

    /// Whether the bytes in two ranges are the same.
    func matches(_ range: Range<Int>, _ other: Range<Int>) -> Bool {
        guard range.count == other.count, range.count == 0 || self[range.lowerBound] == self[other.lowerBound] else { return false }
        for offset in 0..<range.count where self[range.lowerBound + offset] != self[other.lowerBound + offset] { return false }
        return true
    }
}
