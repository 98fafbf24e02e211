import TrialCheckCore

/// A date format of one export column, such as `DD-MM-YYYY`, `MM/DD/YYYY` or `YYYY-MM-DD`:
/// the parts `DD`, `MM` and `YYYY` once each, between separators (`-`, `/`, `.` or a space).
///
/// A value may be partial in the format's own order: `DD-MM-YYYY` also reads `MM-YYYY`
/// and `YYYY`; `YYYY-MM-DD` reads `YYYY-MM` and `YYYY`. Day and month may have one digit
/// (`3/5/2025`); the year has four. A value reads as its ISO 8601 date (`2025-05-03`).
public struct ExportDateFormat: Sendable, Hashable, CustomStringConvertible {
    enum Part: Sendable, Hashable {
        case day, month, year
    }

    /// The parts in the format's order, each with the separator that follows it (the last has none).
    let parts: [(part: Part, separator: Character?)]
    /// The format as written.
    public let description: String

    public static func == (lhs: ExportDateFormat, rhs: ExportDateFormat) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// What a format is written as, for messages.
    public static let expected = "a date format such as DD-MM-YYYY, MM/DD/YYYY or YYYY-MM-DD (the parts DD, MM and YYYY once each, between '-', '/', '.' or ' ')"

    /// Reads a format; `nil` unless it holds `DD`, `MM` and `YYYY` once each between single separators.
    public init?(parsing text: String) {
        var parts: [(Part, Character?)] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let part: Part
            if rest.hasPrefix("YYYY") {
                part = .year
                rest = rest.dropFirst(4)
            } else if rest.hasPrefix("MM") {
                part = .month
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix("DD") {
                part = .day
                rest = rest.dropFirst(2)
            } else {
                return nil
            }
            var separator: Character?
            if let next = rest.first {
                guard "-/. ".contains(next) else { return nil }
                separator = next
                rest = rest.dropFirst()
                guard !rest.isEmpty else { return nil }
            }
            parts.append((part, separator))
        }
        guard parts.count == 3, Set(parts.map(\.0)).count == 3 else { return nil }
        self.parts = parts
        description = text
    }

    /// The value as an ISO 8601 date (`2025-05-03`, `2025-05`, `2025`), or `nil` if it
    /// does not match the format (or a partial form of it) or is not a calendar date.
    public func iso8601(_ value: String) -> String? {
        for kept in [Set<Part>([.day, .month, .year]), [.month, .year], [.year]] {
            if let iso = read(value, keeping: kept) { return iso }
        }
        return nil
    }

    /// An example of a value in the format: 2025-03-26 written this way.
    public var example: String {
        parts.map { entry -> String in
            let text = switch entry.part {
            case .day: "26"
            case .month: "03"
            case .year: "2025"
            }
            return text + (entry.separator.map(String.init) ?? "")
        }.joined()
    }

    private func read(_ value: String, keeping kept: Set<Part>) -> String? {
        let used = parts.filter { kept.contains($0.part) }
        var rest = Substring(value)
        var found: [Part: String] = [:]
        for (offset, entry) in used.enumerated() {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            let valid = entry.part == .year ? digits.count == 4 : (1...2).contains(digits.count)
            guard valid else { return nil }
            found[entry.part] = digits.count == 1 ? "0" + digits : String(digits)
            rest = rest.dropFirst(digits.count)
            guard offset < used.count - 1 else { break }
            // Between the parts kept, the separator that follows the first of them in the format.
            guard let separator = separatorAfter(entry.part), rest.first == separator else { return nil }
            rest = rest.dropFirst()
        }
        guard rest.isEmpty, let year = found[.year] else { return nil }
        let iso = [year, found[.month], found[.day]].compactMap { $0 }.joined(separator: "-")
        return PartialDate(iso8601: iso) == nil ? nil : iso
    }

    /// The separator written after `part` in a value: the one that follows it in the
    /// format, or the format's first for its last part (`MM/DD/YYYY` without the day is `MM/YYYY`).
    private func separatorAfter(_ part: Part) -> Character? {
        guard let index = parts.firstIndex(where: { $0.part == part }) else { return nil }
        if let separator = parts[index].separator { return separator }
        return parts.first(where: { $0.separator != nil })?.separator
    }
}
