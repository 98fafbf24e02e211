import TrialCheckCore

/// One event a mapping (FHIR, SDTM) made of its input: its members (`type` first, then the
/// model's keys, each once), positioned at the values they came from (a FHIR resource's
/// members, an SDTM row's fields).
///
/// It becomes a model event one of two ways, with the same result: straight
/// (``event(decoder:)``: the dates parsed, the other members kept as nodes that the event
/// reads as a check asks for them), or as the mapping node of a record that
/// ``PatientRecordDecoder`` decodes (``node``), the route that gives the located rejection
/// when the straight one gives up.
struct MappedEvent {
    /// The members, in the order the mapping wrote them (none for an event ``validated``).
    var members: [(String, SyntaxNode)]
    /// Where the event was read (the resource, or the first of a merged therapy).
    var position: TextPosition
    /// The type of an event of a type no check reads whose dates the mapping read and found
    /// as the decoder would (each a date, no end before its start): it is made of no
    /// members, and is given by type and location. `nil` for an event of members.
    private(set) var validated: EventType?

    init(_ members: [(String, SyntaxNode)], at position: TextPosition) {
        self.members = members
        self.position = position
    }

    /// An event of `type`, which no check reads, read at `position`, its dates already
    /// validated (``validated``).
    init(validated type: EventType, at position: TextPosition) {
        members = []
        self.position = position
        validated = type
    }

    /// The event as a record's event node: a validated event as its type alone (valid
    /// dates change nothing the decoder gives for a type no check reads).
    var node: SyntaxNode {
        guard let validated else { return .mapping(members, at: position) }
        return .mapping([(EventKey.type.rawValue, .text(validated.rawValue, at: position))], at: position)
    }

    /// The model event ``PatientRecordDecoder`` decodes from ``node`` (or, its type read by
    /// no check, its type and location: validated, not built), or `nil` where the decoder
    /// would reject it (a date that does not read, an end before the start) or where the
    /// members are not as the mapping writes them (no text `type` first).
    ///
    /// The mapping writes each key once, so no repeated key is looked for (a test holds
    /// both routes to the same events on every FHIR input).
    func event(decoder: PatientRecordDecoder) -> PatientRecordDecoder.ReadEvent? {
        var types = TypeReadings()
        return event(decoder: decoder, types: &types)
    }

    /// ``event(decoder:)``, its type read through `types` (the reading of the type text met
    /// last, kept for the next event).
    func event(decoder: PatientRecordDecoder, types: inout TypeReadings) -> PatientRecordDecoder.ReadEvent? {
        if let validated { return .unread(validated, position.lineLocation(in: decoder.file)) }
        var date: PartialDate?
        var start: PartialDate?
        var end: PartialDate?
        var onsets: [(index: Int, kept: SyntaxNode)] = []
        var passedOver: UInt64 = 0
        var isRead = true
        // Members are read where they lie (``MappedMember``): reading a field of a member
        // tuple copies the whole member first.
        let type: EventType? = members.withMappedMembersInPlace { members in
            guard !members.isEmpty, members[0].key == EventKey.type.rawValue,
                  let text = members[0].node.scalarText, let reading = types.reading(of: text, decoder: decoder) else { return nil }
            let type = reading.type
            isRead = reading.isRead
            // `type` first (the guard above), then each member taken apart as it is read.
            passedOver = 1
            for index in members.indices.dropFirst() {
                guard let role = PatientRecordDecoder.eventMembers.key(members[index].key) else { continue }
                if index < 64, role != .onset { passedOver |= 1 << UInt64(index) }
                switch role {
                case .common(.type):
                    continue
                case .common(.date):
                    guard let parsed = Self.date(members[index].node, decoder: decoder) else { return nil }
                    date = parsed
                case .common(.start):
                    guard let parsed = Self.date(members[index].node, decoder: decoder) else { return nil }
                    start = parsed
                case .common(.end):
                    guard let parsed = Self.date(members[index].node, decoder: decoder) else { return nil }
                    end = parsed
                case .onset:
                    let value = members[index].node
                    guard let parsed = Self.date(value, decoder: decoder) else { return nil }
                    guard isRead else { continue }
                    // As the decoder keeps it: the date's text, or the value as written for a
                    // UTC instant whose day is uncertain; null for none.
                    let kept: SyntaxNode = parsed.map { onset in
                        onset.day != nil && !onset.isComplete ? value : .text(onset.description, at: value.position)
                    } ?? SyntaxNode(content: .null, position: value.position)
                    onsets.append((index, kept))
                }
            }
            return type
        }
        guard let type else { return nil }
        if let start, let end, end.span.last < start.span.first { return nil }
        let location = position.lineLocation(in: decoder.file)
        guard isRead else { return .unread(type, location) }
        // The attributes are the members themselves, their storage shared (not copied), with
        // `type` and the dates passed over; only an onset, kept as the decoder keeps it, is
        // written into a copy.
        var attributes = members
        for onset in onsets { attributes[onset.index].1 = onset.kept }
        if members.count > 64 {
            // Past the bits' reach: the attributes copied out.
            attributes = attributes.filter { PatientRecordDecoder.eventMembers.key($0.0).map { $0 == .onset } ?? true }
            passedOver = 0
        }
        guard attributes.count > passedOver.nonzeroBitCount else {
            return .built(Event(type: type, date: date, start: start, end: end, location: location))
        }
        return .built(Event(
            type: type, date: date, start: start, end: end,
            attributeSource: MappedEventAttributes(members: attributes, passedOver: passedOver), location: location
        ))
    }

