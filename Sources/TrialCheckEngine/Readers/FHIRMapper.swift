import TrialCheckCore

/// Maps FHIR R4 (mCODE) resources, grouped by patient, to patient-history records.
///
/// Resources are read in place (``FHIRNode``). Every record is built as the tree a native
/// record would be, of the values it keeps (each made a ``SyntaxNode`` then), positioned at
/// the FHIR values they came from, and decoded by ``PatientRecordDecoder``: the same validation and
/// the same located rejections as YAML. Its events are decoded straight from the mapping
/// (``MappedEvent``) when every one of them reads so, with the same result. What the
/// mapping does not use is counted in ``notes``. The field-by-field mapping is in
/// docs/input-mappings.md.
struct FHIRMapper {
    let decoder: PatientRecordDecoder
    /// What was not mapped, by resource type and reason.
    private var unmapped = UnmappedCounts()
    /// What was mapped only in part (an unresolved reference, an unknown unit), with
    /// where first.
    private var tally = NoteTally()
    /// When the notes met next were met, in the input's order: a reader that meets them
    /// out of that order (``FHIRSpilledGrouping``) sets it, so ``notes`` keep the order of
    /// a reading in memory (where it stays 0).
    var clock = 0
    private var knownUnits = KnownUnits()
    /// The readings of the therapy category texts met, by text.
    private var categoryReadings: [String: CategoryReading] = [:]
    /// The most category texts whose readings are kept: memory stays bounded.
    private static let maxCategoryReadings = 256
    /// The stage each stage text met reads as (``StageText/group(in:)``, else the text), by
    /// text: up to ``maxCategoryReadings`` of them.
    private var stageReadings: [String: String] = [:]
    /// Whether events are decoded straight from the mapping (``MappedEvent``), the
    /// record's other fields through the decoder; off, whole records go through the decoder.
    private let decodesEventsDirectly = FHIRMapper.eventsDecodedDirectly

    /// Whether mappers made now decode events straight (tests compare both routes).
    @TaskLocal static var eventsDecodedDirectly = true

    /// Whether some check reads lab events (``PatientRecordDecoder/reads(_:)``): lab
    /// Observations are mapped only for their dates and unit when none does.
    private let readsLabs: Bool

    init(decoder: PatientRecordDecoder) {
        self.decoder = decoder
        readsLabs = decoder.reads(.lab)
    }

    /// One sentence per kind of resource not mapped, in the order first met, such as
    /// "3 Encounter resource(s) not mapped (no mapping for this resource type)"; then what
    /// was mapped only in part, with how many and where first.
    var notes: [String] {
        unmapped.listed.map { "\($0.count) \($0.kind.what) resource(s) not mapped (\($0.kind.why))" } + tally.notes
    }

    private mutating func note(_ what: String, example: String? = nil, noun: String = "resource(s)", at position: TextPosition) {
        tally.add(what, example: example, noun: noun, at: position.location(in: decoder.file))
    }

    /// The ``clock`` of a note in phase `phase` of the reading (0: duplicate patients, 1:
    /// resources of no patient, 2: patients, 3: unused medications) at `value` within it.
    static func clock(phase: Int, _ value: Int) -> Int { phase << 56 | value }

    /// Counts one resource of `type` not mapped, for the reason `why`.
    mutating func skip(_ type: String, _ why: String) {
        unmapped.count(type, why, clock: clock)
    }

    private mutating func skip(_ resource: FHIRResource, _ why: String) {
        skip(resource.type, why)
    }

    // MARK: Grouping

    /// Maps every patient in `resources` (in the order of their Patient resources).
    mutating func map(_ resources: [FHIRResource]) -> [ReadItem] {
        var patientOrder: [String] = []
        var patientByKey: [String: FHIRResource] = [:]
        var keyByReference: [String: String] = [:]
        for resource in resources {
            if resource.type == "Patient" {
                let key = resource.reference ?? resource.fullUrl ?? "Patient#\(patientOrder.count + 1)"
                guard patientByKey[key] == nil else {
                    skip(resource, "a second copy of \(key)")
                    continue
                }
                patientOrder.append(key)
                patientByKey[key] = resource
                keyByReference[key] = key
                if let fullUrl = resource.fullUrl { keyByReference[fullUrl] = key }
            }
        }

        var byPatient: [String: [FHIRResource]] = [:]
        var missing: [(reference: String, resources: [FHIRResource])] = []
        var usedMedications = Set<TextPosition>()
        for resource in resources where resource.type != "Patient" {
            guard let reference = Self.patientReference(of: resource) else {
                if resource.type == "Medication" { continue }
                skip(resource, "no patient reference")
                continue
            }
            if let key = Self.resolve(reference, in: keyByReference) {
                byPatient[key, default: []].append(resource)
            } else if let index = missing.firstIndex(where: { $0.reference == reference }) {
                missing[index].resources.append(resource)
            } else {
                missing.append((reference, [resource]))
            }
        }

        var items: [ReadItem] = []
        let context = Context(references: FHIRReferences(resources))
        for key in patientOrder {
            guard let patient = patientByKey[key] else { continue }
            items.append(record(for: patient, resources: byPatient[key] ?? [], context: context, used: &usedMedications))
        }
        for (reference, orphans) in missing {
            items.append(.rejected(RecordRejection(
                location: orphans[0].position.location(in: decoder.file),
                reason: "\(orphans.count) resource(s) refer to \(reference), which the input does not contain (no Patient resource)",
                patient: reference
            )))
        }
        for resource in resources where resource.type == "Medication" && !usedMedications.contains(resource.position) {
            skip(resource, "not referenced by a medication resource")
        }
        return items
    }

