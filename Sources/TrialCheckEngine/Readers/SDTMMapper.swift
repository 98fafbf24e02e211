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

    init(decoder: PatientRecordDecoder) {
        var decoder = decoder
        decoder.checksRepeatedKeys = Self.checksRepeatedKeys
        self.decoder = decoder
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
        for record in records {
            if let field = record.row.firstDefect { return field }
        }
        var checked = Set<String>()
        var previous: SDTMDataset?
        func qualifierDefect(of dataset: SDTMDataset) -> CSVField? {
            // A dataset's records come together: each dataset is looked up once.
            guard dataset !== previous else { return nil }
            previous = dataset
            guard checked.insert(dataset.fileName).inserted else { return nil }
            return dataset.supplements[subject]?.first(where: { $0.value.defect != nil })?.value
        }
        if let field = qualifierDefect(of: dm.dataset) { return field }
        for record in records {
            if let field = qualifierDefect(of: record.dataset) { return field }
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

    private static func node(_ field: CSVField) -> SyntaxNode { .typedScalar(field.trimmed ?? "", at: field.position) }

    /// A `--DTC` value as a date node: SDTM's `YYYY---DD` (month unknown) reads as the year.
    private static func date(_ field: CSVField) -> SyntaxNode {
        var text = field.trimmed ?? ""
        let bytes = Array(text.utf8)
        if bytes.count >= 9, bytes[4...6].allSatisfy({ $0 == UInt8(ascii: "-") }), bytes[0..<4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            text = String(text.prefix(4))
        }
        return .text(text, at: field.position)
    }

    private static func dates(_ record: SDTMDataset.Record, start: String, end: String) -> [(String, SyntaxNode)] {
        let first = record.field(named: start)
        let last = record.field(named: end)
        if let first, let last, first.trimmed == last.trimmed { return [(EventKey.date.rawValue, date(first))] }
        return [(EventKey.start.rawValue, first.map(date)), (EventKey.end.rawValue, last.map(date))].compactMap { name, value in value.map { (name, $0) } }
    }

    private mutating func quantity(_ record: SDTMDataset.Record, value: String, unit: String) -> SyntaxNode? {
        guard let amount = record.field(named: value) else { return nil }
        guard let unitField = record.field(named: unit), let unitText = unitField.trimmed else { return Self.node(amount) }
        noteUnit(unitField, variable: unit, of: record)
        return .mapping([("value", Self.node(amount)), ("unit", .text(unitText, at: unitField.position))], at: amount.position)
    }

    /// Notes a unit the unit table does not know: checks that convert it are not evaluable.
    private mutating func noteUnit(_ field: CSVField, variable: String, of record: SDTMDataset.Record) {
        guard let unit = field.trimmed, !knownUnits.knows(unit) else { return }
        tally.add(
            "\(record.dataset.fileName): unit '\(unit)' in \(variable), which the unit table does not know: checks of these values are not evaluable",
            noun: "record(s)", at: field.position.location(in: decoder.file)
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
        if let id = dm.field("USUBJID") { members.append((RecordKey.id.rawValue, .text(subject, at: id.position))) }
        if let site = dm.field("SITEID") { members.append((RecordKey.site.rawValue, .text(site.trimmed ?? "", at: site.position))) }
        if let sex = dm.field("SEX"), let code = sex.trimmed {
            let words = ["M": "male", "F": "female", "U": "unknown", "UNDIFFERENTIATED": "other"]
            members.append((RecordKey.sex.rawValue, .text(words[code.uppercased()] ?? code.lowercased(), at: sex.position)))
        }
        if let birth = dm.field("BRTHDTC") { members.append((RecordKey.birthDate.rawValue, Self.date(birth))) }
        if let age = dm.field("AGE") {
            let unit = dm.text("AGEU")?.uppercased()
            if unit == nil || unit == "YEARS" { members.append((RecordKey.age.rawValue, Self.node(age))) }
        }

        let randomised = records.first { $0.dataset.domain == "DS" && $0.text("DSDECOD")?.uppercased() == "RANDOMIZED" }
        guard let enrollmentDate = randomised?.field("DSSTDTC") ?? dm.field("RFSTDTC") else {
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
        if let arm = dm.field("ARMCD") ?? dm.field("ACTARMCD"), let code = arm.trimmed, !Self.noArmCodes.contains(code.uppercased()) {
            enrollment.append((EnrollmentKey.arm.rawValue, .text(code, at: arm.position)))
        }
        members.append((RecordKey.enrollment.rawValue, .mapping(enrollment, at: position)))

        var events: [MappedEvent] = []
        events.reserveCapacity(records.count + 1)
        let consentRecords = records.filter { $0.dataset.domain == "DS" && $0.text("DSDECOD")?.uppercased() == "INFORMED CONSENT OBTAINED" }
        if consentRecords.isEmpty, let consent = dm.field("RFICDTC") {
            events.append(MappedEvent([(EventKey.type.rawValue, .text("consent", at: consent.position)), (EventKey.date.rawValue, Self.date(consent))], at: consent.position))
        }
        var regimens: [String: Int] = [:]
        for record in records {
            switch record.dataset.domain {
            case "EX", "EC": if let event = exposure(record) { events.append(event) }
            case "PR": if let event = procedure(record) { events.append(event) }
            case "CM":
                guard let (key, event) = medication(record) else { continue }
                if let index = regimens[key] {
                    events[index] = Self.addingAgent(of: event, to: events[index])
                } else {
                    regimens[key] = events.count
                    events.append(event)
                }
            case "LB": if let event = lab(record) { events.append(event) }
            case "AE": events.append(adverseEvent(record))
            case "MH": events.append(history(record))
            case "RS": if let event = response(record) { events.append(event) }
            case "DS":
                let decoded = record.text("DSDECOD")?.uppercased()
                if decoded == "RANDOMIZED" { continue }
                if decoded == "INFORMED CONSENT OBTAINED", let date = record.field("DSSTDTC") {
                    events.append(MappedEvent([(EventKey.type.rawValue, .text("consent", at: record.position)), (EventKey.date.rawValue, Self.date(date))], at: record.position))
                } else {
                    skip(record, "DSDECOD other than RANDOMIZED or INFORMED CONSENT OBTAINED")
                }
            case "IE": events.append(criterion(record))
            case "QS": if let event = questionnaire(record) { events.append(event) }
            default: skip(record, "no mapping for the domain")
            }
        }
        return MappedEvent.item(members: members, events: events, at: position, decoder: decoder, direct: decodesEventsDirectly)
    }

    // MARK: Domains

    /// The variables of an exposure domain (EX or EC) the mapping reads, named once.
    private struct ExposureVariables {
        let treatment, dose, unit, doseText, route, frequency, cycle, start, end: String

        init(_ prefix: String) {
            treatment = prefix + "TRT"
            dose = prefix + "DOSE"
            unit = prefix + "DOSU"
            doseText = prefix + "DOSTXT"
            route = prefix + "ROUTE"
            frequency = prefix + "DOSFRQ"
            cycle = prefix + "CYCLE"
            start = prefix + "STDTC"
            end = prefix + "ENDTC"
        }

        static let ex = ExposureVariables("EX")
        static let ec = ExposureVariables("EC")

        /// The variables of `domain`.
        static func of(_ domain: String) -> ExposureVariables { domain == "EX" ? ex : domain == "EC" ? ec : ExposureVariables(domain) }
    }

    private mutating func exposure(_ record: SDTMDataset.Record) -> MappedEvent? {
        let variables = ExposureVariables.of(record.dataset.domain)
        if record.text("ECOCCUR")?.uppercased() == "N" {
            skip(record, "ECOCCUR N: a dose not given")
            return nil
        }
        if record.text("ECMOOD")?.uppercased() == "SCHEDULED" {
            skip(record, "ECMOOD SCHEDULED: a planned dose")
            return nil
        }
        var members: [(String, SyntaxNode)] = [(EventKey.type.rawValue, .text("administration", at: record.position))]
        members.reserveCapacity(8)
        if let drug = record.field(named: variables.treatment) { members.append(("drug", .text(drug.trimmed ?? "", at: drug.position))) }
        if let dose = quantity(record, value: variables.dose, unit: variables.unit) {
            members.append(("dose", dose))
        } else if let text = record.field(named: variables.doseText) {
            members.append(("dose", .text(text.trimmed ?? "", at: text.position)))
        }
        if let route = record.field(named: variables.route), let text = ClinicalCodes.route(code: nil, text: route.trimmed) {
            members.append(("route", .text(text, at: route.position)))
        }
        if let frequency = record.field(named: variables.frequency) { members.append(("frequency", .text(frequency.trimmed ?? "", at: frequency.position))) }
        if let cycle = record.field("CYCLE") ?? record.field(named: variables.cycle) { members.append(("cycle", Self.node(cycle))) }
        members += Self.dates(record, start: variables.start, end: variables.end)
        return MappedEvent(members, at: record.position)
    }

    private mutating func procedure(_ record: SDTMDataset.Record) -> MappedEvent? {
        let texts = ["PRCAT", "PRSCAT", "PRDECOD", "PRTRT"].compactMap { record.text($0) }.map { $0.uppercased() }
        let unit = record.text("PRDOSU")?.lowercased()
        let isRadiotherapy = texts.contains { Self.contains($0, "RADIO") || Self.contains($0, "RADIATION") } || unit == "gy" || unit == "cgy"
        let isSurgery = ["PRCAT", "PRSCAT"].compactMap { record.text($0) }.contains { Self.contains($0.uppercased(), "SURG") }
        var members: [(String, SyntaxNode)]
        if isRadiotherapy {
            members = [(EventKey.type.rawValue, .text("radiotherapy", at: record.position))]
            members += Self.dates(record, start: "PRSTDTC", end: "PRENDTC").map { $0.0 == EventKey.date.rawValue ? [(EventKey.start.rawValue, $0.1), (EventKey.end.rawValue, $0.1)] : [$0] }.flatMap { $0 }
            if let dose = quantity(record, value: "PRDOSE", unit: "PRDOSU") { members.append(("dose", dose)) }
            if let fractions = record.field("PRFXNUM") { members.append(("fractions", Self.node(fractions))) }
            if let technique = record.field("PRRTTECH") {
                members.append(("technique", .text(technique.trimmed ?? "", at: technique.position)))
            } else if let treatment = record.field("PRTRT"), let name = Self.techniqueName(in: treatment.trimmed ?? "") {
                members.append(("technique", .text(name, at: treatment.position)))
            }
            if let intent = record.field("PRINTENT") {
                members.append(("intent", .text((intent.trimmed ?? "").lowercased(), at: intent.position)))
            } else if let category = record.field("PRSCAT") ?? record.field("PRCAT"),
                      let word = ["definitive", "palliative", "adjuvant", "neoadjuvant"].first(where: { ClinicalCodes.words(category.text).contains($0) }) {
                members.append(("intent", .text(word, at: category.position)))
            }
        } else if isSurgery {
            members = [(EventKey.type.rawValue, .text("surgery", at: record.position))]
            members += Self.dates(record, start: "PRSTDTC", end: "PRENDTC")
            if let name = record.field("PRDECOD") ?? record.field("PRTRT") { members.append(("procedure", .text(name.trimmed ?? "", at: name.position))) }
            if let intent = record.field("PRINTENT") { members.append(("intent", .text((intent.trimmed ?? "").lowercased(), at: intent.position))) }
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
        let readings = ["CMSCAT", "CMCAT"].compactMap { record.text($0) }.map { reading(ofCategory: $0) }
        let type = readings.lazy.compactMap(\.type).first
            ?? record.text("CMCLASCD").flatMap(ClinicalCodes.therapyType(atc:))
        guard let type else {
            skip(record, "not an anticancer therapy: CMCAT and CMSCAT name no chemotherapy, immunotherapy or targeted therapy, and CMCLASCD no ATC L01 class")
            return nil
        }
        let phase = readings.lazy.compactMap(\.phase).first
        var members: [(String, SyntaxNode)] = [(EventKey.type.rawValue, .text(type, at: record.position))]
        members.reserveCapacity(8)
        if let phase { members.append(("phase", .text(phase, at: (record.field("CMSCAT") ?? record.field("CMCAT"))?.position ?? record.position))) }
        if let agent = record.field("CMTRT") { members.append(("agents", .list([.text(agent.trimmed ?? "", at: agent.position)], at: agent.position))) }
        if let cycles = record.field("CMCYCNUM") {
            members.append(("cycles", Self.node(cycles)))
        } else if let regimen = record.field("CMDOSRGM"), let words = Optional(ClinicalCodes.words(regimen.text)),
                  let index = words.firstIndex(where: { $0.hasPrefix("cycle") }), index > 0, Int(words[index - 1]) != nil {
            members.append(("cycles", .number(words[index - 1], at: regimen.position)))
        }
        let dates = Self.dates(record, start: "CMSTDTC", end: "CMENDTC")
        members += dates.count == 1 && dates[0].0 == EventKey.date.rawValue ? [(EventKey.start.rawValue, dates[0].1), (EventKey.end.rawValue, dates[0].1)] : dates
        let key = record.text("CMGRPID").map { "group:\($0)" }
            ?? ([type, phase ?? ""] + dates.map { "\($0.0)=\($0.1.text ?? "")" }).joined(separator: "|")
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
        let code = record.text("LBTESTCD") ?? ""
        let test = ClinicalCodes.labTestByTestCode[code.uppercased()] ?? record.text("LBLOINC").flatMap { ClinicalCodes.labTestByLOINC[$0] ?? $0 } ?? code
        var members: [(String, SyntaxNode)] = [(EventKey.type.rawValue, .text("lab", at: record.position))]
        members.reserveCapacity(8)
        members.append(("test", .text(test, at: record.field("LBTESTCD")?.position ?? record.position)))
        let standard = record.field("LBSTRESN")
        if let value = standard ?? record.field("LBORRES") { members.append(("value", Self.node(value))) }
        // The standard result's unit and range go with it, else the original's.
        let (unitVariable, highVariable, lowVariable): (StaticString, StaticString, StaticString) =
            standard == nil ? ("LBORRESU", "LBORNRHI", "LBORNRLO") : ("LBSTRESU", "LBSTNRHI", "LBSTNRLO")
        if let unit = record.field(unitVariable) {
            noteUnit(unit, variable: unitVariable.description, of: record)
            members.append(("unit", .text(unit.trimmed ?? "", at: unit.position)))
        }
        if let high = record.field(highVariable) { members.append(("uln", Self.node(high))) }
        if let low = record.field(lowVariable) { members.append(("lln", Self.node(low))) }
        if let date = record.field("LBDTC") { members.append((EventKey.date.rawValue, Self.date(date))) }
        return MappedEvent(members, at: record.position)
    }

    private func adverseEvent(_ record: SDTMDataset.Record) -> MappedEvent {
        var members: [(String, SyntaxNode)] = [(EventKey.type.rawValue, .text("adverse-event", at: record.position))]
        if let term = record.field("AEDECOD") ?? record.field("AETERM") { members.append(("term", .text(term.trimmed ?? "", at: term.position))) }
        if let grade = record.field("AETOXGR") { members.append(("grade", Self.node(grade))) }
        members += Self.dates(record, start: "AESTDTC", end: "AEENDTC").map { $0.0 == EventKey.date.rawValue ? [(EventKey.start.rawValue, $0.1), (EventKey.end.rawValue, $0.1)] : [$0] }.flatMap { $0 }
        if let flag = record.field("AEIRAE") ?? record.field("IRAE"), let text = flag.trimmed?.uppercased(), text == "Y" || text == "N" {
            members.append(("immune_related", SyntaxNode(content: .bool(text == "Y"), position: flag.position)))
        } else if let category = ["AECAT", "AESCAT"].compactMap({ record.field($0) }).first(where: { Self.contains($0.text.uppercased(), "IMMUNE") }) {
            members.append(("immune_related", SyntaxNode(content: .bool(true), position: category.position)))
        }
        return MappedEvent(members, at: record.position)
    }

    private mutating func history(_ record: SDTMDataset.Record) -> MappedEvent {
        let category = record.text("MHCAT")?.uppercased() ?? ""
        if Self.contains(category, "PRIMARY DIAGNOSIS") || Self.contains(category, "PRIMARY CANCER") {
            var members: [(String, SyntaxNode)] = [(EventKey.type.rawValue, .text("diagnosis", at: record.position))]
            if let date = record.field("MHSTDTC") { members.append((EventKey.date.rawValue, Self.date(date))) }
            if let histology = record.field("MHHISTOL") {
                members.append(("histology", .text(histology.trimmed ?? "", at: histology.position)))
            } else if let term = record.field("MHTERM"), let text = term.trimmed {
                // MHTERM stands in for the histology only when it names one: "Esophageal
                // carcinoma" leaves the histology unknown, not "carcinoma".
                if let histology = HistologyText.histology(in: text) {
                    members.append(("histology", .text(histology, at: term.position)))
                } else {
                    tally.add(
                        "\(record.dataset.fileName): primary diagnoses whose MHTERM names no histology and that have no QNAM MHHISTOL: the histology is unknown",
                        example: text, noun: "record(s)", at: term.position.location(in: decoder.file)
                    )
                }
            }
            if let stage = record.field("MHSTAGE") { members.append(("stage", .text(stage.trimmed ?? "", at: stage.position))) }
            if let site = record.field("MHPRSITE") ?? record.field("MHLOC") { members.append(("primary_site", .text(site.trimmed ?? "", at: site.position))) }
            if let metastases = record.field("MHMETAST") {
                let sites = metastases.text.split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                members.append(("metastases", .list(sites.map { SyntaxNode.text($0, at: metastases.position) }, at: metastases.position)))
            }
            return MappedEvent(members, at: record.position)
        }
        var members: [(String, SyntaxNode)] = [(EventKey.type.rawValue, .text("condition", at: record.position))]
        if let term = record.field("MHDECOD") ?? record.field("MHTERM") { members.append(("term", .text(term.trimmed ?? "", at: term.position))) }
        if let onset = record.field("MHSTDTC") { members.append(("onset", Self.date(onset))) }
        let relation = ["MHENRTPT", "MHENRF"].compactMap { record.text($0) }.first?.uppercased()
        if relation == "ONGOING" {
            members.append(("status", .text("active", at: record.position)))
        } else if relation == "BEFORE" || relation == "PRIOR" {
            members.append(("status", .text("resolved", at: record.position)))
        } else if let end = record.field("MHENDTC") {
            members.append(("status", .text("resolved", at: end.position)))
        }
        return MappedEvent(members, at: record.position)
    }

    private mutating func response(_ record: SDTMDataset.Record) -> MappedEvent? {
        if let scale = Self.performanceScale(of: record, prefix: "RS") { return performanceStatus(record, scale: scale, prefix: "RS") }
        guard let result = record.field("RSSTRESC") ?? record.field("RSORRES") else {
            skip(record, "no RSSTRESC or RSORRES")
            return nil
        }
        var members: [(String, SyntaxNode)] = [(EventKey.type.rawValue, .text("response", at: record.position)), ("result", .text(result.trimmed ?? "", at: result.position))]
        if let test = record.field("RSTESTCD") { members.append(("test", .text(test.trimmed ?? "", at: test.position))) }
        if let date = record.field("RSDTC") { members.append((EventKey.date.rawValue, Self.date(date))) }
        return MappedEvent(members, at: record.position)
    }

    private func criterion(_ record: SDTMDataset.Record) -> MappedEvent {
        var members: [(String, SyntaxNode)] = [(EventKey.type.rawValue, .text("criterion-not-met", at: record.position))]
        if let code = record.field("IETESTCD") { members.append(("criterion", .text(code.trimmed ?? "", at: code.position))) }
        if let text = record.field("IETEST") { members.append(("text", .text(text.trimmed ?? "", at: text.position))) }
        if let category = record.field("IECAT") { members.append(("category", .text((category.trimmed ?? "").lowercased(), at: category.position))) }
        if let date = record.field("IEDTC") { members.append((EventKey.date.rawValue, Self.date(date))) }
        return MappedEvent(members, at: record.position)
    }

    private mutating func questionnaire(_ record: SDTMDataset.Record) -> MappedEvent? {
        guard let scale = Self.performanceScale(of: record, prefix: "QS") else {
            skip(record, "not an ECOG or Karnofsky performance status")
            return nil
        }
        return performanceStatus(record, scale: scale, prefix: "QS")
    }

    /// The performance-status scale a QS or RS record assesses, by its category, test code
    /// or test name: `ECOG` (RSCAT/QSCAT `ECOG`, test code `ECOG101`), `Karnofsky`
    /// (`KARNOFSKY`, test code `KPS101`), or `nil`.
    private static func performanceScale(of record: SDTMDataset.Record, prefix: String) -> String? {
        let texts = [prefix + "CAT", prefix + "TESTCD", prefix + "TEST"].compactMap { record.text(named: $0) }.map { $0.uppercased() }
        if texts.contains(where: { Self.contains($0, "ECOG") }) { return "ECOG" }
        if texts.contains(where: { Self.contains($0, "KARNOFSKY") || $0.hasPrefix("KPS") }) { return "Karnofsky" }
        return nil
    }

    /// A performance-status event from a QS or RS record: `score` ← --STRESN, else
    /// --STRESC, else --ORRES (none: no score, so the check cannot use an older one in
    /// its place); `date` ← --DTC.
    private func performanceStatus(_ record: SDTMDataset.Record, scale: String, prefix: String) -> MappedEvent {
        var members: [(String, SyntaxNode)] = [
            (EventKey.type.rawValue, .text("performance-status", at: record.position)), ("scale", .text(scale, at: record.position)),
        ]
        if let score = record.field(named: prefix + "STRESN") ?? record.field(named: prefix + "STRESC") ?? record.field(named: prefix + "ORRES") {
            members.append(("score", Self.node(score)))
        }
        if let date = record.field(named: prefix + "DTC") { members.append((EventKey.date.rawValue, Self.date(date))) }
        return MappedEvent(members, at: record.position)
    }
}
