/// Words found in the bytes of a plain cell (ASCII without NUL or line ends) read where they
/// lie, as they are found in the cell's text in upper case: the mapping's look for a word
/// (`ECOG`, `RADIO`) with no text made, upper-cased or searched as Unicode.
enum SDTMPlainText {
    /// Whether ASCII `bytes` in upper case hold `word` (upper-case ASCII).
    static func upperCased(_ bytes: UnsafeBufferPointer<UInt8>, contains word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard count > 0, count <= bytes.count else { return false }
        for start in 0...(bytes.count - count) where upperCased(bytes, at: start, startsWith: word) { return true }
        return false
    }

    /// Whether ASCII `bytes` in upper case start with `word` (upper-case ASCII).
    static func upperCased(_ bytes: UnsafeBufferPointer<UInt8>, hasPrefix word: StaticString) -> Bool {
        word.utf8CodeUnitCount <= bytes.count && upperCased(bytes, at: 0, startsWith: word)
    }

    /// Whether ASCII `bytes` in upper case are `word` (upper-case ASCII).
    static func upperCased(_ bytes: UnsafeBufferPointer<UInt8>, is word: StaticString) -> Bool {
        word.utf8CodeUnitCount == bytes.count && upperCased(bytes, at: 0, startsWith: word)
    }

    /// Whether ASCII `bytes` from `start` in upper case begin with `word`'s bytes (`bytes`
    /// holding as many from `start`).
    private static func upperCased(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, startsWith word: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for offset in expected.indices {
            var byte = bytes[start + offset]
            if byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") { byte -= 0x20 }
            if byte != expected[offset] { return false }
        }
        return true
    }
}