    /// The reference to the patient a resource is about.
    static func patientReference(of resource: FHIRResource) -> String? {
        for key in patientReferenceKeys {
            if let reference = resource.node[key]?.referenceText { return reference }
        }
        return nil
    }

    /// The keys whose Reference names the patient, first first.
    private static let patientReferenceKeys: [StaticString] = ["subject", "patient", "individual"]

    /// The patient key a reference names: a Bundle entry's `fullUrl`, or `Patient/<id>`
    /// (relative, absolute or versioned).
    static func resolve<Value>(_ reference: String, in keys: [String: Value]) -> Value? {
        if let key = keys[reference] { return key }
        let parts = reference.split(separator: "/").map(String.init)
        guard let index = parts.lastIndex(of: "Patient"), index + 1 < parts.count else { return nil }
        return keys["Patient/\(parts[index + 1])"]
    }

    // MARK: One patient

    /// What the mapping of one patient reads beside the patient's resources.
    struct Context {
        /// Every reference the mapping follows is resolved here.
        let references: FHIRReferences
    }

    /// A therapy from a MedicationRequest or MedicationStatement, merged with others of
    /// the same type, phase and dates into one regimen event.
    private struct Therapy {
        var type: String
        var phase: String?
        var dates: [(String, FHIRNode)]
        var agents: [SyntaxNode]
        var cycles: FHIRNode?
        var position: TextPosition
        var eventIndex: Int

        /// `type|phase|name=date|...`, spelled by appending (no list of parts is made).
        var key: String {
            var key = type
            key += "|"
            key += phase ?? ""
            for (name, date) in dates {
                key += "|"
                key += name
                key += "="
                key += date.text ?? ""
            }
            return key
        }
    }

