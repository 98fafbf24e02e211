import TrialCheckCore

/// When the HTML report switches to its large-cohort layout, and where its pages go.
public struct HTMLOptions: Sendable, Hashable {
    /// Where the pages of a large report are written.
    public struct PageFolder: Sendable, Hashable {
        /// The folder on disk.
        public var path: String
        /// The folder as the main page links to it (relative: `report-pages/`).
        public var href: String
        /// The main page as a page links back to it (`../report.html`).
        public var summaryHref: String

        public init(path: String, href: String, summaryHref: String) {
            self.path = path
            self.href = href
            self.summaryHref = summaryHref
        }
    }

    /// Above this many patients with findings, the report is a summary page with
    /// drill-down by site and check, and the findings and patients are in pages.
    public var largeCohort = 2_000
    /// Patients per page in the large-cohort layout.
    public var pageSize = 250
    /// Where the pages go; `nil` (standard output): the summary says the pages were not written.
    public var pages: PageFolder?

    /// Default options.
    public init() {}
}

/// The large-cohort layout: the summary page's sections by site and by check, and the
/// pages of findings and patients, `site-<site>-<page>.html`, each at most
/// ``HTMLOptions/pageSize`` patients of one site with their findings table and sections.
///
/// The pages are written in one pass over the findings: each site's current page is open,
/// its table rows written as they come and its patient sections held until the page is
/// full (so memory holds at most one page of sections per site).
struct HTMLPages {
    let reporter: HTMLReporter
    let report: AuditReport
    let census: HTMLCensus
    let folder: HTMLOptions.PageFolder?

    private var pageSize: Int { max(1, reporter.options.pageSize) }

    private func e(_ text: String) -> String { MarkupEscaping.escape(text) }

    /// The name of a site's page `number` (from 1).
    private func pageName(site: Int, number: Int) -> String {
        "site-\(site + 1)-\(number).html"
    }

    private func siteName(_ site: HTMLCensus.Site) -> String {
        site.name ?? "(no site)"
    }

    /// The summary page's sections; writes the pages when there is a folder. A page that
    /// cannot be written is a failure of the whole report.
    func write() throws(ReportOutput.Failure) -> String {
        var out = "<section id=\"sites\" aria-labelledby=\"sites-title\">\n<h2 id=\"sites-title\">Findings by site <span class=\"count\">(\(census.sites.count))</span></h2>\n"
        out += "<p class=\"small muted\">\(census.patients) patients have findings, more than the \(reporter.options.largeCohort) shown on one page: "
        out += "this page summarizes them by site and by check, and each site's findings and patients are in pages of at most \(pageSize) patients.</p>\n"
        out += "<div class=\"table-wrap\"><table class=\"sites\">\n<thead><tr><th scope=\"col\">Site</th><th scope=\"col\" class=\"num\">Patients with findings</th>"
        out += "<th scope=\"col\" class=\"num\">Deviation</th><th scope=\"col\" class=\"num\">Indeterminate</th><th scope=\"col\" class=\"num\">Not evaluable</th>"
        out += "<th scope=\"col\" class=\"num\">Waived</th><th scope=\"col\" class=\"num\">New</th><th scope=\"col\">Pages</th></tr></thead>\n<tbody>\n"
        for (index, site) in census.sites.enumerated() {
            out += "<tr><th scope=\"row\" data-label=\"Site\">\(e(siteName(site)))</th><td class=\"num\" data-label=\"Patients\">\(site.patients)</td>"
            out += "<td class=\"num\" data-label=\"Deviation\">\(site.deviation)</td><td class=\"num\" data-label=\"Indeterminate\">\(site.indeterminate)</td>"
            out += "<td class=\"num\" data-label=\"Not evaluable\">\(site.notEvaluable)</td><td class=\"num\" data-label=\"Waived\">\(site.waived)</td><td class=\"num\" data-label=\"New\">\(site.new)</td>"
            out += "<td data-label=\"Pages\">\(pageLinks(site: index, patients: site.patients))</td></tr>\n"
        }
        out += "</tbody>\n</table></div>\n</section>\n"

        out += "<section id=\"pages\" aria-labelledby=\"pages-title\">\n<h2 id=\"pages-title\">Findings by check and site</h2>\n"
        out += "<p class=\"small muted\">Non-pass findings of each check at each site; a site leads to its first page.</p>\n<ul class=\"drill\">\n"
        for check in report.checks {
            guard let counts = census.bySiteAndCheck[check.id], !counts.isEmpty else { continue }
            let sites = counts.sorted { $0.key < $1.key }.map { index, count in
                link(site: index, page: 1, text: "\(siteName(census.sites[index])) (\(count))")
            }
            out += "<li><code>\(e(check.id))</code> <span class=\"muted\">\(e(check.criterion))</span>: \(sites.joined(separator: ", "))</li>\n"
        }
        out += "</ul>\n"
        if folder == nil {
            out += "<p class=\"note\"><strong>The pages were not written:</strong> the report went to standard output. Write it to a file (<code>--output report.html</code> or <code>--report html:report.html</code>) for its pages beside it, or use the JSON or CSV report for every finding.</p>\n"
        }
        out += "</section>\n"
        if let folder { try writePages(folder) }
        return out
    }

