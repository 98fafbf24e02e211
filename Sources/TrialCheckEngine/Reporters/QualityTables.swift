/// The report's quality section as rows of text, shared by the text, Markdown and HTML
/// reports: the limits, the sites that breach one or fall outside its funnel, and each
/// site's key risk indicators.
enum QualityTables {
    static let limitHeaders = ["limit", "measure", "threshold", "study", "status", "sites breached", "sites too small"]

    /// One row per limit.
    static func limitRows(_ quality: QualityReport) -> [[String]] {
        quality.limits.map { limit in
            let breached = limit.sites.filter { $0.status == .breached }.map { QualityReport.siteName($0.site) }
            let small = limit.sites.count { $0.status == .tooSmall }
            return [
                limit.id, limit.measurePhrase, "<= " + QualityReport.percent(limit.threshold),
                "\(limit.overall.percentText) (\(limit.overall.numerator)/\(limit.overall.denominator))",
                limit.overall.status.rawValue,
                limit.perSite ? (breached.isEmpty ? "none" : breached.joined(separator: ", ")) : "study only",
                limit.perSite ? "\(small) (< \(limit.minimumPatients) patients)" : "-",
            ]
        }
    }

    static let signalHeaders = ["limit", "site", "patients", "count", "rate", "status", "funnel"]

    /// One row per site and limit where the site breaches the limit or falls outside its
    /// funnel's 95% limits.
    static func signalRows(_ quality: QualityReport) -> [[String]] {
        quality.limits.flatMap { limit in
            limit.sites.filter { $0.status == .breached || ($0.signal ?? .inside) != .inside }.map { site in
                [
                    limit.id, QualityReport.siteName(site.site), String(site.patients),
                    "\(site.rate.numerator)/\(site.rate.denominator)", site.rate.percentText, site.status.rawValue,
                    site.signal?.phrase ?? "-",
                ]
            }
        }
    }

    /// The indicator table's headings (the days column names the anchor).
    static func indicatorHeaders(_ quality: QualityReport) -> [String] {
        var headers = ["site", "patients", "with a deviation", "by category", "not-evaluable verdicts", "with missing data"]
        if let anchor = quality.enrollmentAnchor { headers.append("days \(anchor) to enrollment: median (range; counted)") }
        return headers
    }

    /// One row per site.
    static func indicatorRows(_ quality: QualityReport) -> [[String]] {
        quality.sites.map { site in
            let categories = site.patientsWithDeviationByCategory.sorted { $0.key < $1.key }
                .map { "\($0.key) \(share($0.value, of: site.patients))" }
            var row = [
                QualityReport.siteName(site.site), String(site.patients),
                share(site.patientsWithDeviation, of: site.patients),
                categories.isEmpty ? "-" : categories.joined(separator: ", "),
                share(site.notEvaluable, of: site.verdicts),
                share(site.patientsWithMissingData, of: site.patients),
            ]
            if quality.enrollmentAnchor != nil { row.append(days(site.enrollmentDays)) }
            return row
        }
    }

    /// A sentence on the records rejected, which no site can be given.
    static func rejectedSentence(_ quality: QualityReport) -> String? {
        guard quality.rejected > 0 else { return nil }
        return "\(quality.rejected) record\(quality.rejected == 1 ? " was" : "s were") rejected before a site could be read: counted for the study only."
    }

    /// `count` of `total` as "n (x.y%)".
    static func share(_ count: Int, of total: Int) -> String {
        total > 0 ? "\(count) (\(QualityReport.percent(Double(count) / Double(total))))" : "\(count)"
    }

    private static func days(_ statistics: QualityReport.DayStatistics?) -> String {
        guard let statistics, let median = statistics.median, let minimum = statistics.minimum, let maximum = statistics.maximum else {
            return "- (0 counted)"
        }
        let medianText = median == median.rounded() ? String(Int(median)) : String(median)
        let uncounted = statistics.uncounted > 0 ? ", \(statistics.uncounted) not" : ""
        return "\(medianText) (\(minimum) to \(maximum); \(statistics.counted) counted\(uncounted))"
    }
}
