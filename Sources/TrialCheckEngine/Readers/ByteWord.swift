/// Eight bytes read as one word (the first in the low byte), tested all at once.
enum ByteWord {
    /// A word with `byte` in each of its bytes.
    static func repeated(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// The top bit of each byte of `word` that is zero, and no other bit (exact: no byte
    /// borrows from its neighbour).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ low) | word | low)
    }

    /// The top bit of each byte of `word` that is NUL or 0x80 and above, and no other bit.
    @inline(__always)
    static func nulOrNonASCIIBytes(_ word: UInt64) -> UInt64 {
        zeroBytes(word) | (word & 0x8080_8080_8080_8080)
    }

    /// How many bytes a word of top bits (``zeroBytes(_:)``'s) marks: summed into the top byte.
    @inline(__always)
    static func markedCount(_ marks: UInt64) -> Int {
        Int(truncatingIfNeeded: ((marks >> 7) &* 0x0101_0101_0101_0101) >> 56)
    }
}