    /// Maps one patient: its Patient resource and the resources that refer to it, in input
    /// order; `usedMedications` collects the Medication resources the mapping followed.
    mutating func record(
        for patient: FHIRResource, resources: [FHIRResource], context: Context, used usedMedications: inout Set<TextPosition>
    ) -> ReadItem {
        let node = patient.node
        let position = patient.position
        let subjects = resources.filter { $0.type == "ResearchSubject" }
        let subject = subjects.first { $0.node["period"]?["start"]?.hasText ?? false } ?? subjects.first
        let idNode = subject?.node["identifier"]?.elements.lazy.compactMap({ $0["value"] }).first(where: \.hasText)
            ?? node["id"]
        guard let idNode, let id = idNode.text else {
            return .rejected(RecordRejection(location: position.location(in: decoder.file), reason: "the Patient resource has no id, and no ResearchSubject names a subject identifier"))
        }
        guard let subject, let start = subject.node["period"]?["start"], start.hasText else {
            return .rejected(RecordRejection(
                location: (subject?.position ?? position).location(in: decoder.file),
                reason: "\(patient.reference ?? "the Patient") has no ResearchSubject with period.start (the enrollment date)",
                patient: id
            ))
        }
        for extra in subjects.dropFirst() { skip(extra, "a second ResearchSubject of one patient") }

        var members: [(String, SyntaxNode)] = [(RecordKey.id.rawValue, .text(id, at: idNode.position))]
        if let site = node["managingOrganization"]?["display"], site.hasText { members.append((RecordKey.site.rawValue, site.syntax)) }
        if let gender = node["gender"], gender.hasText { members.append((RecordKey.sex.rawValue, gender.syntax)) }
        if let birthDate = node["birthDate"], birthDate.hasText { members.append((RecordKey.birthDate.rawValue, birthDate.syntax)) }
        var enrollment: [(String, SyntaxNode)] = [(EnrollmentKey.date.rawValue, start.syntax)]
        if let arm = subject.node["assignedArm"] ?? subject.node["actualArm"], arm.hasText {
            enrollment.append((EnrollmentKey.arm.rawValue, arm.syntax))
        }
        members.append((RecordKey.enrollment.rawValue, .mapping(enrollment, at: subject.position)))

        let conditions = resources.filter { $0.type == "Condition" }
        // Whether each resource is a stage group Observation, decided once.
        let isStageGroup = resources.map { $0.type == "Observation" && Self.isStageGroup($0) }
        // And whether each is an age Observation.
        let isAge = resources.map { $0.type == "Observation" && Self.hasCode($0, FHIRCodes.age) }
        let stageObservations = zip(resources, isStageGroup).filter(\.1).map(\.0)
        let metastases = conditions.filter(Self.isSecondaryCancer)
        let primaries = conditions.filter(Self.isPrimaryCancer)
        var usedStages = Set<Int>()

        var events: [MappedEvent] = []
        var therapies: [Therapy] = []
        // Each therapy's key, spelled once (its type, phase and dates do not change).
        var therapyKeys: [String] = []
        for (offset, resource) in resources.enumerated() {
            if Self.isVoid(resource) {
                skip(resource, "status \(resource.node["status"]?.text ?? "entered-in-error or refuted")")
                continue
            }
            switch resource.type {
            case "ResearchSubject":
                continue
            case "Procedure":
                if let event = procedure(resource) { events.append(event) }
            case "MedicationAdministration":
                events.append(administration(resource, context: context, used: &usedMedications))
            case "MedicationRequest", "MedicationStatement":
                guard var therapy = therapy(resource, context: context, used: &usedMedications) else { continue }
                let key = therapy.key
                if let index = therapyKeys.firstIndex(of: key) {
                    therapies[index].agents += therapy.agents
                    if therapies[index].cycles == nil { therapies[index].cycles = therapy.cycles }
                } else {
                    therapy.eventIndex = events.count
                    therapies.append(therapy)
                    therapyKeys.append(key)
                    events.append(MappedEvent([], at: therapy.position))
                }
            case "Observation":
                if isStageGroup[offset] || isAge[offset] { continue }
                if let event = observation(resource) { events.append(event) }
            case "Condition":
                if Self.isSecondaryCancer(resource) {
                    if primaries.isEmpty { skip(resource, "a metastasis without a primary cancer condition") }
                    continue
                }
                if Self.isPrimaryCancer(resource) {
                    let isFirst = primaries.first?.position == resource.position
                    events.append(diagnosis(resource, stages: stageObservations, onlyPrimary: primaries.count == 1,
                                            metastases: isFirst ? metastases : [], context: context, usedStages: &usedStages))
                } else {
                    events.append(condition(resource))
                }
            case "AdverseEvent":
                if resource.node["actuality"]?.text == "potential" {
                    skip(resource, "actuality potential")
                    continue
                }
                events.append(adverseEvent(resource))
            case "Consent":
                events.append(consent(resource))
            default:
                skip(resource, "no mapping for this resource type")
            }
        }
        for therapy in therapies {
            var fields = Self.eventMembers(therapy.type, at: therapy.position)
            if let phase = therapy.phase { fields.append(("phase", .text(phase, at: therapy.position))) }
            fields.append(("agents", .list(therapy.agents, at: therapy.position)))
            if let cycles = therapy.cycles { fields.append(("cycles", cycles.syntax)) }
            Self.append(therapy.dates, to: &fields)
            events[therapy.eventIndex] = MappedEvent(fields, at: therapy.position)
        }
        for offset in stageObservations.indices where !usedStages.contains(offset) {
            skip("Observation", "a stage group without its primary cancer condition")
        }
        if let ageIndex = isAge.firstIndex(of: true) {
            let age = resources[ageIndex].node
            if let value = age["valueQuantity"]?["value"] ?? age["valueInteger"] { members.append((RecordKey.age.rawValue, value.syntax)) }
        }
        return MappedEvent.item(members: members, events: events, at: position, decoder: decoder, direct: decodesEventsDirectly)
    }

    // MARK: Classification

    private static func hasCode(_ resource: FHIRResource, _ code: String) -> Bool {
        resource.node["code"]?.hasCoding(code) ?? false
    }

    private static func isStageGroup(_ resource: FHIRResource) -> Bool {
        resource.hasProfile("mcode-tnm-stage-group") || resource.hasProfile("mcode-cancer-stage")
            || (resource.node["code"]?.codings.contains { $0["code"]?.text.map(FHIRCodes.stageGroupCodes.contains) ?? false } ?? false)
    }

    private static func icd10Code(_ resource: FHIRResource) -> String? {
        resource.node["code"]?.code(in: FHIRCodes.icd10)?.uppercased()
    }

    private static func isSecondaryCancer(_ resource: FHIRResource) -> Bool {
        if resource.hasProfile("mcode-secondary-cancer-condition") { return true }
        guard let code = icd10Code(resource) else { return false }
        return ["C77", "C78", "C79"].contains { code.hasPrefix($0) }
    }

    private static func isPrimaryCancer(_ resource: FHIRResource) -> Bool {
        if isSecondaryCancer(resource) { return false }
        if resource.hasProfile("mcode-primary-cancer-condition") || resource.node.firstExtension(FHIRCodes.histology) != nil {
            return true
        }
        guard let code = icd10Code(resource), code.hasPrefix("C"), let number = Int(code.dropFirst().prefix(2)) else { return false }
        return number <= 76 || (number >= 80 && number <= 97)
    }

    /// The statuses of a resource that records something that did not happen or was entered in error.
    private static let voidStatuses: [StaticString] = ["entered-in-error", "not-done", "cancelled", "rejected", "refuted"]
    /// The verification statuses of a resource entered in error.
    private static let voidVerifications: [StaticString] = ["entered-in-error", "refuted"]

