import TrialCheckCore

/// Maps a parsed patient-history v1 record to the model, or says precisely why it cannot.
///
/// The record format is a contract other tools write, so the decoder is strict where a
/// wrong value would change a verdict (ids, dates, enrollment) and lenient elsewhere:
/// unknown keys are kept, and values the checks interpret are left for them to judge.
struct PatientRecordDecoder: Sendable {
    /// The input path, for locations.
    let file: String

    /// A decoder of the records of `file`, with no defaults from a header or the command line.
    init(file: String) {
        self.file = file
    }

    /// The site of records that name none (from a file header).
    var defaultSite: String?
    /// The data cut-off of records that give none (from a file header or the command line).
    var defaultDataCutoff: PartialDate?
    /// Where the file header gave ``defaultSite``, if it did.
    var defaultSiteLocation: SourceLocation?
    /// Where the file header gave ``defaultDataCutoff``; `nil` for one from the command line.
    var defaultDataCutoffLocation: SourceLocation?
    /// The site's time zone, for records that name none (from a file header or the
    /// command line): what gives a UTC instant (`...T23:30Z`) its calendar date.
    var defaultTimeZone: SiteTimeZone?
    /// The longest record (an NDJSON line, in bytes) read; a longer one is rejected,
    /// located by its line, without being held whole.
    var maxRecordBytes = PatientRecordDecoder.defaultMaxRecordBytes

    /// The event types some check of the audit reads, when the audit needs no others: a
    /// reader that can tell an event's type before building it leaves events of the other
    /// types undecoded (validated, then counted by type in
    /// ``PatientHistory/unreadEventTypes``). `nil`: every event is decoded.
    var eventTypesRead: Set<EventType>? {
        didSet { readTypeNames = eventTypesRead.map { KeySet($0.map(\.rawValue)) } }
    }
    /// ``eventTypesRead`` by name, compared by bytes: asked for every event, where hashing
    /// each event's type cost more.
    private var readTypeNames: KeySet?

    /// Whether events of `type` are decoded (``eventTypesRead``).
    func reads(_ type: EventType) -> Bool {
        readTypeNames?.contains(type.rawValue) ?? true
    }

    /// Whether a mapping with a key twice is rejected. A reader whose trees cannot repeat
    /// a key turns it off: one that builds the records itself and writes each key once
    /// (the SDTM mapping), or whose parser gave way on a repeated key (YAML read directly);
    /// tests hold each to that.
    var checksRepeatedKeys = true

    /// The default of ``maxRecordBytes``: 64 MiB.
    static let defaultMaxRecordBytes = 64 << 20
    /// The event members the model reads itself (`type`, the dates, the onset), told apart by
    /// their keys' bytes: the direct decoder's matcher, shared by this decoder and
    /// ``MappedEvent``, and stored (a computed one would copy the matcher at every look-up).
    static let eventMembers = DirectRecordDecoder.keys.event

    /// The locations of the defaults a record starts from, before its own values.
    var defaultLocations: RecordLocations {
        RecordLocations(
            site: defaultSite == nil ? nil : defaultSiteLocation,
            dataCutoff: defaultDataCutoff == nil ? nil : defaultDataCutoffLocation
        )
    }

    /// The node as an item: a patient, or a rejection saying why not.
    func item(for node: SyntaxNode) -> ReadItem {
        switch decode(node) {
        case .success(let patient): .patient(patient)
        case .failure(let rejection): .rejected(rejection)
        }
    }

    func decode(_ node: SyntaxNode) -> Result<PatientHistory, RecordRejection> {
        do throws(RecordRejection) {
            return .success(try decodeRecord(node))
        } catch {
            return .failure(error)
        }
    }

    private func reject(_ reason: String, at position: TextPosition, patient: String? = nil) -> RecordRejection {
        RecordRejection(location: position.location(in: file), reason: reason, patient: patient)
    }

