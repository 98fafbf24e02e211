/// The report's `quality` section as JSON, members in `JSONEncoder`'s sorted order.
extension PrettyJSONWriter {
    mutating func quality(_ quality: QualityReport) {
        member("enrollment-anchor", quality.enrollmentAnchor)
        array("limits", quality.limits) { writer, limit in writer.limit(limit) }
        member("rejected", quality.rejected)
        array("sites", quality.sites) { writer, site in writer.indicators(site) }
    }

    private mutating func limit(_ limit: QualityReport.LimitResult) {
        beginObject()
        member("category", limit.category?.rawValue)
        member("check", limit.check)
        member("id", limit.id)
        member("measure", limit.measure.rawValue)
        member("min-patients", limit.minimumPatients)
        object("overall") { writer in writer.rate(limit.overall) }
        member("per-site", limit.perSite)
        array("sites", limit.sites) { writer, site in
            writer.beginObject()
            if let band = site.funnel {
                writer.object("funnel") { writer in
                    writer.member("lower-95", band.lower95)
                    writer.member("lower-99.8", band.lower998)
                    writer.member("upper-95", band.upper95)
                    writer.member("upper-99.8", band.upper998)
                }
            }
            writer.member("patients", site.patients)
            writer.object("rate") { writer in writer.rate(site.rate) }
            writer.member("signal", site.signal?.rawValue)
            writer.member("site", site.site)
            writer.endObject()
        }
        member("threshold", limit.threshold)
        member("title", limit.title)
        member("unit", limit.unit.rawValue)
        endObject()
    }

    private mutating func rate(_ rate: QualityReport.Rate) {
        member("denominator", rate.denominator)
        member("numerator", rate.numerator)
        member("status", rate.status.rawValue)
    }

    private mutating func indicators(_ site: QualityReport.SiteIndicators) {
        beginObject()
        if let days = site.enrollmentDays {
            object("enrollment-days") { writer in
                writer.member("counted", days.counted)
                writer.object("histogram") { writer in
                    for (day, count) in days.histogram.sorted(by: { $0.key < $1.key }) {
                        writer.key(day)
                        writer.integer(count)
                    }
                }
                writer.member("maximum", days.maximum)
                writer.member("median", days.median)
                writer.member("minimum", days.minimum)
                writer.member("uncounted", days.uncounted)
            }
        }
        member("indeterminate", site.indeterminate)
        member("not-evaluable", site.notEvaluable)
        member("patients", site.patients)
        member("patients-with-deviation", site.patientsWithDeviation)
        object("patients-with-deviation-by-category") { writer in
            for (category, count) in site.patientsWithDeviationByCategory.sorted(by: { $0.key < $1.key }) {
                writer.key(category)
                writer.integer(count)
            }
        }
        member("patients-with-missing-data", site.patientsWithMissingData)
        member("site", site.site)
        member("verdicts", site.verdicts)
        endObject()
    }
}