    /// Whether a resource records something that did not happen or was entered in error
    /// (the texts compared in place: ``FHIRNode/isText(oneOf:)`` is `text ==` each).
    private static func isVoid(_ resource: FHIRResource) -> Bool {
        if resource.node["status"]?.isText(oneOf: voidStatuses) ?? false { return true }
        return resource.node["verificationStatus"]?.codings.contains { $0["code"]?.isText(oneOf: voidVerifications) ?? false } ?? false
    }

    // MARK: Dates

    /// The keys of a `<prefix>DateTime` / `<prefix>Date` / `<prefix>Instant` / `<prefix>Period`
    /// choice, spelled once rather than at every resource.
    private struct DateChoice {
        /// The keys of one day, first first: `<prefix>DateTime`, `<prefix>Date`, `<prefix>Instant`.
        let dayKeys: [StaticString]
        /// The key of a span: `<prefix>Period`.
        let periodKey: StaticString

        static let effective = DateChoice(
            dayKeys: ["effectiveDateTime", "effectiveDate", "effectiveInstant"], periodKey: "effectivePeriod"
        )
        static let performed = DateChoice(
            dayKeys: ["performedDateTime", "performedDate", "performedInstant"], periodKey: "performedPeriod"
        )
        static let onset = DateChoice(dayKeys: ["onsetDateTime", "onsetDate", "onsetInstant"], periodKey: "onsetPeriod")
    }

    /// The date members of a `<prefix>DateTime` / `<prefix>Period` / `<prefix>Date` choice:
    /// one day as `date`, a span as `start` and `end`.
    private static func dates(_ node: FHIRNode, _ choice: DateChoice) -> [(String, FHIRNode)] {
        for key in choice.dayKeys {
            if let value = node[key], value.hasText { return [("date", value)] }
        }
        if let period = node[choice.periodKey] {
            let start = period["start"].flatMap { $0.hasText ? $0 : nil }
            let end = period["end"].flatMap { $0.hasText ? $0 : nil }
            if let start, let end, start.text?.prefix(10) == end.text?.prefix(10), (start.text?.count ?? 0) >= 10 {
                return [("date", start)]
            }
            return [("start", start), ("end", end)].compactMap { name, value in value.map { (name, $0) } }
        }
        return []
    }

    // MARK: Resources

    /// Appends the members `pairs` names, as syntax nodes, to `members`.
    private static func append(_ pairs: [(String, FHIRNode)], to members: inout [(String, SyntaxNode)]) {
        for (key, node) in pairs { members.append((key, node.syntax)) }
    }

    /// The members of an event of `type` (the first), with room for those a mapping adds.
    private static func eventMembers(_ type: String, at position: TextPosition) -> [(String, SyntaxNode)] {
        var members: [(String, SyntaxNode)] = []
        members.reserveCapacity(8)
        members.append(("type", .text(type, at: position)))
        return members
    }

    private func intentText(_ node: FHIRNode) -> (text: String, node: FHIRNode)? {
        guard let concept = node.firstExtension(FHIRCodes.procedureIntent)?["valueCodeableConcept"] else { return nil }
        if let code = concept.code(in: FHIRCodes.snomed), let intent = FHIRCodes.intentBySNOMED[code] { return (intent, concept) }
        guard let text = concept.conceptTextNode?.text else { return nil }
        return (text.lowercased(), concept)
    }

    private mutating func procedure(_ resource: FHIRResource) -> MappedEvent? {
        let node = resource.node
        let position = resource.position
        let isRadiotherapy = resource.hasProfile("mcode-radiotherapy-course-summary")
            || FHIRCodes.radiotherapyCourseCodes.contains { node["code"]?.hasCoding($0) ?? false }
        let category = node["category"]
        let isSurgery = resource.hasProfile("mcode-cancer-related-surgical-procedure")
            || (category?.hasCoding(FHIRCodes.surgicalProcedure) ?? false)
            || (category?.conceptWords.contains { ClinicalCodes.words($0).contains { $0.hasPrefix("surg") } } ?? false)
        var members: [(String, SyntaxNode)]
        if isRadiotherapy {
            members = Self.eventMembers("radiotherapy", at: position)
            Self.append(Self.dates(node, .performed), to: &members)
            var best: (dose: SyntaxNode, gray: Double, fractions: FHIRNode?)?
            for volume in node.extensions(FHIRCodes.doseDeliveredToVolume) {
                guard let quantity = volume.firstExtension(["totalDoseDelivered"])?["valueQuantity"],
                      let dose = self.quantity(quantity, of: "radiotherapy totalDoseDelivered") else { continue }
                let value = quantity["value"]?.text.flatMap(Double.init) ?? 0
                let unit = self.unit(of: quantity) ?? ""
                let gray = Quantity(value, unit).converted(to: "Gy")?.value ?? value
                if best == nil || gray > (best?.gray ?? 0) {
                    best = (dose, gray, volume.firstExtension(["fractionsDelivered"])?["valueUnsignedInt"])
                }
            }
            if let best {
                members.append(("dose", best.dose))
                if let fractions = best.fractions { members.append(("fractions", fractions.syntax)) }
            }
            if !members.contains(where: { $0.0 == "fractions" }),
               let sessions = node.firstExtension(FHIRCodes.sessions)?["valueUnsignedInt"] {
                members.append(("fractions", sessions.syntax))
            }
            if let technique = Self.technique(node) { members.append(("technique", technique)) }
            if let intent = intentText(node) {
                let word = intent.text == "curative" ? "definitive" : intent.text
                members.append(("intent", .text(word, at: intent.node.position)))
            }
        } else if isSurgery {
            members = Self.eventMembers("surgery", at: position)
            Self.append(Self.dates(node, .performed), to: &members)
            if let name = node["code"]?.conceptTextNode { members.append(("procedure", name.syntax)) }
            if let intent = intentText(node) { members.append(("intent", .text(intent.text, at: intent.node.position))) }
        } else {
            skip(resource, "neither a radiotherapy course summary nor a surgical procedure")
            return nil
        }
        if let status = node["status"], status.isText("stopped") { members.append(("status", status.syntax)) }
        return MappedEvent(members, at: position)
    }

