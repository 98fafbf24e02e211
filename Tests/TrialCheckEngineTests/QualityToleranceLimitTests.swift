import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Quality tolerance limits: the protocol section, its computation over the study and each
/// site at the boundaries, the funnel limits, the exit codes, merging and taking back.
@Suite("Quality tolerance limits")
struct QualityToleranceLimitTests {
    static func protocolText(limits: String) -> String {
        """
        id: Q
        title: Q
        version: "1"
        checks:
          - id: age
            kind: age-range
            criterion: "Inclusion 1: age 18-75 years"
            severity: major
            min: 18
            max: 75
        quality_tolerance_limits:
        \(limits)
        """
    }

    static let limits = """
          enrollment_anchor: crt-completion
          limits:
            - id: eligibility
              title: Patients with an eligibility deviation
              measure: patients-with-deviation
              category: eligibility
              threshold: 25%
              min_patients: 4
            - id: missing
              title: Verdicts not evaluable
              measure: not-evaluable-verdicts
              threshold: 10%
              per_site: false
        """

    static func load(_ text: String) throws -> ProtocolDefinition {
        try ProtocolLoader(registry: TestSupport.registry).load(yaml: text, path: "q.yaml")
    }

    static func problems(_ limits: String) -> [ProtocolProblem] {
        do {
            _ = try ProtocolLoader(registry: TestSupport.registry).load(yaml: protocolText(limits: limits), path: "q.yaml")
            return []
        } catch {
            return error.problems
        }
    }

    /// A patient at `site`: over 75 when `old`, without a birth date when `undated`.
    static func record(_ id: String, site: String, old: Bool = false, undated: Bool = false, rtEnd: String? = nil) -> String {
        let birth = undated ? "" : #""birth_date": "\#(old ? "1940-01-01" : "1960-01-01")", "#
        let events = rtEnd.map { #"[{"type": "radiotherapy", "start": "2025-10-01", "end": "\#($0)", "dose": "50 Gy", "intent": "definitive"}]"# } ?? "[]"
        return #"{"id": "\#(id)", "site": "\#(site)", \#(birth)"enrollment": {"date": "2026-01-20"}, "events": \#(events)}"#
    }

    /// Site A: 4 patients, 1 deviation (25%, at the limit) and 1 not evaluable; site B: 4
    /// patients, 2 deviations (50%); site C: 2 patients, both deviating (too small).
    static let cohort = [
        record("A1", site: "A", old: true, rtEnd: "2026-01-10"), record("A2", site: "A", undated: true, rtEnd: "2026-01-08"),
        record("A3", site: "A", rtEnd: "2026-01-01"), record("A4", site: "A", rtEnd: "2025-12-20"),
        record("B1", site: "B", old: true), record("B2", site: "B", old: true), record("B3", site: "B"), record("B4", site: "B"),
        record("C1", site: "C", old: true), record("C2", site: "C", old: true),
    ]

    static func audit(_ records: [String], name: String = "q.ndjson") throws -> AuditReport {
        let path = try TestSupport.writeTemporary(records.joined(separator: "\n") + "\n", name: name)
        return Auditor(definition: try load(protocolText(limits: limits))).audit(inputs: [path], jobs: 1)
    }

    // MARK: - Parsing

    @Test("A valid section is read with its defaults")
    func parses() throws {
        let definition = try Self.load(Self.protocolText(limits: Self.limits))
        let plan = try #require(definition.qualityPlan)
        #expect(plan.enrollmentAnchor == .crtCompletion)
        #expect(plan.limits.map(\.id) == ["eligibility", "missing"])
        #expect(plan.limits[0].measure == .patientsWithDeviation)
        #expect(plan.limits[0].category == .eligibility)
        #expect(plan.limits[0].threshold == 0.25)
        #expect(plan.limits[0].perSite)
        #expect(plan.limits[0].minimumPatients == 4)
        #expect(plan.limits[1].perSite == false)
        #expect(plan.limits[1].minimumPatients == QualityToleranceLimit.defaultMinimumPatients)
        #expect(plan.limits[0].location.line == 14)
        // The anchor's events are read even if no check reads them.
        #expect(definition.inputs.events[.radiotherapy] != nil)
    }

    @Test("The shipped protocol's limits load")
    func shipped() throws {
        let path = TestSupport.packageRoot.appendingPathComponent("Protocols/NCT07177794.yaml").path
        let plan = try #require(try TestSupport.loadProtocol(path: path).qualityPlan)
        #expect(plan.limits.count == 5)
        #expect(plan.enrollmentAnchor == .crtCompletion)
    }

    @Test("An unknown key is located, with a suggestion")
    func unknownKey() {
        let problems = Self.problems("""
              limits:
                - {id: x, title: X, measure: patients-with-deviation, treshold: 5%}
              limit_count: 3
            """)
        #expect(problems.contains { $0.message.contains("unknown key 'treshold'") && $0.message.contains("did you mean 'threshold'") && $0.location.line == 13 })
        #expect(problems.contains { $0.message.contains("has no 'threshold'") })
        #expect(problems.contains { $0.message.contains("unknown key 'limit_count'") && $0.location.line == 14 })
    }

    @Test("An unknown measure is an error with the closest name")
    func badMeasure() {
        let problems = Self.problems("""
              limits:
                - {id: x, title: X, measure: patients-with-deviations, threshold: 5%}
            """)
        let problem = problems.first { $0.message.contains("'measure'") }
        #expect(problem?.message.contains("did you mean 'patients-with-deviation'") == true)
        #expect(problem?.location.line == 13)
        #expect(problems.count == 1)
    }

    @Test("A threshold must be a percentage from 0% to 100%", arguments: ["0.05", "150%", "five", "-1%", "[5%]"])
    func badThreshold(_ threshold: String) {
        let problems = Self.problems("""
              limits:
                - {id: x, title: X, measure: patients-with-deviation, threshold: \(threshold)}
            """)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("'threshold' expected a percentage from 0% to 100%") == true)
        #expect(problems.first?.location.line == 13)
    }