    private func decodeRecord(_ node: SyntaxNode) throws(RecordRejection) -> PatientHistory {
        guard case .object(let members) = node.content else {
            throw reject("expected a patient record (a mapping with 'id' and 'enrollment'), found \(node.kindDescription)", at: node.position)
        }
        try rejectDuplicateKeys(members, patient: nil)
        guard let idNode = node[RecordKey.id.rawValue] else {
            throw reject("the record has no 'id'", at: node.position)
        }
        guard let id = Self.identifier(idNode) else {
            throw reject("'id': expected a subject identifier (text, or a number read as its text), found \(idNode.kindDescription)", at: idNode.position)
        }
        var decoder = self
        if let zoneNode = node[RecordKey.timezone.rawValue], !zoneNode.content.isNull {
            decoder.defaultTimeZone = try Self.timeZone(zoneNode, file: file, patient: id)
        }
        return try decoder.decodeRecord(node, id: id, members: members)
    }

    /// A record's id: text or a number (read as written, per the format), not blank; a
    /// Boolean, list or mapping is no identifier.
    static func identifier(_ node: SyntaxNode) -> String? {
        switch node.content {
        case .string(let text), .number(let text):
            let id = text.trimmingWhitespace()
            return id.isEmpty ? nil : id
        default:
            return nil
        }
    }

    /// A `timezone` value: an IANA name or a fixed offset.
    static func timeZone(_ node: SyntaxNode, file: String, patient: String?) throws(RecordRejection) -> SiteTimeZone {
        guard case .string(let text) = node.content, let zone = SiteTimeZone(text) else {
            throw RecordRejection(
                location: node.position.location(in: file),
                reason: "'timezone': expected \(SiteTimeZone.expected), found \(node.kindDescription)",
                patient: patient
            )
        }
        return zone
    }

    private func decodeRecord(
        _ node: SyntaxNode, id: String, members: [(key: String, keyPosition: TextPosition, value: SyntaxNode)]
    ) throws(RecordRejection) -> PatientHistory {
        var patient = PatientHistory(
            id: id,
            site: defaultSite,
            enrollment: Enrollment(date: PartialDate(CalendarDay(ordinal: 0))),
            location: node.position.lineLocation(in: file),
            fieldLocations: defaultLocations
        )
        patient.dataCutoff = defaultDataCutoff
        var sawEnrollment = false
        // Members are read where they lie (``SyntaxMember``): no member copied whole.
        try members.withMembersInPlace { (members) throws(RecordRejection) in
            for index in members.indices {
                let value = members[index].value
                guard let key = RecordKey(rawValue: members[index].key) else {
                    patient.attributes[members[index].key] = value.value
                    continue
                }
                switch key {
                case .id, .timezone:
                    continue
                case .site:
                    if case .null = value.content { continue }
                    patient.site = try text(value, key: key.rawValue, patient: id)
                    patient.fieldLocations.site = located(value)
                case .sex:
                    if case .null = value.content { continue }
                    patient.sex = try text(value, key: key.rawValue, patient: id)
                    patient.fieldLocations.sex = located(value)
                case .birthDate:
                    patient.birthDate = try optionalDate(value, key: key.rawValue, patient: id)
                    patient.fieldLocations.birthDate = patient.birthDate == nil ? nil : located(value)
                case .dataCutoff:
                    let cutoff = try optionalDate(value, key: key.rawValue, patient: id)
                    patient.dataCutoff = cutoff ?? defaultDataCutoff
                    patient.fieldLocations.dataCutoff = cutoff == nil ? defaultLocations.dataCutoff : located(value)
                case .age:
                    if case .null = value.content { continue }
                    guard let age = value.value.int, age >= 0, age < 150 else {
                        throw reject("'age': expected age in completed years (a whole number), found \(value.kindDescription)", at: value.position, patient: id)
                    }
                    patient.age = age
                    patient.fieldLocations.age = located(value)
                case .enrollment:
                    let (enrollment, dateLocation, armLocation) = try enrollment(value, patient: id)
                    patient.enrollment = enrollment
                    patient.fieldLocations.enrollmentDate = dateLocation
                    patient.fieldLocations.arm = armLocation
                    sawEnrollment = true
                case .events:
                    try readEvents(value, into: &patient)
                }
            }
        }
        guard sawEnrollment else {
            throw reject("the record has no 'enrollment' (expected {date: <ISO 8601>, arm: <code>})", at: node.position, patient: id)
        }
        return patient
    }