    private func link(site: Int, page: Int, text: String) -> String {
        guard let folder else { return e(text) }
        return "<a href=\"\(e(folder.href + pageName(site: site, number: page)))\">\(e(text))</a>"
    }

    private func pageLinks(site: Int, patients: Int) -> String {
        let count = (patients + pageSize - 1) / pageSize
        return (1...max(count, 1)).map { number in
            let first = (number - 1) * pageSize + 1
            let last = min(number * pageSize, patients)
            return link(site: site, page: number, text: "\(first)-\(last)")
        }.joined(separator: " ")
    }

    /// One open page: its output, its patients so far and their sections, held until it closes.
    private final class Page {
        let output: ReportOutput
        let number: Int
        var patients = 0
        var sections = ""

        init(output: ReportOutput, number: Int) {
            self.output = output
            self.number = number
        }
    }

    private func writePages(_ folder: HTMLOptions.PageFolder) throws(ReportOutput.Failure) {
        var open: [Int: Page] = [:]
        var failure: ReportOutput.Failure?
        PatientGroups.forEach(report) { patient, anchor, findings in
            guard failure == nil, let site = census.existingIndex(of: findings.first?.site) else { return }
            do throws(ReportOutput.Failure) {
                var page = open[site]
                if let full = page, full.patients == pageSize {
                    try close(full, site: site)
                    page = nil
                }
                if page == nil {
                    let number = (open[site]?.number ?? 0) + 1
                    let created = try start(site: site, number: number, folder: folder)
                    open[site] = created
                    page = created
                }
                guard let page else { return }
                page.patients += 1
                for finding in findings { page.output.write(reporter.findingRow(finding, anchor: anchor)) }
                page.sections += reporter.patientSection(patient, anchor: anchor, findings: findings, timeline: report.timelines[patient])
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        for (site, page) in open.sorted(by: { $0.key < $1.key }) { try close(page, site: site) }
    }

    private func start(site: Int, number: Int, folder: HTMLOptions.PageFolder) throws(ReportOutput.Failure) -> Page {
        let output = try ReportOutput.file(atPath: folder.path + "/" + pageName(site: site, number: number))
        let name = siteName(census.sites[site])
        let total = (census.sites[site].patients + pageSize - 1) / pageSize
        output.write(HTMLReporter.documentHead(report, title: "\(report.protocol.id): site \(name), page \(number) of \(total)"))
        var out = "<div class=\"page\">\n<header class=\"report\">\n<p class=\"eyebrow\">Protocol compliance audit · \(e(report.protocol.id))</p>\n"
        out += "<h1>Site \(e(name))</h1>\n<p class=\"title\">Page \(number) of \(total): patients \((number - 1) * pageSize + 1)-\(min(number * pageSize, census.sites[site].patients)) of \(census.sites[site].patients) with findings. "
        out += "<a href=\"\(e(folder.summaryHref))\">Back to the summary</a>"
        if number > 1 { out += " · <a href=\"\(pageName(site: site, number: number - 1))\">Previous page</a>" }
        if number < total { out += " · <a href=\"\(pageName(site: site, number: number + 1))\">Next page</a>" }
        out += "</p>\n</header>\n<main>\n<section id=\"findings\" aria-labelledby=\"findings-title\">\n<h2 id=\"findings-title\">Findings</h2>\n"
        output.write(out)
        output.write(reporter.findingsTableHead(report, census: census))
        return Page(output: output, number: number)
    }

    private func close(_ page: Page, site: Int) throws(ReportOutput.Failure) {
        page.output.write(reporter.findingsTableTail)
        page.output.write("<section id=\"patients\" aria-labelledby=\"patients-title\">\n<h2 id=\"patients-title\">Patients <span class=\"count\">(\(page.patients))</span></h2>\n")
        page.output.write(HTMLReporter.timelineNote)
        page.output.write(page.sections)
        page.output.write("</section>\n</main>\n")
        page.output.write(reporter.footer(report))
        page.output.write("</div>\n")
        page.output.write(HTMLReporter.documentTail)
        try page.output.finish()
    }
}
