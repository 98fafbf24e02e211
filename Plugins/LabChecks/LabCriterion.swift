import TrialCheckCore

/// One test's requirement: which results count (the latest on or before enrollment,
/// optionally within a window) and what that result must satisfy.
///
/// A class, immutable: a check hands its criteria around for every patient, and a class
/// is shared where a structure of this many strings would be copied field by field.
final class LabCriterion: Sendable {
    let test: LabTest
    /// The limits; empty when the criterion is about detectability.
    let limits: [LabLimit]
    /// `false`: the result must be not detectable; `true`: detectable; `nil`: limits apply.
    let detectable: Bool?
    /// Results count from this many days before enrollment to the enrollment day.
    let windowDays: Int?
    let whenUntested: LabCondition.UntestedPolicy
    let undetectedTerms: Set<String>
    let detectedTerms: Set<String>

    /// The test's name for the middle of a sentence: `platelets`, but `ALT`.
    let noun: String
    /// Which results count: `on or before enrollment`, `within 14 days before enrollment`.
    let scope: String
    /// What the result must satisfy: `at least 75 10^9/L`, `not detectable`.
    let requirement: String
    /// The name of a result's evidence: `Platelets result`.
    let resultName: String
    /// The names of the reference limits' evidence: `ALT ULN`, `ALT LLN`.
    let ulnName: String
    let llnName: String
    /// Whether a limit is a quantity, to which results are converted.
    let hasQuantityLimit: Bool

    /// A criterion; the wording that depends on it alone is composed here, once.
    init(
        test: LabTest, limits: [LabLimit], detectable: Bool?, windowDays: Int?, whenUntested: LabCondition.UntestedPolicy,
        undetectedTerms: Set<String>, detectedTerms: Set<String>
    ) {
        self.test = test
        self.limits = limits
        self.detectable = detectable
        self.windowDays = windowDays
        self.whenUntested = whenUntested
        self.undetectedTerms = undetectedTerms
        self.detectedTerms = detectedTerms
        noun = LabFinding.inSentence(test.display)
        if let windowDays {
            scope = "within \(windowDays) day\(windowDays == 1 ? "" : "s") before enrollment"
        } else {
            scope = "on or before enrollment"
        }
        if let detectable {
            requirement = detectable ? "detectable" : "not detectable"
        } else {
            requirement = limits.map(\.requirement).joined(separator: " and ")
        }
        resultName = "\(test.display) result"
        ulnName = "\(test.display) ULN"
        llnName = "\(test.display) LLN"
        hasQuantityLimit = limits.contains { if case .quantity = $0.bound { true } else { false } }
    }

    /// Judges the latest result in scope.
    ///
    /// Each result's day may be a span (a partial date). A result counts for certain when
    /// every possible day lies in scope, and possibly when some do. The results that may be
    /// the latest one in scope are those possibly in scope that no result certainly in scope
    /// certainly follows (results on the same day all qualify). If none is certainly in scope,
    /// "not tested" is possible too. The verdict is decided when every possibility gives the
    /// same verdict, and indeterminate otherwise.
    /// - Parameter enrollment: the days the enrollment date may be.
    func evaluate(_ enrollment: DaySpan, _ labResults: LabResults) -> LabFinding {
        // The usual record: one result of the test, certainly in scope, so certainly the
        // latest (the general reading below comes to the same finding).
        if let only = labResults.onlyResult(of: test), let span = only.startSpan,
           enrollment.days(since: span).lies(within: scopeDays) == .yes {
            // A judged result's evidence holds no repeats already (`unique` would keep it as it is).
            return judge(only)
        }
        return evaluate(enrollment, labResults.results(of: test), unnamed: { labResults.unnamed })
    }

    /// The days before enrollment a result in scope may lie: from the enrollment day to
    /// the window's first day (any day before, without a window).
    var scopeDays: ClosedRange<Int> { 0...(windowDays ?? Int.max) }

