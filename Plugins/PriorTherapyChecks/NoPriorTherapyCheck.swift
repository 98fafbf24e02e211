import TrialCheckCore

/// `no-prior-therapy`: no forbidden-phase therapy before enrollment, and no anticancer
/// therapy between the end of chemoradiotherapy and enrollment.
///
/// A finding is dated on the start of the forbidden therapy (the earliest it reports), or on
/// enrollment for one recorded without a date. When it reports therapy between chemoradiotherapy
/// and enrollment, its window is that span: the days strictly between the two, an excluded period.
public struct NoPriorTherapyCheck: Check {
    /// Phases forbidden at any time before enrollment.
    public static let forbiddenPhases = Parameter<[String]>("forbidden_phases", "list of phases", default: ["adjuvant"], "Phases forbidden at any time before enrollment.")
    /// Event types the forbidden phases apply to.
    public static let systemicTypes = Parameter<[String]>("systemic_types", "list of event types", default: defaultSystemicTypes.map(\.rawValue), "Event types (a) applies to.")
    /// Event types forbidden between chemoradiotherapy completion and enrollment.
    public static let afterCompletionTypes = Parameter<[String]>(
        "after_completion_types", "list of event types", default: defaultAfterCompletionTypes.map(\.rawValue),
        "Event types forbidden between CRT completion and enrollment."
    )
    /// Phases that remain permitted after completion (they belong to the CRT regimen).
    public static let permittedPhases = Parameter<[String]>("permitted_phases", "list of phases", default: ["induction", "concurrent"], "Phases that do not count as therapy after completion.")

    public static let identifier = "no-prior-therapy"

