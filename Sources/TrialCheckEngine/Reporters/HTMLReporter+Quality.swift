extension HTMLReporter {
    /// The quality tolerance limits: each limit with its funnel plot and its sites, then
    /// each site's key risk indicators; nothing when the protocol declares no limits.
    func quality(_ report: AuditReport) -> String {
        guard let quality = report.quality else { return "" }
        let breaches = quality.breaches
        var out = "<section id=\"quality\" aria-labelledby=\"quality-title\">\n<h2 id=\"quality-title\">Quality tolerance limits <span class=\"count\">(\(breaches.count) breached)</span></h2>\n"
        if breaches.isEmpty {
            out += "<p class=\"empty\">No limit is breached, over the study or at any site judged.</p>\n"
        } else {
            out += "<ul class=\"breaches\">\n"
            for breach in breaches { out += "<li>\(badge("breached")) <code>\(e(breach.limit.ruleID))</code> \(e(breach.message))</li>\n" }
            out += "</ul>\n"
        }
        out += table(QualityTables.limitHeaders, QualityTables.limitRows(quality), className: "limits", numericFrom: 99)
        for (index, limit) in quality.limits.enumerated() where limit.perSite {
            out += "<figure class=\"chart funnel\">\n\(HTMLFunnelPlot(limit: limit, index: index).render())\n"
            out += "<figcaption><code>\(e(limit.id))</code>: \(e(limit.title)). Each dot is a site: its rate of \(e(limit.measurePhrase)) against its number of \(limit.unit.rawValue). "
            out += "Dashed curves: 95% control limits; solid curves: 99.8%, around the study rate (exact binomial, interpolated); the red line is the limit. "
            out += "Sites under \(limit.minimumPatients) patients are drawn, not judged.</figcaption>\n</figure>\n"
            let rows = limit.sites.map { site in
                [QualityReport.siteName(site.site), String(site.patients), "\(site.rate.numerator)/\(site.rate.denominator)", site.rate.percentText,
                 site.funnel.map { "\(QualityReport.percent($0.lower95))-\(QualityReport.percent($0.upper95))" } ?? "-",
                 site.funnel.map { "\(QualityReport.percent($0.lower998))-\(QualityReport.percent($0.upper998))" } ?? "-",
                 site.signal?.phrase ?? "-", site.status.rawValue]
            }
            out += "<details><summary>\(e(limit.id)) by site (\(limit.sites.count))</summary>\n"
            out += table(["Site", "Patients", "Count", "Rate", "95% limits", "99.8% limits", "Funnel", "Status"], rows, className: "sites", numericFrom: 1)
            out += "</details>\n"
        }
        if let rejected = QualityTables.rejectedSentence(quality) { out += "<p>\(e(rejected))</p>\n" }
        out += "<h3>Key risk indicators by site</h3>\n"
        out += table(QualityTables.indicatorHeaders(quality), QualityTables.indicatorRows(quality), className: "indicators", numericFrom: 1)
        out += "</section>\n"
        return out
    }

    /// A status badge for a limit ("breached").
    private func badge(_ status: String) -> String {
        "<span class=\"badge deviation\">\(e(status))</span>"
    }

    /// A table of text cells; the first column heads its row, columns from `numericFrom` are right-aligned.
    private func table(_ headers: [String], _ rows: [[String]], className: String, numericFrom: Int) -> String {
        var out = "<div class=\"table-wrap\"><table class=\"\(className)\">\n<thead><tr>"
        for (index, header) in headers.enumerated() {
            out += "<th scope=\"col\"\(index >= numericFrom ? " class=\"num\"" : "")>\(e(capitalised(header)))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                let numeric = index >= numericFrom ? " class=\"num\"" : ""
                let label = " data-label=\"\(e(capitalised(headers[index])))\""
                out += index == 0 ? "<th scope=\"row\"\(label)>\(e(cell))</th>" : "<td\(numeric)\(label)>\(e(cell))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table></div>\n"
        return out
    }

    private func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
