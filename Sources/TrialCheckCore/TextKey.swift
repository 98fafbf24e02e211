/// The forms names are compared in (lower case, without surrounding whitespace, with inner
/// runs of whitespace read as one space), computed without allocating when the text is
/// already in that form, as names in records usually are.
///
/// Checks fold every recorded name they read, for every patient: the plain expressions
/// (`text.trimmingWhitespace().lowercased()`) build a new string each time. Each function
/// here returns the same text as the expression it names: `text` itself when it is ASCII
/// and already folded, a byte-wise lower-casing when it is ASCII and only its case differs,
/// and the expression's own result otherwise. Whitespace is a space, tab, line feed or
/// carriage return.
public enum TextKey {
    /// `text.lowercased()`.
    public static func lowercased(_ text: String) -> String {
        asciiKey(text, trimmed: false, collapsed: false) ?? text.lowercased()
    }

    /// `text.trimmingWhitespace().lowercased()`.
    public static func trimmedLowercased(_ text: String) -> String {
        asciiKey(text, trimmed: true, collapsed: false) ?? text.trimmingWhitespace().lowercased()
    }

    /// `text` in lower case, trimmed, with each run of inner whitespace read as one space.
    public static func collapsedLowercased(_ text: String) -> String {
        asciiKey(text, trimmed: true, collapsed: true)
            ?? text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// Whether `text` is all ASCII (two ASCII texts are equal only byte for byte).
    public static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// The key of an ASCII `text` whose whitespace needs no change (none around it when
    /// `trimmed`, only single spaces inside when `collapsed`): `text` itself without
    /// upper-case letters, else `text` lower-cased byte by byte. `nil` for other text.
    private static func asciiKey(_ text: String, trimmed: Bool, collapsed: Bool) -> String? {
        // Native strings (all that records and protocols produce) expose their bytes.
        let textShape = text.utf8.withContiguousStorageIfAvailable { bytes in
            isPlainLowercaseASCII(bytes) ? .folded : shape(of: bytes, trimmed: trimmed, collapsed: collapsed)
        } ?? shape(of: Array(text.utf8), trimmed: trimmed, collapsed: collapsed)
        switch textShape {
        case .folded:
            return text
        case .upperCase:
            let bytes = text.utf8
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for (index, byte) in bytes.enumerated() {
                    buffer[index] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                }
                return bytes.count
            }
        case .other:
            return nil
        }
    }

    /// What an ASCII key needs of a text.
    private enum Shape {
        /// Nothing: the text is its key.
        case folded
        /// Lower-casing its ASCII letters.
        case upperCase
        /// More than ASCII can tell: the general expression decides.
        case other
    }

    /// Whether every byte is ASCII above a space and not an upper-case letter (`lab`,
    /// `targeted-therapy`, `10^9/l`): then the text is folded in every sense. Eight bytes
    /// are tested at a time; a `false` says only that the byte-wise test must decide.
    private static func isPlainLowercaseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func isPlain(_ word: UInt64) -> Bool {
            // With every byte below 0x80, adding to each byte cannot carry into the next:
            // `+ 0x5F` sets a byte's high bit from 0x21 up, `+ 0x3F` from 0x41 ('A'),
            // `+ 0x25` from 0x5B (past 'Z').
            guard word & highs == 0 else { return false }
            let aboveSpace = (word &+ 0x5F * ones) & highs
            let upper = (word &+ 0x3F * ones) & ~(word &+ 0x25 * ones) & highs
            return aboveSpace == highs && upper == 0
        }
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return true }
        var offset = 0
        while offset + 8 <= bytes.count {
            guard isPlain(base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) else { return false }
            offset += 8
        }
        guard offset < bytes.count else { return true }
        // The last bytes, over a word of letters.
        var tail = UInt64(0x6161_6161_6161_6161)
        withUnsafeMutableBytes(of: &tail) { $0.copyMemory(from: UnsafeRawBufferPointer(start: base + offset, count: bytes.count - offset)) }
        return isPlain(tail)
    }

    /// The shape of a text, byte by byte.
    private static func shape(of bytes: some Collection<UInt8>, trimmed: Bool, collapsed: Bool) -> Shape {
        var previous: UInt8?
        var hasUpperCase = false
        for byte in bytes {
            guard byte < 0x80 else { return .other }
            if byte >= 0x41 && byte <= 0x5A { hasUpperCase = true }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if trimmed && previous == nil { return .other }
                if collapsed && (byte != 0x20 || previous == 0x20) { return .other }
            }
            previous = byte
        }
        if trimmed, let last = previous, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { return .other }
        return hasUpperCase ? .upperCase : .folded
    }
}
