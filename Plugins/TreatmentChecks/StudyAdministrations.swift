import TrialCheckCore

/// The administrations of some study drugs in one patient's history, on or after enrollment.
struct StudyAdministrations: Sendable {
    /// Administrations certainly or possibly on or after enrollment, ordered by date
    /// (earliest possible day, then latest, then record order).
    let dated: [StudyAdministration]
    /// Matching events with no date at all: they may or may not fall after enrollment.
    let undated: [Event]
    /// Events of the types read that name no drug at all (an administration without `drug`,
    /// a therapy without `agents`), possibly on or after enrollment: any of them may be a
    /// study drug, so they must never let a check pass.
    let unnamed: [Event]
    /// Events, possibly on or after enrollment, that name a drug the terminology does not
    /// know where the check selects drugs by class: any of them may be of the class.
    let unclassified: [(event: Event, name: String)]

    /// Those certainly on or after enrollment.
    var certain: [StudyAdministration] { dated.filter(\.isCertain) }

    /// Those that partial dates leave possibly before enrollment.
    var uncertain: [StudyAdministration] { dated.filter { !$0.isCertain } }

    /// What the administrations of a patient are collected by: checks that ask with equal
    /// keys share one collection.
    private struct Key: Hashable, Sendable {
        let drugs: DrugNames
        let types: [EventType]
        let enrollment: PartialDate

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.enrollment == rhs.enrollment && lhs.types == rhs.types && lhs.drugs.identity == rhs.drugs.identity
        }

