import TrialCheckCore

/// `max-administrations`: a study drug is given at most a set number of times (or cycles)
/// on or after enrollment.
///
/// A finding is dated on the administration that takes the count past the limit (the first
/// of those that exceed it, in date order); with no such administration, on enrollment.
public struct MaxAdministrationsCheck: Check {
    /// What is counted.
    public enum Counting: String, ParameterDefault, CaseIterable {
        /// Every administration event.
        case administrations
        /// Treatment cycles, from the administrations' `cycle` numbers.
        case cycles

        /// Decodes a case by name; a misspelt one is an error that suggests the closest.
        public init(from decoder: any Decoder) throws {
            self = try Self.decodeCase(from: decoder)
        }
    }

    /// The most administrations or cycles allowed.
    public static let maximum = Parameter<Int>(required: "max", "integer", "The most administrations (or cycles) allowed, inclusive.")
    /// What is counted.
    public static let count = Parameter<Counting>(
        "count", "`administrations` or `cycles`", default: .administrations,
        "What is counted: administration events, or treatment cycles by their `cycle` numbers."
    )

    public static let identifier = "max-administrations"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Maximum administrations or cycles",
        summary: """
            The `administration` events of `drug` (or a synonym) on or after enrollment \
            number at most `max`. With `count: cycles` the cycles are counted instead: the \
            distinct `cycle` values, or the highest whole cycle number if greater (cycle 17 \
            shows 17 cycles); an administration without a cycle number may start a new cycle \
            or belong to a recorded one, so it is not-evaluable only where that decides the \
            verdict. No administration passes (none is at most `max`). Administrations whose \
            partial dates may fall before enrollment, or undated ones, are not-evaluable or \
            indeterminate only where they could tip the count over `max`. Other arms pass \
            (not applicable); no arm recorded is not-evaluable. \
            An event that names no drug (an `administration` without `drug`) on or after \
            enrollment turns a pass into not-evaluable: it may be a study drug.
            """,
        parameters: [SharedParameters.drug, SharedParameters.drugSynonyms, maximum, count, SharedParameters.arms],
        exampleParameters: "drug: toripalimab\nmax: 2\ncount: cycles\narms: [A]",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, date: 2026-01-22, cycle: 1}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2026-02-12, cycle: 2}]}",
            "{id: P2, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 120 mg, date: 2026-01-22, cycle: 1}, {type: administration, drug: toripalimab, dose: 120 mg, date: 2026-01-23, cycle: 1}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2026-02-12, cycle: 2}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, date: 2026-01-22, cycle: 1}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2026-02-12, cycle: 2}, {type: administration, drug: toripalimab, dose: 240 mg, date: 2026-03-05, cycle: 3}]}",
            "{id: P4, enrollment: {date: 2026-01-20, arm: A}, events: [{type: administration, drug: toripalimab, dose: 240 mg, date: 2026-06-01, cycle: 7}]}",
        ],
        inputs: .events(.administration, keys: ["drug", "cycle"], fields: [.enrollmentDate, .arm])
    )

    private let drugs: DrugNames
    private let limit: Int
    private let counting: Counting
    private let scope: ArmScope
    /// `toripalimab cycles recorded on or after enrollment`.
    private let recorded: String
    /// The limit, as evidence.
    private let allowed: Evidence

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let studyDrug = try parameters[SharedParameters.drug]
        let synonyms = try parameters[SharedParameters.drugSynonyms]
        let most = try parameters[Self.maximum]
        let count = try parameters[Self.count]
        drugs = try DrugNames([studyDrug], synonyms: synonyms, parameter: "drug")
        guard most >= 0 else { throw ParameterProblem("'max' must not be negative", parameter: "max") }
        limit = most
        counting = count
        scope = try ArmScope(parameters, context: context)
        let noun = counting == .cycles ? "cycles" : "administrations"
        recorded = "\(drugs.drugs[0]) \(noun) recorded on or after enrollment"
        allowed = Evidence("allowed \(noun)", "at most \(limit)")
    }

    private var drug: String { drugs.drugs[0] }
    private var noun: String { counting == .cycles ? "cycles" : "administrations" }

    /// The fewest and most an administration count could be.
    private typealias Tally = (fewest: Int, most: Int)

    /// What the administrations count for: those certainly on or after enrollment, every
    /// dated one, and every one. Each set holds the one before, so the counts grow as
    /// each administration is read once.
    private func count(_ found: StudyAdministrations) -> (certain: Tally, dated: Tally, all: Tally) {
        let certainEvents = found.dated.lazy.filter(\.isCertain).map(\.event)
        let uncertainEvents = found.dated.lazy.filter { !$0.isCertain }.map(\.event)
        switch counting {
        case .administrations:
            let certain = certainEvents.count
            let dated = found.dated.count
            let all = dated + found.undated.count
            return ((certain, certain), (dated, dated), (all, all))
        case .cycles:
            var cycles = CycleCount(certainEvents)
            let certain = (cycles.fewest, cycles.most)
            for event in uncertainEvents { cycles.add(event) }
            let dated = (cycles.fewest, cycles.most)
            for event in found.undated { cycles.add(event) }
            return (certain, dated, (cycles.fewest, cycles.most))
        }
    }

    /// The administrations, in date order, that take the count past the limit.
    private func excess(_ items: [StudyAdministration]) -> [StudyAdministration] {
        guard counting == .cycles else { return Array(items.dropFirst(limit)) }
        var seen: Set<String> = []
        return items.filter { item in
            if let number = item.event.integer("cycle"), number > limit { return true }
            guard let label = CycleCount.label(of: item.event), !seen.contains(label) else { return false }
            seen.insert(label)
            return seen.count > limit
        }
    }

    private func evidence(_ item: StudyAdministration) -> Evidence {
        let cycle = CycleCount.label(of: item.event).map { "cycle \($0)" } ?? "no cycle number"
        return Evidence("\(drug) administration \(item.dates)", cycle, from: item.event)
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        if let exemption = scope.exemption(for: patient) { return exemption }
        let found = StudyAdministrations.of(patient, drugs: drugs)
        return found.unlessUnnamed(judge(patient, found), drugs: drugs, in: patient)
    }

    /// The judgement from the events that name a drug.
    private func judge(_ patient: PatientHistory, _ found: StudyAdministrations) -> Judgement {
        let (certainCount, datedCount, allCount) = count(found)
        var enrollment: Evidence { Evidence.enrollmentDate(of: patient) }

        if certainCount.fewest > limit {
            let certain = found.certain
            let shown = excess(certain)
            let items = shown.isEmpty ? certain : shown
            return Judgement.deviation(
                "\(certainCount.fewest) \(recorded); the protocol allows at most \(limit).",
                evidence: [Evidence(noun, String(certainCount.fewest))] + items.map(evidence) + [allowed]
            ).dated(shown.first?.event.startDate)
        }
        if allCount.most <= limit {
            let none = found.dated.isEmpty && found.undated.isEmpty
            let most = allCount.most
            return .pass { [drug, limit, noun, recorded] in
                none
                    ? "No \(drug) administration recorded on or after enrollment (at most \(limit) \(noun) allowed)."
                    : "\(most) \(recorded), within the \(limit) allowed."
            } evidence: { [noun, allowed] in
                [Evidence(noun, String(most)), allowed]
            }
        }
        if datedCount.fewest > limit {
            return Judgement.indeterminate(
                "\(certainCount.fewest) to \(datedCount.fewest) \(recorded), depending on whether administrations with partial dates fell before enrollment (\(patient.enrollment.date)); the protocol allows at most \(limit).",
                evidence: found.uncertain.map(evidence) + [allowed, enrollment]
            ).dated(excess(found.dated).first?.event.startDate)
        }
        let lacking = (found.dated.map(\.event) + found.undated).compactMap { event -> Evidence? in
            var gaps: [String] = []
            if event.startSpan == nil { gaps.append("no date") }
            if counting == .cycles && CycleCount.label(of: event) == nil { gaps.append("no cycle number") }
            return gaps.isEmpty ? nil : Evidence("\(drug) administration \(event.datesDescription)", gaps.joined(separator: ", "), from: event)
        }
        let what = counting == .cycles ? "dates or cycle numbers" : "dates"
        return .notEvaluable(
            "The \(drug) \(noun) on or after enrollment number \(certainCount.fewest) to \(allCount.most) (at most \(limit) allowed), since \(lacking.count == 1 ? "an administration lacks" : "\(lacking.count) administrations lack") \(what).",
            evidence: lacking + [allowed, enrollment]
        )
    }
}
