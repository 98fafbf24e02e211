/// One pseudonymous patient's treatment history: the unit every check judges.
public struct PatientHistory: Sendable, Hashable {
    /// The subject identifier, unique within an audit.
    public var id: String
    /// The site code, if known.
    public var site: String?
    /// `female`, `male`, `other` or `unknown`, as written.
    public var sex: String?
    /// The birth date, full or partial.
    public var birthDate: PartialDate?
    /// Age in completed years at enrollment, where the birth date is withheld.
    public var age: Int?
    /// Enrollment (or randomisation).
    public var enrollment: Enrollment
    /// Events, in the order the record lists them.
    public var events: [Event] {
        didSet { textIndex = EventTextIndex() }
    }
    /// Texts of the events read once for every check (``selectEvents(ofType:whereNormalizedText:_:)``).
    private(set) var textIndex = EventTextIndex()
    /// The day the data were extracted: an event recorded as ongoing (no `end`) is known to
    /// have continued at least until then.
    public var dataCutoff: PartialDate?
    /// Record keys the model does not name, kept for plugins.
    public var attributes: [String: Value]
    /// Where the record was read.
    public var location: SourceLocation?
    /// Where each record-level value (enrollment date, arm, birth date, ...) was read, where
    /// the reader knows it: evidence about one of them points at it through
    /// ``location(of:)``.
    public var fieldLocations: RecordLocations
    /// The types of the record's events that were left undecoded because no check of the
    /// audit reads events of those types, in record order (only when the audit asked its
    /// reader to skip them): what the audit's data coverage counts for them. Such events
    /// are not in ``events``.
    public var unreadEventTypes: [EventType] = []
    /// Where each event of ``unreadEventTypes`` was read, in the same order, when its reader
    /// locates events one by one (a YAML document); empty when each is at the record's
    /// ``location`` (an NDJSON line).
    public var unreadEventLocations: [SourceLocation] = []

    /// Creates a history.
    public init(
        id: String,
        site: String? = nil,
        sex: String? = nil,
        birthDate: PartialDate? = nil,
        age: Int? = nil,
        enrollment: Enrollment,
        events: [Event] = [],
        dataCutoff: PartialDate? = nil,
        attributes: [String: Value] = [:],
        location: SourceLocation? = nil,
        fieldLocations: RecordLocations = RecordLocations()
    ) {
        self.id = id
        self.site = site
        self.sex = sex
        self.birthDate = birthDate
        self.age = age
        self.enrollment = enrollment
        self.events = events
        self.dataCutoff = dataCutoff
        self.attributes = attributes
        self.location = location
        self.fieldLocations = fieldLocations
    }

    /// The events of one type, in record order.
    public func events(ofType type: EventType) -> [Event] {
        Array(selectEvents(ofType: type))
    }
}

/// A patient's enrollment: the date and, once randomised, the arm.
public struct Enrollment: Sendable, Hashable {
    /// The enrollment date.
    public var date: PartialDate
    /// The arm code (`A`, `B`, ...), absent before randomisation.
    public var arm: String?

    /// Creates an enrollment.
    public init(date: PartialDate, arm: String? = nil) {
        self.date = date
        self.arm = arm
    }
}
