import TrialCheckCore

/// `cyclic-schedule`: a study drug is given only on the days on of its cycle, and each cycle
/// lasts at least its length (S-1 on days 1-14 of every 21-day cycle).
///
/// A finding is dated on the first dose day it reports.
public struct CyclicScheduleCheck: Check {
    /// Other names of the drug.
    public static let synonyms = Parameter<[String: [String]]?>("synonyms", "mapping of drug name to list of names", "Other names records may use (`tegafur/gimeracil/oteracil: [S-1]`).")
    /// The length of a cycle, in days.
    public static let cycleDays = Parameter<Int>(required: "cycle_days", "integer (days)", "The length of a cycle (21).")
    /// The days on within a cycle: `1-14`, or `1, 8`, or `[1, 8]`.
    public static let daysOn = Parameter<DaysOn>(required: "days_on", "days (`1-14`, `1, 8`) or list of integers", "The days of a cycle the drug is given on.")
    /// How many days early a cycle may start.
    public static let windowDays = Parameter<Int>("window_days", "integer (days)", default: 0, "How many days early a cycle may start.")

    /// The days on of a cycle, written as ranges and days (`1-14`, `1, 8`) or a list of days.
    public struct DaysOn: Decodable, Sendable {
        /// The text as written.
        public let text: String
        /// The days, 1-based.
        public let days: Set<Int>

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([Int].self) {
                text = list.map(String.init).joined(separator: ", ")
                days = Set(list)
                return
            }
            if let one = try? container.decode(Int.self) {
                text = String(one)
                days = [one]
                return
            }
            let written = try container.decode(String.self)
            var days: Set<Int> = []
            for part in written.split(separator: ",") {
                let bounds = part.split(separator: "-").map { Int($0.trimmingWhitespace()) }
                guard let first = bounds.first ?? nil, let last = bounds.last ?? nil, bounds.count <= 2, first <= last else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected days such as '1-14' or '1, 8', found '\(written)'")
                }
                days.formUnion(first...last)
            }
            text = written.trimmingWhitespace()
            self.days = days
        }
    }

    public static let identifier = "cyclic-schedule"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Cyclic schedule (days on and off)",
        summary: """
            The `administration` events of `drug` on or after enrollment form cycles: those \
            with the same `cycle` number, or each event alone when it has none (an oral \
            span of the days on, say). A cycle's day 1 is its first dose day; every day a \
            dose is given (each day of a span) must be one of `days_on`, and each cycle must \
            start at least `cycle_days` (less `window_days`) after the one before, so the \
            days off are kept. A span without `end` counts to the data cut-off, and is \
            not-evaluable without one; partial dates are indeterminate unless another \
            cycle deviates; no administration is not-evaluable. Other arms pass (not \
            applicable); no arm recorded is not-evaluable.
            """,
        parameters: [SharedParameters.drug, synonyms, cycleDays, daysOn, windowDays, SharedParameters.arms],
        exampleParameters: "drug: S-1\ncycle_days: 21\ndays_on: 1-14",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: administration, drug: S-1, dose: 60 mg, route: oral, start: 2026-01-22, end: 2026-02-04}, {type: administration, drug: S-1, dose: 60 mg, route: oral, start: 2026-02-12, end: 2026-02-25}]}",
        ],
        deviatingExamples: [
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: administration, drug: S-1, dose: 60 mg, route: oral, start: 2026-01-22, end: 2026-02-05}]}",
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: administration, drug: S-1, dose: 60 mg, route: oral, start: 2026-01-22, end: 2026-02-04}, {type: administration, drug: S-1, dose: 60 mg, route: oral, start: 2026-02-11, end: 2026-02-24}]}",
        ],
        inputs: .events(.administration, keys: ["drug", "cycle"], fields: [.enrollmentDate, .arm, .dataCutoff])
    )

    private let drugs: DrugNames
    private let cycleDays: Int
    private let daysOn: DaysOn
    private let windowDays: Int
    private let scope: ArmScope
    private let scheduleText: String

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let studyDrug = try parameters[SharedParameters.drug]
        let synonyms = try parameters[Self.synonyms]
        let cycleLength = try parameters[Self.cycleDays]
        let days = try parameters[Self.daysOn]
        let givenWindow = try parameters[Self.windowDays]
        drugs = try DrugNames([studyDrug], synonyms: synonyms, parameter: "drug")
        guard cycleLength >= 1 else { throw ParameterProblem("'cycle_days' must be at least 1", parameter: "cycle_days") }
        guard !days.days.isEmpty, days.days.allSatisfy({ (1...cycleLength).contains($0) }) else {
            throw ParameterProblem("'days_on' must name days from 1 to \(cycleLength)", parameter: "days_on")
        }
        let window = givenWindow
        guard window >= 0, window < cycleLength else {
            throw ParameterProblem("'window_days' must be at least 0 and less than 'cycle_days'", parameter: "window_days")
        }
        cycleDays = cycleLength
        daysOn = days
        windowDays = window
        scope = try ArmScope(parameters, context: context)
        scheduleText = "days \(daysOn.text) of every \(cycleDays)-day cycle" + (window > 0 ? " (a cycle may start up to \(window) days early)" : "")
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        if let exemption = scope.exemption(for: patient) { return exemption }
        let found = StudyAdministrations.of(patient, drugs: drugs)
        return found.unlessUnnamed(judge(patient, found), drugs: drugs, in: patient)
    }

    private func judge(_ patient: PatientHistory, _ found: StudyAdministrations) -> Judgement {
        let drug = drugs.drugs[0]
        let enrollment = Evidence.enrollmentDate(of: patient)
        guard found.undated.isEmpty else {
            return .notEvaluable("A \(drug) administration is recorded without a date, so its cycle day cannot be told.", evidence: found.undated.map { Evidence("\(drug) administration", "undated", from: $0) } + [enrollment])
        }
        guard !found.dated.isEmpty else {
            return .notEvaluable("No administration of \(drug) on or after enrollment is recorded.", evidence: [enrollment])
        }
        var cycles: [(key: String, events: [StudyAdministration])] = []
        for item in found.dated {
            let key = item.event["cycle"].map { "cycle \($0.display)" } ?? "\(item.event.datesDescription)"
            if let index = cycles.firstIndex(where: { $0.key == key }) { cycles[index].events.append(item) } else { cycles.append((key, [item])) }
        }
        var problems: [(String, PartialDate?)] = []
        var open: [String] = []
        var evidence: [Evidence] = []
        var previousStart: CalendarDay?
        let cutoff = patient.dataCutoff?.span
        for cycle in cycles {
            var days: [CalendarDay] = []
            for item in cycle.events {
                guard item.start.isSingleDay else { open.append("\(cycle.key) starts on a partial date (\(item.dates))"); continue }
                guard let end = item.end ?? cutoff else {
                    return .notEvaluable("The \(drug) span \(item.dates) is ongoing and the record has no data cut-off, so its days cannot be told.", evidence: [Evidence("\(drug) administration", item.dates, from: item.event)])
                }
                guard end.isSingleDay else { open.append("\(cycle.key) ends on a partial date (\(item.dates))"); continue }
                var day = item.start.first
                while day <= end.first {
                    days.append(day)
                    day = day.advanced(by: 1)
                }
                evidence.append(Evidence("\(drug) administration", item.dates, from: item.event))
            }
            guard let first = days.min() else { continue }
            let offDays = days.filter { !daysOn.days.contains(first.distance(to: $0) + 1) }
            if let firstOff = offDays.min() {
                problems.append(("\(cycle.key) (day 1 \(first)) gives \(drug) on day \(first.distance(to: firstOff) + 1) (\(firstOff))\(offDays.count > 1 ? " and \(offDays.count - 1) more day(s) off" : "")", PartialDate(firstOff)))
            }
            if let previousStart, previousStart.distance(to: first) < cycleDays - windowDays {
                problems.append(("\(cycle.key) starts \(first), \(previousStart.distance(to: first)) days after the cycle before", PartialDate(first)))
            }
            previousStart = first
        }
        if !problems.isEmpty {
            return Judgement.deviation(
                "\(problems.map(\.0).joined(separator: "; ").capitalizingFirstLetter); the protocol gives \(drug) on \(scheduleText).",
                evidence: evidence + [enrollment]
            ).dated(problems.first?.1)
        }
        if !open.isEmpty {
            return .indeterminate("Partial dates leave the cycle days open: \(open.joined(separator: "; ")); the protocol gives \(drug) on \(scheduleText).", evidence: evidence + [enrollment])
        }
        return .pass("Every \(drug) dose falls on \(scheduleText) (\(cycles.count) cycle\(cycles.count == 1 ? "" : "s")).", evidence: evidence)
    }
}
