import TrialCheckCore

/// Tells, for one patient, which elements of the record no check of the protocol uses:
/// event types and keys outside the model and outside what the checks declare, units the
/// unit table cannot read, arm labels the protocol does not declare.
///
/// A pure function of the patient and the protocol, so it runs beside the checks on any
/// thread; ``CoverageTally`` adds the patients' observations up in input order.
struct CoverageCollector: Sendable {
    /// The event types some check reads, with the keys read on each.
    private let readKeys: [EventType: Set<String>]
    /// Record keys outside the model that some check reads.
    private let readRecordKeys: Set<String>
    /// The protocol's arms.
    private let arms: ArmTable
    /// Every name of every declared arm, for suggestions.
    private let armNames: [String]
    /// Per check, the event types it reads (empty: it reads record fields only).
    private let checkTypes: [Set<EventType>]
    /// The event types a record may carry and be understood, for suggestions.
    private let knownTypes: [String]

    init(definition: ProtocolDefinition) {
        let inputs = definition.inputs
        readKeys = inputs.events
        readRecordKeys = inputs.recordKeys
        let armsByCode = Dictionary(definition.arms.map { ($0.code, $0.arm) }, uniquingKeysWith: { first, _ in first })
        arms = ArmTable(armsByCode)
        armNames = definition.arms.flatMap { [$0.code, $0.arm.label] + $0.arm.aliases }
        checkTypes = definition.checks.map { Set($0.check.inputs.events.keys) }
        knownTypes = Set(RecordVocabulary.eventTypes.map(\.rawValue) + inputs.events.keys.map(\.rawValue)).sorted()
    }

    /// What `patient` holds that no check uses, and which checks have data to read.
    func observe(_ patient: PatientHistory) -> PatientCoverage {
        var observations: [CoverageObservation] = []
        var typesPresent: Set<EventType> = []
        for event in patient.events {
            typesPresent.insert(event.type)
            observe(event, into: &observations)
        }
        for key in patient.attributes.keys.sorted() where !RecordVocabulary.recordKeys.contains(key) && !readRecordKeys.contains(key) {
            observations.append(CoverageObservation(
                status: .unknown, kind: .recordKey, value: key, location: patient.location,
                suggestion: Suggestion.closest(to: key, among: RecordVocabulary.recordKeys.sorted()),
                reason: "record key '\(key)' is not in the patient-history model and no check reads it"
            ))
        }
        if !arms.isEmpty, let arm = patient.enrollment.arm?.trimmingWhitespace(), !arm.isEmpty, arms.code(of: arm) == nil {
            observations.append(CoverageObservation(
                status: .unknown, kind: .arm, value: arm, location: patient.location,
                suggestion: Suggestion.closest(to: arm, among: armNames),
                reason: "arm '\(arm)' is not declared by the protocol (arms \(arms.codesText), by code, label or alias): arm-scoped checks are not evaluable"
            ))
        }
        let withData = checkTypes.map { types in types.isEmpty || !types.isDisjoint(with: typesPresent) }
        return PatientCoverage(observations: observations, checksWithData: withData)
    }

    private func observe(_ event: Event, into observations: inout [CoverageObservation]) {
        let type = event.type
        guard let keysRead = readKeys[type] else {
            if RecordVocabulary.knows(type) {
                observations.append(CoverageObservation(
                    status: .unused, kind: .eventType, value: type.rawValue, location: event.location, suggestion: nil,
                    reason: "no check of this protocol reads '\(type)' events"
                ))
            } else {
                observations.append(CoverageObservation(
                    status: .unknown, kind: .eventType, value: type.rawValue, location: event.location,
                    suggestion: Suggestion.closest(to: type.rawValue, among: knownTypes),
                    reason: "event type '\(type)' is not in the patient-history model and no check reads it"
                ))
            }
            return
        }
        for key in event.attributeKeys where !keysRead.contains(key) && !RecordVocabulary.commonEventKeys.contains(key) {
            if RecordVocabulary.knows(key, on: type) {
                observations.append(CoverageObservation(
                    status: .unused, kind: .eventKey, value: "\(type).\(key)", location: event.location, suggestion: nil,
                    reason: "no check of this protocol reads the '\(key)' of '\(type)' events"
                ))
            } else {
                let candidates = (RecordVocabulary.eventKeys[type] ?? []).union(keysRead).union(RecordVocabulary.commonEventKeys)
                observations.append(CoverageObservation(
                    status: .unknown, kind: .eventKey, value: "\(type).\(key)", location: event.location,
                    suggestion: Suggestion.closest(to: key, among: candidates.sorted()).map { "\(type).\($0)" },
                    reason: "key '\(key)' is not in the patient-history model for '\(type)' events and no check reads it"
                ))
            }
        }
        for key in RecordVocabulary.quantityKeys[type] ?? [] where keysRead.contains(key) {
            if let unit = event.quantity(key)?.unit { observe(unit: unit, of: event, into: &observations) }
        }
        if type == .lab, keysRead.contains("unit"), let unit = event.string("unit"), !unit.trimmingWhitespace().isEmpty {
            observe(unit: unit, of: event, into: &observations)
        }
    }

    private func observe(unit: String, of event: Event, into observations: inout [CoverageObservation]) {
        guard ClinicalUnit.definition(of: unit) == nil else { return }
        observations.append(CoverageObservation(
            status: .unknown, kind: .unit, value: unit, location: event.location, suggestion: nil,
            reason: "unit '\(unit)' of '\(event.type)' events is not in the unit table: values in it are not evaluable"
        ))
    }
}

/// One element of one patient's record that no check uses.
struct CoverageObservation: Sendable, Hashable {
    let status: CoverageElement.Status
    let kind: CoverageElement.Kind
    let value: String
    let location: SourceLocation?
    let suggestion: String?
    let reason: String
}

/// What ``CoverageCollector`` found in one patient.
struct PatientCoverage: Sendable {
    /// The elements no check uses, in record order.
    let observations: [CoverageObservation]
    /// Per check, whether the patient has data of a type it reads.
    let checksWithData: [Bool]
}