    /// A date member as the decoder reads it: `.some(nil)` for null, `nil` for a value that
    /// is not a date.
    private static func date(_ node: SyntaxNode, decoder: PatientRecordDecoder) -> PartialDate?? {
        switch node.content {
        case .null: return .some(nil)
        case .string(let text), .number(let text): return decoder.parseDate(text).map { .some($0) }
        default: return nil
        }
    }
}

extension MappedEvent {
    /// The record of `members` (no `events`) and `events`: its events decoded straight when
    /// `direct` and every one reads so (the rest of the record through the decoder, with no
    /// event: its fields come first, so it rejects what it would have with them), else the
    /// whole record through the decoder, for the located rejection.
    static func item(
        members: [(String, SyntaxNode)], events: [MappedEvent], at position: TextPosition,
        decoder: PatientRecordDecoder, direct: Bool
    ) -> ReadItem {
        var members = members
        if direct, let decoded = decodedEvents(events, decoder: decoder) {
            members.append((RecordKey.events.rawValue, .list([], at: position)))
            let item = decoder.item(for: .mapping(members, at: position))
            guard case .patient(var patient) = item else { return item }
            patient.events = decoded.events
            patient.unreadEventTypes = decoded.unreadTypes
            patient.unreadEventLocations = decoded.unreadLocations
            return .patient(patient)
        }
        members.append((RecordKey.events.rawValue, .list(events.map(\.node), at: position)))
        return decoder.item(for: .mapping(members, at: position))
    }

    /// Every event decoded straight (those of a type no check reads validated, then given
    /// by type and location, as the decoder gives them), or `nil` if one does not read so.
    private static func decodedEvents(
        _ events: [MappedEvent], decoder: PatientRecordDecoder
    ) -> (events: [Event], unreadTypes: [EventType], unreadLocations: [SourceLocation])? {
        var decoded: [Event] = []
        decoded.reserveCapacity(events.count)
        var unreadTypes: [EventType] = []
        var unreadLocations: [SourceLocation] = []
        var types = TypeReadings()
        for (index, event) in events.enumerated() {
            switch event.event(decoder: decoder, types: &types) {
            case .built(let model)?:
                decoded.append(model)
            case .unread(let type, let location)?:
                if unreadTypes.isEmpty {
                    // Room for every event left, made once: a patient's unread events are
                    // most of them under a protocol that reads few types.
                    unreadTypes.reserveCapacity(events.count - index)
                    unreadLocations.reserveCapacity(events.count - index)
                }
                unreadTypes.append(type)
                unreadLocations.append(location)
            case nil:
                return nil
            }
        }
        return (decoded, unreadTypes, unreadLocations)
    }
}

