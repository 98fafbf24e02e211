import TrialCheckCore

/// Maps SDTM datasets, joined by USUBJID, to patient-history records.
///
/// Each record is built as the tree a native record would be, positioned at the dataset
/// rows it came from (each with its own file), and decoded by ``PatientRecordDecoder``;
/// its events are decoded straight from the mapping (``MappedEvent``) when every one of
/// them reads so, with the same result.
/// Records the mapping does not use are counted per dataset in ``notes``. The mapping,
/// variable by variable, is in docs/input-mappings.md.
struct SDTMMapper {
    let decoder: PatientRecordDecoder
    /// What was not mapped, by dataset and reason.
    private var unmapped = UnmappedCounts()
    /// What was mapped only in part, with how many and where first.
    private var tally = NoteTally()
    /// When the notes met next were met, in the input's order: a reader that meets them
    /// out of that order (``SDTMSpilledGrouping``, ``SDTMSubjectStream``) sets it, so
    /// ``notes`` keep the order of a reading in memory (where it stays 0).
    var clock = 0
    private var knownUnits = KnownUnits()
    /// What a CM category text names: a therapy type, a phase.
    private struct CategoryReading {
        let type: String?
        let phase: String?
    }
    /// The readings of the CM category texts met, by text.
    private var categoryReadings: [String: CategoryReading] = [:]
    /// The most category texts whose readings are kept: memory stays bounded.
    private static let maxCategoryReadings = 256
    /// The last route text read and the route it names: a subject's doses mostly share one.
    private var lastRoute: (text: String, route: String?)?

    /// The model's words for the SEX codes (others are kept, in lower case).
    private static let sexWords = ["M": "male", "F": "female", "U": "unknown", "UNDIFFERENTIATED": "other"]

    /// ARMCD values that name no arm (CDISC CT C142179 and common spellings).
    static let noArmCodes: Set<String> = ["SCRNFAIL", "NOTASSGN", "NOTTRT", "SCREEN FAILURE", "NOT ASSIGNED"]

    /// Whether the records the mapping builds are checked for a repeated key: they cannot
    /// have one (each key is written once), so only the tests that prove it turn it on.
    @TaskLocal static var checksRepeatedKeys = false

    /// Whether events are decoded straight from the mapping (``MappedEvent``), the
    /// record's other fields through the decoder; off, whole records go through the decoder.
    private let decodesEventsDirectly = SDTMMapper.eventsDecodedDirectly

    /// Whether mappers made now decode events straight (tests compare both routes).
    @TaskLocal static var eventsDecodedDirectly = true

    /// Whether some check reads each type of event the mapping writes: a record of a type none
    /// reads is mapped for its type and dates alone (``unread(_:_:dates:)``).
    private let typesRead: EventTypesRead

    init(decoder: PatientRecordDecoder) {
        var decoder = decoder
        decoder.checksRepeatedKeys = Self.checksRepeatedKeys
        self.decoder = decoder
        typesRead = EventTypesRead(decoder)
    }

    /// One sentence per file and reason, in the order first met; then what was mapped
    /// only in part, with how many and where first.
    var notes: [String] {
        unmapped.listed.map { "\($0.kind.what): \($0.count) record(s) not mapped (\($0.kind.why))" } + tally.notes
    }

    /// The ``clock`` of a note in phase `phase` of the reading (1: records of no subject,
    /// 2: subjects) at `value` within it.
    static func clock(phase: Int, _ value: Int) -> Int { phase << 56 | value }

    /// Counts one record not mapped, for the reason `why`.
    mutating func skip(_ record: SDTMDataset.Record, _ why: String) {
        unmapped.count(record.dataset.fileName, why, clock: clock)
    }

    /// Maps every DM subject, in DM order; subjects of other datasets missing from DM are rejected.
    mutating func map(_ datasets: [SDTMDataset]) -> [ReadItem] {
        var bySubject: [String: [SDTMDataset.Record]] = [:]
        var subjects: [SDTMDataset.Record] = []
        var dmSubjects = Set<String>()
        var orphans: [(subject: String, first: SDTMDataset.Record, count: Int)] = []
        var items: [ReadItem] = []
        for dataset in datasets where dataset.domain == "DM" {
            for record in dataset.records {
                guard let subject = record.subject else {
                    items.append(.rejected(RecordRejection(location: record.position.lineLocation(in: decoder.file), reason: "the DM record has no USUBJID")))
                    continue
                }
                guard dmSubjects.insert(subject).inserted else {
                    items.append(.rejected(RecordRejection(location: record.position.lineLocation(in: decoder.file), reason: "a second DM record for subject '\(subject)'", patient: subject)))
                    continue
                }
                subjects.append(record)
            }
        }
        for dataset in datasets where dataset.domain != "DM" {
            for record in dataset.records {
                guard let subject = record.subject else {
                    skip(record, "no USUBJID")
                    continue
                }
                if dmSubjects.contains(subject) {
                    bySubject[subject, default: []].append(record)
                } else if let index = orphans.firstIndex(where: { $0.subject == subject }) {
                    orphans[index].count += 1
                } else {
                    orphans.append((subject, record, 1))
                }
            }
        }
        for dm in subjects {
            guard let subject = dm.subject else { continue }
            if let item = patient(dm, records: bySubject[subject] ?? []) { items.append(item) }
        }
        for orphan in orphans {
            items.append(.rejected(RecordRejection(
                location: orphan.first.position.lineLocation(in: decoder.file),
                reason: "\(orphan.count) record(s) of subject '\(orphan.subject)' (first in \(orphan.first.dataset.fileName)) have no DM record",
                patient: orphan.subject
            )))
        }
        return items
    }