    public static let description = CheckDescription(
        kind: identifier,
        name: "No prior (adjuvant) therapy",
        summary: """
            Deviation if (a) a `systemic_types` event whose phase is in `forbidden_phases` \
            starts before enrollment, at any time; or (b) an `after_completion_types` event \
            (radiotherapy only when not definitive) whose phase is not in `permitted_phases` \
            starts after chemoradiotherapy completion and before enrollment. Therapy on or \
            after the enrollment date is study treatment. Without a definitive course, (b) \
            cannot be decided: not-evaluable unless (a) already found a deviation.
            """,
        parameters: [forbiddenPhases, systemicTypes, afterCompletionTypes, permittedPhases],
        exampleParameters: "forbidden_phases: [adjuvant]",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}, {type: immunotherapy, phase: induction, agents: [camrelizumab], start: 2025-08-20, end: 2025-09-30}, {type: immunotherapy, agents: [toripalimab], start: 2026-01-20}]}",
        ],
        deviatingExamples: [
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}, {type: chemotherapy, phase: adjuvant, agents: [capecitabine], start: 2019-03-01, end: 2019-08-30}]}",
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}, {type: surgery, date: 2025-12-15, procedure: esophagectomy}]}",
        ],
        inputs: NoPriorTherapyCheck.inputs(systemicTypes: NoPriorTherapyCheck.defaultSystemicTypes, afterCompletionTypes: NoPriorTherapyCheck.defaultAfterCompletionTypes)
    )

    private let forbiddenPhases: Set<String>
    private let systemicTypes: [EventType]
    private let afterCompletionTypes: [EventType]
    private let permittedPhases: Set<String>

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        forbiddenPhases = Set(try parameters[Self.forbiddenPhases].map(TermMatcher.normalized))
        systemicTypes = try parameters[Self.systemicTypes].map(EventType.init(recorded:))
        afterCompletionTypes = try parameters[Self.afterCompletionTypes].map(EventType.init(recorded:))
        permittedPhases = Set(try parameters[Self.permittedPhases].map(TermMatcher.normalized))
        if let clash = forbiddenPhases.intersection(permittedPhases).sorted().first {
            throw ParameterProblem("phase '\(clash)' is both forbidden and permitted", parameter: "permitted_phases")
        }
    }

    public var inputs: CheckInputs {
        Self.inputs(systemicTypes: systemicTypes, afterCompletionTypes: afterCompletionTypes)
    }

    static let defaultSystemicTypes: [EventType] = [.chemotherapy, .immunotherapy, .targetedTherapy]
    static let defaultAfterCompletionTypes: [EventType] = [.chemotherapy, .immunotherapy, .targetedTherapy, .surgery, .radiotherapy]

    /// What the check reads: the phase and agents of systemic therapy, every event of the
    /// types that count after chemoradiotherapy, and the course that completion is measured from.
    static func inputs(systemicTypes: [EventType], afterCompletionTypes: [EventType]) -> CheckInputs {
        let systemic = systemicTypes.reduce(CheckInputs.events(.radiotherapy, keys: ["intent"])) { $0.reading($1, keys: ["phase", "agents", "drug"]) }
        return afterCompletionTypes.reduce(systemic) { $0.reading($1, keys: ["phase", "agents", "drug", "procedure", "intent"]) }
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let enrollment = patient.enrollment.date.span
        var enrollmentEvidence: Evidence { Evidence.enrollmentDate(of: patient) }
        var definite: [(Event, String)] = []
        var possible: [(Event, String)] = []
        // Whether a finding rests on therapy after chemoradiotherapy (part b), which has a window.
        var afterCompletion = (definite: false, possible: false)

        for event in patient.selectEvents(ofTypes: systemicTypes) {
            guard let phase = event.phase, forbiddenPhases.contains(phase) else { continue }
            let before = event.startSpan.map { $0.isBefore(enrollment) } ?? .unknown
            // Written only for an event that is reported.
            var why: String { "\(phase) \(Self.describe(event)) started \(event.startSpan?.description ?? "on an unrecorded date"), before enrollment" }
            switch before {
            case .yes: definite.append((event, why))
            case .unknown: possible.append((event, why))
            case .no: break
            }
        }

        let course = RadiotherapyCourse(of: patient)
        let completion = course?.completion
        if let completion, let course {
            for event in patient.selectEvents(ofTypes: afterCompletionTypes) {
                if event.type == .radiotherapy && course.allEvents.contains(event) { continue }
                if event.type == .radiotherapy && RadiotherapyCourse.isDefinitive(event) { continue }
                if let phase = event.phase, permittedPhases.contains(phase) { continue }
                guard let start = event.startSpan else {
                    possible.append((event, "\(Self.describe(event)) is recorded without a date"))
                    afterCompletion.possible = true
                    continue
                }
                let between = start.isStrictlyBetween(completion, and: enrollment)
                var why: String { "\(Self.describe(event)) started \(start), after chemoradiotherapy ended \(completion) and before enrollment" }
                switch between {
                case .yes:
                    definite.append((event, why))
                    afterCompletion.definite = true
                case .unknown:
                    possible.append((event, why))
                    afterCompletion.possible = true
                case .no: break
                }
            }
        }

        var context: [Evidence] {
            guard let completion, let event = course?.completingEvent else { return [enrollmentEvidence] }
            return [enrollmentEvidence, Evidence("chemoradiotherapy completion", completion.description, from: event)]
        }
        func evidence(_ items: [(Event, String)]) -> [Evidence] {
            items.map { Evidence(Self.describe($0.0), $0.0.datesDescription, from: $0.0) } + context
        }

        /// The days strictly between chemoradiotherapy and enrollment, where a finding rests on them.
        func period(_ applies: Bool) -> DateWindow? {
            guard applies, let completion else { return nil }
            let first = completion.last.advanced(by: 1)
            let last = enrollment.first.advanced(by: -1)
            return first <= last ? DateWindow("excluded period for therapy after chemoradiotherapy", from: first, to: last) : nil
        }
        if !definite.isEmpty {
            return Judgement.deviation(Self.sentence(definite.map(\.1)), evidence: evidence(definite))
                .dated(PartialDate.earliest(of: definite.lazy.compactMap(\.0.startDate)))
                .windowed(period(afterCompletion.definite))
        }
        if !possible.isEmpty {
            return Judgement.indeterminate("Partial or missing dates leave it open whether " + Self.sentence(possible.map(\.1)).lowercasingFirstLetter, evidence: evidence(possible))
                .dated(PartialDate.earliest(of: possible.lazy.compactMap(\.0.startDate)))
                .windowed(period(afterCompletion.possible))
        }
        guard course != nil else {
            return .notEvaluable(
                "No definitive radiotherapy before enrollment is recorded, so therapy after chemoradiotherapy cannot be judged.",
                evidence: [enrollmentEvidence]
            )
        }
        guard completion != nil else {
            return .notEvaluable(
                "The radiotherapy course has no end date, so therapy after chemoradiotherapy cannot be judged.",
                evidence: [enrollmentEvidence]
            )
        }
        return .pass("No adjuvant therapy, and no therapy between chemoradiotherapy and enrollment.")
    }

    private static func describe(_ event: Event) -> String {
        let names = event.type == .surgery ? [event.string("procedure")].compactMap { $0 } : event.strings("agents") + [event.string("drug")].compactMap { $0 }
        let kind = event.type == .radiotherapy ? "\(event.intent ?? "non-definitive") radiotherapy" : event.type.rawValue
        return names.isEmpty ? kind : "\(kind) (\(names.joined(separator: ", ")))"
    }

    private static func sentence(_ reasons: [String]) -> String {
        let first = reasons[0].capitalizingFirstLetter
        return reasons.count == 1 ? first + "." : first + "; and \(reasons.count - 1) more: " + reasons.dropFirst().joined(separator: "; ") + "."
    }
}