    private static func technique(_ node: FHIRNode) -> SyntaxNode? {
        for entry in node.extensions(FHIRCodes.modalityAndTechnique) {
            if let concept = entry.firstExtension(FHIRCodes.technique)?["valueCodeableConcept"] {
                if let code = concept.code(in: FHIRCodes.snomed), let name = FHIRCodes.techniqueBySNOMED[code] {
                    return .text(name, at: concept.position)
                }
                if let text = concept.conceptTextNode { return text.syntax }
            }
            if let concept = entry.firstExtension(FHIRCodes.modality)?["valueCodeableConcept"],
               let code = concept.code(in: FHIRCodes.snomed), let name = FHIRCodes.modalityBySNOMED[code] {
                return .text(name, at: concept.position)
            }
        }
        return nil
    }

    /// The unit of a Quantity: the first the unit table knows of its UCUM code, its
    /// human-readable `unit` (free text such as `centigray`, when no code is given) and a
    /// code of another system; else the first of them given.
    private mutating func unit(of quantity: FHIRNode) -> String? {
        let code = quantity["code"]?.text
        let text = quantity["unit"]?.text
        // The candidates in order (no list is built for two).
        let (first, second) = quantity["system"]?.isText(FHIRCodes.ucum) ?? false ? (code, text) : (text, code)
        if let first, knownUnits.knows(first) { return first }
        if let second, knownUnits.knows(second) { return second }
        return first ?? second
    }

    /// A Quantity as a patient-history quantity `{value, unit}` (the value alone without a
    /// unit); a unit the table does not know, or none, is noted as `what`'s.
    private mutating func quantity(_ quantity: FHIRNode, of what: String) -> SyntaxNode? {
        guard let value = quantity["value"], value.hasText else { return nil }
        guard let unit = self.unit(of: quantity) else {
            note("\(what) values without a unit: checks of them are not evaluable", noun: "value(s)", at: quantity.position)
            return value.syntax
        }
        noteUnknown(unit, of: what, at: quantity.position)
        return .quantity(value: value.syntax, unit: .text(unit, at: quantity.position), at: quantity.position)
    }

    /// Notes a unit the unit table does not know: checks that convert it are not evaluable.
    private mutating func noteUnknown(_ unit: String, of what: String, at position: TextPosition) {
        guard !knownUnits.knows(unit) else { return }
        note("unit '\(unit)' of \(what), which the unit table does not know: checks of these values are not evaluable", noun: "value(s)", at: position)
    }

    /// The drug of a medication resource: its concept (`medicationCodeableConcept`, or the
    /// code of the Medication a `medicationReference` names), or the reference's `display`.
    private enum Drug {
        case concept(FHIRNode)
        case display(FHIRNode)

        /// The drug as people read it (``FHIRNode/conceptTextNode``, or the display).
        var textNode: FHIRNode? {
            switch self {
            case .concept(let concept): concept.conceptTextNode
            case .display(let display): display
            }
        }

        /// The concept's codings (none for a display).
        var codings: FHIRNodes {
            switch self {
            case .concept(let concept): concept.codings
            case .display(let display): FHIRNodes.none(on: display.tape)
            }
        }
    }

    /// The drug of a medication resource: `medicationCodeableConcept`, or the code of the
    /// Medication a `medicationReference` names (contained, in the Bundle, or in the
    /// input), else the reference's `display`. A reference that names no resource of the
    /// input, and a resource with no medication at all, are noted.
    private mutating func medication(_ resource: FHIRResource, context: Context, used: inout Set<TextPosition>) -> Drug? {
        let node = resource.node
        if let concept = node["medicationCodeableConcept"] { return .concept(concept) }
        guard let reference = node["medicationReference"] else {
            note("\(resource.type) resources with no medication[x]: the drug is not known", at: resource.position)
            return nil
        }
        if let text = reference.referenceText {
            if let medication = context.references.resolve(text, from: resource), medication.type == "Medication" {
                used.insert(medication.position)
                if let code = medication.node["code"] { return .concept(code) }
                note("Medication resources with no code: the drug is not known", at: medication.position)
                return nil
            }
            let fallback = reference["display"]?.hasText ?? false ? "the reference's display is read as the drug" : "the drug is not known"
            note("\(resource.type) medicationReference(s) that name no Medication of the input: \(fallback)", example: text, noun: "reference(s)", at: reference.position)
        }
        guard let display = reference["display"], display.hasText else {
            if reference.referenceText == nil {
                note("\(resource.type) medicationReference(s) with neither a reference nor a display: the drug is not known", noun: "reference(s)", at: reference.position)
            }
            return nil
        }
        return .display(display)
    }

