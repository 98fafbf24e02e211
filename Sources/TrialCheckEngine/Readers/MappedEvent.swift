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
    /// The members, in the order the mapping wrote them.
    var members: [(String, SyntaxNode)]
    /// Where the event was read (the resource, or the first of a merged therapy).
    var position: TextPosition

    init(_ members: [(String, SyntaxNode)], at position: TextPosition) {
        self.members = members
        self.position = position
    }

    /// The event as a record's event node.
    var node: SyntaxNode { .mapping(members, at: position) }

    /// The model event ``PatientRecordDecoder`` decodes from ``node``, or `nil` where it
    /// would reject it (a date that does not read, an end before the start) or where the
    /// members are not as the mapping writes them (no text `type` first).
    ///
    /// The mapping writes each key once, so no repeated key is looked for (a test holds
    /// both routes to the same events on every FHIR input).
    func event(decoder: PatientRecordDecoder) -> Event? {
        guard let first = members.first, first.0 == EventKey.type.rawValue,
              let type = first.1.scalarText?.trimmingWhitespace(), !type.isEmpty else { return nil }
        var date: PartialDate?
        var start: PartialDate?
        var end: PartialDate?
        // The attributes are the members themselves, their storage shared (not copied), with
        // `type` and the dates passed over; only an onset, kept as the decoder keeps it, is
        // written into a copy.
        var attributes = members
        var passedOver: UInt64 = 0
        var onsets: [(index: Int, kept: SyntaxNode)] = []
        // `type` first (the guard above), then each member taken apart as it is read.
        passedOver = 1
        var index = 0
        for (key, value) in members.dropFirst() {
            index += 1
            guard let role = Self.roles.key(key) else { continue }
            if index < 64, role != .onset { passedOver |= 1 << UInt64(index) }
            switch role {
            case .type:
                continue
            case .date:
                guard let parsed = Self.date(value, decoder: decoder) else { return nil }
                date = parsed
            case .start:
                guard let parsed = Self.date(value, decoder: decoder) else { return nil }
                start = parsed
            case .end:
                guard let parsed = Self.date(value, decoder: decoder) else { return nil }
                end = parsed
            case .onset:
                guard let parsed = Self.date(value, decoder: decoder) else { return nil }
                // As the decoder keeps it: the date's text, or the value as written for a
                // UTC instant whose day is uncertain; null for none.
                let kept: SyntaxNode = parsed.map { onset in
                    onset.day != nil && !onset.isComplete ? value : .text(onset.description, at: value.position)
                } ?? SyntaxNode(content: .null, position: value.position)
                onsets.append((index, kept))
            }
        }
        if let start, let end, end.span.last < start.span.first { return nil }
        for onset in onsets { attributes[onset.index].1 = onset.kept }
        if members.count > 64 {
            // Past the bits' reach: the attributes copied out.
            attributes = attributes.filter { Self.roles.key($0.0).map { $0 == .onset } ?? true }
            passedOver = 0
        }
        let location = position.lineLocation(in: decoder.file)
        guard attributes.count > passedOver.nonzeroBitCount else {
            return Event(type: EventType(recorded: type), date: date, start: start, end: end, location: location)
        }
        return Event(
            type: EventType(recorded: type), date: date, start: start, end: end,
            attributeSource: MappedEventAttributes(members: attributes, passedOver: passedOver), location: location
        )
    }

    /// What a member is to the event: `type`, one of its dates, or an attribute (`nil`).
    enum Role: Sendable { case type, date, start, end, onset }

    /// The members the event reads itself, told from their keys' bytes.
    static let roles = KeyByteMatcher<Role>([
        (EventKey.type.rawValue, .type), (EventKey.date.rawValue, .date), (EventKey.start.rawValue, .start),
        (EventKey.end.rawValue, .end), (RecordVocabulary.onsetKey, .onset),
    ])

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
            patient.events = decoded
            return .patient(patient)
        }
        members.append((RecordKey.events.rawValue, .list(events.map(\.node), at: position)))
        return decoder.item(for: .mapping(members, at: position))
    }

    /// Every event decoded straight, or `nil` if one does not read so.
    private static func decodedEvents(_ events: [MappedEvent], decoder: PatientRecordDecoder) -> [Event]? {
        var decoded: [Event] = []
        decoded.reserveCapacity(events.count)
        for event in events {
            guard let model = event.event(decoder: decoder) else { return nil }
            decoded.append(model)
        }
        return decoded
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
        guard let index = members.firstIndex(where: { $0.0 == key }), isAttribute(index) else { return nil }
        return members[index].1.value
    }

    var allAttributes: [String: Value] {
        var attributes: [String: Value] = [:]
        attributes.reserveCapacity(members.count)
        var index = -1
        for (key, value) in members {
            index += 1
            if isAttribute(index) { attributes[key] = value.value }
        }
        return attributes
    }

    /// Sorted, as a dictionary's keys are given.
    func keys(outside known: KeySet) -> [String] {
        var keys: [String] = []
        var index = -1
        for (key, _) in members {
            index += 1
            if isAttribute(index), !known.contains(key) { keys.append(key) }
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
