import TrialCheckCore

/// `adverse-event-grade`: no adverse event of a listed term (or any term), optionally
/// immune-related only, of CTCAE grade `min_grade` or worse, before or ongoing at enrollment.
///
/// A finding is dated on the adverse event's onset (its `start`, else `date`; the earliest
/// among those it reports), or on enrollment where none has one.
public struct AdverseEventGradeCheck: Check {
    /// The adverse events concerned; absent means any term.
    public static let terms = Parameter<[TermEntry]?>("terms", "list of terms (text, or {term, synonyms})", "The adverse events concerned; absent: any term.")
    /// The least CTCAE grade (1-5) that breaks the rule.
    public static let minGrade = Parameter<Int>(required: "min_grade", "integer (CTCAE grade 1-5)", "The least grade that breaks the rule.")
    /// Whether only adverse events flagged `immune_related: true` count.
    public static let immuneRelated = Parameter<Bool>("immune_related", "boolean", default: false, "When true, only adverse events flagged `immune_related: true` count.")
    /// When an adverse event counts.
    public static let when = Parameter<AdverseEventTiming>("when", "before-enrollment or ongoing-at-enrollment", default: .beforeEnrollment, "When an adverse event counts.")

    public static let identifier = "adverse-event-grade"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Adverse event grade",
        summary: """
            Deviation if an `adverse-event` whose `term` equals a listed term or synonym \
            (ignoring case, surrounding whitespace and runs of inner spaces; any term when \
            `terms` is absent), flagged `immune_related: true` where `immune_related: true` \
            is set, has a `grade` of at least `min_grade` and counts under `when`: \
            `before-enrollment` (its `start`, else `date`, is before enrollment) or \
            `ongoing-at-enrollment` (started on or before enrollment, and `end` absent or \
            after enrollment). An adverse event that could count but has no grade, a grade \
            that is not a whole number from 1 to 5, no start date, no term (where `terms` \
            is set) or no `immune_related` flag (where required) is not-evaluable, naming \
            it, unless another event shows a deviation; partial dates that straddle \
            enrollment are indeterminate. No matching adverse event is a pass.
            """,
        parameters: [terms, minGrade, immuneRelated, when],
        exampleParameters: """
            terms:
              - {term: radiation pneumonitis, synonyms: [pneumonitis]}
            min_grade: 2
            when: before-enrollment
            """,
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: adverse-event, term: radiation pneumonitis, grade: 1, start: 2025-12-01, end: 2025-12-20}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: adverse-event, term: Pneumonitis, grade: 3, start: 2026-03-02}, {type: adverse-event, term: esophagitis, grade: 3, start: 2025-11-01}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: adverse-event, term: radiation pneumonitis, grade: 2, start: 2025-12-01, end: 2026-01-05}]}",
        ],
        inputs: .events(.adverseEvent, keys: ["term", "grade", "immune_related"])
    )

    private let matcher: TermMatcher?
    private let minGrade: Int
    private let immuneRelatedOnly: Bool
    private let timing: AdverseEventTiming
    /// `No listed adverse event of grade 2 or worse before enrollment is recorded.`
    private let passMessage: String

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let entries = try parameters[Self.terms]
        let grade = try parameters[Self.minGrade]
        let immuneRelated = try parameters[Self.immuneRelated]
        let when = try parameters[Self.when]
        matcher = try entries.map { entries throws(ParameterProblem) in try TermMatcher(entries, parameter: "terms") }
        guard (1...5).contains(grade) else {
            throw ParameterProblem("'min_grade' must be a CTCAE grade from 1 to 5, not \(grade)", parameter: "min_grade")
        }
        minGrade = grade
        immuneRelatedOnly = immuneRelated
        timing = when
        let frame = timing == .beforeEnrollment ? "before enrollment" : "ongoing at enrollment"
        let kind = immuneRelatedOnly ? "immune-related adverse event" : "adverse event"
        let which = matcher == nil ? kind : "listed \(kind)"
        passMessage = "No \(which) of grade \(minGrade) or worse \(frame) is recorded."
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let enrollment = patient.enrollment.date.span
        let enrollmentDate = patient.enrollment.date
        // Written only for an event that is reported.
        var enrollmentText: String { enrollmentDate.description }
        var findings = Findings()
        for event in patient.selectEvents(ofType: .adverseEvent) {
            var lacking: [String] = []
            let recorded = event.string("term")?.trimmingWhitespace() ?? ""
            var listed: String?
            if let matcher {
                if recorded.isEmpty {
                    lacking.append("no term")
                } else {
                    guard let match = matcher.match(recorded) else { continue }
                    listed = match
                }
            }
            if immuneRelatedOnly {
                switch event.flag("immune_related") {
                case false?: continue
                case true?: break
                case nil: lacking.append("no immune_related flag (true or false)")
                }
            }
            let placement = timing == .beforeEnrollment
                ? EventTiming.began(event, before: enrollment)
                : EventTiming.present(event, on: enrollment)
            if placement == .no { continue }
            if case .missing = placement { lacking.append("no start date") }
            let grade = event["grade"].flatMap { $0 == .null ? nil : $0 }
            if let grade {
                if let value = Self.ctcaeGrade(grade) {
                    if value < minGrade { continue }
                } else {
                    lacking.append("a grade ('\(grade.display)') that is not a CTCAE grade from 1 to 5")
                }
            } else {
                lacking.append("no grade")
            }

            let name = Self.name(event, recorded: recorded, listed: listed, immuneRelated: event.flag("immune_related") == true)
            let dates = EventTiming.describe(event)
            let evidence = [Evidence(name, "grade \(grade?.display ?? "not recorded"); \(dates)", from: event)]
            guard lacking.isEmpty else {
                findings.unknown("\(name) has \(lacking.joined(separator: " and ")) (\(dates)), so it cannot be judged against grade \(minGrade) or worse", evidence: evidence, date: EventTiming.onsetDate(of: event))
                continue
            }
            let gradeText = "grade \(grade?.display ?? "")"
            let frame = timing == .beforeEnrollment ? "started before enrollment on \(enrollmentText)" : "was ongoing at enrollment on \(enrollmentText)"
            switch placement {
            case .yes:
                findings.deviation("\(name), \(gradeText), \(frame) (\(dates)); grade \(minGrade) or worse is excluded", evidence: evidence, date: EventTiming.onsetDate(of: event))
            case .unknown:
                findings.possibility("partial dates leave it open whether \(name), \(gradeText), \(frame) (\(dates)); grade \(minGrade) or worse is excluded", evidence: evidence, date: EventTiming.onsetDate(of: event))
            case .no, .missing:
                continue
            }
        }
        let context = [Evidence.enrollmentDate(of: patient)]
        return findings.judgement(context: context) { .pass(passMessage, evidence: context) }
    }

    /// A whole-number grade from 1 to 5, or `nil` for any other value.
    private static func ctcaeGrade(_ value: Value) -> Int? {
        guard let grade = value.int, (1...5).contains(grade) else { return nil }
        return grade
    }

    /// `immune-related adverse event 'Pneumonitis' (matches the listed term 'radiation pneumonitis')`.
    private static func name(_ event: Event, recorded: String, listed: String?, immuneRelated: Bool) -> String {
        let noun = immuneRelated ? "immune-related adverse event" : "adverse event"
        let term = recorded.isEmpty ? noun : "\(noun) '\(recorded)'"
        guard let listed, TermMatcher.normalized(recorded) != TermMatcher.normalized(listed) else { return term }
        return "\(term) (matches the listed term '\(listed)')"
    }
}
