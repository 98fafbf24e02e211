import TrialCheckCore

/// The administrations of some study drugs in one patient's history, on or after enrollment.
struct StudyAdministrations: Sendable {
    /// Administrations certainly or possibly on or after enrollment, ordered by date
    /// (earliest possible day, then latest, then record order).
    let dated: [StudyAdministration]
    /// Matching events with no date at all: they may or may not fall after enrollment.
    let undated: [Event]

    /// Those certainly on or after enrollment.
    var certain: [StudyAdministration] { dated.filter(\.isCertain) }

    /// Those that partial dates leave possibly before enrollment.
    var uncertain: [StudyAdministration] { dated.filter { !$0.isCertain } }

    /// Collects the events of `types` in `patient` that give one of `drugs`: through `drug`
    /// for administrations, through `agents` for therapy events.
    ///
    /// An event counts as on or after enrollment when its last day (`end`, or `date`) is on
    /// or after the enrollment date; a span without `end` is ongoing, so it counts.
    init(of patient: PatientHistory, drugs: DrugNames, types: [EventType] = [.administration]) {
        let enrollment = patient.enrollment.date.span
        var dated: [StudyAdministration] = []
        var undated: [Event] = []
        for event in patient.selectEvents(ofTypes: types) {
            let given: [String]
            if event.type == .administration {
                guard let drug = event.string("drug").flatMap(drugs.drugAlone(named:)) else { continue }
                given = drug
            } else {
                given = Self.unique(event.strings("agents").compactMap(drugs.drug(named:)))
                guard !given.isEmpty else { continue }
            }
            guard let start = event.startSpan else {
                undated.append(event)
                continue
            }
            let end = event.endSpan
            let after: Truth = end.map { !$0.isBefore(enrollment) } ?? .yes
            guard after != .no else { continue }
            if dated.isEmpty { dated.reserveCapacity(patient.events.count) }
            dated.append(StudyAdministration(event: event, drugs: given, start: start, end: end, afterEnrollment: after))
        }
        // Records usually list administrations in date order already: then sorting (by date,
        // then record order) would leave them as they are.
        let inOrder = zip(dated, dated.dropFirst()).allSatisfy { earlier, later in !Self.startsBefore(later.start, earlier.start) }
        self.dated = inOrder ? dated : dated.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.start, rhs.element.start)
            if left.first != right.first { return left.first < right.first }
            if left.last != right.last { return left.last < right.last }
            return lhs.offset < rhs.offset
        }.map(\.element)
        self.undated = undated
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