    /// The resource of `type` a reference names, or `nil`, noting a reference the input
    /// does not resolve (or resolves to another type).
    private mutating func resolve(
        _ reference: String, from resource: FHIRResource, type: String, what: String, at position: TextPosition, context: Context
    ) -> FHIRResource? {
        if let target = context.references.resolve(reference, from: resource), target.type == type { return target }
        note("\(what)s that name no \(type) of the input: not followed", example: reference, noun: "reference(s)", at: position)
        return nil
    }

    private mutating func administration(_ resource: FHIRResource, context: Context, used: inout Set<TextPosition>) -> MappedEvent {
        let node = resource.node
        var members = Self.eventMembers("administration", at: resource.position)
        if let drug = medication(resource, context: context, used: &used)?.textNode { members.append(("drug", drug.syntax)) }
        if let dose = node["dosage"]?["dose"].flatMap({ quantity($0, of: "MedicationAdministration dosage.dose") }) {
            members.append(("dose", dose))
        }
        if let route = node["dosage"]?["route"],
           let text = ClinicalCodes.route(code: route.code(in: FHIRCodes.snomed), text: route.conceptTextNode?.text) {
            members.append(("route", .text(text, at: route.position)))
        }
        if let request = node["request"], let text = request.referenceText,
           let order = resolve(text, from: resource, type: "MedicationRequest", what: "MedicationAdministration request", at: request.position, context: context),
           let timing = order.node["dosageInstruction"]?.elements.first?["timing"]?["code"],
           let frequency = timing.codings.first?["code"] ?? timing["text"] {
            members.append(("frequency", frequency.syntax))
        }
        Self.append(Self.dates(node, .effective), to: &members)
        return MappedEvent(members, at: resource.position)
    }

    /// The therapy type and phase a category text names.
    private struct CategoryReading {
        let type: String?
        let phase: String?
    }

    /// The therapy type and phase a therapy category text names, read once per distinct
    /// text (up to ``maxCategoryReadings`` of them: a cohort repeats a few).
    private mutating func reading(ofCategory text: String) -> CategoryReading {
        if let known = categoryReadings[text] { return known }
        let reading = CategoryReading(type: ClinicalCodes.therapyType(inText: text), phase: ClinicalCodes.phase(inText: text))
        if categoryReadings.count < Self.maxCategoryReadings { categoryReadings[text] = reading }
        return reading
    }

    /// The stage a stage text names (``StageText/group(in:)``, else the text itself), read
    /// once per distinct ASCII text (up to ``maxCategoryReadings`` of them: a cohort repeats
    /// a few). Other texts are read each time: texts equal as Unicode may differ in bytes.
    private mutating func stageGroup(in text: String) -> String {
        guard TextKey.isASCII(text) else { return StageText.group(in: text) ?? text }
        if let known = stageReadings[text] { return known }
        let stage = StageText.group(in: text) ?? text
        if stageReadings.count < Self.maxCategoryReadings { stageReadings[text] = stage }
        return stage
    }

    private mutating func therapy(_ resource: FHIRResource, context: Context, used: inout Set<TextPosition>) -> Therapy? {
        let node = resource.node
        let categories = node.elements(of: "category")
        let categoryWords = categories.flatMap(\.conceptWords)
        let drug = medication(resource, context: context, used: &used)
        let readings = categoryWords.map { reading(ofCategory: $0) }
        let type = readings.lazy.compactMap(\.type).first
            ?? drug?.codings.lazy.compactMap { coding -> String? in
                guard coding["system"]?.isText(FHIRCodes.atc) ?? false, let code = coding["code"]?.text else { return nil }
                return ClinicalCodes.therapyType(atc: code)
            }.first
        guard let type else {
            skip(resource, "no anticancer therapy class: neither an ATC L01 code nor a therapy category")
            return nil
        }
        guard let agent = drug?.textNode else {
            skip(resource, "no medication")
            return nil
        }
        var phase = readings.lazy.compactMap(\.phase).first
        if phase == nil, let intent = intentText(node), ClinicalCodes.phases.contains(intent.text) { phase = intent.text }
        let dosage = (node["dosageInstruction"] ?? node["dosage"])?.elements.first
        var dates: [(String, FHIRNode)]
        if resource.type == "MedicationStatement" {
            dates = Self.dates(node, .effective)
        } else if let bounds = dosage?["timing"]?["repeat"]?["boundsPeriod"] {
            dates = [("start", bounds["start"]), ("end", bounds["end"])].compactMap { name, value in
                value.flatMap { $0.hasText ? (name, $0) : nil }
            }
        } else if let authored = node["authoredOn"], authored.hasText {
            dates = [("start", authored)]
        } else {
            dates = []
        }
        if dates.count == 1, dates[0].0 == "date" { dates = [("start", dates[0].1), ("end", dates[0].1)] }
        let cycles = dosage?["timing"]?["repeat"]?["count"]
        return Therapy(type: type, phase: phase, dates: dates, agents: [agent.syntax], cycles: cycles, position: resource.position, eventIndex: 0)
    }