        // The drugs' text is hashed once, when the check is built, not for every patient.
        func hash(into hasher: inout Hasher) {
            hasher.combine(drugs.identityHash)
            hasher.combine(enrollment)
        }
    }

    /// The administrations of `drugs` in `patient` (``init(of:drugs:types:)``), collected
    /// once per patient for every check that reads the same drugs of the same types.
    static func of(_ patient: PatientHistory, drugs: DrugNames, types: [EventType] = [.administration]) -> StudyAdministrations {
        patient.derived(Key(drugs: drugs, types: types, enrollment: patient.enrollment.date)) {
            StudyAdministrations(of: patient, drugs: drugs, types: types)
        }
    }

    /// Collects the events of `types` in `patient` that give one of `drugs`: through `drug`
    /// for administrations, through `agents` for therapy events.
    ///
    /// An event counts as on or after enrollment when its last day (`end`, or `date`) is on
    /// or after the enrollment date; a span without `end` is ongoing, so it counts.
    init(of patient: borrowing PatientHistory, drugs: DrugNames, types: [EventType] = [.administration]) {
        let enrollment = patient.enrollment.date.span
        let mentions = DrugMentions.of(patient, types: types)
        // What each name the history records is to these drugs, looked up once.
        let resolved = zip(mentions.names, mentions.keys).map { name, key -> Resolved in
            switch drugs.match(name, key: key) {
            case .drug(let drug): .drug(drug, alone: drugs.alone(drug))
            case .none: .none
            case .unclassified: .unclassified
            }
        }
        let events = patient.events
        var dated: [StudyAdministration] = []
        var undated: [Event] = []
        var unnamed: [Event] = []
        var unclassified: [(event: Event, name: String)] = []
        // The events are read in place: a copy of each would be retained and released.
        events.withUnsafeBufferPointer { buffer in
            for entry in mentions.entries {
                let position = entry.position
                guard entry.isNamed else {
                    if Self.mayFollow(buffer[position], enrollment: enrollment) { unnamed.append(buffer[position]) }
                    continue
                }
                var given: [String] = []
                for use in mentions.uses[entry.uses] {
                    switch resolved[use] {
                    case .drug(let drug, let alone):
                        // An administration's one drug is a list shared by every administration of it.
                        if entry.isAdministration { given = alone } else { given.append(drug) }
                    case .none: continue
                    case .unclassified:
                        if Self.mayFollow(buffer[position], enrollment: enrollment) { unclassified.append((buffer[position], mentions.names[use])) }
                    }
                }
                if !entry.isAdministration { given = Self.unique(given) }
                guard !given.isEmpty else { continue }
                guard let start = entry.start else {
                    undated.append(buffer[position])
                    continue
                }
                let end = entry.end
                let after: Truth = end.map { !$0.isBefore(enrollment) } ?? .yes
                guard after != .no else { continue }
                if dated.isEmpty { dated.reserveCapacity(mentions.entries.count) }
                dated.append(StudyAdministration(events: events, position: position, drugs: given, start: start, end: end, afterEnrollment: after))
            }
        }
        // Records usually list administrations in date order already: then sorting (by date,
        // then record order) would leave them as they are.
        let inOrder = dated.indices.dropFirst().allSatisfy { !Self.startsBefore(dated[$0].start, dated[$0 - 1].start) }
        self.dated = inOrder ? dated : dated.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.start, rhs.element.start)
            if left.first != right.first { return left.first < right.first }
            if left.last != right.last { return left.last < right.last }
            return lhs.offset < rhs.offset
        }.map(\.element)
        self.undated = undated
        self.unnamed = unnamed
        self.unclassified = unclassified
    }

    /// What a recorded name is to the drugs of a collection.
    private enum Resolved {
        /// One of the drugs (as the protocol names it, or a drug of a class as recorded),
        /// with the list of it alone.
        case drug(String, alone: [String])
        case none
        /// A name the terminology does not know, where the drugs include classes.
        case unclassified
    }

    /// Whether an event may fall on or after enrollment: it ends then or later, is ongoing,
    /// or has no date.
    private static func mayFollow(_ event: Event, enrollment: DaySpan) -> Bool {
        guard event.startSpan != nil else { return true }
        return (event.endSpan.map { !$0.isBefore(enrollment) } ?? .yes) != .no
    }

    /// `judgement`, unless it is a pass and some event names no drug: then not-evaluable,
    /// since an event without a drug may be one of `drugs` (a record is never compliant
    /// because it left the drug out). The evidence cites the enrollment date of `patient`.
    ///
    /// The history is passed rather than its enrollment evidence in a closure: a closure
    /// reading it captured a copy of the whole history (about 900 instructions a check).
    func unlessUnnamed(_ judgement: Judgement, drugs: DrugNames, in patient: PatientHistory) -> Judgement {
        guard judgement.verdict == .pass else { return judgement }
        if let first = unclassified.first {
            let names = unclassified.map { "'\($0.name)' (\($0.event.type) \($0.event.datesDescription))" }
            return .notEvaluable(
                "The drug terminology does not know \(names.joined(separator: ", ")), so it cannot be told whether \(unclassified.count == 1 ? "it is" : "they are") one of \(drugs.orList).",
                evidence: [Evidence("\(first.event.type) (\(first.name))", first.event.datesDescription, from: first.event), Evidence.enrollmentDate(of: patient)]
            )
        }
        guard !unnamed.isEmpty else { return judgement }
        let count = unnamed.count == 1 ? "An \(unnamed[0].type) event names" : "\(unnamed.count) events name"
        return .notEvaluable(
            "\(count) no drug, so it cannot be told whether \(unnamed.count == 1 ? "it gives" : "they give") \(drugs.orList): \(unnamed.map { "\($0.type) \($0.datesDescription)" }.joined(separator: "; ")).",
            evidence: unnamed.map { Evidence("\($0.type) without a drug", $0.datesDescription, from: $0) } + [Evidence.enrollmentDate(of: patient)]
        )
    }

    /// Whether a span's earliest day, then its latest, come before another's.
    private static func startsBefore(_ left: DaySpan, _ right: DaySpan) -> Bool {
        left.first != right.first ? left.first < right.first : left.last < right.last
    }

    private static func unique(_ names: [String]) -> [String] {
        guard names.count > 1 else { return names }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