    // MARK: One subject

    /// The first field of the subject's records (or of their supplemental qualifiers) that
    /// cannot be used as read: one bad byte rejects this subject, not the folder.
    private static func firstDefect(_ dm: SDTMDataset.Record, _ records: [SDTMDataset.Record], subject: String) -> CSVField? {
        if let field = dm.row.firstDefect { return field }
        // Read in place: a record copied out costs a retain and a release of each part.
        for index in records.indices {
            if let field = records[index].row.firstDefect { return field }
        }
        // The files checked: a handful, compared rather than hashed.
        var checked: [String] = []
        var previous: SDTMDataset?
        func qualifierDefect(of dataset: SDTMDataset) -> CSVField? {
            // A dataset's records come together: each dataset is looked up once. One without
            // qualifiers has none to check (and a file's records share one dataset).
            guard dataset !== previous else { return nil }
            previous = dataset
            guard !dataset.supplements.isEmpty, !checked.contains(dataset.fileName) else { return nil }
            checked.append(dataset.fileName)
            return dataset.supplements(of: subject)?.first(where: { $0.value.defect != nil })?.value
        }
        if let field = qualifierDefect(of: dm.dataset) { return field }
        for index in records.indices {
            if let field = qualifierDefect(of: records[index].dataset) { return field }
        }
        return nil
    }