    private mutating func observation(_ resource: FHIRResource) -> MappedEvent? {
        let node = resource.node
        let position = resource.position
        guard let code = node["code"] else {
            skip(resource, "no code")
            return nil
        }
        let dates = Self.dates(node, .effective)
        let loinc = code.code(in: FHIRCodes.loinc)
        if loinc == FHIRCodes.ecog || loinc == FHIRCodes.karnofsky {
            var members = Self.eventMembers("performance-status", at: position)
            members.append(("scale", .text(loinc == FHIRCodes.ecog ? "ECOG" : "Karnofsky", at: code.position)))
            if let score = node["valueInteger"] ?? node["valueQuantity"]?["value"] { members.append(("score", score.syntax)) }
            Self.append(dates, to: &members)
            return MappedEvent(members, at: position)
        }
        if loinc == FHIRCodes.diseaseStatus {
            var members = Self.eventMembers("response", at: position)
            if let value = node["valueCodeableConcept"] {
                if let snomed = value.code(in: FHIRCodes.snomed), let result = FHIRCodes.responseBySNOMED[snomed] {
                    members.append(("result", .text(result, at: value.position)))
                } else if let text = value.conceptTextNode {
                    members.append(("result", text.syntax))
                }
            }
            Self.append(dates, to: &members)
            return MappedEvent(members, at: position)
        }
        if code.codings.contains(where: { $0["code"]?.text.map(FHIRCodes.tnmCategoryCodes.contains) ?? false }) {
            skip(resource, "a TNM category: the stage group is read")
            return nil
        }
        let isLab = node.elements(of: "category").contains { $0.hasCoding("laboratory") }
        if isLab || loinc.map({ ClinicalCodes.labTestByLOINC[$0] != nil }) ?? false {
            guard readsLabs else { return unreadLab(resource, dates: dates) }
            let test = loinc.flatMap { ClinicalCodes.labTestByLOINC[$0] } ?? loinc ?? code.conceptTextNode?.text ?? "unknown"
            var members = Self.eventMembers("lab", at: position)
            members.append(("test", .text(test, at: code.position)))
            if let quantity = node["valueQuantity"] {
                if let value = quantity["value"] { members.append(("value", value.syntax)) }
                if let unit = self.unit(of: quantity) {
                    noteUnknown(unit, of: "lab Observation valueQuantity", at: quantity.position)
                    members.append(("unit", .text(unit, at: quantity.position)))
                }
            } else if let value = node["valueInteger"] {
                members.append(("value", value.syntax))
            }
            let ranges = node.elements(of: "referenceRange")
            let normal = ranges.first { range in
                guard let type = range["type"] else { return true }
                return type.hasCoding("normal")
            }
            if let high = normal?["high"]?["value"] { members.append(("uln", high.syntax)) }
            if let low = normal?["low"]?["value"] { members.append(("lln", low.syntax)) }
            Self.append(dates, to: &members)
            return MappedEvent(members, at: position)
        }
        skip("Observation", "code \(loinc.map { "LOINC \($0)" } ?? code.conceptTextNode?.text ?? "unknown")")
        return nil
    }

    /// A lab Observation no check reads: the event's type and dates (which the decoder
    /// still validates, and the coverage report counts), its unit noted as a read one is.
    private mutating func unreadLab(_ resource: FHIRResource, dates: [(String, FHIRNode)]) -> MappedEvent {
        if let quantity = resource.node["valueQuantity"], let unit = self.unit(of: quantity) {
            noteUnknown(unit, of: "lab Observation valueQuantity", at: quantity.position)
        }
        var members = Self.eventMembers("lab", at: resource.position)
        Self.append(dates, to: &members)
        return MappedEvent(members, at: resource.position)
    }

