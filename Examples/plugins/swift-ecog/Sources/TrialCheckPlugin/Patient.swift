/// One patient-history v1 record, as the plugin receives it.
public struct Patient: Decodable, Sendable {
    /// The subject identifier.
    public let id: String
    /// The enrollment date (ISO 8601, possibly partial) and arm.
    public let enrollment: Enrollment
    /// The events, in record order, every key as written.
    public let events: [JSONValue]
    /// The whole record, for keys this type does not name.
    public let record: JSONValue

    /// Enrollment.
    public struct Enrollment: Decodable, Sendable {
        public let date: String
        public let arm: String?
    }

    private enum CodingKeys: String, CodingKey { case id, enrollment, events }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        enrollment = try container.decode(Enrollment.self, forKey: .enrollment)
        events = try container.decodeIfPresent([JSONValue].self, forKey: .events) ?? []
        record = try JSONValue(from: decoder)
    }

    /// The events of one type, with their index in the record (for evidence).
    public func events(ofType type: String) -> [(index: Int, event: JSONValue)] {
        events.enumerated().compactMap { index, event in event["type"]?.string == type ? (index, event) : nil }
    }
}
