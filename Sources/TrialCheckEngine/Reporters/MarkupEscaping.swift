/// Escaping shared by the XML (JUnit) and HTML reporters.
enum MarkupEscaping {
    /// Escapes `& < > " '`, drops control characters XML 1.0 forbids, and writes invisible
    /// formatting characters (bidirectional overrides, ...) as visible `\u{202E}` escapes
    /// (``ControlEscaping/isInvisibleFormatting(_:)``), so data cannot reorder a page.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if ControlEscaping.isInvisibleFormatting(scalar) {
                    out += ControlEscaping.visible(scalar)
                    continue
                }
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
