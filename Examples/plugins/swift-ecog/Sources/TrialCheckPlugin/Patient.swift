/// One patient-history v1 record, as the plugin receives it.
public struct Patient: Sendable {
    /// The subject identifier.
    public let id: String
    /// The enrollment date (ISO 8601, possibly partial) and arm.
    public let enrollment: Enrollment
    /// The events, in record order, every key as written.
    public let events: [JSONValue]
    /// The whole record, for keys this type does not name.
    public let record: JSONValue

    /// Enrollment.
    public struct Enrollment: Sendable {
        public let date: String
        public let arm: String?
    }

    /// Reads a record (a JSON object); `nil` without an `id`.
    public init?(_ record: JSONValue) {
        guard let id = record["id"]?.string else { return nil }
        self.id = id
        enrollment = Enrollment(date: record["enrollment"]?["date"]?.string ?? "", arm: record["enrollment"]?["arm"]?.string)
        if case .array(let items)? = record["events"] { events = items } else { events = [] }
        self.record = record
    }

    /// The events of one type, with their index in the record (for evidence).
    public func events(ofType type: String) -> [(index: Int, event: JSONValue)] {
        events.enumerated().compactMap { index, event in event["type"]?.string == type ? (index, event) : nil }
    }
}
