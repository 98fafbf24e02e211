/// Makes text from data safe to print on a terminal or in a flat file (a text report,
/// standard error, CSV, Markdown, SDTM DV): a character that could move the cursor, clear
/// the screen, start a new line or reorder what follows is written as a visible escape.
///
/// Escaped are the C0 controls (U+0000-U+001F, tab and line feed included), DEL (U+007F),
/// the C1 controls (U+0080-U+009F) and the invisible formatting characters of
/// ``isInvisibleFormatting(_:)``, each as `\u{1B}` (upper-case hex, at least two digits).
/// Every other character is kept, so ordinary text is unchanged.
public enum ControlEscaping {
    /// Whether `scalar` is written as an escape.
    public static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        default: isInvisibleFormatting(scalar)
        }
    }

    /// Whether `scalar` is an invisible character that reorders or hides text around it:
    /// the bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
    /// U+202A-U+202E, U+2066-U+2069), the zero-width space and word joiner (U+200B,
    /// U+2060), the byte order mark (U+FEFF) and the line and paragraph separators (U+2028,
    /// U+2029). The HTML, XML and JSON reports write these as escapes too.
    public static func isInvisibleFormatting(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200B, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// `text` with every escaped character written as `\u{XX}`.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isEscaped) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isEscaped(scalar) {
                out.append(contentsOf: visible(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `text` escaped, except that line feeds are kept (for messages of several lines whose
    /// data parts were escaped already).
    public static func escapeKeepingLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "\n")
    }

    /// The visible escape of one scalar: `\u{1B}`.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "\\u{" + (hex.count < 2 ? "0" + hex : hex) + "}"
    }

    /// A short quote of `text` for an error message: its first line only, control
    /// characters escaped, cut to at most `limit` characters with `…` (and `(N lines)` when
    /// more lines follow), so a message never carries a whole file.
    public static func excerpt(_ text: String, limit: Int = 80) -> String {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let first = lines.first.map(String.init) ?? ""
        let escaped = escape(first)
        var quote = escaped.count > limit ? escape(first, limit: limit - 1) + "…" : escaped
        if lines.count > 1 { quote += "… (\(lines.count) lines)" }
        return quote
    }

    /// `text` escaped and cut to at most `limit` characters, never inside an escape.
    public static func escape(_ text: String, limit: Int) -> String {
        var out = ""
        var count = 0
        for character in text {
            let piece = escape(String(character))
            guard count + piece.count <= limit else { break }
            out += piece
            count += piece.count
        }
        return out
    }
}
