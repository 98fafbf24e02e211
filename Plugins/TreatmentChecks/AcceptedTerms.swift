import TrialCheckCore

/// The values a record may hold for a term such as a route or a frequency: one value
/// (`oral`) or several equivalent spellings (`[oral, PO]`), matched as every kind matches
/// names (``TermMatcher/normalized(_:)``).
public struct AcceptedTerms: Sendable, Hashable, CustomStringConvertible {
    /// The accepted values, as the protocol file writes them.
    public let values: [String]
    /// The values as compared.
    private let keys: [String]

    /// Accepts `values`.
    public init(_ values: [String]) {
        self.values = values.map { $0.trimmingWhitespace() }
        keys = self.values.map(TermMatcher.normalized)
    }

    /// Whether `text` is one of the accepted values (case-insensitive, whitespace trimmed,
    /// inner runs of whitespace read as one space).
    public func accepts(_ text: String) -> Bool {
        keys.contains(TermMatcher.normalized(text))
    }

    /// Whether `text` is written byte for byte as one of the accepted values: then
    /// ``accepts(_:)`` holds, and the text need not be folded to tell.
    func acceptsAsWritten(_ text: String) -> Bool {
        values.contains { $0.hasSameBytes(as: text) }
    }

    /// `oral`, or `oral or PO`.
    public var description: String { values.joined(separator: " or ") }
}

extension AcceptedTerms: Decodable {
    /// Decodes one string or a list of strings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) {
            self.init([one])
        } else {
            self.init(try container.decode([String].self))
        }
    }
}
