import TrialCheckCore

/// One field of a CSV row, with where it starts.
struct CSVField: Sendable, Hashable {
    /// The field's text, unquoted.
    var text: String
    /// Where the field starts (its opening quote, for a quoted field).
    var position: TextPosition

    /// The text without surrounding whitespace, or `nil` if that leaves nothing.
    var trimmed: String? {
        let text = text.trimmingWhitespace()
        return text.isEmpty ? nil : text
    }
}
