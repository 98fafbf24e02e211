/// Compact binary encoding for what an audit keeps off the heap or out of memory (the ids it
/// has seen, spilled findings): variable-length integers (7 bits a byte, low bits first) and
/// length-prefixed UTF-8 strings.
extension Array where Element == UInt8 {
    /// Appends a non-negative integer in 1 to 10 bytes.
    mutating func appendVarint(_ value: Int) {
        var rest = UInt(bitPattern: value)
        while rest >= 0x80 {
            append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        append(UInt8(rest))
    }

    /// How many bytes ``appendVarint(_:)`` appends for `value`.
    static func varintByteCount(_ value: Int) -> Int {
        var rest = UInt(bitPattern: value)
        var count = 1
        while rest >= 0x80 {
            rest >>= 7
            count += 1
        }
        return count
    }

    /// Appends a string: its UTF-8 length, then its bytes.
    mutating func appendString(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            appendVarint(bytes.count)
            append(contentsOf: bytes)
        }
    }
}

/// Reads what the `Array<UInt8>` extension wrote, checking every read against the end.
struct CompactByteReader {
    /// The bytes ended, or did not hold what was expected.
    struct Malformed: Error, Sendable {}

    private let buffer: UnsafeBufferPointer<UInt8>
    /// The offset of the next byte to read.
    private(set) var position: Int

    /// A reader of `buffer` from `position`.
    init(_ buffer: UnsafeBufferPointer<UInt8>, at position: Int = 0) {
        self.buffer = buffer
        self.position = position
    }

    /// Reads one byte.
    mutating func byte() throws(Malformed) -> UInt8 {
        guard position < buffer.count else { throw Malformed() }
        defer { position += 1 }
        return buffer[position]
    }

    /// Reads a variable-length integer.
    mutating func varint() throws(Malformed) -> Int {
        var value: UInt = 0
        var shift: UInt = 0
        while shift < 64 {
            let next = try byte()
            value |= UInt(next & 0x7F) << shift
            if next < 0x80 { return Int(bitPattern: value) }
            shift += 7
        }
        throw Malformed()
    }

    /// Reads `count` bytes, valid as long as the buffer read.
    mutating func bytes(_ count: Int) throws(Malformed) -> UnsafeBufferPointer<UInt8> {
        guard count >= 0, count <= buffer.count - position else { throw Malformed() }
        defer { position += count }
        return UnsafeBufferPointer(rebasing: buffer[position ..< position + count])
    }

    /// How many bytes are left to read.
    var remaining: Int { buffer.count - position }

    /// The bytes left to read, not read yet (``skip(_:)`` reads them).
    var rest: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: buffer[position...]) }

    /// Reads `count` bytes without looking at them.
    mutating func skip(_ count: Int) throws(Malformed) {
        _ = try bytes(count)
    }

    /// Reads a string.
    mutating func string() throws(Malformed) -> String {
        String(decoding: try bytes(try varint()), as: UTF8.self)
    }
}
