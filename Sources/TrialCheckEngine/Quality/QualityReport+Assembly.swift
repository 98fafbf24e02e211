/// Building the quality section from each site's counts: the one place statuses, funnel
/// limits and day statistics are worked out, for an audit (``QualityTally``) and for a
/// merge of sharded audits (``merging(_:)``).
extension QualityReport {
    /// One site's counts: its indicators, and each limit's numerator and denominator.
    struct SiteCounts {
        var indicators: SiteIndicators
        var numerators: [Int]
        var denominators: [Int]

        /// Adds another shard's counts of the same site.
        mutating func add(_ other: SiteCounts) {
            indicators.patients += other.indicators.patients
            indicators.verdicts += other.indicators.verdicts
            indicators.notEvaluable += other.indicators.notEvaluable
            indicators.indeterminate += other.indicators.indeterminate
            indicators.patientsWithDeviation += other.indicators.patientsWithDeviation
            indicators.patientsWithMissingData += other.indicators.patientsWithMissingData
            indicators.patientsWithDeviationByCategory.merge(other.indicators.patientsWithDeviationByCategory, uniquingKeysWith: +)
            if let days = other.indicators.enrollmentDays {
                var mine = indicators.enrollmentDays ?? DayStatistics(histogram: [:], uncounted: 0)
                mine.histogram.merge(days.histogram, uniquingKeysWith: +)
                mine.uncounted += days.uncounted
                indicators.enrollmentDays = DayStatistics(histogram: mine.histogram, uncounted: mine.uncounted)
            }
            for index in numerators.indices {
                numerators[index] += other.numerators[index]
                denominators[index] += other.denominators[index]
            }
        }
    }

    /// The section for `limits` (their counts are ignored) over `sites`.
    static func assemble(limits: [LimitResult], sites: [SiteCounts], enrollmentAnchor: String?, rejected: Int) -> QualityReport {
        let sites = sites.filter { $0.indicators.patients > 0 }.sorted { lhs, rhs in
            switch (lhs.indicators.site, rhs.indicators.site) {
            case (let left?, let right?): left < right
            case (nil, _): false
            case (_, nil): true
            }
        }
        let results = limits.enumerated().map { index, definition in
            var limit = definition
            let numerator = sites.reduce(0) { $0 + $1.numerators[index] }
            let denominator = sites.reduce(0) { $0 + $1.denominators[index] }
            let patients = sites.reduce(0) { $0 + $1.indicators.patients }
            limit.overall = Rate(
                numerator: numerator, denominator: denominator,
                status: patients < limit.minimumPatients ? .tooSmall : status(numerator, denominator, threshold: limit.threshold)
            )
            let studyRate = limit.overall.value ?? 0
            limit.sites = sites.map { counts in
                let (count, total, patients) = (counts.numerators[index], counts.denominators[index], counts.indicators.patients)
                let status: Status = !limit.perSite ? .notApplied
                    : patients < limit.minimumPatients ? .tooSmall
                    : Self.status(count, total, threshold: limit.threshold)
                let band = BinomialFunnel.band(trials: total, rate: studyRate)
                return SiteRate(
                    site: counts.indicators.site, patients: patients, rate: Rate(numerator: count, denominator: total, status: status),
                    funnel: band, signal: band?.signal(for: Double(count) / Double(total))
                )
            }
            return limit
        }
        return QualityReport(limits: results, sites: sites.map(\.indicators), enrollmentAnchor: enrollmentAnchor, rejected: rejected)
    }

    /// A count against a threshold: above it is a breach, at it is not.
    static func status(_ numerator: Int, _ denominator: Int, threshold: Double) -> Status {
        guard denominator > 0 else { return .noData }
        return Double(numerator) > threshold * Double(denominator) ? .breached : .within
    }

    /// Each site's counts, as the section gives them (to merge with another shard's).
    var siteCounts: [SiteCounts] {
        sites.map { indicators in
            var counts = SiteCounts(indicators: indicators, numerators: [], denominators: [])
            for limit in limits {
                let rate = limit.sites.first { $0.site == indicators.site }?.rate
                counts.numerators.append(rate?.numerator ?? 0)
                counts.denominators.append(rate?.denominator ?? 0)
            }
            return counts
        }
    }

    /// This section and another shard's of the same protocol, as one audit of both would give it.
    func merging(_ other: QualityReport) -> QualityReport {
        var bySite: [String?: SiteCounts] = [:]
        for counts in siteCounts + other.siteCounts {
            if bySite[counts.indicators.site] == nil {
                bySite[counts.indicators.site] = counts
            } else {
                bySite[counts.indicators.site]?.add(counts)
            }
        }
        return Self.assemble(
            limits: limits, sites: Array(bySite.values), enrollmentAnchor: enrollmentAnchor, rejected: rejected + other.rejected
        )
    }
}
