/// One fact a verdict rests on: a named value, and where in the input it was read.
public struct Evidence: Sendable, Hashable, Codable {
    /// What the value is (`enrollment date`, `radiotherapy dose`, ...).
    public let name: String
    /// The value, as a person reads it (`2026-01-20`, `50.4 Gy`).
    public let value: String
    /// Where the value was read, if known.
    public let location: SourceLocation?

    /// Creates a piece of evidence.
    public init(_ name: String, _ value: String, at location: SourceLocation? = nil) {
        self.name = name
        self.value = value
        self.location = location
    }

    /// Evidence read from an event: its location is the event's.
    public init(_ name: String, _ value: String, from event: Event) {
        self.init(name, value, at: event.location)
    }
}

extension SourceLocation: Codable {
    private enum CodingKeys: String, CodingKey { case file, line, column }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            file: try container.decode(String.self, forKey: .file),
            line: try container.decodeIfPresent(Int.self, forKey: .line),
            column: try container.decodeIfPresent(Int.self, forKey: .column)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encodeIfPresent(line, forKey: .line)
        try container.encodeIfPresent(column, forKey: .column)
    }
}
