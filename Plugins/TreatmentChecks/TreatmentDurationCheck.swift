import TrialCheckCore

/// `treatment-duration`: no study drug is given later than a set time after the first dose.
///
/// A finding is dated on the first day study drug was given past the limit: the day after
/// the last allowed day for an administration that runs past it, or the start of one that
/// begins after it (the earliest such day over the administrations concerned). Its window is
/// the allowed treatment period, from the first dose to the last allowed day.
public struct TreatmentDurationCheck: Check {
    /// The study drugs; the first dose of any of them starts the clock.
    public static let drugs = Parameter<[String]>(required: "drugs", "list of drug names", "The study drugs; the first dose of any starts the clock.")
    /// The most days after the first dose that study drug may be given.
    public static let maxDays = Parameter<Int?>("max_days", "integer (days)", "Last allowed day = first dose + this many days (365 is not a calendar year in a leap year).")
    /// The most calendar years after the first dose (to the anniversary).
    public static let maxYears = Parameter<Int?>("max_years", "integer (years)", "Last allowed day = the first dose's anniversary this many calendar years on.")

    public static let identifier = "treatment-duration"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Treatment duration",
        summary: """
            No `administration` of any of `drugs` (or their synonyms) falls later than the \
            limit: the first administration on or after enrollment plus `max_days` days, \
            or its anniversary `max_years` calendar years on (give exactly one; 29 February \
            maps to 28 February). The last allowed day itself passes; the day after is a \
            deviation. A span of an oral drug counts by its `end`; a span without `end` is \
            ongoing: it counts as running to the record's data cut-off (`data_cutoff`), and \
            without one the length of treatment is not-evaluable unless it started after \
            the limit. An undated administration is not-evaluable; partial dates that \
            straddle the limit are indeterminate. No administration at all passes. Other arms \
            pass (not applicable); no arm recorded is not-evaluable. \
            An event that names no drug (an `administration` without `drug`) on or after \
            enrollment turns a pass into not-evaluable: it may be a study drug.
            """,
        parameters: [drugs, SharedParameters.drugSynonyms, maxDays, maxYears, SharedParameters.arms],
        exampleParameters: "drugs: [toripalimab, capecitabine]\nmax_years: 1\narms: [A]",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, date: 2026-01-22}, {type: administration, drug: capecitabine, dose: 500 mg, start: 2026-01-22, end: 2027-01-22}]}",
            "{id: P2, enrollment: {date: 2026-01-20, arm: B}}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, date: 2026-01-22}, {type: administration, drug: capecitabine, dose: 500 mg, start: 2026-01-22, end: 2027-01-23}]}",
            "{id: P4, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, date: 2026-01-22}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2027-02-01}]}",
        ],
        inputs: .events(.administration, keys: ["drug"], fields: [.enrollmentDate, .arm, .dataCutoff])
    )

    private let drugs: DrugNames
    private let limit: TreatmentLimit
    private let scope: ArmScope

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let names = try parameters[Self.drugs]
        let synonyms = try parameters[SharedParameters.drugSynonyms]
        let days = try parameters[Self.maxDays]
        let years = try parameters[Self.maxYears]
        drugs = try DrugNames(names, synonyms: synonyms, parameter: "drugs")
        switch (days, years) {
        case let (days?, nil):
            guard days >= 0 else { throw ParameterProblem("'max_days' must not be negative", parameter: "max_days") }
            limit = .days(days)
        case let (nil, years?):
            guard years >= 1 else { throw ParameterProblem("'max_years' must be at least 1", parameter: "max_years") }
            limit = .years(years)
        case (_?, _?):
            throw ParameterProblem("give either 'max_days' or 'max_years', not both", parameter: "max_years")
        case (nil, nil):
            throw ParameterProblem("give 'max_days' or 'max_years'")
        }
        scope = try ArmScope(parameters, context: context)
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        if let exemption = scope.exemption(for: patient) { return exemption }
        let found = StudyAdministrations.of(patient, drugs: drugs)
        return found.unlessUnnamed(judge(patient, found), drugs: drugs, in: patient)
    }

    /// The judgement from the events that name a drug.
    private func judge(_ patient: PatientHistory, _ found: StudyAdministrations) -> Judgement {
        let enrollment = patient.enrollment.date.span
        var enrollmentEvidence: Evidence { Evidence.enrollmentDate(of: patient) }
        var undatedEvidence: [Evidence] { found.undated.map { Evidence(Self.label($0), "undated", from: $0) } }

        guard let opening = found.dated.min(by: { $0.firstStudyDay(enrollment: enrollment).first < $1.firstStudyDay(enrollment: enrollment).first }) else {
            if !found.undated.isEmpty {
                return .notEvaluable(
                    "Study drug (\(drugs.orList)) is recorded without a date, so the length of treatment cannot be judged.",
                    evidence: undatedEvidence + [enrollmentEvidence]
                )
            }
            let enrollmentEvidence = enrollmentEvidence
            return .pass { [drugs] in "No \(drugs.orList) recorded on or after enrollment." } evidence: { [enrollmentEvidence] }
        }
        // The first dose: no earlier than the earliest possible day of any administration that
        // may count, no later than the latest possible day of those that certainly count.
        let earliest = found.dated.map { $0.firstStudyDay(enrollment: enrollment).first }.min() ?? opening.start.first
        let certainLasts = found.dated.lazy.filter(\.isCertain).map { $0.firstStudyDay(enrollment: enrollment).last }
        let latest = certainLasts.min() ?? (found.dated.map { $0.firstStudyDay(enrollment: enrollment).last }.max() ?? opening.start.last)
        let first = DaySpan(earliest, max(earliest, latest))
        let lastAllowed = limit.lastAllowedDay(after: first)
        let limitText = limit.text
        // The evidence is written when a report reads it.
        @Sendable func context() -> [Evidence] {
            [
                Evidence("first study drug", "\(opening.drugs.joined(separator: ", ")) \(first)", from: opening.event),
                Evidence("last allowed day", "\(lastAllowed) (\(limitText) after the first dose)"),
            ]
        }

        let cutoff = patient.dataCutoff?.span
        let placed = LateAdministrations(
            found.dated,
            after: lastAllowed,
            // An ongoing span ran at least to the data cut-off.
            ending: { item in item.end ?? cutoff.map { DaySpan(max($0.first, item.start.first), max($0.last, item.start.last)) } },
            counting: { $0.afterEnrollment },
            openSpans: .ongoing
        )
        let (late, possiblyLate, ongoing) = (placed.late, placed.possiblyLate, placed.ongoing)
        let describe = LateAdministrations.describe
        func evidence(_ items: [StudyAdministration]) -> [Evidence] {
            LateAdministrations.evidence(items) { Self.label($0.event) }
        }
        var limitSentence: String { "\(limitText) after the first dose (\(first)), that is after \(lastAllowed)" }
        // The allowed treatment period, as far as the partial dates allow it for certain.
        var period: DateWindow {
            DateWindow("allowed treatment period", from: first.last, to: Swift.max(first.last, lastAllowed.first))
        }
        if !late.isEmpty {
            return Judgement.deviation("Study drug given later than \(limitSentence): \(describe(late)).", evidence: evidence(late) + context())
                .dated(Self.firstDayPast(lastAllowed.last, given: late))
                .windowed(period)
        }
        if !possiblyLate.isEmpty {
            return Judgement.indeterminate("Partial dates leave it open whether study drug was given later than \(limitSentence): \(describe(possiblyLate)).", evidence: evidence(possiblyLate) + context())
                .dated(Self.firstDayPast(lastAllowed.first, given: possiblyLate))
                .windowed(period)
        }
        if !ongoing.isEmpty {
            return Judgement.notEvaluable(
                "\(describe(ongoing).capitalizingFirstLetter) \(ongoing.count == 1 ? "is" : "are") recorded as ongoing (no end date), so the length of treatment cannot be judged; the last allowed day is \(lastAllowed).",
                evidence: evidence(ongoing) + context()
            ).windowed(period)
        }
        if !found.undated.isEmpty {
            return Judgement.notEvaluable(
                "Study drug (\(drugs.orList)) is recorded without a date, so it cannot be told whether it was given after \(lastAllowed).",
                evidence: undatedEvidence + context()
            ).windowed(period)
        }
        if let cutoff, found.dated.contains(where: { $0.end == nil }) {
            let cutoffLocation = patient.location(of: .dataCutoff)
            return .pass {
                "Study drug still ongoing at the data cut-off (\(cutoff)) is within \(limitText) of the first dose (\(first)); the last allowed day is \(lastAllowed)."
            } evidence: {
                context() + [Evidence("data cut-off", cutoff.description, at: cutoffLocation)]
            }
        }
        let lastGiven = DaySpan.latest(of: found.dated.compactMap(\.end)) ?? first
        return .pass {
            "The last study drug (\(lastGiven)) is within \(limitText) of the first dose (\(first)); the last allowed day is \(lastAllowed)."
        } evidence: {
            context()
        }
    }

    /// The first day study drug was given after `lastAllowed`: the start of an
    /// administration that began after it (as written), else the day after it; the earliest
    /// over `items`.
    private static func firstDayPast(_ lastAllowed: CalendarDay, given items: [StudyAdministration]) -> PartialDate? {
        let dayAfter = PartialDate(lastAllowed.advanced(by: 1))
        return PartialDate.earliest(of: items.map { item in
            item.start.first > lastAllowed ? item.event.startDate ?? dayAfter : dayAfter
        })
    }

    private static func label(_ event: Event) -> String {
        "\(event.string("drug") ?? "study drug") administration"
    }
}
