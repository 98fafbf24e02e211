import TrialCheckCore

/// `no-study-drug`: patients of some arms (a control arm, say) receive none of the study
/// drugs on or after enrollment.
///
/// A finding is dated on the first study drug given on or after enrollment: the start of the
/// earliest such event, or the enrollment date for one already running at enrollment.
public struct NoStudyDrugCheck: Check {
    /// The drugs that must not be given.
    public static let drugs = Parameter<[String]>("drugs", "list of drug names", default: [], "The drugs the arms must not receive (give `drugs`, `classes` or both).")
    /// Drug classes that must not be given: ATC codes (`L01FF`) or named classes.
    public static let classes = Parameter<[String]>("classes", "list of ATC codes or class names", default: [], "Drug classes the arms must not receive (`[anti-PD-1/PD-L1]`, `[L01FF]`).")
    /// The therapy event types whose `agents` are read besides `administration` events.
    public static let therapyTypes = Parameter<[String]>(
        "therapy_types", "list of event types", default: ["chemotherapy", "immunotherapy", "targeted-therapy"],
        "Therapy events whose `agents` are read, besides `administration` events."
    )

    public static let identifier = "no-study-drug"

    public static let description = CheckDescription(
        kind: identifier,
        name: "No study drug in an arm",
        summary: """
            Patients of `arms` receive none of `drugs` on or after the enrollment date: \
            deviation for any `administration` event whose `drug` is one of them, or any \
            `therapy_types` event whose `agents` include one, that falls on or after \
            enrollment (a span counts by its `end`; a span without `end` is ongoing, so it \
            counts). Names match as the drug terminology compares them, with its synonyms and \
            the protocol's `synonyms`; with `classes`, a drug of any listed class counts too, \
            and a recorded name the terminology does not know on or after enrollment turns a \
            pass into not-evaluable. Treatment ending before \
            enrollment is not study treatment. Partial dates that straddle the enrollment \
            date are indeterminate; an undated event of a study drug is not-evaluable. A \
            patient in another arm passes (not applicable); a patient with no arm recorded \
            is not-evaluable. \
            An event that names no drug (an `administration` without `drug`, a therapy \
            event without `agents`) on or after enrollment turns a pass into not-evaluable: it \
            may be a study drug.
            """,
        parameters: [drugs, classes, SharedParameters.drugSynonyms, SharedParameters.arms, therapyTypes],
        exampleParameters: "drugs: [toripalimab, capecitabine]\nsynonyms: {toripalimab: [JS001]}\narms: [B]",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20, arm: B}, events: [{type: response, date: 2026-04-01, result: SD}]}",
            "{id: P2, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, date: 2026-01-22}]}",
            "{id: P3, enrollment: {date: 2026-01-20, arm: B}, events: [{type: immunotherapy, phase: induction, agents: [toripalimab], start: 2025-08-20, end: 2025-09-30}]}",
        ],
        deviatingExamples: [
            "{id: P4, enrollment: {date: 2026-01-20, arm: B}, events: [{type: administration, drug: JS001, dose: 240 mg, date: 2026-02-10}]}",
            "{id: P5, enrollment: {date: 2026-01-20, arm: B}, events: [{type: chemotherapy, agents: [Capecitabine], start: 2026-01-20}]}",
        ],
        inputs: NoStudyDrugCheck.inputs(therapyTypes: [.chemotherapy, .immunotherapy, .targetedTherapy, .administration])
    )

    private let drugs: DrugNames
    private let scope: ArmScope
    private let types: [EventType]

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let names = try parameters[Self.drugs]
        let classNames = try parameters[Self.classes]
        let synonyms = try parameters[SharedParameters.drugSynonyms]
        let typeNames = try parameters[Self.therapyTypes]
        drugs = try DrugNames(names, synonyms: synonyms, classes: classNames, parameter: "drugs")
        scope = try ArmScope(parameters, context: context)
        let therapyTypes = typeNames.map(EventType.init(recorded:))
        var seen: Set<EventType> = []
        types = (therapyTypes + [.administration]).filter { seen.insert($0).inserted }
    }

    public var inputs: CheckInputs { Self.inputs(therapyTypes: types) }

    /// What the check reads: the drug of administrations and the agents of therapy events.
    static func inputs(therapyTypes: [EventType]) -> CheckInputs {
        therapyTypes.reduce(CheckInputs(fields: [.enrollmentDate, .arm])) { $0.reading($1, keys: $1 == .administration ? ["drug"] : ["agents"]) }
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        if let exemption = scope.exemption(for: patient) { return exemption }
        let found = StudyAdministrations.of(patient, drugs: drugs, types: types)
        return found.unlessUnnamed(judge(patient, found), drugs: drugs, in: patient)
    }

    /// The judgement from the events that name a drug.
    private func judge(_ patient: PatientHistory, _ found: StudyAdministrations) -> Judgement {
        let enrollment = patient.enrollment.date
        let context = [
            Evidence.arm(of: patient),
            Evidence.enrollmentDate(of: patient),
        ]
        let certain = found.certain
        if !certain.isEmpty {
            return Judgement.deviation(
                "Study drug given on or after enrollment (\(enrollment)): \(certain.map(Self.describe).joined(separator: "; ")).",
                evidence: certain.map(evidence) + context
            ).dated(Self.firstGiven(certain, enrollment: patient.enrollment.date))
        }
        let uncertain = found.uncertain
        if !uncertain.isEmpty {
            return Judgement.indeterminate(
                "Partial dates leave it open whether study drug was given on or after enrollment (\(enrollment)): \(uncertain.map(Self.describe).joined(separator: "; ")).",
                evidence: uncertain.map(evidence) + context
            ).dated(Self.firstGiven(uncertain, enrollment: patient.enrollment.date))
        }
        if !found.undated.isEmpty {
            return .notEvaluable(
                "\(Self.count(found.undated.count, "event")) of \(drugs.orList) \(found.undated.count == 1 ? "has" : "have") no date, so it cannot be told whether \(found.undated.count == 1 ? "it was" : "they were") given after enrollment.",
                evidence: found.undated.map { Evidence(Self.label($0), "undated", from: $0) } + context
            )
        }
        return .pass { [drugs] in "No \(drugs.orList) recorded on or after enrollment (\(enrollment))." } evidence: { context }
    }

    /// The first day study drug was given on or after enrollment: the earliest start (as
    /// written) among `items`, the enrollment date for one that began before it.
    private static func firstGiven(_ items: [StudyAdministration], enrollment: PartialDate) -> PartialDate? {
        PartialDate.earliest(of: items.map { item in
            item.start.first >= enrollment.span.first ? item.event.startDate ?? enrollment : enrollment
        })
    }

    /// The drug names the event records, as written.
    private static func recordedNames(_ event: Event) -> [String] {
        event.type == .administration ? [event.string("drug")].compactMap { $0 } : event.strings("agents")
    }

    private static func label(_ event: Event) -> String {
        "\(event.type.rawValue) (\(recordedNames(event).joined(separator: ", ")))"
    }

    private static func kind(_ item: StudyAdministration) -> String {
        item.event.type == .administration ? "administration" : item.event.type.rawValue
    }

    private static func describe(_ item: StudyAdministration) -> String {
        "\(item.drugs.joined(separator: " and ")) \(item.event.type == .administration ? "administered" : kind(item)) \(item.dates)"
    }

    /// Names the drugs as the protocol does, and notes a synonym the record used instead.
    private func evidence(_ item: StudyAdministration) -> Evidence {
        let synonyms = Self.recordedNames(item.event).filter { name in
            guard let drug = drugs.drug(named: name) else { return false }
            return !TermMatcher.same(drug, name)
        }
        let note = synonyms.isEmpty ? "" : " (recorded as \(synonyms.joined(separator: ", ")))"
        return Evidence("\(item.drugs.joined(separator: " and ")) \(Self.kind(item))", item.dates + note, from: item.event)
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        number == 1 ? "One \(noun)" : "\(number) \(noun)s"
    }
}
