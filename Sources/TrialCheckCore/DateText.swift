/// ISO 8601 date text (`2026-01-20`, `2026-01`, `2026`) written digit by digit: dates are
/// formatted for nearly every message and piece of evidence, so this is a hot path.
enum DateText {
    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (or `YYYY-DD`, should a day come without a month),
    /// or `nil` when a part lies outside what it writes: a year outside 0-9999, a month or
    /// day outside 0-99.
    static func format(year: Int, month: Int?, day: Int?) -> String? {
        guard (0...9999).contains(year), (0...99).contains(month ?? 0), (0...99).contains(day ?? 0) else { return nil }
        let length = 4 + (month == nil ? 0 : 3) + (day == nil ? 0 : 3)
        // At most 10 bytes: the result is a small string, built without allocating.
        return String(unsafeUninitializedCapacity: length) { buffer in
            var end = 0
            func append(_ value: Int, digits count: Int) {
                var rest = value
                for position in stride(from: end + count - 1, through: end, by: -1) {
                    buffer[position] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                    rest /= 10
                }
                end += count
            }
            func appendPart(_ value: Int?) {
                guard let value else { return }
                buffer[end] = UInt8(ascii: "-")
                end += 1
                append(value, digits: 2)
            }
            append(year, digits: 4)
            appendPart(month)
            appendPart(day)
            return end
        }
    }
}