/// What the type text of a mapped event reads as (trimmed, compared as every name is:
/// ``EventType/init(recorded:)``), and whether some check reads that type, for the text met
/// last: a patient's mapped events mostly come in runs of one type (its labs, its doses), and
/// their texts are the mapping's own, so a run's type is read once.
struct TypeReadings {
    private var last: (text: String, type: EventType, isRead: Bool)?

    /// The type `text` names and whether `decoder` reads it, or `nil` for a blank text.
    mutating func reading(of text: String, decoder: PatientRecordDecoder) -> (type: EventType, isRead: Bool)? {
        if let last, last.text.hasSameBytes(as: text) { return (last.type, last.isRead) }
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        let type = EventType(recorded: trimmed)
        let isRead = decoder.reads(type)
        last = (text, type, isRead)
        return (type, isRead)
    }
}

/// The attributes of an event a mapping made, read from the mapped nodes as a
/// check asks for them: what ``PatientRecordDecoder`` would have put in the event's
/// dictionary, without building it.
struct MappedEventAttributes: EventAttributeSource {
    /// The event's members (their storage shared with the event's), attributes and not.
    let members: [(String, SyntaxNode)]
    /// The members that are not attributes (`type` and the dates), one bit each by index.
    let passedOver: UInt64

    /// The attributes among `members`: all but those `passedOver` marks.
    init(members: [(String, SyntaxNode)], passedOver: UInt64 = 0) {
        self.members = members
        self.passedOver = passedOver
    }

    /// Whether the member at `index` is an attribute.
    private func isAttribute(_ index: Int) -> Bool { index >= 64 || passedOver & (1 << UInt64(index)) == 0 }

    func value(forKey key: String) -> Value? {
        // The first member of the key tells: those passed over are all of a key that is
        // never an attribute (`type`, a date).
        members.withMappedMembersInPlace { members in
            guard let index = members.indices.first(where: { members[$0].key == key }), isAttribute(index) else { return nil }
            return members[index].node.value
        }
    }

    var allAttributes: [String: Value] {
        var attributes: [String: Value] = [:]
        attributes.reserveCapacity(members.count)
        members.withMappedMembersInPlace { members in
            for index in members.indices where isAttribute(index) { attributes[members[index].key] = members[index].node.value }
        }
        return attributes
    }

    /// Sorted, as a dictionary's keys are given.
    func keys(outside known: KeySet) -> [String] {
        var keys: [String] = []
        members.withMappedMembersInPlace { members in
            for index in members.indices where isAttribute(index) && !known.contains(members[index].key) { keys.append(members[index].key) }
        }
        return keys.sorted()
    }

    /// The same members' storage (a copy of the same event): the same attributes, with no
    /// dictionary built to compare them.
    func isSame(as other: any EventAttributeSource) -> Bool {
        guard let other = other as? MappedEventAttributes, passedOver == other.passedOver else { return false }
        return members.withUnsafeBufferPointer { mine in
            other.members.withUnsafeBufferPointer { theirs in mine.baseAddress == theirs.baseAddress && mine.count == theirs.count }
        }
    }
}

/// A mapped event's member laid out as the `(String, SyntaxNode)` tuples ``MappedEvent``
/// holds, so they can be read where they lie: reading one field of a tuple in an array
/// copies the whole tuple first (a retain and a release of each of its parts), one field of a
/// struct does not.
struct MappedMember {
    var key: String
    var node: SyntaxNode
}

extension Array where Element == (String, SyntaxNode) {
    /// Calls `body` with the members where they lie, as ``MappedMember``s (the same layout:
    /// a struct's stored properties are laid out as a tuple's elements; a test holds the two
    /// to the same size, alignment and offsets).
    @inline(__always)
    func withMappedMembersInPlace<Result>(_ body: (UnsafeBufferPointer<MappedMember>) -> Result) -> Result {
        withUnsafeBufferPointer { members in members.withMemoryRebound(to: MappedMember.self, body) }
    }
}
