/// The days an ISO 8601 date may be: `2026-01-20` is one day, `2026-01` any day of the
/// month, `2026` any day of the year. Days are counted as `yyyymmdd` integers, which order
/// like the days they name.
public struct DateSpan: Sendable, Hashable {
    /// The first possible day, as `yyyymmdd`.
    public let first: Int
    /// The last possible day, as `yyyymmdd`.
    public let last: Int

    /// Parses `2026-01-20`, `2026-01` or `2026` (a time part is ignored); `nil` otherwise.
    public init?(_ text: String) {
        let date = text.split(separator: "T", maxSplits: 1).first.map(String.init) ?? text
        let parts = date.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard let year = parts.first ?? nil, date.count == [4, 7, 10][max(0, min(parts.count - 1, 2))], parts.count <= 3 else {
            return nil
        }
        switch parts.count {
        case 1:
            first = year * 10000 + 101
            last = year * 10000 + 1231
        case 2:
            guard let month = parts[1], (1...12).contains(month) else { return nil }
            first = year * 10000 + month * 100 + 1
            last = year * 10000 + month * 100 + Self.days(inMonth: month, year: year)
        default:
            guard let month = parts[1], let day = parts[2], (1...12).contains(month),
                  (1...Self.days(inMonth: month, year: year)).contains(day)
            else { return nil }
            first = year * 10000 + month * 100 + day
            last = first
        }
    }

    private static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