    private func rejectDuplicateKeys(
        _ members: [(key: String, keyPosition: TextPosition, value: SyntaxNode)], patient: String?
    ) throws(RecordRejection) {
        guard checksRepeatedKeys, let later = members.firstRepeatedKey else { return }
        throw reject("duplicate key '\(members[later].key)'", at: members[later].keyPosition, patient: patient)
    }

    /// Where a record-level value was read: its line and column, as evidence about it points.
    private func located(_ node: SyntaxNode) -> SourceLocation {
        node.position.location(in: file)
    }

    private func text(_ node: SyntaxNode, key: String, patient: String) throws(RecordRejection) -> String {
        guard let text = node.scalarText else {
            throw reject("'\(key)': expected text, found \(node.kindDescription)", at: node.position, patient: patient)
        }
        return text
    }

    /// `key` is spelled only for a rejection: events' keys name their type.
    private func optionalDate(_ node: SyntaxNode, key: @autoclosure () -> String, patient: String) throws(RecordRejection) -> PartialDate? {
        if case .null = node.content { return nil }
        return try date(node, key: key(), patient: patient)
    }

    private func date(_ node: SyntaxNode, key: @autoclosure () -> String, patient: String) throws(RecordRejection) -> PartialDate {
        // No trimming: a date with spaces inside its quotes is not the date a tool wrote.
        let parsed: PartialDate?
        switch node.content {
        case .string(let text), .number(let text): parsed = parseDate(text)
        default: parsed = nil
        }
        guard let parsed else {
            throw reject(
                "'\(key())': expected an ISO 8601 date (2026-01-20, 2026-01 or 2026), found \(node.kindDescription)",
                at: node.position, patient: patient
            )
        }
        return parsed
    }

    /// A date's text as the model's date: a UTC instant in the site's time zone, if known.
    func parseDate(_ text: String) -> PartialDate? {
        // The text's bytes are read in place (a short text's on the stack): the generic
        // reading of any string's characters costs several times more.
        var text = text
        return text.withUTF8 { parseDate(utf8: $0) }
    }

    /// ``parseDate(_:)`` of a text's UTF-8 bytes, read where they lie.
    func parseDate(utf8 bytes: UnsafeBufferPointer<UInt8>) -> PartialDate? {
        guard let zone = defaultTimeZone else { return PartialDate(iso8601UTF8: bytes) }
        return PartialDate(iso8601UTF8: bytes, utcOffset: zone.offset(atUTCSeconds:))
    }

    /// The enrollment, with where its date and arm were read.
    private func enrollment(
        _ node: SyntaxNode, patient: String
    ) throws(RecordRejection) -> (Enrollment, date: SourceLocation, arm: SourceLocation?) {
        guard case .object(let members) = node.content else {
            throw reject("'enrollment': expected a mapping {date: <ISO 8601>, arm: <code>}, found \(node.kindDescription)", at: node.position, patient: patient)
        }
        try rejectDuplicateKeys(members, patient: patient)
        guard let dateNode = node[EnrollmentKey.date.rawValue], !dateNode.content.isNull else {
            throw reject("'enrollment' has no 'date'", at: node.position, patient: patient)
        }
        let date = try date(dateNode, key: "enrollment.date", patient: patient)
        var arm: String?
        var armLocation: SourceLocation?
        if let armNode = node[EnrollmentKey.arm.rawValue], !armNode.content.isNull {
            arm = try text(armNode, key: "enrollment.arm", patient: patient)
            armLocation = located(armNode)
        }
        return (Enrollment(date: date, arm: arm), located(dateNode), armLocation)
    }

