import TrialCheckCore

/// Counts, patient by patient as the audit records them, what the quality tolerance limits
/// and the site risk indicators need: a few counters per site and limit, and per site a
/// histogram of days to enrollment. Nothing is kept per patient, except the site and days
/// of patients read from inputs whose patients may later be taken back (CSV rows found not
/// to be contiguous), so that taking one back is exact.
struct QualityTally {
    private let plan: QualityPlan
    /// For each limit, which checks (by protocol index) it counts.
    private let selections: [[Bool]]
    /// Each check's category (by protocol index), as an index into `CheckCategory.allCases`.
    private let categoryIndices: [Int]
    private let checkIndices: [String: Int]
    private var siteIndices: [String?: Int] = [:]
    private var sites: [SiteTally] = []
    /// The site index and days of patients that may be taken back, by id.
    private var takeBackable: [String: (site: Int, days: Int?)] = [:]

    init(plan: QualityPlan, checks: [ConfiguredCheck]) {
        self.plan = plan
        selections = plan.limits.map { $0.selects(checks) }
        let categories = CheckCategory.allCases
        categoryIndices = checks.map { configured in categories.firstIndex(of: configured.category) ?? 0 }
        var indices: [String: Int] = [:]
        for (index, configured) in checks.enumerated() where indices[configured.id] == nil { indices[configured.id] = index }
        checkIndices = indices
    }

    /// Counts one patient and its verdicts (one per check, in protocol order).
    /// - Parameter mayBeTakenBack: whether the patient may be taken back later (``takeBack(_:findings:)``).
    mutating func record(_ patient: PatientHistory, verdicts: [Verdict], mayBeTakenBack: Bool) {
        let site = siteIndex(patient.site)
        let days = plan.enrollmentAnchor.flatMap { Self.daysToEnrollment(from: $0, in: patient) }
        add(verdicts, days: days, to: site, sign: 1)
        if mayBeTakenBack { takeBackable[patient.id] = (site, days) }
    }

    /// Takes back patient `id`, recorded earlier: `findings` are its non-pass verdicts (the
    /// rest were passes). A patient not recorded as one that may be taken back is left as counted.
    mutating func takeBack(_ id: String, findings: [AuditReport.Finding]) {
        guard let (site, days) = takeBackable.removeValue(forKey: id) else { return }
        var verdicts = [Verdict](repeating: .pass, count: categoryIndices.count)
        for finding in findings {
            if let index = checkIndices[finding.check] { verdicts[index] = finding.status }
        }
        add(verdicts, days: days, to: site, sign: -1)
    }

    /// The days from `anchor` to enrollment, when both are exact days.
    static func daysToEnrollment(from anchor: TimelineAnchor, in patient: PatientHistory) -> Int? {
        guard case .success(let (span, _)) = anchor.resolve(in: patient), span.isSingleDay else { return nil }
        let enrollment = patient.enrollment.date.span
        guard enrollment.isSingleDay else { return nil }
        return span.first.distance(to: enrollment.first)
    }

    private mutating func siteIndex(_ site: String?) -> Int {
        if let index = siteIndices[site] { return index }
        siteIndices[site] = sites.count
        sites.append(SiteTally(limits: plan.limits.count))
        return sites.count - 1
    }

    private mutating func add(_ verdicts: [Verdict], days: Int?, to site: Int, sign: Int) {
        // In place: a copy of the site's tally would copy its arrays on every patient.
        Self.add(verdicts, days: days, to: &sites[site], sign: sign, plan: plan, selections: selections, categoryIndices: categoryIndices)
    }

    private static func add(
        _ verdicts: [Verdict], days: Int?, to tally: inout SiteTally, sign: Int,
        plan: QualityPlan, selections: [[Bool]], categoryIndices: [Int]
    ) {
        tally.patients += sign
        tally.verdicts += sign * verdicts.count
        var deviated = false
        var missing = false
        var categories = 0
        for (index, verdict) in verdicts.enumerated() {
            switch verdict {
            case .pass: continue
            case .deviation:
                deviated = true
                categories |= 1 << categoryIndices[index]
            case .indeterminate: tally.indeterminate += sign
            case .notEvaluable:
                tally.notEvaluable += sign
                missing = true
            }
        }
        if deviated { tally.patientsWithDeviation += sign }
        if missing { tally.patientsWithMissingData += sign }
        for category in tally.byCategory.indices where categories & (1 << category) != 0 { tally.byCategory[category] += sign }
        for (limit, selected) in selections.enumerated() {
            let measure = plan.limits[limit].measure
            tally.numerators[limit] += sign * measure.numerator(of: verdicts, selected: selected)
            tally.denominators[limit] += sign * measure.denominator(selected: selected)
        }
        if plan.enrollmentAnchor != nil {
            if let days { tally.days[days, default: 0] += sign } else { tally.uncounted += sign }
            if let days, tally.days[days] == 0 { tally.days[days] = nil }
        }
    }

    /// The report's `quality` section.
    /// - Parameter rejected: records rejected (they have no site).
    func report(rejected: Int) -> QualityReport {
        let limits = plan.limits.map { limit in
            QualityReport.LimitResult(
                id: limit.id, title: limit.title, measure: limit.measure, category: limit.category, check: limit.check,
                unit: limit.measure.unit, threshold: limit.threshold, perSite: limit.perSite,
                minimumPatients: limit.minimumPatients,
                overall: QualityReport.Rate(numerator: 0, denominator: 0, status: .noData), sites: []
            )
        }
        let counts = siteIndices.map { site, index in
            let tally = sites[index]
            var byCategory: [String: Int] = [:]
            for (position, category) in CheckCategory.allCases.enumerated() where tally.byCategory[position] > 0 {
                byCategory[category.rawValue] = tally.byCategory[position]
            }
            let indicators = QualityReport.SiteIndicators(
                site: site, patients: tally.patients, verdicts: tally.verdicts, notEvaluable: tally.notEvaluable,
                indeterminate: tally.indeterminate, patientsWithDeviation: tally.patientsWithDeviation,
                patientsWithDeviationByCategory: byCategory, patientsWithMissingData: tally.patientsWithMissingData,
                enrollmentDays: plan.enrollmentAnchor == nil ? nil : QualityReport.DayStatistics(
                    histogram: Dictionary(uniqueKeysWithValues: tally.days.map { (String($0.key), $0.value) }), uncounted: tally.uncounted
                )
            )
            return QualityReport.SiteCounts(indicators: indicators, numerators: tally.numerators, denominators: tally.denominators)
        }
        return QualityReport.assemble(limits: limits, sites: counts, enrollmentAnchor: plan.enrollmentAnchor?.rawValue, rejected: rejected)
    }
}

/// One site's counters.
private struct SiteTally {
    var patients = 0
    var verdicts = 0
    var notEvaluable = 0
    var indeterminate = 0
    var patientsWithDeviation = 0
    var patientsWithMissingData = 0
    /// Patients with a deviation of each category (by `CheckCategory.allCases` index).
    var byCategory = [Int](repeating: 0, count: CheckCategory.allCases.count)
    /// Per limit.
    var numerators: [Int]
    var denominators: [Int]
    /// Days to enrollment: how many patients had each count.
    var days: [Int: Int] = [:]
    var uncounted = 0

    init(limits: Int) {
        numerators = [Int](repeating: 0, count: limits)
        denominators = numerators
    }
}
