import TrialCheckCore

/// Decodes a patient-history v1 record written as one line of JSON straight from its bytes
/// into the model: one pass over the bytes, no syntax tree, no positions kept per value,
/// and events that read their attributes from the record's bytes as checks ask for them
/// (``JSONEventAttributes``), not dictionaries built up front.
///
/// It is the fast path for the records NDJSON cohorts are made of, and it gives up
/// (returns `nil`) at the first thing it does not handle itself: any syntax error, a value
/// the model rejects, a duplicate key, an escape sequence in a string, a key that is not
/// ASCII, deep nesting, an `onset` not written as the model writes it, a record with its
/// own `timezone` (which changes how its dates read). The caller then
/// decodes the record with ``PatientRecordDecoder`` over the positioned syntax tree, which
/// gives either the same patient or the precise reason (with line and column) the record
/// is rejected. Tests hold the two paths to the same patient on every example record and
/// on many mutated ones.
struct DirectRecordDecoder {
    private var cursor: JSONCursor
    /// Where the record (and so each of its events) was read.
    private let location: SourceLocation
    private let defaults: PatientRecordDecoder
    private var members: [JSONRecordBytes.Member] = []
    private var events: [PendingEvent] = []

    /// The patient `line` holds, or `nil` if the record must go through the general path.
    /// - Parameters:
    ///   - line: one NDJSON line (without its line feed).
    ///   - number: its line number.
    ///   - defaults: the input's file name, default site and data cut-off.
    static func patient(in line: [UInt8], lineNumber number: Int, defaults: PatientRecordDecoder) -> PatientHistory? {
        // Offsets are kept in 32 bits.
        guard line.count < Int(Int32.max) else { return nil }
        return line.withUnsafeBufferPointer { bytes in
            var decoder = DirectRecordDecoder(
                cursor: JSONCursor(bytes), location: SourceLocation(file: defaults.file, line: number), defaults: defaults
            )
            guard var patient = decoder.record() else { return nil }
            let record = JSONRecordBytes(bytes: line, members: decoder.members)
            var events: [Event] = []
            events.reserveCapacity(decoder.events.count)
            for (index, pending) in decoder.events.enumerated() {
                let type = EventType(recorded: pending.type)
                if !defaults.reads(type) {
                    // Read and validated like any other, but no check reads it: counted, not built.
                    if patient.unreadEventTypes.isEmpty {
                        // Room for every event left, made once (``MappedEvent`` does the same).
                        patient.unreadEventTypes.reserveCapacity(decoder.events.count - index)
                    }
                    patient.unreadEventTypes.append(type)
                    continue
                }
                events.append(Event(
                    type: type, date: pending.date, start: pending.start, end: pending.end,
                    attributeSource: JSONEventAttributes(record: record, first: pending.firstMember, count: pending.memberCount),
                    location: decoder.location
                ))
            }
            patient.events = events
            return patient
        }
    }

    private init(cursor: JSONCursor, location: SourceLocation, defaults: PatientRecordDecoder) {
        self.cursor = cursor
        self.location = location
        self.defaults = defaults
    }

    // MARK: - The record