    /// Whether `text` contains the ASCII `word`: compared byte by byte for ASCII text (no
    /// Unicode-aware search for the usual upper-case codes), by `contains` for other text.
    static func contains(_ text: String, _ word: String) -> Bool {
        var text = text
        var word = word
        let found = text.withUTF8 { bytes in
            word.withUTF8 { needle -> Bool? in
                guard !needle.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
                guard needle.count <= bytes.count else { return false }
                for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
                    if (1..<needle.count).allSatisfy({ bytes[start + $0] == needle[$0] }) { return true }
                }
                return false
            }
        }
        return found ?? text.contains(word)
    }

    // The value helpers consume the value: its text and position move into the node (a
    // borrowed value's are retained for the node, then released with the value).

    /// A value typed as a YAML plain scalar would be (a number, a Boolean or text).
    private static func node(_ value: consuming SDTMValue) -> SyntaxNode { .typedScalar(value.text, at: value.position) }

    /// A value as text.
    private static func text(_ value: consuming SDTMValue) -> SyntaxNode { .text(value.text, at: value.position) }

    private mutating func quantity(_ record: SDTMDataset.Record, value: StaticString, unit: StaticString) -> SyntaxNode? {
        guard let amount = record.value(value) else { return nil }
        guard let unitValue = record.value(unit) else { return Self.node(amount) }
        noteUnit(unitValue, variable: unit, of: record)
        return .quantity(value: Self.node(amount), unit: Self.text(unitValue), at: amount.position)
    }

    /// What ``quantity(_:value:unit:)`` notes, for a record no check reads: the unit of a
    /// value, if the unit table does not know it.
    private mutating func noteQuantityUnit(_ record: SDTMDataset.Record, value: StaticString, unit: StaticString) {
        guard record.hasValue(value), let unitValue = record.value(unit) else { return }
        noteUnit(unitValue, variable: unit, of: record)
    }

    /// Notes a unit the unit table does not know: checks that convert it are not evaluable.
    private mutating func noteUnit(_ value: SDTMValue, variable: StaticString, of record: SDTMDataset.Record) {
        guard !knownUnits.knows(value.text) else { return }
        tally.add(
            "\(record.dataset.fileName): unit '\(value.text)' in \(variable), which the unit table does not know: checks of these values are not evaluable",
            noun: "record(s)", at: value.position.location(in: decoder.file)
        )
    }

    /// The subject as a patient, a rejection, or `nil` for a screen failure (counted in notes).
    mutating func patient(_ dm: SDTMDataset.Record, records: [SDTMDataset.Record]) -> ReadItem? {
        let subject = dm.subject ?? ""
        let position = dm.position
        if let field = Self.firstDefect(dm, records, subject: subject), let defect = field.defect {
            return .rejected(RecordRejection(location: field.position.location(in: decoder.file), reason: defect, patient: subject))
        }
        var members: [(String, SyntaxNode)] = []
        members.reserveCapacity(7)
        if let id = dm.value("USUBJID") { members.append((RecordKey.id.rawValue, .text(subject, at: id.position))) }
        if let site = dm.value("SITEID") { members.append((RecordKey.site.rawValue, Self.text(site))) }
        if let sex = dm.value("SEX") {
            let code = sex.text
            members.append((RecordKey.sex.rawValue, .text(Self.sexWords[code.uppercased()] ?? code.lowercased(), at: sex.position)))
        }
        if let birth = dm.value("BRTHDTC") { members.append((RecordKey.birthDate.rawValue, Self.date(birth))) }
        if let age = dm.value("AGE") {
            let unit = dm.text("AGEU")?.uppercased()
            if unit == nil || unit == "YEARS" { members.append((RecordKey.age.rawValue, Self.node(age))) }
        }

        // The first RANDOMIZED record, and whether one records the consent: DS read once.
        var randomised: SDTMDataset.Record?
        var hasConsentRecord = false
        for index in records.indices where records[index].dataset.mapped == .ds {
            switch records[index].text("DSDECOD")?.uppercased() {
            case "RANDOMIZED": if randomised == nil { randomised = records[index] }
            case "INFORMED CONSENT OBTAINED": hasConsentRecord = true
            default: break
            }
        }
        guard let enrollmentDate = randomised?.value("DSSTDTC") ?? dm.value("RFSTDTC") else {
            if let arm = dm.text("ARMCD") ?? dm.text("ACTARMCD"), Self.noArmCodes.contains(arm.uppercased()) {
                skip(dm, "never enrolled: ARMCD \(arm), no RFSTDTC")
                return nil
            }
            return .rejected(RecordRejection(
                location: position.lineLocation(in: decoder.file),
                reason: "subject '\(subject)' has no enrollment date: DM.RFSTDTC is blank and DS has no RANDOMIZED record",
                patient: subject
            ))
        }
        var enrollment: [(String, SyntaxNode)] = [(EnrollmentKey.date.rawValue, Self.date(enrollmentDate))]
        if let arm = dm.value("ARMCD") ?? dm.value("ACTARMCD"), !Self.noArmCodes.contains(arm.text.uppercased()) {
            enrollment.append((EnrollmentKey.arm.rawValue, Self.text(arm)))
        }
        members.append((RecordKey.enrollment.rawValue, .mapping(enrollment, at: position)))

        var events: [MappedEvent] = []
        events.reserveCapacity(records.count + 1)
        if !hasConsentRecord, let consent = dm.value("RFICDTC") {
            events.append(MappedEvent([(EventKey.type.rawValue, .text("consent", at: consent.position)), (EventKey.date.rawValue, Self.date(consent))], at: consent.position))
        }
        var regimens: [String: Int] = [:]
        for record in records {
            switch record.dataset.mapped {
            case .ex, .ec: if let event = exposure(record) { events.append(event) }
            case .pr: if let event = procedure(record) { events.append(event) }
            case .cm:
                guard let (key, event) = medication(record) else { continue }
                if let index = regimens[key] {
                    events[index] = Self.addingAgent(of: event, to: events[index])
                } else {
                    regimens[key] = events.count
                    events.append(event)
                }
            case .lb: if let event = lab(record) { events.append(event) }
            case .ae: events.append(adverseEvent(record))
            case .mh: events.append(history(record))
            case .rs: if let event = response(record) { events.append(event) }
            case .ds:
                let decoded = record.text("DSDECOD")?.uppercased()
                if decoded == "RANDOMIZED" { continue }
                if decoded == "INFORMED CONSENT OBTAINED", let date = record.value("DSSTDTC") {
                    events.append(MappedEvent([(EventKey.type.rawValue, .text("consent", at: record.position)), (EventKey.date.rawValue, Self.date(date))], at: record.position))
                } else {
                    skip(record, "DSDECOD other than RANDOMIZED or INFORMED CONSENT OBTAINED")
                }
            case .ie: events.append(criterion(record))
            case .qs: if let event = questionnaire(record) { events.append(event) }
            case .other: skip(record, "no mapping for the domain")
            }
        }
        return MappedEvent.item(members: members, events: events, at: position, decoder: decoder, direct: decodesEventsDirectly)
    }

    // MARK: Domains

    /// The variables of an exposure domain (EX or EC) the mapping reads, named once.
    private struct ExposureVariables {
        let treatment, dose, unit, doseText, route, frequency, cycle, start, end: StaticString

        static let ex = ExposureVariables(
            treatment: "EXTRT", dose: "EXDOSE", unit: "EXDOSU", doseText: "EXDOSTXT", route: "EXROUTE", frequency: "EXDOSFRQ",
            cycle: "EXCYCLE", start: "EXSTDTC", end: "EXENDTC"
        )
        static let ec = ExposureVariables(
            treatment: "ECTRT", dose: "ECDOSE", unit: "ECDOSU", doseText: "ECDOSTXT", route: "ECROUTE", frequency: "ECDOSFRQ",
            cycle: "ECCYCLE", start: "ECSTDTC", end: "ECENDTC"
        )

        /// The variables of `domain` (EX or EC).
        static func of(_ domain: SDTMDataset.Mapped) -> ExposureVariables { domain == .ex ? ex : ec }
    }

    private mutating func exposure(_ record: SDTMDataset.Record) -> MappedEvent? {
        let variables = ExposureVariables.of(record.dataset.mapped)
        if record.text("ECOCCUR")?.uppercased() == "N" {
            skip(record, "ECOCCUR N: a dose not given")
            return nil
        }
        if record.text("ECMOOD")?.uppercased() == "SCHEDULED" {
            skip(record, "ECMOOD SCHEDULED: a planned dose")
            return nil
        }
        let dates = EventDates.span(start: variables.start, end: variables.end)
        guard typesRead.administration else {
            noteQuantityUnit(record, value: variables.dose, unit: variables.unit)
            return unread(.administration, record, dates: dates)
        }
        var members = Self.members(type: .administration, at: record.position, capacity: 8)
        if let drug = record.value(variables.treatment) { members.append(("drug", Self.text(drug))) }
        if let dose = quantity(record, value: variables.dose, unit: variables.unit) {
            members.append(("dose", dose))
        } else if let text = record.value(variables.doseText) {
            members.append(("dose", Self.text(text)))
        }
        if let route = record.value(variables.route), let text = self.route(named: route.text) {
            members.append(("route", .text(text, at: route.position)))
        }
        if let frequency = record.value(variables.frequency) { members.append(("frequency", Self.text(frequency))) }
        if let cycle = record.value("CYCLE") ?? record.value(variables.cycle) { members.append(("cycle", Self.node(cycle))) }
        Self.append(dates, of: record, to: &members)
        return MappedEvent(members, at: record.position)
    }

    /// Whether a PR record is radiotherapy (PRCAT, PRSCAT, PRDECOD or PRTRT names it, or
    /// PRDOSU is Gy or cGy) and whether surgery (PRCAT or PRSCAT names it).
    private static func procedureKind(of record: SDTMDataset.Record) -> (isRadiotherapy: Bool, isSurgery: Bool) {
        if let kind = plainProcedureKind(of: record) { return kind }
        let texts = ["PRCAT", "PRSCAT", "PRDECOD", "PRTRT"].compactMap { record.text($0) }.map { $0.uppercased() }
        let unit = record.text("PRDOSU")?.lowercased()
        let isRadiotherapy = texts.contains { Self.contains($0, "RADIO") || Self.contains($0, "RADIATION") } || unit == "gy" || unit == "cgy"
        let isSurgery = ["PRCAT", "PRSCAT"].compactMap { record.text($0) }.contains { Self.contains($0.uppercased(), "SURG") }
        return (isRadiotherapy, isSurgery)
    }

    /// ``procedureKind(of:)`` told from the plain cells where they lie, their bytes in upper
    /// case compared with the ASCII words; `nil` where a variable is not read so.
    private static func plainProcedureKind(of record: SDTMDataset.Record) -> (isRadiotherapy: Bool, isSurgery: Bool)? {
        func radio(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            SDTMPlainText.upperCased(bytes, contains: "RADIO") || SDTMPlainText.upperCased(bytes, contains: "RADIATION")
        }
        func surgery(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { SDTMPlainText.upperCased(bytes, contains: "SURG") }
        func gray(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            SDTMPlainText.upperCased(bytes, is: "GY") || SDTMPlainText.upperCased(bytes, is: "CGY")
        }
        guard let category = record.withPlainText("PRCAT", { (radio($0), surgery($0)) }),
              let subcategory = record.withPlainText("PRSCAT", { (radio($0), surgery($0)) }),
              let decoded = record.withPlainText("PRDECOD", radio),
              let treatment = record.withPlainText("PRTRT", radio),
              let unit = record.withPlainText("PRDOSU", gray) else { return nil }
        return (category.0 || subcategory.0 || decoded || treatment || unit, category.1 || subcategory.1)
    }

    private mutating func procedure(_ record: SDTMDataset.Record) -> MappedEvent? {
        let (isRadiotherapy, isSurgery) = Self.procedureKind(of: record)
        var members: [(String, SyntaxNode)]
        if isRadiotherapy {
            let dates = EventDates.span(start: "PRSTDTC", end: "PRENDTC", splittingDate: true)
            guard typesRead.radiotherapy else {
                noteQuantityUnit(record, value: "PRDOSE", unit: "PRDOSU")
                return unread(.radiotherapy, record, dates: dates)
            }
            members = Self.members(type: .radiotherapy, at: record.position, capacity: 8)
            Self.append(dates, of: record, to: &members)
            if let dose = quantity(record, value: "PRDOSE", unit: "PRDOSU") { members.append(("dose", dose)) }
            if let fractions = record.value("PRFXNUM") { members.append(("fractions", Self.node(fractions))) }
            if let technique = record.value("PRRTTECH") {
                members.append(("technique", Self.text(technique)))
            } else if let treatment = record.value("PRTRT"), let name = Self.techniqueName(in: treatment.text) {
                members.append(("technique", .text(name, at: treatment.position)))
            }
            if let intent = record.value("PRINTENT") {
                members.append(("intent", .text(intent.text.lowercased(), at: intent.position)))
            } else if let category = record.field("PRSCAT") ?? record.field("PRCAT"),
                      let word = ["definitive", "palliative", "adjuvant", "neoadjuvant"].first(where: { ClinicalCodes.words(category.text).contains($0) }) {
                members.append(("intent", .text(word, at: category.position)))
            }
        } else if isSurgery {
            let dates = EventDates.span(start: "PRSTDTC", end: "PRENDTC")
            guard typesRead.surgery else { return unread(.surgery, record, dates: dates) }
            members = Self.members(type: .surgery, at: record.position, capacity: 5)
            Self.append(dates, of: record, to: &members)
            if let name = record.value("PRDECOD") ?? record.value("PRTRT") { members.append(("procedure", Self.text(name))) }
            if let intent = record.value("PRINTENT") { members.append(("intent", .text(intent.text.lowercased(), at: intent.position))) }
        } else {
            skip(record, "neither radiotherapy nor surgery by PRCAT, PRSCAT, PRDECOD, PRTRT or PRDOSU")
            return nil
        }
        return MappedEvent(members, at: record.position)
    }

    private static func techniqueName(in text: String) -> String? {
        let words = ClinicalCodes.words(text)
        for (word, name) in [("imrt", "IMRT"), ("vmat", "VMAT"), ("tomotherapy", "tomotherapy"), ("3d", "3D-CRT"), ("proton", "proton")]
            where words.contains(word) {
            return name
        }
        return nil
    }

    /// A CM record as a therapy event, with the key of its regimen: CMGRPID, else the
    /// type, phase and dates.
    private mutating func medication(_ record: SDTMDataset.Record) -> (String, MappedEvent)? {
        // The subcategory's reading first, then the category's (no list made of them).
        let subcategory = record.text("CMSCAT").map { reading(ofCategory: $0) }
        let category = record.text("CMCAT").map { reading(ofCategory: $0) }
        let type = subcategory?.type ?? category?.type
            ?? record.text("CMCLASCD").flatMap(ClinicalCodes.therapyType(atc:))
        guard let type else {
            skip(record, "not an anticancer therapy: CMCAT and CMSCAT name no chemotherapy, immunotherapy or targeted therapy, and CMCLASCD no ATC L01 class")
            return nil
        }
        let phase = subcategory?.phase ?? category?.phase
        // A therapy no check reads keeps its type and dates (``unread(_:_:dates:)``), which
        // also key its regimen.
        let isRead = typesRead.therapy(type)
        var members = Self.members(type: EventType(rawValue: type), at: record.position, capacity: isRead ? 8 : 3)
        if isRead {
            if let phase { members.append(("phase", .text(phase, at: (record.value("CMSCAT") ?? record.value("CMCAT"))?.position ?? record.position))) }
            if let agent = record.value("CMTRT") { members.append(("agents", .list([Self.text(agent)], at: agent.position))) }
            // The words of a regimen's trimmed text are those of its text as written.
            if let cycles = record.value("CMCYCNUM") {
                members.append(("cycles", Self.node(cycles)))
            } else if let regimen = record.value("CMDOSRGM"), let words = Optional(ClinicalCodes.words(regimen.text)),
                      let index = words.firstIndex(where: { $0.hasPrefix("cycle") }), index > 0, Int(words[index - 1]) != nil {
                members.append(("cycles", .number(words[index - 1], at: regimen.position)))
            }
        }
        let dates = Self.appendDates(record, start: "CMSTDTC", end: "CMENDTC", to: &members, splittingDate: true)
        let key = record.text("CMGRPID").map { "group:\($0)" } ?? {
            var parts = [type, phase ?? ""]
            if let date = dates.date { parts.append("\(EventKey.date.rawValue)=\(date.text ?? "")") }
            if let start = dates.start { parts.append("\(EventKey.start.rawValue)=\(start.text ?? "")") }
            if let end = dates.end { parts.append("\(EventKey.end.rawValue)=\(end.text ?? "")") }
            return parts.joined(separator: "|")
        }()
        return (key, MappedEvent(members, at: record.position))
    }

    /// The therapy type and phase a CM category text names, read once per distinct text
    /// (up to ``maxCategoryReadings`` of them: a cohort repeats a few).
    private mutating func reading(ofCategory text: String) -> CategoryReading {
        if let known = categoryReadings[text] { return known }
        let reading = CategoryReading(type: ClinicalCodes.therapyType(inText: text), phase: ClinicalCodes.phase(inText: text))
        if categoryReadings.count < Self.maxCategoryReadings { categoryReadings[text] = reading }
        return reading
    }

    /// ``ClinicalCodes/route(code:text:)`` of a route text, read again only when the text
    /// differs from the last one.
    private mutating func route(named text: String) -> String? {
        if let lastRoute, lastRoute.text.hasSameBytes(as: text) { return lastRoute.route }
        let route = ClinicalCodes.route(code: nil, text: text)
        lastRoute = (text, route)
        return route
    }

    /// A regimen event with the agent of another record of the same regimen added.
    private static func addingAgent(of event: MappedEvent, to regimen: MappedEvent) -> MappedEvent {
        guard let added = event.members.first(where: { $0.0 == "agents" })?.1.elements else { return regimen }
        var regimen = regimen
        if let index = regimen.members.firstIndex(where: { $0.0 == "agents" }) {
            let agents = regimen.members[index].1
            regimen.members[index].1 = .list(agents.elements + added, at: agents.position)
        }
        return regimen
    }

    private mutating func lab(_ record: SDTMDataset.Record) -> MappedEvent? {
        if record.text("LBSTAT")?.uppercased() == "NOT DONE" {
            skip(record, "LBSTAT NOT DONE")
            return nil
        }
        guard typesRead.lab else { return unreadLab(record) }
        let testCode = record.value("LBTESTCD")
        let code = testCode?.text ?? ""
        let test = ClinicalCodes.labTestByTestCode[SDTMDataset.upperCased(code)] ?? record.text("LBLOINC").flatMap { ClinicalCodes.labTestByLOINC[$0] ?? $0 } ?? code
        var members = Self.members(type: .lab, at: record.position, capacity: 8)
        members.append(("test", .text(test, at: testCode?.position ?? record.position)))
        let standard = record.value("LBSTRESN")
        if let value = standard ?? record.value("LBORRES") { members.append(("value", Self.node(value))) }
        // The standard result's unit and range go with it, else the original's.
        let (unitVariable, highVariable, lowVariable) = Self.labResultVariables(standard: standard != nil)
        if let unit = record.value(unitVariable) {
            noteUnit(unit, variable: unitVariable, of: record)
            members.append(("unit", Self.text(unit)))
        }
        if let high = record.value(highVariable) { members.append(("uln", Self.node(high))) }
        if let low = record.value(lowVariable) { members.append(("lln", Self.node(low))) }
        Self.append(Self.labDate, of: record, to: &members)
        return MappedEvent(members, at: record.position)
    }

    /// Where a lab result's date is.
    private static let labDate = EventDates.single("LBDTC")

    /// The variables of a lab result's unit and range: the standard result's when there is
    /// one (LBSTRESN), else the original's.
    private static func labResultVariables(standard: Bool) -> (unit: StaticString, high: StaticString, low: StaticString) {
        standard ? ("LBSTRESU", "LBSTNRHI", "LBSTNRLO") : ("LBORRESU", "LBORNRHI", "LBORNRLO")
    }

    /// A lab record no check reads (``unread(_:_:dates:)``), its unit noted as a read one is.
    private mutating func unreadLab(_ record: SDTMDataset.Record) -> MappedEvent {
        let unitVariable = Self.labResultVariables(standard: record.hasValue("LBSTRESN")).unit
        if let unit = record.value(unitVariable) { noteUnit(unit, variable: unitVariable, of: record) }
        return unread(.lab, record, dates: Self.labDate)
    }

    private func adverseEvent(_ record: SDTMDataset.Record) -> MappedEvent {
        let dates = EventDates.span(start: "AESTDTC", end: "AEENDTC", splittingDate: true)
        guard typesRead.adverseEvent else { return unread(.adverseEvent, record, dates: dates) }
        var members = Self.members(type: .adverseEvent, at: record.position, capacity: 6)
        if let term = record.value("AEDECOD") ?? record.value("AETERM") { members.append(("term", Self.text(term))) }
        if let grade = record.value("AETOXGR") { members.append(("grade", Self.node(grade))) }
        Self.append(dates, of: record, to: &members)
        if let flag = record.value("AEIRAE") ?? record.value("IRAE"), case let text = flag.text.uppercased(), text == "Y" || text == "N" {
            members.append(("immune_related", SyntaxNode(content: .bool(text == "Y"), position: flag.position)))
        } else if let category = ["AECAT", "AESCAT"].compactMap({ record.field($0) }).first(where: { Self.contains($0.text.uppercased(), "IMMUNE") }) {
            members.append(("immune_related", SyntaxNode(content: .bool(true), position: category.position)))
        }
        return MappedEvent(members, at: record.position)
    }

    private mutating func history(_ record: SDTMDataset.Record) -> MappedEvent {
        let category = record.text("MHCAT")?.uppercased() ?? ""
        if Self.contains(category, "PRIMARY DIAGNOSIS") || Self.contains(category, "PRIMARY CANCER") {
            let dates = EventDates.single("MHSTDTC")
            guard typesRead.diagnosis else {
                if record.value("MHHISTOL") == nil, let term = record.value("MHTERM") { _ = histology(named: term, in: record) }
                return unread(.diagnosis, record, dates: dates)
            }
            var members = Self.members(type: .diagnosis, at: record.position, capacity: 6)
            Self.append(dates, of: record, to: &members)
            if let histology = record.value("MHHISTOL") {
                members.append(("histology", Self.text(histology)))
            } else if let term = record.value("MHTERM"), let histology = histology(named: term, in: record) {
                members.append(("histology", .text(histology, at: term.position)))
            }
            if let stage = record.value("MHSTAGE") { members.append(("stage", Self.text(stage))) }
            if let site = record.value("MHPRSITE") ?? record.value("MHLOC") { members.append(("primary_site", Self.text(site))) }
            if let metastases = record.field("MHMETAST") {
                let sites = metastases.text.split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                members.append(("metastases", .list(sites.map { SyntaxNode.text($0, at: metastases.position) }, at: metastases.position)))
            }
            return MappedEvent(members, at: record.position)
        }
        let onset = EventDates.single("MHSTDTC", key: "onset")
        guard typesRead.condition else { return unread(.condition, record, dates: onset) }
        var members = Self.members(type: .condition, at: record.position, capacity: 4)
        if let term = record.value("MHDECOD") ?? record.value("MHTERM") { members.append(("term", Self.text(term))) }
        Self.append(onset, of: record, to: &members)
        let relation = ["MHENRTPT", "MHENRF"].compactMap { record.text($0) }.first?.uppercased()
        if relation == "ONGOING" {
            members.append(("status", .text("active", at: record.position)))
        } else if relation == "BEFORE" || relation == "PRIOR" {
            members.append(("status", .text("resolved", at: record.position)))
        } else if let end = record.value("MHENDTC") {
            members.append(("status", .text("resolved", at: end.position)))
        }
        return MappedEvent(members, at: record.position)
    }

    /// The histology a primary diagnosis's MHTERM names, for one with no MHHISTOL; one that
    /// names none is noted (read by a check or not). MHTERM stands in for the histology only
    /// when it names one: "Esophageal carcinoma" leaves the histology unknown, not "carcinoma".
    private mutating func histology(named term: SDTMValue, in record: SDTMDataset.Record) -> String? {
        let text = term.text
        if let histology = HistologyText.histology(in: text) { return histology }
        tally.add(
            "\(record.dataset.fileName): primary diagnoses whose MHTERM names no histology and that have no QNAM MHHISTOL: the histology is unknown",
            example: text, noun: "record(s)", at: term.position.location(in: decoder.file)
        )
        return nil
    }

    private mutating func response(_ record: SDTMDataset.Record) -> MappedEvent? {
        if let scale = Self.performanceScale(of: record, .rs) { return performanceStatus(record, scale: scale, .rs) }
        guard let result = record.value("RSSTRESC") ?? record.value("RSORRES") else {
            skip(record, "no RSSTRESC or RSORRES")
            return nil
        }
        let dates = EventDates.single("RSDTC")
        guard typesRead.response else { return unread(.response, record, dates: dates) }
        var members = Self.members(type: .response, at: record.position, capacity: 4)
        members.append(("result", Self.text(result)))
        if let test = record.value("RSTESTCD") { members.append(("test", Self.text(test))) }
        Self.append(dates, of: record, to: &members)
        return MappedEvent(members, at: record.position)
    }

    private func criterion(_ record: SDTMDataset.Record) -> MappedEvent {
        let dates = EventDates.single("IEDTC")
        guard typesRead.criterionNotMet else { return unread(.criterionNotMet, record, dates: dates) }
        var members = Self.members(type: .criterionNotMet, at: record.position, capacity: 5)
        if let code = record.value("IETESTCD") { members.append(("criterion", Self.text(code))) }
        if let text = record.value("IETEST") { members.append(("text", Self.text(text))) }
        if let category = record.value("IECAT") { members.append(("category", .text(category.text.lowercased(), at: category.position))) }
        Self.append(dates, of: record, to: &members)
        return MappedEvent(members, at: record.position)
    }

    private mutating func questionnaire(_ record: SDTMDataset.Record) -> MappedEvent? {
        guard let scale = Self.performanceScale(of: record, .qs) else {
            skip(record, "not an ECOG or Karnofsky performance status")
            return nil
        }
        return performanceStatus(record, scale: scale, .qs)
    }

    /// The performance-status scale a QS or RS record assesses, by its category, test code
    /// or test name: `ECOG` (RSCAT/QSCAT `ECOG`, test code `ECOG101`), `Karnofsky`
    /// (`KARNOFSKY`, test code `KPS101`), or `nil`.
    private static func performanceScale(of record: SDTMDataset.Record, _ variables: PerformanceVariables) -> String? {
        if let scale = plainPerformanceScale(of: record, variables) { return scale }
        let texts = [variables.category, variables.testCode, variables.test].compactMap { record.text($0) }.map { $0.uppercased() }
        if texts.contains(where: { Self.contains($0, "ECOG") }) { return "ECOG" }
        if texts.contains(where: { Self.contains($0, "KARNOFSKY") || $0.hasPrefix("KPS") }) { return "Karnofsky" }
        return nil
    }

    /// ``performanceScale(of:_:)`` told from the plain cells where they lie, their bytes in
    /// upper case compared with the ASCII words (as the texts in upper case are): `.some(nil)`
    /// for none, `nil` where a variable is not read so (``SDTMDataset/Record/withPlainText(_:_:)``).
    private static func plainPerformanceScale(of record: SDTMDataset.Record, _ variables: PerformanceVariables) -> String?? {
        func scales(_ bytes: UnsafeBufferPointer<UInt8>) -> (ecog: Bool, karnofsky: Bool) {
            (SDTMPlainText.upperCased(bytes, contains: "ECOG"),
             SDTMPlainText.upperCased(bytes, contains: "KARNOFSKY") || SDTMPlainText.upperCased(bytes, hasPrefix: "KPS"))
        }
        guard let category = record.withPlainText(variables.category, scales),
              let testCode = record.withPlainText(variables.testCode, scales),
              let test = record.withPlainText(variables.test, scales) else { return nil }
        if category.ecog || testCode.ecog || test.ecog { return .some("ECOG") }
        if category.karnofsky || testCode.karnofsky || test.karnofsky { return .some("Karnofsky") }
        return .some(nil)
    }

    /// A performance-status event from a QS or RS record: `score` ← --STRESN, else
    /// --STRESC, else --ORRES (none: no score, so the check cannot use an older one in
    /// its place); `date` ← --DTC.
    private func performanceStatus(_ record: SDTMDataset.Record, scale: String, _ variables: PerformanceVariables) -> MappedEvent {
        let dates = EventDates.single(variables.date)
        guard typesRead.performanceStatus else { return unread(.performanceStatus, record, dates: dates) }
        var members = Self.members(type: .performanceStatus, at: record.position, capacity: 4)
        members.append(("scale", .text(scale, at: record.position)))
        if let score = record.value(variables.standardNumber) ?? record.value(variables.standardText) ?? record.value(variables.original) {
            members.append(("score", Self.node(score)))
        }
        Self.append(dates, of: record, to: &members)
        return MappedEvent(members, at: record.position)
    }

    /// The variables of a performance status in RS or QS, named once.
    private struct PerformanceVariables {
        let category, testCode, test, standardNumber, standardText, original, date: StaticString

        static let rs = PerformanceVariables(
            category: "RSCAT", testCode: "RSTESTCD", test: "RSTEST", standardNumber: "RSSTRESN", standardText: "RSSTRESC", original: "RSORRES", date: "RSDTC"
        )
        static let qs = PerformanceVariables(
            category: "QSCAT", testCode: "QSTESTCD", test: "QSTEST", standardNumber: "QSSTRESN", standardText: "QSSTRESC", original: "QSORRES", date: "QSDTC"
        )
    }
}