    private mutating func diagnosis(
        _ resource: FHIRResource, stages: [FHIRResource], onlyPrimary: Bool, metastases: [FHIRResource], context: Context,
        usedStages: inout Set<Int>
    ) -> MappedEvent {
        let node = resource.node
        var members = Self.eventMembers("diagnosis", at: resource.position)
        let onset = Self.dates(node, .onset)
        if let date = onset.first(where: { $0.0 == "date" || $0.0 == "start" })?.1 ?? node["recordedDate"] {
            members.append(("date", date.syntax))
        }
        if let histology = node.firstExtension(FHIRCodes.histology)?["valueCodeableConcept"]?.conceptTextNode,
           let text = histology.text {
            let cleaned = text.hasSuffix(", NOS") ? String(text.dropLast(5)) : text
            members.append(("histology", .text(cleaned.lowercased() == cleaned ? cleaned : cleaned.lowercased(), at: histology.position)))
        }
        var stageNode: SyntaxNode?
        for stage in node.elements(of: "stage") {
            if let summary = stage["summary"]?.conceptTextNode, let text = summary.text {
                stageNode = .text(stageGroup(in: text), at: summary.position)
                break
            }
        }
        // Stage groups this condition lists in stage.assessment (contained, or anywhere in
        // the input), and those whose focus is this condition.
        var assessed: [FHIRResource] = []
        for stage in node.elements(of: "stage") {
            for assessment in stage.elements(of: "assessment") {
                guard let reference = assessment.referenceText else { continue }
                if let observation = resolve(reference, from: resource, type: "Observation", what: "Condition stage.assessment", at: assessment.position, context: context) {
                    assessed.append(observation)
                }
            }
        }
        for (offset, observation) in stages.enumerated() {
            let focus = observation.node.elements(of: "focus").compactMap { focus -> FHIRResource? in
                guard let reference = focus.referenceText else { return nil }
                return resolve(reference, from: observation, type: "Condition", what: "stage group Observation focus", at: focus.position, context: context)
            }
            let isFocus = focus.contains { $0.position == resource.position }
            let isAssessed = assessed.contains { $0.position == observation.position }
            let belongs = isFocus || isAssessed || (observation.node["focus"] == nil && onlyPrimary)
            guard belongs else { continue }
            usedStages.insert(offset)
            if stageNode == nil, let value = observation.node["valueCodeableConcept"]?.conceptTextNode, let text = value.text {
                stageNode = .text(stageGroup(in: text), at: value.position)
            }
        }
        // A stage group contained in the condition itself.
        for observation in assessed where stageNode == nil && Self.isStageGroup(observation) && observation.fullUrl == nil
            && !stages.contains(where: { $0.position == observation.position }) {
            if let value = observation.node["valueCodeableConcept"]?.conceptTextNode, let text = value.text {
                stageNode = .text(stageGroup(in: text), at: value.position)
            }
        }
        if let stageNode { members.append(("stage", stageNode)) }
        if let site = node["bodySite"]?.elements.first?.conceptTextNode { members.append(("primary_site", site.syntax)) }
        if !metastases.isEmpty {
            let sites = metastases.flatMap { metastasis in
                metastasis.node.elements(of: "bodySite").compactMap { $0.conceptTextNode?.syntax }
            }
            members.append(("metastases", .list(sites, at: metastases[0].position)))
        }
        return MappedEvent(members, at: resource.position)
    }

    private func condition(_ resource: FHIRResource) -> MappedEvent {
        let node = resource.node
        var members = Self.eventMembers("condition", at: resource.position)
        if let term = node["code"]?.conceptTextNode { members.append(("term", term.syntax)) }
        let onset = Self.dates(node, .onset)
        if let date = onset.first(where: { $0.0 == "date" || $0.0 == "start" })?.1 { members.append(("onset", date.syntax)) }
        if let status = node["clinicalStatus"]?.codings.first?["code"] { members.append(("status", status.syntax)) }
        return MappedEvent(members, at: resource.position)
    }

    private func adverseEvent(_ resource: FHIRResource) -> MappedEvent {
        let node = resource.node
        var members = Self.eventMembers("adverse-event", at: resource.position)
        if let term = node["event"]?.conceptTextNode { members.append(("term", term.syntax)) }
        if let grade = node.firstExtension(FHIRCodes.adverseEventGrade).flatMap(Self.grade) { members.append(("grade", grade)) }
        if let start = node["date"] ?? node["detected"] { members.append(("start", start.syntax)) }
        if let end = node.firstExtension(FHIRCodes.adverseEventResolveDate)?["valueDateTime"] { members.append(("end", end.syntax)) }
        let categoryWords = node.elements(of: "category").flatMap(\.conceptWords).flatMap(ClinicalCodes.words)
        if categoryWords.contains(where: { $0.hasPrefix("immune") }) {
            members.append(("immune_related", SyntaxNode(content: .bool(true), position: node["category"]?.position ?? resource.position)))
        }
        return MappedEvent(members, at: resource.position)
    }

    /// A CTCAE grade from the grade extension: an NCIt grade code, a 0-5 code, or text
    /// such as `2` or `Grade 3`.
    private static func grade(_ extensionNode: FHIRNode) -> SyntaxNode? {
        if let integer = extensionNode["valueInteger"] { return integer.syntax }
        guard let concept = extensionNode["valueCodeableConcept"] else { return nil }
        for coding in concept.codings {
            guard let code = coding["code"]?.text else { continue }
            if let grade = FHIRCodes.gradeByNCIt[code] { return .number(String(grade), at: coding.position) }
            if let grade = Int(code), (0...5).contains(grade) { return .number(code, at: coding.position) }
        }
        for text in concept.conceptWords {
            if let digit = ClinicalCodes.words(text).compactMap({ Int($0) }).first(where: { (0...5).contains($0) }) {
                return .number(String(digit), at: concept.position)
            }
        }
        return nil
    }

    private func consent(_ resource: FHIRResource) -> MappedEvent {
        var members = Self.eventMembers("consent", at: resource.position)
        if let date = resource.node["dateTime"] { members.append(("date", date.syntax)) }
        return MappedEvent(members, at: resource.position)
    }
}