    /// The record without its events, which are left in ``events``.
    private mutating func record() -> PatientHistory? {
        cursor.skipSpace()
        guard cursor.skip(UInt8(ascii: "{")) else { return nil }
        var patient = PatientHistory(
            id: "", site: defaults.defaultSite,
            enrollment: Enrollment(date: PartialDate(CalendarDay(ordinal: 0))),
            location: location,
            fieldLocations: defaults.defaultLocations
        )
        patient.dataCutoff = defaults.defaultDataCutoff
        var id: String?
        var sawEnrollment = false
        var pendingEvents: [PendingEvent] = []
        var members: [JSONRecordBytes.Member] = []
        let defaultDataCutoff = defaults.defaultDataCutoff
        let defaultDataCutoffLocation = defaults.defaultLocations.dataCutoff
        let timeZone = defaults.defaultTimeZone
        // Record-level values are located by line and column, as the general path locates them.
        let (file, line) = (location.file, location.line)
        var columns = ColumnScanner()
        func located(_ start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> SourceLocation {
            SourceLocation(file: file, line: line, column: columns.column(at: start, in: bytes))
        }
        let keys = Self.keys
        let read = cursor.members(uniqueKeys: true) { cursor, key in
            let valueStart = cursor.index
            switch keys.record.key(cursor.bytes, key) {
            case .id:
                // Text or a number, as the general path reads it; a Boolean is no id.
                guard let first = cursor.bytes.indices.contains(cursor.index) ? cursor.bytes[cursor.index] : nil,
                      first != UInt8(ascii: "t"), first != UInt8(ascii: "f"),
                      let text = cursor.scalarText()?.trimmingWhitespace(), !text.isEmpty
                else { return false }
                id = text
            case .timezone:
                // A record's own time zone changes how its dates read: the general path's job.
                return false
            case .site:
                if cursor.skipNull() { return true }
                guard let text = cursor.scalarText() else { return false }
                patient.site = text
                patient.fieldLocations.site = located(valueStart, cursor.bytes)
            case .sex:
                if cursor.skipNull() { return true }
                guard let text = cursor.scalarText() else { return false }
                patient.sex = text
                patient.fieldLocations.sex = located(valueStart, cursor.bytes)
            case .birthDate:
                guard cursor.optionalDate(into: &patient.birthDate, timeZone: timeZone) else { return false }
                patient.fieldLocations.birthDate = patient.birthDate == nil ? nil : located(valueStart, cursor.bytes)
            case .dataCutoff:
                var cutoff: PartialDate?
                guard cursor.optionalDate(into: &cutoff, timeZone: timeZone) else { return false }
                patient.dataCutoff = cutoff ?? defaultDataCutoff
                patient.fieldLocations.dataCutoff = cutoff == nil ? defaultDataCutoffLocation : located(valueStart, cursor.bytes)
            case .age:
                if cursor.skipNull() { return true }
                guard let age = cursor.value(depth: 1)?.int, age >= 0, age < 150 else { return false }
                patient.age = age
                patient.fieldLocations.age = located(valueStart, cursor.bytes)
            case .enrollment:
                guard let (enrollment, dateStart, armStart) = cursor.enrollment(keys: keys.enrollment, timeZone: timeZone) else { return false }
                patient.enrollment = enrollment
                patient.fieldLocations.enrollmentDate = located(dateStart, cursor.bytes)
                patient.fieldLocations.arm = armStart.map { located($0, cursor.bytes) }
                sawEnrollment = true
            case .events:
                pendingEvents = []
                members = []
                if cursor.skipNull() { return true }
                // Room for the events the rest of the record can hold at the density of
                // machine-written records (about 100 bytes an event, 30 an attribute), so
                // the arrays are not grown step by step.
                let remaining = cursor.bytes.count - cursor.index
                pendingEvents.reserveCapacity(min(remaining / 64, 1024))
                members.reserveCapacity(min(remaining / 16, 4096))
                return cursor.events(into: &pendingEvents, members: &members, keys: keys.event, timeZone: timeZone)
            case nil:
                guard let value = cursor.value(depth: 1) else { return false }
                patient.attributes[cursor.string(key)] = value
            }
            return true
        }
        cursor.skipSpace()
        guard read, cursor.isAtEnd, sawEnrollment, let id else { return nil }
        patient.id = id
        events = pendingEvents
        self.members = members
        return patient
    }

    /// The keys of the model's key table, as bytes.
    static let keys = ModelKeyMatchers()
}

/// The keys the direct decoder reads itself, matched as bytes, made from the model's key table.
struct ModelKeyMatchers: Sendable {
    let record = KeyByteMatcher(RecordKey.self)
    let enrollment = KeyByteMatcher(EnrollmentKey.self)
    let event = KeyByteMatcher<EventMember>(
        EventKey.allCases.map { (text: $0.rawValue, key: .common($0)) } + [(text: RecordVocabulary.onsetKey, key: .onset)]
    )

    /// An event key the decoder reads itself: a key every event may have, or an `onset`
    /// (kept, but read as a date).
    enum EventMember: Equatable, Sendable {
        case common(EventKey)
        case onset
    }
}

extension JSONCursor {
    /// A date or `null` into `date`; `false` if the value is neither.
    fileprivate mutating func optionalDate(into date: inout PartialDate?, timeZone: SiteTimeZone?) -> Bool {
        if skipNull() {
            date = nil
            return true
        }
        guard let parsed = dateValue(timeZone: timeZone) else { return false }
        date = parsed
        return true
    }

    /// A date written as a string (or a number, such as a year), read as the general path
    /// reads it: its text, untrimmed, as ISO 8601 (a UTC instant in `timeZone`, if known).
    fileprivate mutating func dateValue(timeZone: SiteTimeZone?) -> PartialDate? {
        let range: Range<Int>?
        switch bytes.indices.contains(index) ? bytes[index] : 0 {
        case UInt8(ascii: "\""): range = stringRange(asciiOnly: false)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): range = number()
        default: range = nil
        }
        guard let range else { return nil }
        let text = UnsafeBufferPointer(rebasing: bytes[range])
        guard let timeZone else { return PartialDate(iso8601UTF8: text) }
        return PartialDate(iso8601UTF8: text, utcOffset: timeZone.offset(atUTCSeconds:))
    }

