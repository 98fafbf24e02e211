import TrialCheckCore

/// Tells, for one patient, which elements of the record no check of the protocol uses:
/// event types and keys outside the model and outside what the checks declare, units the
/// unit table cannot read, arm labels the protocol does not declare.
///
/// A pure function of the patient and the protocol, so it runs beside the checks on any
/// thread; ``CoverageTally`` adds the patients' observations up in input order. It runs for
/// every patient, so the common case (every element read by some check) allocates nothing:
/// keys a check reads are compared as bytes, never built, and the event types present
/// are kept as one bit each.
struct CoverageCollector: Sendable {
    /// What the checks read of one event type: a class, so that taking one for an event
    /// is one retain rather than one for each of its sets' arrays.
    private final class TypeInputs: Sendable {
        /// The keys read, with the keys every event has: the keys not to report.
        let accepted: KeySet
        /// The keys the model names on events of the type (reported as unused, not unknown).
        let modelKeys: KeySet
        /// The quantity keys whose unit must be readable.
        let quantityKeys: [String]
        /// Whether a lab `unit` key is read.
        let readsLabUnit: Bool
        /// The type's bit in a patient's ``PatientCoverage/typesPresent``.
        let bit: UInt64

        init(accepted: KeySet, modelKeys: KeySet, quantityKeys: [String], readsLabUnit: Bool, bit: UInt64) {
            self.accepted = accepted
            self.modelKeys = modelKeys
            self.quantityKeys = quantityKeys
            self.readsLabUnit = readsLabUnit
            self.bit = bit
        }
    }

    /// The event types some check reads, each with its place in ``typeInputs``.
    private let readTypes: [EventType: Int]
    /// What the checks read of each type of ``readTypes``.
    private let typeInputs: [TypeInputs]
    /// The keys read on each type, for suggestions.
    private let readKeys: [EventType: Set<String>]
    /// Record keys outside the model that some check reads.
    private let readRecordKeys: Set<String>
    /// The protocol's arms.
    private let arms: ArmTable
    /// Every name of every declared arm, for suggestions.
    private let armNames: [String]
    /// Per check, the bits of the event types it reads (0: it reads record fields only).
    let checkTypeMasks: [UInt64]
    /// The event types a record may carry and be understood, for suggestions.
    private let knownTypes: [String]

    init(definition: ProtocolDefinition) {
        let inputs = definition.inputs
        readKeys = inputs.events
        readRecordKeys = inputs.recordKeys
        var places: [EventType: Int] = [:]
        var typeInputs: [TypeInputs] = []
        // One bit per type read; past 64 types the last bit is shared (a check then counts
        // a patient with any of the shared types as having data).
        for (index, type) in inputs.eventTypes.enumerated() {
            let keys = inputs.events[type] ?? []
            places[type] = typeInputs.count
            typeInputs.append(TypeInputs(
                accepted: KeySet(keys.union(RecordVocabulary.commonEventKeys)),
                modelKeys: KeySet(RecordVocabulary.keys(on: type)),
                quantityKeys: (RecordVocabulary.quantityKeys[type] ?? []).filter(keys.contains),
                readsLabUnit: type == .lab && keys.contains("unit"),
                bit: UInt64(1) << UInt64(min(index, 63))
            ))
        }
        readTypes = places
        self.typeInputs = typeInputs
        let armsByCode = Dictionary(definition.arms.map { ($0.code, $0.arm) }, uniquingKeysWith: { first, _ in first })
        arms = ArmTable(armsByCode)
        armNames = definition.arms.flatMap { [$0.code, $0.arm.label] + $0.arm.aliases }
        checkTypeMasks = definition.checks.map { check in
            check.check.inputs.events.keys.reduce(0) { $0 | (places[$1].map { typeInputs[$0].bit } ?? 0) }
        }
        knownTypes = Set(RecordVocabulary.eventTypes.map(\.rawValue) + inputs.events.keys.map(\.rawValue)).sorted()
    }

    /// What `patient` holds that no check uses, and the event types it has.
    func observe(_ patient: PatientHistory) -> PatientCoverage {
        var observations: [CoverageObservation] = []
        var present: UInt64 = 0
        // A record repeats its units: each is looked up in the unit table once.
        var unitsSeen: [(unit: String, known: Bool)] = []
        // A record has a handful of event types: each is looked up once (hashing every
        // event's type name cost more), through the history's table of its types.
        let (types, places) = patient.eventTypePlaces
        let typePlaces = types.map { readTypes[$0] }
        for (position, event) in patient.events.enumerated() {
            guard let place = typePlaces[places[position]] else {
                let status: CoverageElement.Status = RecordVocabulary.knows(event.type) ? .unused : .unknown
                observations.append(CoverageObservation(status: status, kind: .eventType, value: event.type.rawValue, location: event.location))
                continue
            }
            let inputs = typeInputs[place]
            present |= inputs.bit
            let unreadKeys = event.attributeKeys(outside: inputs.accepted)
            if !unreadKeys.isEmpty, observations.capacity - observations.count < unreadKeys.count {
                // Grown once for the event's keys, with room for a few more events'.
                observations.reserveCapacity(observations.count + unreadKeys.count + 8)
            }
            for key in unreadKeys {
                let status: CoverageElement.Status = inputs.modelKeys.contains(key) ? .unused : .unknown
                observations.append(CoverageObservation(status: status, kind: .eventKey, value: event.type.rawValue, key: key, location: event.location))
            }
            for key in inputs.quantityKeys {
                if let unit = event.quantity(key)?.unit { observe(unit: unit, of: event, seen: &unitsSeen, into: &observations) }
            }
            if inputs.readsLabUnit, let unit = event.string("unit"), !unit.trimmingWhitespace().isEmpty {
                observe(unit: unit, of: event, seen: &unitsSeen, into: &observations)
            }
        }
        if !patient.unreadEventTypes.isEmpty { observe(unreadEventsOf: patient, into: &observations) }
        if !patient.attributes.isEmpty {
            for key in patient.attributes.keys.sorted() where !RecordVocabulary.recordKeys.contains(key) && !readRecordKeys.contains(key) {
                observations.append(CoverageObservation(status: .unknown, kind: .recordKey, value: key, location: patient.location))
            }
        }
        if !arms.isEmpty, let arm = patient.enrollment.arm?.trimmingWhitespace(), !arm.isEmpty, arms.code(of: arm) == nil {
            observations.append(CoverageObservation(status: .unknown, kind: .arm, value: arm, location: patient.location))
        }
        return PatientCoverage(observations: observations, typesPresent: present)
    }

