import Foundation

/// The time zone of the site that recorded a patient's data: what gives a UTC instant
/// (`2026-01-20T23:30:00Z`) its calendar date there.
///
/// Written as an IANA name (`Asia/Shanghai`, `America/New_York`, `UTC`) or a fixed offset
/// from UTC (`+08:00`, `-05:00`, `+0530`); from `--timezone`, a file header's `timezone`
/// key or a record's own.
public struct SiteTimeZone: Sendable, Hashable, CustomStringConvertible {
    private let zone: TimeZone
    /// The zone as written.
    public let description: String

    /// The zone `text` names, or `nil` if it names none.
    public init?(_ text: String) {
        if let offset = Self.fixedOffset(text) {
            guard let zone = TimeZone(secondsFromGMT: offset) else { return nil }
            self.zone = zone
        } else {
            // Foundation also accepts abbreviations ("EST") and "GMT+8" forms, which are
            // ambiguous or easily misread: only names with a slash, and UTC/GMT.
            guard text.contains("/") || text == "UTC" || text == "GMT", let zone = TimeZone(identifier: text) else { return nil }
            self.zone = zone
        }
        description = text
    }

    /// The zone's offset from UTC, in seconds, at an instant given in seconds since
    /// 1970-01-01T00:00Z (daylight saving time applied).
    public func offset(atUTCSeconds seconds: Int) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// `+hh:mm`, `-hh:mm`, `+hhmm`, `+hh` as seconds, or `nil`.
    private static func fixedOffset(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let digits = bytes.dropFirst().filter { $0 != UInt8(ascii: ":") }
        let colons = bytes.count - 1 - digits.count
        guard digits.count == 2 || digits.count == 4, colons == 0 || (colons == 1 && bytes.count == 6 && bytes[3] == UInt8(ascii: ":")),
              digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return nil }
        let values = digits.map { Int($0 - 0x30) }
        let hours = values[0] * 10 + values[1]
        let minutes = digits.count == 4 ? values[2] * 10 + values[3] : 0
        guard hours <= 14, minutes <= 59 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// What `--timezone` and the `timezone` keys accept, for messages.
    public static let expected = "an IANA time zone name such as Asia/Shanghai, or an offset from UTC such as +08:00"
}