    /// The enrollment, with the byte offsets where its date and arm values start.
    fileprivate mutating func enrollment(
        keys: KeyByteMatcher<EnrollmentKey>, timeZone: SiteTimeZone?
    ) -> (Enrollment, dateStart: Int, armStart: Int?)? {
        guard skip(UInt8(ascii: "{")) else { return nil }
        var date: PartialDate?
        var arm: String?
        var dateStart = 0
        var armStart: Int?
        let read = members(uniqueKeys: true) { cursor, key in
            switch keys.key(cursor.bytes, key) {
            case .date:
                dateStart = cursor.index
                guard !cursor.skipNull(), let parsed = cursor.dateValue(timeZone: timeZone) else { return false }
                date = parsed
            case .arm:
                if cursor.skipNull() { return true }
                armStart = cursor.index
                guard let text = cursor.scalarText() else { return false }
                arm = text
            case nil:
                return cursor.skipValue(depth: 2)
            }
            return true
        }
        guard read, let date else { return nil }
        return (Enrollment(date: date, arm: arm), dateStart, armStart)
    }

    fileprivate mutating func events(
        into events: inout [PendingEvent], members: inout [JSONRecordBytes.Member],
        keys: KeyByteMatcher<ModelKeyMatchers.EventMember>, timeZone: SiteTimeZone?
    ) -> Bool {
        guard skip(UInt8(ascii: "[")) else { return false }
        return elements { cursor in
            guard let event = cursor.event(members: &members, keys: keys, timeZone: timeZone) else { return false }
            events.append(event)
            return true
        }
    }

    /// An event, its attributes added to `members`.
    private mutating func event(
        members: inout [JSONRecordBytes.Member], keys: KeyByteMatcher<ModelKeyMatchers.EventMember>, timeZone: SiteTimeZone?
    ) -> PendingEvent? {
        guard skip(UInt8(ascii: "{")) else { return nil }
        var event = PendingEvent(firstMember: Int32(members.count))
        var type: String?
        let read = self.members(uniqueKeys: true) { cursor, key in
            switch keys.key(cursor.bytes, key) {
            case .common(.type):
                guard let text = cursor.scalarText()?.trimmingWhitespace(), !text.isEmpty else { return false }
                type = text
                return true
            case .common(.date):
                return cursor.optionalDate(into: &event.date, timeZone: timeZone)
            case .common(.start):
                return cursor.optionalDate(into: &event.start, timeZone: timeZone)
            case .common(.end):
                return cursor.optionalDate(into: &event.end, timeZone: timeZone)
            case .onset:
                // Kept as written only where that is how the model writes it (`null`, or a
                // date without a time part or spaces); the general path rewrites the rest.
                let valueStart = cursor.index
                if !cursor.skipNull() {
                    guard let text = cursor.string(), let onset = PartialDate(iso8601: text), onset.description == text
                    else { return false }
                }
                members.append(JSONRecordBytes.Member(key: key, valueStart: valueStart))
                return true
            case nil:
                members.append(JSONRecordBytes.Member(key: key, valueStart: cursor.index))
                return cursor.skipValue(depth: 3)
            }
        }
        guard read, let type else { return nil }
        if let start = event.start, let end = event.end, end.span.last < start.span.first { return nil }
        event.type = type
        event.memberCount = Int32(members.count) - event.firstMember
        return event
    }
}

/// The columns of byte offsets on one line, counting characters (Unicode scalars) as the
/// general path (``JSONSyntaxParser``) does: the UTF-8 continuation bytes before an offset
/// are left out. Offsets asked for in increasing order are counted in one pass; an offset
/// before the last one asked for is counted back from it, not from the start of the line,
/// so no request costs more than the bytes between it and the one before.
private struct ColumnScanner {
    private var offset = 0
    private var continuationBytes = 0

    /// The column (from 1) of the byte at `target`.
    mutating func column(at target: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        while offset > target {
            offset -= 1
            if bytes[offset] & 0xC0 == 0x80 { continuationBytes -= 1 }
        }
        while offset < target {
            if bytes[offset] & 0xC0 == 0x80 { continuationBytes += 1 }
            offset += 1
        }
        return target - continuationBytes + 1
    }
}

/// An event read, waiting for its record's bytes to be shared.
private struct PendingEvent {
    var type = ""
    var date: PartialDate?
    var start: PartialDate?
    var end: PartialDate?
    var firstMember: Int32
    var memberCount: Int32 = 0
}

extension JSONRecordBytes.Member {
    fileprivate init(key: Range<Int>, valueStart: Int) {
        self.init(keyStart: Int32(key.lowerBound), keyEnd: Int32(key.upperBound), valueStart: Int32(valueStart))
    }
}
