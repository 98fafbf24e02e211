/// The forms names are compared in (lower case, without surrounding whitespace, with inner
/// runs of whitespace read as one space), computed without allocating when the text is
/// already in that form, as names in records usually are.
///
/// Checks fold every recorded name they read, for every patient: the plain expressions
/// (`text.trimmingWhitespace().lowercased()`) build a new string each time. Each function
/// here returns the same text as the expression it names, and returns `text` itself when
/// it is ASCII and already folded. Whitespace is a space, tab, line feed or carriage return.
public enum TextKey {
    /// `text.lowercased()`.
    public static func lowercased(_ text: String) -> String {
        isFolded(text, trimmed: false, collapsed: false) ? text : text.lowercased()
    }

    /// `text.trimmingWhitespace().lowercased()`.
    public static func trimmedLowercased(_ text: String) -> String {
        isFolded(text, trimmed: true, collapsed: false) ? text : text.trimmingWhitespace().lowercased()
    }

    /// `text` in lower case, trimmed, with each run of inner whitespace read as one space.
    public static func collapsedLowercased(_ text: String) -> String {
        isFolded(text, trimmed: true, collapsed: true)
            ? text
            : text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// Whether `text` is all ASCII (two ASCII texts are equal only byte for byte).
    public static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// Whether `text` is ASCII without upper-case letters and, as asked, without
    /// surrounding whitespace and without whitespace other than single spaces inside.
    private static func isFolded(_ text: String, trimmed: Bool, collapsed: Bool) -> Bool {
        // Native strings (all that records and protocols produce) expose their bytes.
        text.utf8.withContiguousStorageIfAvailable { isFolded($0, trimmed: trimmed, collapsed: collapsed) }
            ?? isFolded(Array(text.utf8), trimmed: trimmed, collapsed: collapsed)
    }

    private static func isFolded(_ bytes: some Collection<UInt8>, trimmed: Bool, collapsed: Bool) -> Bool {
        var previous: UInt8?
        for byte in bytes {
            guard byte < 0x80, byte < 0x41 || byte > 0x5A else { return false }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if trimmed && previous == nil { return false }
                if collapsed && (byte != 0x20 || previous == 0x20) { return false }
            }
            previous = byte
        }
        if trimmed, let last = previous, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { return false }
        return true
    }
}