    /// The record's events. An event of a type no check reads (``eventTypesRead``) is read
    /// and validated like any other, then counted in the history's unread types with its
    /// location, not built.
    private func readEvents(_ node: SyntaxNode, into patient: inout PatientHistory) throws(RecordRejection) {
        if node.content.isNull {
            patient.events = []
            return
        }
        guard case .array(let items) = node.content else {
            throw reject("'events': expected a list of events, found \(node.kindDescription)", at: node.position, patient: patient.id)
        }
        var events: [Event] = []
        events.reserveCapacity(items.count)
        let id = patient.id
        // Each event node is read where it lies, not copied out of the list.
        try items.withUnsafeBufferPointer { (items) throws(RecordRejection) in
            for offset in items.indices {
                switch try event(items[offset], number: offset + 1, patient: id) {
                case .built(let event):
                    events.append(event)
                case .unread(let type, let location):
                    patient.unreadEventTypes.append(type)
                    patient.unreadEventLocations.append(location)
                }
            }
        }
        patient.events = events
    }

    /// An event as read: built, or (its type read by no check, ``reads(_:)``) only
    /// validated, with its type and location for the coverage report.
    enum ReadEvent {
        case built(Event)
        case unread(EventType, SourceLocation)

        /// The event, where it was built.
        var model: Event? {
            if case .built(let event) = self { event } else { nil }
        }
    }

    private func event(_ node: SyntaxNode, number: Int, patient: String) throws(RecordRejection) -> ReadEvent {
        guard case .object(let members) = node.content else {
            throw reject("event \(number): expected a mapping with 'type', found \(node.kindDescription)", at: node.position, patient: patient)
        }
        try rejectDuplicateKeys(members, patient: patient)
        guard let typeNode = node[EventKey.type.rawValue], let type = typeNode.scalarText?.trimmingWhitespace(), !type.isEmpty else {
            throw reject("event \(number) has no 'type'", at: node.position, patient: patient)
        }
        let eventType = EventType(recorded: type)
        // Validated in full either way; its attributes are kept only if some check reads it.
        let isRead = reads(eventType)
        var date: PartialDate?
        var start: PartialDate?
        var end: PartialDate?
        var attributes: [(key: String, value: Value)] = []
        if isRead { attributes.reserveCapacity(members.count) }
        // Members are read where they lie (``SyntaxMember``): reading a field of a member
        // tuple copies the whole member (a key, a position and a node) first.
        try members.withMembersInPlace { (members) throws(RecordRejection) in
            for index in members.indices {
                let key = members[index].key
                // A switch on the key, not a set lookup: this runs for every key of every event.
                switch Self.eventMembers.key(key) {
                case .common(.type): continue
                case .common(.date): date = try optionalDate(members[index].value, key: "\(type) date", patient: patient)
                case .common(.start): start = try optionalDate(members[index].value, key: "\(type) start", patient: patient)
                case .common(.end): end = try optionalDate(members[index].value, key: "\(type) end", patient: patient)
                case .onset:
                    let value = members[index].value
                    let parsed = try optionalDate(value, key: "\(type) onset", patient: patient)
                    guard isRead else { continue }
                    // A UTC instant whose day is uncertain keeps its text, so whoever reads it
                    // again gets the same span of days.
                    let onset = parsed.map { date in
                        date.day != nil && !date.isComplete ? value.value : .string(date.description)
                    }
                    attributes.append((key: key, value: onset ?? .null))
                case nil:
                    guard isRead else { continue }
                    attributes.append((key: key, value: members[index].value.value))
                }
            }
        }
        if let start, let end, end.span.last < start.span.first {
            throw reject("\(type) ends (\(end)) before it starts (\(start))", at: node.position, patient: patient)
        }
        let location = node.position.lineLocation(in: file)
        guard isRead else { return .unread(eventType, location) }
        return .built(Event(
            type: eventType, date: date, start: start, end: end, attributeSource: AttributeList(attributes), location: location
        ))
    }
}

extension SyntaxNode.Content {
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