    /// Events left undecoded because no check reads their type: one observation per type,
    /// counting its events, located at the first of them (at the record where the reader
    /// located them there, as it locates its events).
    private func observe(unreadEventsOf patient: PatientHistory, into observations: inout [CoverageObservation]) {
        let first = observations.count
        let locations = patient.unreadEventLocations
        // Unread events come in runs of one type (a patient's labs, its doses): the type
        // observed last is compared first.
        var last = -1
        for (position, type) in patient.unreadEventTypes.enumerated() {
            if last >= 0, observations[last].value == type.rawValue {
                observations[last].count += 1
                continue
            }
            if let index = observations[first...].firstIndex(where: { $0.value == type.rawValue }) {
                observations[index].count += 1
                last = index
                continue
            }
            let status: CoverageElement.Status = RecordVocabulary.knows(type) ? .unused : .unknown
            let location = position < locations.count ? locations[position] : patient.location
            last = observations.count
            observations.append(CoverageObservation(status: status, kind: .eventType, value: type.rawValue, location: location))
        }
    }

    /// Observes `unit` unless the unit table reads it; `seen` keeps the answers for the
    /// units of the record already looked up.
    private func observe(unit: String, of event: Event, seen: inout [(unit: String, known: Bool)], into observations: inout [CoverageObservation]) {
        let known: Bool
        if let index = seen.firstIndex(where: { $0.unit == unit }) {
            known = seen[index].known
        } else {
            known = ClinicalUnit.definition(of: unit) != nil
            seen.append((unit, known))
        }
        guard !known else { return }
        observations.append(CoverageObservation(status: .unknown, kind: .unit, value: unit, location: event.location))
    }

    /// The report's element for an observation seen first at its location: the value as
    /// written, why it was not used, and a close known name.
    func element(for observation: CoverageObservation) -> CoverageElement {
        let value = observation.name
        var reason: String
        var suggestion: String?
        switch (observation.kind, observation.status) {
        case (.eventType, .unused):
            reason = "no check of this protocol reads '\(value)' events"
        case (.eventType, .unknown):
            reason = "event type '\(value)' is not in the patient-history model and no check reads it"
            suggestion = Suggestion.closest(to: value, among: knownTypes)
        case (.eventKey, let status):
            let (type, key) = (observation.value, observation.key ?? "")
            if status == .unused {
                reason = "no check of this protocol reads the '\(key)' of '\(type)' events"
            } else {
                reason = "key '\(key)' is not in the patient-history model for '\(type)' events and no check reads it"
                let eventType = EventType(rawValue: type)
                let candidates = RecordVocabulary.keys(on: eventType).union(readKeys[eventType] ?? [])
                suggestion = Suggestion.closest(to: key, among: candidates.sorted()).map { "\(type).\($0)" }
            }
        case (.recordKey, _):
            reason = "record key '\(value)' is not in the patient-history model and no check reads it"
            suggestion = Suggestion.closest(to: value, among: RecordVocabulary.recordKeys.sorted())
        case (.arm, _):
            reason = "arm '\(value)' is not declared by the protocol (arms \(arms.codesText), by code, label or alias): arm-scoped checks are not evaluable"
            suggestion = Suggestion.closest(to: value, among: armNames)
        case (.unit, _):
            reason = "unit '\(value)' is not in the unit table: values in it are not evaluable"
        }
        return CoverageElement(
            status: observation.status, kind: observation.kind, value: value, count: 0, patients: 0,
            first: observation.location, suggestion: suggestion, reason: reason
        )
    }
}

/// One element of one patient's record that no check uses: what it is and where; the
/// sentence and suggestion are made once per element, by ``CoverageCollector/element(for:)``.
struct CoverageObservation: Sendable, Hashable {
    let status: CoverageElement.Status
    let kind: CoverageElement.Kind
    /// The element (`radiotheraphy`, `grays`), or for an event key the event's type (`radiotherapy`).
    let value: String
    /// For an event key, the key (`dosis`); kept apart from the type so that observing it
    /// builds no text.
    var key: String? = nil
    let location: SourceLocation?
    /// How many times the patient's record holds it.
    var count = 1

    /// The element as the report names it: `radiotheraphy`, `radiotherapy.dosis`, `grays`.
    var name: String {
        guard let key else { return value }
        return value + "." + key
    }
}

/// What ``CoverageCollector`` found in one patient.
struct PatientCoverage: Sendable {
    /// The elements no check uses, in record order.
    let observations: [CoverageObservation]
    /// The bits of the event types read by some check that the patient has.
    let typesPresent: UInt64
}
