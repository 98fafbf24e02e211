/// Coordinates written into the HTML report's SVG: rounded to a tenth of a unit and
/// printed without locale, so the drawing is byte-stable.
enum SVGNumber {
    /// `value` rounded to one decimal, without a trailing `.0` and never `-0`.
    static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == 0 || !rounded.isFinite { return "0" }
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }

    /// The approximate width of `text` in the report's sans-serif face at `size`, on the
    /// wide side (fonts differ between systems; a label that might not fit is cut or moved).
    static func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        var width = 0.0
        for character in text {
            switch character {
            case "i", "l", "j", "t", "f", "r", "I", ".", ",", ":", ";", "'", "|", "!", " ", "(", ")", "-":
                width += 0.33
            case "m", "w", "M", "W":
                width += 0.9
            case "A"..."Z", "0"..."9":
                width += 0.66
            default:
                width += 0.58
            }
        }
        return width * size * (bold ? 1.1 : 1)
    }
}
