import TrialCheckCore

/// What an audit used of its inputs and what it did not: the report's data coverage.
///
/// Every event type, key, unit and arm label a record carries is either read by a check of
/// the protocol (or named by the patient-history model and simply not needed by this
/// protocol) or listed here with how often it occurred and where first, so data the audit
/// did not understand is never mistaken for data that was not there.
public struct DataCoverage: Codable, Sendable, Hashable {
    /// Per input, in command-line order: what it held that the audit did not use.
    public var inputs: [InputCoverage]
    /// Per check, in protocol order: how many patients had the data it reads.
    public var checks: [CheckCoverage]

    /// Elements of every input that the audit did not understand (``CoverageElement/Status/unknown``).
    public var unknownCount: Int {
        inputs.reduce(0) { $0 + $1.elements.filter { $0.status == .unknown }.count }
    }

    /// Creates a coverage.
    public init(inputs: [InputCoverage], checks: [CheckCoverage]) {
        self.inputs = inputs
        self.checks = checks
    }

    enum CodingKeys: String, CodingKey {
        case inputs, checks, unknown
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        inputs = try container.decode([InputCoverage].self, forKey: .inputs)
        checks = try container.decode([CheckCoverage].self, forKey: .checks)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(checks, forKey: .checks)
        try container.encode(unknownCount, forKey: .unknown)
    }
}

/// One input's elements that no check used.
public struct InputCoverage: Codable, Sendable, Hashable {
    /// The input path as given.
    public var path: String
    /// The elements, not understood first, then by kind and value.
    public var elements: [CoverageElement]
}

/// One element of the input (an event type, a key, a unit, an arm label) that the audit did
/// not use, with how often it occurred. (What a format's mapping does not read, such as a
/// FHIR resource type, is in the input's `notes`.)
public struct CoverageElement: Codable, Sendable, Hashable {
    /// Whether the audit understood the element.
    public enum Status: String, Codable, Sendable, Hashable, Comparable {
        /// Not understood: neither the model nor any check knows it, so data may have been
        /// missed (a misspelt event type, an unknown unit, an undeclared arm). `--strict`
        /// makes these input errors.
        case unknown
        /// Named by the patient-history model but not read by any check of this protocol
        /// (`technique` of radiotherapy, where no check judges the technique).
        case unused

        public static func < (lhs: Status, rhs: Status) -> Bool {
            lhs == .unknown && rhs == .unused
        }
    }

    /// What sort of element it is.
    public enum Kind: String, Codable, Sendable, Hashable, Comparable {
        case eventType = "event-type"
        case eventKey = "event-key"
        case recordKey = "record-key"
        case arm
        case unit

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var status: Status
    public var kind: Kind
    /// The element as written (`radiotheraphy`, `radiotherapy.dosis`, `Arm C`, `gray`).
    public var value: String
    /// Occurrences.
    public var count: Int
    /// Patients with at least one occurrence (absent where the element is not a patient's).
    public var patients: Int?
    /// Where it occurred first.
    public var first: SourceLocation?
    /// A known name it is close to (`radiotherapy` for `radiotheraphy`).
    public var suggestion: String?
    /// Why it was not used, in a sentence.
    public var reason: String

    /// `event type 'radiotheraphy' is not in ... (3 times in 2 patients; did you mean 'radiotherapy'?)`:
    /// the reason, how often, and the suggestion (the location is ``first``).
    public var sentence: String {
        "\(reason) (\(occurrences)\(hint))"
    }

    /// `once`, `3 times in 2 patients`.
    public var occurrences: String {
        var text = count == 1 ? "once" : "\(count) times"
        if let patients, count > 1 { text += " in \(patients) patient\(patients == 1 ? "" : "s")" }
        return text
    }

    /// `; did you mean 'radiotherapy'?`, or nothing.
    public var hint: String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
}

/// How many patients had what one check reads.
public struct CheckCoverage: Codable, Sendable, Hashable {
    /// The check's id.
    public var id: String
    /// Patients with at least one event of a type the check reads (every patient, for a
    /// check that reads record fields only).
    public var patientsWithData: Int
    /// Patients the check could judge (every verdict but not-evaluable).
    public var evaluable: Int

    enum CodingKeys: String, CodingKey {
        case id
        case patientsWithData = "patients-with-data"
        case evaluable
    }
}