    @Test("A check, category or anchor that matches nothing is an error")
    func badReferences() {
        let problems = Self.problems("""
              enrollment_anchor: rt-end
              limits:
                - {id: x, title: X, measure: patients-with-deviation, check: agee, threshold: 5%}
                - {id: y, title: Y, measure: patients-with-deviation, category: treatment, threshold: 5%}
                - {id: y, title: Y, measure: patients-with-deviation, threshold: 5%, min_patients: 0}
            """).map(\.message)
        #expect(problems.contains { $0.contains("'check': there is no check 'agee'; did you mean 'age'?") })
        #expect(problems.contains { $0.contains("no check of the protocol is of category 'treatment'") })
        #expect(problems.contains { $0.contains("'enrollment_anchor' expected one of") })
        #expect(problems.contains { $0.contains("'min_patients' expected a whole number") })
    }

    @Test("A duplicate limit id is an error")
    func duplicate() {
        let problems = Self.problems("""
              limits:
                - {id: x, title: X, measure: undecided-verdicts, threshold: 5%}
                - {id: x, title: X, measure: undecided-verdicts, threshold: 5%}
            """)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("the limit id 'x' is used twice (first at q.yaml:13") == true)
        #expect(problems.first?.location.line == 14)
    }

    // MARK: - Computation

    @Test("Each limit over the study and each site, at the boundaries")
    func computation() throws {
        let quality = try #require(try Self.audit(Self.cohort).quality)
        let eligibility = quality.limits[0]
        #expect(eligibility.overall == .init(numerator: 5, denominator: 10, status: .breached))
        #expect(eligibility.sites.map(\.site) == ["A", "B", "C"])
        // Exactly at the limit (1 of 4 = 25%) holds.
        #expect(eligibility.sites.map(\.rate.status) == [.within, .breached, .tooSmall])
        #expect(eligibility.sites.map(\.rate.numerator) == [1, 2, 2])
        // 1 of 10 verdicts not evaluable: exactly 10%, within; applied to the study only.
        let missing = quality.limits[1]
        #expect(missing.overall == .init(numerator: 1, denominator: 10, status: .within))
        #expect(missing.sites.allSatisfy { $0.rate.status == .notApplied })
        #expect(quality.breaches.map(\.scope) == ["the study", "site B"])
        #expect(quality.breaches[0].message == "Patients with an eligibility deviation at the study: 5 of 10 patients, 50.0%, above the limit of 25.0%")
    }

    @Test("Key risk indicators per site, with the days from the anchor to enrollment")
    func indicators() throws {
        let quality = try #require(try Self.audit(Self.cohort).quality)
        let a = try #require(quality.sites.first)
        #expect(a.site == "A")
        #expect(a.patients == 4)
        #expect(a.verdicts == 4)
        #expect(a.notEvaluable == 1)
        #expect(a.patientsWithDeviation == 1)
        #expect(a.patientsWithDeviationByCategory == ["eligibility": 1])
        #expect(a.patientsWithMissingData == 1)
        // Days 10, 12, 19, 31: median 15.5.
        #expect(a.enrollmentDays?.counted == 4)
        #expect(a.enrollmentDays?.median == 15.5)
        #expect(a.enrollmentDays?.minimum == 10)
        #expect(a.enrollmentDays?.maximum == 31)
        // Site B has no radiotherapy: every patient uncounted.
        #expect(quality.sites[1].enrollmentDays?.counted == 0)
        #expect(quality.sites[1].enrollmentDays?.uncounted == 4)
        #expect(quality.sites[1].enrollmentDays?.median == nil)
    }

    @Test("No patients: nothing is judged and nothing fails")
    func zeroPatients() throws {
        let definition = try Self.load(Self.protocolText(limits: Self.limits))
        let plan = try #require(definition.qualityPlan)
        let quality = QualityTally(plan: plan, checks: definition.checks).report(rejected: 2)
        #expect(quality.sites.isEmpty)
        #expect(quality.limits.map(\.overall.status) == [.tooSmall, .tooSmall])
        #expect(quality.limits[0].overall.percentText == "no data")
        #expect(quality.breaches.isEmpty)
        #expect(quality.rejected == 2)
    }

    @Test("The median of a histogram of days")
    func median() {
        let odd = QualityReport.DayStatistics(histogram: ["-2": 1, "3": 1, "10": 1], uncounted: 0)
        #expect(odd.median == 3)
        #expect(odd.minimum == -2)
        let even = QualityReport.DayStatistics(histogram: ["1": 1, "3": 1, "10": 2], uncounted: 1)
        #expect(even.counted == 4)
        #expect(even.median == 6.5)
    }

    // MARK: - Funnel limits

    @Test("Funnel limits match hand-computed interpolated binomial quantiles")
    func funnel() throws {
        // n = 4, θ = 0.5: P(R <= r) = 1/16, 5/16, 11/16, 15/16, 1.
        // 97.5%: r = 4, α = (1 - 0.975) / (1/16) = 0.4, limit (4 - 0.4) / 4 = 0.9.
        // 99.9%: r = 4, α = 0.001 * 16 = 0.016, limit 0.996. 2.5%: r = 0, α = 0.6, limit -0.15 -> 0.
        let band = try #require(BinomialFunnel.band(trials: 4, rate: 0.5))
        #expect(abs(band.upper95 - 0.9) < 1e-9)
        #expect(band.upper998 == 0.996)
        #expect(band.lower95 == 0)
        #expect(band.lower998 == 0)
        // n = 2, θ = 0.5: P = 1/4, 3/4, 1. 97.5%: α = 0.025 * 4 = 0.1 -> 0.95; 2.5%: r = 0, α = 0.9 -> 0.
        let two = BinomialFunnel.quantiles([0.025, 0.975], trials: 2, rate: 0.5)
        #expect(abs(two[1] - 0.95) < 1e-9)
        #expect(two[0] == 0)
        // Large n: close to the normal approximation 0.1 ± 1.96 * 0.03.
        let large = try #require(BinomialFunnel.band(trials: 10_000, rate: 0.1))
        #expect(abs(large.upper95 - (0.1 + 1.96 * 0.003)) < 0.0005)
        #expect(abs(large.lower95 - (0.1 - 1.96 * 0.003)) < 0.0005)
        // A rate of 0 or 1, or a site of none.
        #expect(BinomialFunnel.band(trials: 5, rate: 0)?.upper998 == 0)
        #expect(BinomialFunnel.band(trials: 5, rate: 1)?.lower998 == 1)
        #expect(BinomialFunnel.band(trials: 0, rate: 0.3) == nil)
    }

    @Test("The audit's funnel limits are those of each site's size around the study rate")
    func auditFunnel() throws {
        let quality = try #require(try Self.audit(Self.cohort).quality)
        let a = quality.limits[0].sites[0]
        #expect(a.funnel == BinomialFunnel.band(trials: 4, rate: 0.5))
        #expect(a.signal == .inside)
    }

    // MARK: - Exit codes

    @Test("A breach fails at every level but never; qtl fails on breaches only")
    func exitCodes() throws {
        let breached = try Self.audit(Self.cohort)
        for level in FailLevel.allCases {
            #expect(breached.exitStatus(failingOn: level) == (level == .never ? .clean : .findings), "\(level)")
        }
        // Deviations, but no breach (the study under its minimum): qtl passes, deviation fails.
        let small = try Self.audit(Array(Self.cohort.suffix(2)))
        #expect(small.quality?.breaches.isEmpty == true)
        #expect(small.exitStatus(failingOn: .qtl) == .clean)
        #expect(small.exitStatus(failingOn: .deviation) == .findings)
    }

    // MARK: - Merging and taking back

    @Test("Merged shards give the quality section of one audit of both")
    func merge() throws {
        let whole = try Self.audit(Self.cohort)
        let first = try Self.audit(Array(Self.cohort.prefix(5)), name: "first.ndjson")
        let second = try Self.audit(Array(Self.cohort.dropFirst(5)), name: "second.ndjson")
        let decoded = try [first, second].map { try JSONReporter.decode(Data(JSONReporter().render($0).utf8)) }
        let merged = try ReportMerger.merge([("first.json", decoded[0]), ("second.json", decoded[1])])
        #expect(merged.quality == whole.quality)
    }

    @Test("A CSV patient taken back leaves the quality counts as if never recorded")
    func takeBack() throws {
        let csv = CSVSplitPatientTests.self
        let text = csv.header + csv.patient("X", born: "1940-01-01") + csv.patient("Y") + csv.radiotherapy("Y", dose: "60 Gy")
            + csv.radiotherapy("X") + csv.patient("Z") + csv.radiotherapy("Z")
        let path = try TestSupport.writeTemporary(text, name: "site.csv")
        let report = Auditor(definition: try Self.load(Self.protocolText(limits: Self.limits))).audit(inputs: [path], jobs: 1)
        #expect(report.summary.patients == 2)
        #expect(report.summary.rejected == 1)
        let quality = try #require(report.quality)
        #expect(quality.sites.map(\.patients).reduce(0, +) == 2)
        #expect(quality.sites.map(\.verdicts).reduce(0, +) == 2 * report.checks.count)
        let notEvaluable = try #require(quality.limits.first { $0.measure == .notEvaluableVerdicts })
        #expect(quality.limits[0].sites.first?.patients == 2)
        #expect(notEvaluable.overall.numerator == report.summary.notEvaluable)
        // X, born 1940, deviated on age in its first block: taken back.
        #expect(quality.limits[0].overall.numerator == 0)
        #expect(quality.sites.first?.patientsWithDeviation == 0)
        // Y and Z ended radiotherapy on 2025-11-19 and enrolled on 2025-12-01.
        #expect(quality.sites.first?.enrollmentDays?.histogram == ["12": 2])
        #expect(quality.sites.first?.enrollmentDays?.uncounted == 0)
        #expect(quality.rejected == 1)
    }
}
