/// ISO 8601 date text (`2026-01-20`, `2026-01`, `2026`) written digit by digit: dates are
/// formatted for nearly every message and piece of evidence, so this is a hot path.
enum DateText {
    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (or `YYYY-DD`, should a day come without a month),
    /// or `nil` when a part lies outside what it writes: a year outside 0-9999, a month or
    /// day outside 0-99.
    static func format(year: Int, month: Int?, day: Int?) -> String? {
        guard (0...9999).contains(year), (0...99).contains(month ?? 0), (0...99).contains(day ?? 0) else { return nil }
        let length = 4 + (month == nil ? 0 : 3) + (day == nil ? 0 : 3)
        let zero = UInt8(ascii: "0")
        let dash = UInt8(ascii: "-")
        // At most 10 bytes: the result is a small string, built without allocating.
        return String(unsafeUninitializedCapacity: length) { buffer in
            buffer[0] = zero + UInt8(truncatingIfNeeded: year / 1000)
            buffer[1] = zero + UInt8(truncatingIfNeeded: year / 100 % 10)
            buffer[2] = zero + UInt8(truncatingIfNeeded: year / 10 % 10)
            buffer[3] = zero + UInt8(truncatingIfNeeded: year % 10)
            var end = 4
            func append(_ part: Int?) {
                guard let part else { return }
                buffer[end] = dash
                buffer[end + 1] = zero + UInt8(truncatingIfNeeded: part / 10)
                buffer[end + 2] = zero + UInt8(truncatingIfNeeded: part % 10)
                end += 3
            }
            append(month)
            append(day)
            return end
        }
    }
}
