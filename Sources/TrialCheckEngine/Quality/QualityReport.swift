import TrialCheckCore

/// The quality tolerance limits a protocol declares, computed over the study and each site,
/// with each site's key risk indicators: the report's `quality` section, present when the
/// protocol has a `quality_tolerance_limits:` section.
public struct QualityReport: Codable, Sendable, Hashable {
    /// Each limit and where it stands, in protocol order.
    public var limits: [LimitResult]
    /// Each site's key risk indicators, by site name (patients without a site last).
    public var sites: [SiteIndicators]
    /// The point the days-to-enrollment indicator counts from (`crt-completion`, ...), when declared.
    public var enrollmentAnchor: String?
    /// Records rejected before a site could be read: counted for the study, at no site.
    public var rejected: Int

    enum CodingKeys: String, CodingKey {
        case limits, sites, rejected
        case enrollmentAnchor = "enrollment-anchor"
    }

    /// Every breach: the study's and each site's, in limit order.
    public var breaches: [Breach] {
        limits.flatMap { limit in
            (limit.overall.status == .breached ? [Breach(limit: limit, site: nil, rate: limit.overall)] : [])
                + limit.sites.filter { $0.status == .breached }.map { Breach(limit: limit, site: $0, rate: $0.rate) }
        }
    }

    /// One breach of a limit: over the study (`site` is nil) or at one site.
    public struct Breach: Sendable, Hashable {
        public let limit: LimitResult
        public let site: SiteRate?
        public let rate: Rate

        /// Where the breach is, in words: "the study" or "site X".
        public var scope: String { site.map { "site \(QualityReport.siteName($0.site))" } ?? "the study" }

        /// The breach as a sentence a monitor acts on.
        public var message: String {
            "\(limit.title) at \(scope): \(rate.numerator) of \(rate.denominator) \(limit.unit.rawValue), \(rate.percentText), "
                + "above the limit of \(QualityReport.percent(limit.threshold))"
        }
    }

    /// A count out of a total.
    public struct Rate: Codable, Sendable, Hashable {
        public var numerator: Int
        public var denominator: Int
        /// Whether the limit applies, and if so whether it holds.
        public var status: Status

        /// The share, or nil for a total of none.
        public var value: Double? { denominator > 0 ? Double(numerator) / Double(denominator) : nil }

        /// The share as a percentage with one decimal, or "no data".
        public var percentText: String { value.map(QualityReport.percent) ?? "no data" }

        enum CodingKeys: String, CodingKey { case numerator, denominator, status }
    }

    /// Whether a limit holds where it was applied.
    public enum Status: String, Codable, Sendable, Hashable {
        /// At or below the threshold.
        case within
        /// Above the threshold.
        case breached
        /// Nothing to count (no patient, or no verdict of the checks the limit counts).
        case noData = "no-data"
        /// The study, or a site, with fewer patients than the limit's minimum: shown, not judged.
        case tooSmall = "too-small"
        /// A limit applied to the study only.
        case notApplied = "not-applied"
    }

    /// One limit over the study and each site.
    public struct LimitResult: Codable, Sendable, Hashable {
        public var id: String
        public var title: String
        public var measure: QualityMeasure
        public var category: CheckCategory?
        public var check: String?
        /// What the share is of.
        public var unit: QualityMeasure.Unit
        /// The largest share allowed (0-1).
        public var threshold: Double
        public var perSite: Bool
        public var minimumPatients: Int
        /// The study's count.
        public var overall: Rate
        /// Each site's count, with its funnel-plot control limits, by site name.
        public var sites: [SiteRate]

        enum CodingKeys: String, CodingKey {
            case id, title, measure, category, check, unit, threshold, overall, sites
            case perSite = "per-site"
            case minimumPatients = "min-patients"
        }

        /// The measure with its filter, in a phrase.
        public var measurePhrase: String { measure.phrase(category: category, check: check) }

        /// The rule id of the limit's breaches.
        public var ruleID: String { "qtl/\(id)" }

        /// Whether the limit is breached anywhere.
        public var isBreached: Bool { overall.status == .breached || sites.contains { $0.status == .breached } }
    }

    /// One site's count for a limit.
    public struct SiteRate: Codable, Sendable, Hashable {
        /// The site (nil for patients without one).
        public var site: String?
        public var patients: Int
        public var rate: Rate
        /// The funnel plot's control limits for a site of this size, around the study's rate.
        public var funnel: FunnelBand?
        /// Where the site's rate falls against those limits.
        public var signal: FunnelSignal?