    /// Judges the latest of `results` (the patient's results of the test, in record order);
    /// `unnamed` gives the patient's lab results that name no test, asked for only when
    /// "not tested" may pass.
    private func evaluate(_ enrollment: DaySpan, _ results: [(order: Int, event: Event)], unnamed: () -> [Event]) -> LabFinding {
        let allowed = scopeDays
        let placed = results.map { order, event in
            let span = event.startSpan
            return Placed(event: event, order: order, span: span, inScope: span.map { enrollment.days(since: $0).lies(within: allowed) } ?? .unknown)
        }
        let certain = placed.filter { $0.inScope == .yes }
        // A result certainly in scope certainly follows a candidate when it starts after the
        // candidate's last possible day: the latest start among them decides for every
        // candidate at once (one pass, not one per candidate).
        let latestCertainStart = certain.lazy.compactMap { $0.span?.first }.max()
        let candidates = placed.filter { candidate in
            guard candidate.inScope != .no else { return false }
            guard let latestCertainStart, let span = candidate.span else { return true }
            return !(latestCertainStart > span.last)
        }.sorted { ($0.span?.last ?? CalendarDay(ordinal: Int.max), $0.order) > ($1.span?.last ?? CalendarDay(ordinal: Int.max), $1.order) }

        let judged = candidates.map { judge($0.event) }
        let untested = certain.isEmpty
            ? untestedFinding(placed.filter { $0.inScope == .no }, enrollment: enrollment, unnamed: whenUntested == .pass ? unnamed() : [])
            : nil
        let outcomes = judged + [untested].compactMap { $0 }
        if outcomes.allSatisfy({ $0.verdict == outcomes[0].verdict }), let merged = LabFinding.merge(judged.isEmpty ? outcomes : judged) {
            return LabFinding(verdict: merged.verdict, text: merged.text, evidence: LabFinding.unique(outcomes.flatMap(\.evidence)))
        }
        return LabFinding(
            verdict: .indeterminate,
            text: "The recorded dates leave open which \(self.noun) result is the latest \(self.scope), and the possible results disagree: " + LabFinding.inSentence(LabFinding.join(outcomes)),
            evidence: LabFinding.unique(outcomes.flatMap(\.evidence) + self.windowEvidence(enrollment))
        )
    }

    /// A lab event of this test, where it falls.
    private struct Placed {
        let event: Event
        let order: Int
        let span: DaySpan?
        let inScope: Truth
    }

    /// The outcome when no result is in scope.
    /// - Parameter unnamed: lab results without a test name, which forbid "not tested"
    ///   from passing (one of them may be this test's result).
    private func untestedFinding(_ outside: [Placed], enrollment: DaySpan, unnamed: [Event] = []) -> LabFinding {
        @Sendable func evidence() -> [Evidence] {
            outside.map { Evidence("\(test.display) result not counted", Self.describe($0.event), from: $0.event) } + windowEvidence(enrollment)
        }
        let elsewhere = outside.isEmpty ? "" : " (\(outside.count) \(outside.count == 1 ? "result is" : "results are") recorded outside that period)"
        switch whenUntested {
        case .pass where !unnamed.isEmpty:
            return LabFinding(
                verdict: .notEvaluable,
                text: "No \(self.noun) result \(self.scope) is recorded\(elsewhere), but \(unnamed.count == 1 ? "a lab result names" : "\(unnamed.count) lab results name") no test, so it cannot be told whether \(self.test.display) was tested",
                evidence: evidence() + unnamed.map { Evidence("lab result without a test", Self.describe($0), from: $0) }
            )
        case .pass:
            return LabFinding(
                verdict: .pass,
                text: "\(self.test.display) not tested \(self.scope)\(elsewhere), which the criterion allows (it applies only where tested)",
                evidence: evidence()
            )
        case .notEvaluable:
            return LabFinding(
                verdict: .notEvaluable,
                text: "No \(self.noun) result \(self.scope) is recorded\(elsewhere)",
                evidence: evidence()
            )
        }
    }

    /// The window's days, as evidence, when the criterion has one.
    private func windowEvidence(_ enrollment: DaySpan) -> [Evidence] {
        guard let windowDays else { return [] }
        return [Evidence("screening window", DaySpan(enrollment.first.advanced(by: -windowDays), enrollment.last).description)]
    }

    /// `68 10^9/L on 2026-01-12`, as evidence of a result.
    static func describe(_ event: Event) -> String {
        describe(value: event["value"], unit: event.string("unit"), dates: event.datesDescription)
    }

    /// `68 10^9/L on 2026-01-12`, from a result's value, unit and dates as written.
    static func describe(value: Value?, unit: String?, dates: String) -> String {
        let value = value.map(\.display) ?? "no value"
        guard let unit else { return "\(value) on \(dates)" }
        return "\(value) \(unit) on \(dates)"
    }
}