        enum CodingKeys: String, CodingKey { case site, patients, rate, funnel, signal }

        /// The site's status for the limit.
        public var status: Status { rate.status }
    }

    /// The 95% and 99.8% control limits for one site size (proportions, 0-1).
    public struct FunnelBand: Codable, Sendable, Hashable {
        public var lower998: Double
        public var lower95: Double
        public var upper95: Double
        public var upper998: Double

        enum CodingKeys: String, CodingKey {
            case lower998 = "lower-99.8"
            case lower95 = "lower-95"
            case upper95 = "upper-95"
            case upper998 = "upper-99.8"
        }

        /// Where `rate` falls.
        func signal(for rate: Double) -> FunnelSignal {
            if rate > upper998 { return .above998 }
            if rate > upper95 { return .above95 }
            if rate < lower998 { return .below998 }
            if rate < lower95 { return .below95 }
            return .inside
        }
    }

    /// Where a site's rate falls in the funnel plot.
    public enum FunnelSignal: String, Codable, Sendable, Hashable {
        case inside
        case above95 = "above-95"
        case above998 = "above-99.8"
        case below95 = "below-95"
        case below998 = "below-99.8"

        /// In words, for tables.
        public var phrase: String {
            switch self {
            case .inside: "within the funnel"
            case .above95: "above the 95% limit"
            case .above998: "above the 99.8% limit"
            case .below95: "below the 95% limit"
            case .below998: "below the 99.8% limit"
            }
        }
    }

    /// One site's key risk indicators.
    public struct SiteIndicators: Codable, Sendable, Hashable {
        /// The site (nil for patients without one).
        public var site: String?
        public var patients: Int
        /// Verdicts given (patients times checks).
        public var verdicts: Int
        public var notEvaluable: Int
        public var indeterminate: Int
        /// Patients with at least one deviation.
        public var patientsWithDeviation: Int
        /// Patients with at least one deviation of each category (categories with none left out).
        public var patientsWithDeviationByCategory: [String: Int]
        /// Patients with at least one not-evaluable verdict.
        public var patientsWithMissingData: Int
        /// Days from the enrollment anchor to enrollment, where both are exact days.
        public var enrollmentDays: DayStatistics?

        enum CodingKeys: String, CodingKey {
            case site, patients, verdicts, indeterminate
            case notEvaluable = "not-evaluable"
            case patientsWithDeviation = "patients-with-deviation"
            case patientsWithDeviationByCategory = "patients-with-deviation-by-category"
            case patientsWithMissingData = "patients-with-missing-data"
            case enrollmentDays = "enrollment-days"
        }
    }

    /// The days from the enrollment anchor to enrollment over a site's patients.
    public struct DayStatistics: Codable, Sendable, Hashable {
        /// How many patients had each number of days (keys are the days, as text).
        public var histogram: [String: Int]
        /// Patients whose interval could be counted (both days exact).
        public var counted: Int
        /// Patients whose anchor or enrollment is missing or not an exact day.
        public var uncounted: Int
        /// The median, when some were counted (the mean of the middle two for an even count).
        public var median: Double?
        public var minimum: Int?
        public var maximum: Int?

        enum CodingKeys: String, CodingKey { case histogram, counted, uncounted, median, minimum, maximum }

        /// The statistics of `histogram`.
        init(histogram: [String: Int], uncounted: Int) {
            self.histogram = histogram.filter { $0.value != 0 }
            self.uncounted = uncounted
            let counts = self.histogram.compactMap { key, count in Int(key).map { ($0, count) } }.sorted { $0.0 < $1.0 }
            counted = counts.reduce(0) { $0 + $1.1 }
            minimum = counts.first?.0
            maximum = counts.last?.0
            guard counted > 0 else { return }
            // The values at 0-based positions (counted - 1) / 2 and counted / 2.
            let positions = [(counted - 1) / 2, counted / 2]
            var values: [Int] = []
            var seen = 0
            for (day, count) in counts {
                for position in positions where position >= seen && position < seen + count { values.append(day) }
                seen += count
            }
            median = Double(values.reduce(0, +)) / Double(max(values.count, 1))
        }
    }

    /// A site's name for people ("(no site)" for patients without one).
    public static func siteName(_ site: String?) -> String { site ?? "(no site)" }

    /// A share as a percentage with one decimal ("4.2%").
    public static func percent(_ share: Double) -> String {
        let tenths = (share * 1000).rounded()
        let whole = Int(tenths) / 10
        let tenth = Int(tenths) % 10
        return "\(whole).\(tenth)%"
    }
}
