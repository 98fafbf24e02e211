import TrialCheckCore

/// The report a trial monitor opens from an email: one self-contained HTML file with the
/// protocol and inputs, the totals, a chart of findings per check, a sortable and
/// filterable table of every finding, a section per patient with the evidence and a
/// timeline of the patient's dated events, then rejected records, manual criteria and
/// waivers.
///
/// The file loads nothing: styles, the small sorting and filtering script, and the SVG
/// charts are inline, and a content security policy forbids anything else. It reads the
/// same with scripting disabled (the table is then neither sortable nor filterable) and
/// prints on A4 with a page per patient. Like every reporter, the output is a pure
/// function of the report: no generation time, stable order, all text escaped.
public struct HTMLReporter: Reporter {
    public static let identifier = "html"

    /// When the report switches to its large-cohort layout, and where that writes its pages.
    public let options: HTMLOptions

    /// An HTML reporter.
    public init(options: HTMLOptions = HTMLOptions()) {
        self.options = options
    }

    /// The main page alone: pages of a large report are never written by rendering.
    public func render(_ report: AuditReport) -> String {
        var options = self.options
        options.pages = nil
        let reporter = HTMLReporter(options: options)
        return ReportOutput.collecting { output in
            // Without pages to write, writing cannot fail.
            try? reporter.write(report, to: output)
        }
    }

    /// Writes the report as it is made: findings are read (from disk, where the audit
    /// spilled them) a few times in order and never held all at once, so memory does not
    /// grow with the findings. Above ``HTMLOptions/largeCohort`` patients with findings, the
    /// page is a summary with drill-down by site and check, and the findings and patients
    /// go to pages of their own (``HTMLPages``).
    public func write(_ report: AuditReport, to output: ReportOutput) throws(ReportOutput.Failure) {
        let census = HTMLCensus(report)
        let large = census.patients > options.largeCohort
        output.write(Self.documentHead(report, title: "\(report.protocol.id) protocol compliance audit"))
        output.write("<div class=\"page\">\n")
        output.write(header(report))
        output.write(contents(report, census: census, large: large))
        output.write("<main>\n")
        output.write(summary(report))
        output.write(checks(report))
        output.write(quality(report))
        if large {
            output.write(try HTMLPages(reporter: self, report: report, census: census, folder: options.pages).write())
        } else {
            findingsTable(report, census: census, to: output)
            patientSections(report, census: census, to: output)
        }
        output.write(rejected(report))
        output.write(coverage(report))
        output.write(manual(report))
        output.write(waivers(report))
        output.write(resolved(report))
        output.write("</main>\n")
        output.write(footer(report))
        output.write("</div>\n")
        output.write(Self.documentTail)
    }

    /// Everything up to the page's content: the head, with its inline style.
    static func documentHead(_ report: AuditReport, title: String) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(HTMLAssets.contentSecurityPolicy)\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"\(MarkupEscaping.escape(report.tool.name)) \(MarkupEscaping.escape(report.tool.version))\">\n"
        out += "<title>\(MarkupEscaping.escape(title))</title>\n"
        out += "<style>\(HTMLAssets.styleSheet)</style>\n</head>\n<body>\n"
        out += HTMLAssets.patternDefinitions + "\n"
        return out
    }

    /// The end of a document: its script.
    static let documentTail = "<script>\(HTMLAssets.script)</script>\n</body>\n</html>\n"

    func e(_ text: String) -> String { MarkupEscaping.escape(text) }

    // MARK: - Header

    private func header(_ report: AuditReport) -> String {
        let proto = report.protocol
        let summary = report.summary
        var out = "<header class=\"report\">\n"
        out += "<p class=\"eyebrow\">Protocol compliance audit</p>\n"
        out += "<h1>\(e(proto.id))</h1>\n"
        out += "<p class=\"title\">\(e(proto.title))</p>\n"
        out += "<dl class=\"meta\">\n"
        out += "<dt>Protocol version</dt><dd>\(e(proto.version))</dd>\n"
        if let versions = proto.versionsSentence { out += "<dt>Amendments</dt><dd>\(e(versions))</dd>\n" }
        out += "<dt>Protocol SHA-256</dt><dd><code title=\"\(e(proto.sha256))\">\(e(String(proto.sha256.prefix(12))))</code></dd>\n"
        out += "<dt>Input\(report.inputs.count == 1 ? "" : "s")</dt><dd><ul>"
        for input in report.inputs {
            var facts = [input.format, "\(input.patients) patient\(input.patients == 1 ? "" : "s") audited", "\(input.rejected) rejected"].compactMap { $0 }
            if let sha = input.sha256 { facts.append("SHA-256 \(sha.prefix(12))") }
            out += "<li><code>\(e(input.path))</code> <span class=\"muted\">(\(e(facts.joined(separator: ", "))))</span></li>"
        }
        if report.inputs.isEmpty { out += "<li class=\"empty\">none</li>" }
        out += "</ul></dd>\n"
        if let baseline = report.baseline {
            let unchanged = baseline.unchanged.map { "\($0) unchanged, " } ?? ""
            out += "<dt>Baseline</dt><dd><code>\(e(baseline.path))</code> <span class=\"muted\">(\(baseline.new) new, \(unchanged)\(baseline.resolved) resolved since)</span></dd>\n"
        }
        out += "<dt>Checked by</dt><dd>\(e(report.tool.name)) \(e(report.tool.version))</dd>\n"
        out += "</dl>\n"
        let hasDeviations = summary.deviation > 0
        out += "<p class=\"headline\(hasDeviations ? " has-deviations" : "")\">"
        if summary.patients == 0 {
            out += "<strong>No patients were audited.</strong>"
        } else if report.findingCount == 0 {
            out += "<strong>No findings:</strong> every check passed for all \(summary.patients) patient\(summary.patients == 1 ? "" : "s") audited."
        } else {
            out += "<strong>\(plural(summary.deviation, "deviation")) in \(summary.patientsWithDeviations) of \(summary.patients) patient\(summary.patients == 1 ? "" : "s")</strong>"
            out += "; \(summary.indeterminate) indeterminate, \(summary.notEvaluable) not evaluable."
        }
        if summary.rejected > 0 {
            out += " \(plural(summary.rejected, "record")) could not be audited."
        }
        out += "</p>\n</header>\n"
        return out
    }

    private func contents(_ report: AuditReport, census: HTMLCensus, large: Bool) -> String {
        var items = [("summary", "Summary"), ("checks", "Findings by check")]
        if let quality = report.quality { items.append(("quality", "Quality tolerance limits (\(quality.breaches.count) breached)")) }
        if large {
            items.append(("sites", "Findings by site (\(census.sites.count))"))
            items.append(("pages", "Patients with findings (\(census.patients), in pages)"))
        } else {
            items.append(("findings", "All findings (\(census.findings))"))
            if census.patients > 0 { items.append(("patients", "Patients with findings (\(census.patients))")) }
        }
        if !report.rejected.isEmpty { items.append(("rejected", "Rejected records (\(report.rejected.count))")) }
        if let coverage = report.coverage { items.append(("coverage", "Data coverage (\(coverage.unknownCount) not understood)")) }
        if !report.manual.isEmpty { items.append(("manual", "Not checked from data (\(report.manual.count))")) }
        if let waivers = report.waivers, !waivers.isEmpty { items.append(("waivers", "Waivers (\(waivers.count))")) }
        if let resolved = report.baseline?.resolvedFindings, !resolved.isEmpty { items.append(("resolved", "Resolved since the baseline (\(resolved.count))")) }
        return "<nav class=\"contents\" aria-label=\"Contents\"><ol>"
            + items.map { "<li><a href=\"#\($0.0)\">\(e($0.1))</a></li>" }.joined()
            + "</ol></nav>\n"
    }

    // MARK: - Summary

    private func summary(_ report: AuditReport) -> String {
        let summary = report.summary
        var out = "<section id=\"summary\" aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">Summary</h2>\n<div class=\"tiles\">\n"
        out += tile("patients", value: summary.patients, label: "Patients audited", note: nil)
        out += tile("rejected\(summary.rejected > 0 ? " some" : "")", value: summary.rejected, label: "Rejected records", note: summary.rejected > 0 ? "not audited" : nil)
        var severities = ""
        let split = Severity.allCases.map { ($0, summary.deviationsBySeverity[$0] ?? 0) }
        if summary.deviation > 0 {
            severities = "<span class=\"severity-split\">" + split.map { "<span>\($0.1) \($0.0.rawValue)</span>" }.joined() + "</span>"
        }
        out += "<div class=\"tile deviation\"><span class=\"label\">Deviations</span><span class=\"value\">\(summary.deviation)</span>"
        out += "<span class=\"note\">in \(plural(summary.patientsWithDeviations, "patient"))</span>\(severities)</div>\n"
        out += tile("indeterminate", value: summary.indeterminate, label: "Indeterminate", note: "partial dates")
        out += tile("not-evaluable", value: summary.notEvaluable, label: "Not evaluable", note: "data missing")
        if let waived = summary.waived {
            out += tile("waived", value: waived, label: "Waived", note: "accepted, never failing")
        }
        if let new = summary.new {
            out += tile("new", value: new, label: "New since baseline", note: report.baseline.map { "\($0.resolved) resolved" })
        }
        out += "</div>\n"
        out += "<dl class=\"verdicts\">\n"
        out += "<dt>\(badge(.deviation))</dt><dd>The data show the criterion is not met.</dd>\n"
        out += "<dt>\(badge(.indeterminate))</dt><dd>Partial dates leave both answers possible; the source needs a full date.</dd>\n"
        out += "<dt>\(badge(.notEvaluable))</dt><dd>Data the check needs are missing or unusable. Missing data is never a pass.</dd>\n"
        out += "</dl>\n</section>\n"
        return out
    }

    private func tile(_ kind: String, value: Int, label: String, note: String?) -> String {
        "<div class=\"tile \(kind)\"><span class=\"label\">\(e(label))</span><span class=\"value\">\(value)</span>"
            + (note.map { "<span class=\"note\">\(e($0))</span>" } ?? "") + "</div>\n"
    }

    // MARK: - Checks

    private func checks(_ report: AuditReport) -> String {
        var out = "<section id=\"checks\" aria-labelledby=\"checks-title\">\n<h2 id=\"checks-title\">Findings by check</h2>\n"
        out += "<figure class=\"chart\">\n\(legend())\(HTMLFindingsChart(checks: report.checks).render())\n"
        out += "<figcaption>Non-pass verdicts per check; the table below gives the same counts with each criterion.</figcaption>\n</figure>\n"
        out += "<div class=\"table-wrap\"><table class=\"checks\">\n<thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Criterion</th><th scope=\"col\">Severity</th><th scope=\"col\">Category</th>"
        out += "<th scope=\"col\" class=\"num\">Evaluated</th><th scope=\"col\" class=\"num\">Pass</th><th scope=\"col\" class=\"num\">Deviation</th><th scope=\"col\" class=\"num\">Indeterminate</th><th scope=\"col\" class=\"num\">Not evaluable</th></tr></thead>\n<tbody>\n"
        for check in report.checks {
            out += "<tr><th scope=\"row\"><code>\(e(check.id))</code></th><td>\(e(check.criterion))</td>"
            out += "<td><span class=\"severity \(check.severity.rawValue)\">\(check.severity.rawValue)</span></td><td>\(e(check.category.rawValue))</td>"
            for (label, count) in zip(["Evaluated", "Pass", "Deviation", "Indeterminate", "Not evaluable"], [check.evaluated, check.pass, check.deviation, check.indeterminate, check.notEvaluable]) {
                out += "<td class=\"num\(count == 0 ? " zero" : "")\" data-label=\"\(label)\">\(count)</td>"
            }
            out += "</tr>\n"
        }
        if report.checks.isEmpty { out += "<tr><td colspan=\"9\" class=\"empty\">The protocol has no checks.</td></tr>\n" }
        out += "</tbody>\n</table></div>\n</section>\n"
        return out
    }

    private func legend() -> String {
        let items = [("deviation", "Deviation"), ("indeterminate", "Indeterminate"), ("not-evaluable", "Not evaluable")]
        return "<ul class=\"legend\" aria-label=\"Legend\">"
            + items.map { "<li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><rect class=\"fill-\($0.0)\" width=\"14\" height=\"14\"/></svg>\($0.1)</li>" }.joined()
            + "</ul>\n"
    }

    // MARK: - Findings table

    private func findingsTable(_ report: AuditReport, census: HTMLCensus, to output: ReportOutput) {
        output.write("<section id=\"findings\" aria-labelledby=\"findings-title\">\n")
        output.write("<h2 id=\"findings-title\">All findings <span class=\"count\">(\(census.findings))</span></h2>\n")
        guard census.findings > 0 else {
            let text = report.summary.patients == 0 ? "No patients were audited." : "No findings: every check passed for every patient audited."
            output.write("<p class=\"empty\">\(text)</p>\n</section>\n")
            return
        }
        output.write(findingsTableHead(report, census: census))
        var anchors = PatientAnchors()
        for finding in report.allFindings {
            output.write(findingRow(finding, anchor: anchors.anchor(for: finding.patient)))
        }
        output.write(findingsTableTail)
    }

    /// The filters and the table's head, up to its first row.
    func findingsTableHead(_ report: AuditReport, census: HTMLCensus) -> String {
        var out = "<div class=\"filters\" id=\"filters\" hidden>\n"
        out += "<label>Search<input type=\"search\" id=\"filter-text\" placeholder=\"Patient, site, check, message…\" autocomplete=\"off\"></label>\n"
        out += "<label>Status<select id=\"filter-status\"><option value=\"\">All statuses</option>"
        out += "<option value=\"deviation\">Deviation</option><option value=\"indeterminate\">Indeterminate</option><option value=\"not-evaluable\">Not evaluable</option>"
        if census.hasWaived { out += "<option value=\"waived\">Waived</option>" }
        if census.hasNew { out += "<option value=\"new\">New since baseline</option>" }
        if report.baseline != nil { out += "<option value=\"unchanged\">Unchanged since baseline</option>" }
        out += "</select></label>\n"
        out += "<label>Severity<select id=\"filter-severity\"><option value=\"\">All severities</option>"
        out += Severity.allCases.map { "<option value=\"\($0.rawValue)\">\($0.rawValue.capitalizingFirstLetter)</option>" }.joined()
        out += "</select></label>\n"
        out += "<output id=\"filter-count\" aria-live=\"polite\"></output>\n</div>\n"
        out += "<div class=\"table-wrap\"><table id=\"findings-table\" class=\"findings\">\n<thead><tr>"
        for title in ["Patient", "Site", "Arm", "Check", "Severity", "Status", "Message", "Date", "Location"] {
            out += "<th scope=\"col\">\(title)</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        return out
    }

    let findingsTableTail = "</tbody>\n</table></div>\n</section>\n"

    /// One row of the findings table; `anchor` links the patient to their section.
    func findingRow(_ finding: AuditReport.Finding, anchor: String?) -> String {
        var marks = [finding.status.rawValue]
        if finding.waiver != nil { marks.append("waived") }
        if finding.isNew == true { marks.append("new") }
        if finding.isNew == false { marks.append("unchanged") }
        var out = "<tr data-status=\"\(marks.joined(separator: " "))\" data-severity=\"\(finding.severity.rawValue)\">"
        let patient = e(finding.patient)
        if let anchor {
            out += "<td class=\"nowrap\" data-label=\"Patient\"><a href=\"#\(anchor)\">\(patient)</a></td>"
        } else {
            out += "<td class=\"nowrap\" data-label=\"Patient\">\(patient)</td>"
        }
        out += "<td data-label=\"Site\">\(e(finding.site ?? ""))</td><td data-label=\"Arm\">\(e(finding.arm ?? ""))</td>"
        out += "<td data-label=\"Check\"><code>\(e(finding.check))</code></td>"
        out += "<td data-label=\"Severity\" data-sort=\"\(finding.severity == .major ? "1" : "2")\"><span class=\"severity \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span></td>"
        out += "<td class=\"nowrap\" data-label=\"Status\" data-sort=\"\(4 - finding.status.rank)\">\(badge(finding.status))\(tags(finding))</td>"
        out += "<td class=\"message\" data-label=\"Message\">\(e(finding.message))</td>"
        out += "<td class=\"nowrap\" data-label=\"Date\">\(e(finding.date ?? ""))</td>"
        if let location = finding.location {
            let line = location.line.map { ":\($0)" } ?? ""
            let sortKey = location.file + "\u{1F}" + String(location.line ?? 0)
            out += "<td class=\"nowrap mono\" data-label=\"Location\" data-sort=\"\(e(sortKey))\" title=\"\(e(location.description))\">\(e(fileName(location.file) + line))</td>"
        } else {
            out += "<td data-label=\"Location\"></td>"
        }
        out += "</tr>\n"
        return out
    }

    func badge(_ status: Verdict) -> String {
        let label = switch status {
        case .pass: "Pass"
        case .deviation: "Deviation"
        case .indeterminate: "Indeterminate"
        case .notEvaluable: "Not evaluable"
        }
        return "<span class=\"badge \(status.rawValue)\">\(label)</span>"
    }

    func tags(_ finding: AuditReport.Finding) -> String {
        var out = ""
        if finding.waiver != nil { out += "<span class=\"tag waived\">Waived</span>" }
        if finding.isNew == true { out += "<span class=\"tag new\">New</span>" }
        if finding.isNew == false { out += "<span class=\"tag unchanged\">Unchanged</span>" }
        return out
    }

    /// The last component of a path (the table shows `site.yaml:12`; the full path is in its title).
    func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    // MARK: - Patients

    private func patientSections(_ report: AuditReport, census: HTMLCensus, to output: ReportOutput) {
        guard census.patients > 0 else { return }
        output.write("<section id=\"patients\" aria-labelledby=\"patients-title\">\n")
        output.write("<h2 id=\"patients-title\">Patients with findings <span class=\"count\">(\(census.patients))</span></h2>\n")
        output.write(Self.timelineNote)
        PatientGroups.forEach(report) { patient, anchor, findings in
            output.write(patientSection(patient, anchor: anchor, findings: findings, timeline: report.timelines[patient]))
        }
        output.write("</section>\n")
    }

    static let timelineNote = "<p class=\"small muted\">Each timeline shows the patient's dated events in lanes by type over whole months. "
        + "The vertical line is the enrollment date; a hatched band is the span a criterion allowed, and a bracket below the lanes shows how far outside it the date fell. "
        + "Each finding is marked at its date on the lane of the event it concerns. "
        + "Ongoing events run to the edge with an open end; events before or after the shown period are listed at its edge.</p>\n"

    func patientSection(_ patient: String, anchor: String, findings: [AuditReport.Finding], timeline: PatientTimeline?) -> String {
        var out = "<section class=\"patient\" id=\"\(anchor)\" aria-labelledby=\"\(anchor)-title\">\n<div class=\"patient-head\">"
        out += "<h3 id=\"\(anchor)-title\">\(e(patient))</h3>"
        var facts: [String] = []
        if let site = findings.first?.site { facts.append("site \(site)") }
        if let arm = findings.first?.arm ?? timeline?.arm { facts.append("arm \(arm)") }
        if let location = findings.first?.location { facts.append("record at \(location)") }
        out += "<span class=\"facts\">\(e(facts.joined(separator: " · ")))</span>"
        let counts = [Verdict.deviation, .indeterminate, .notEvaluable].compactMap { status -> String? in
            let count = findings.filter { $0.status == status }.count
            switch status {
            case _ where count == 0: return nil
            case .deviation: return plural(count, "deviation")
            case .notEvaluable: return "\(count) not evaluable"
            default: return "\(count) \(status.rawValue)"
            }
        }
        out += "<span class=\"facts\">\(e(counts.joined(separator: ", ")))</span>"
        out += "<a class=\"back\" href=\"#findings\">Back to the findings</a></div>\n"
        if let timeline {
            let drawing = HTMLTimeline(patient: patient, timeline: timeline, findings: findings, identifier: "\(anchor)-timeline")
            out += "<figure class=\"timeline\">\n\(drawing.render())\n</figure>\n"
        }
        out += "<ol class=\"findings\">\n"
        for finding in findings {
            out += "<li class=\"\(finding.status.rawValue)\">\n<div class=\"finding-head\">\(badge(finding.status))\(tags(finding))"
            out += "<code>\(e(finding.check))</code><span class=\"severity \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span>"
            out += "<span class=\"criterion\">\(e(finding.criterion))</span>"
            if let version = finding.version { out += "<span class=\"version\">version \(e(version))</span>" }
            out += "</div>\n"
            out += "<p class=\"finding-message\">\(e(finding.message))</p>\n"
            if let waiver = finding.waiver {
                let expiry = waiver.expires.map { ", until \($0)" } ?? ""
                out += "<p class=\"waiver-note\"><strong>Waived:</strong> \(e(waiver.reason)) <span class=\"muted\">(approved by \(e(waiver.approvedBy))\(e(expiry)))</span></p>\n"
            }
            if let window = finding.window {
                out += "<p class=\"small muted\">\(e(HTMLTimeline.windowLabel(window, status: finding.status).capitalizingFirstLetter)): \(e(window.first)) to \(e(window.last)).</p>\n"
            }
            if !finding.evidence.isEmpty {
                out += "<ul class=\"evidence\">\n"
                for item in finding.evidence {
                    out += "<li>\(e(item.name)): <span class=\"value\">\(e(item.value))</span>"
                    if let location = item.location {
                        let place: String
                        if let line = location.line {
                            place = location.file == finding.location?.file ? "line \(line)" : "\(location.file):\(line)"
                        } else {
                            place = location.file
                        }
                        out += " <span class=\"where\">\(e(place))</span>"
                    }
                    out += "</li>\n"
                }
                out += "</ul>\n"
            }
            out += "</li>\n"
        }
        out += "</ol>\n</section>\n"
        return out
    }

    // MARK: - Rejected, manual, waivers

    private func rejected(_ report: AuditReport) -> String {
        guard !report.rejected.isEmpty else { return "" }
        var out = "<section id=\"rejected\" aria-labelledby=\"rejected-title\">\n<h2 id=\"rejected-title\">Rejected records <span class=\"count\">(\(report.rejected.count))</span></h2>\n"
        out += "<p class=\"small muted\">These records (or whole inputs) could not be read and were not audited.</p>\n"
        out += "<div class=\"table-wrap\"><table class=\"rejected\">\n<thead><tr><th scope=\"col\">Location</th><th scope=\"col\">Patient</th><th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n"
        for rejection in report.rejected {
            out += "<tr><td class=\"mono nowrap\">\(e(rejection.location.description))</td><td class=\"nowrap\">\(e(rejection.patient ?? ""))</td><td>\(e(rejection.reason))</td></tr>\n"
        }
        out += "</tbody>\n</table></div>\n</section>\n"
        return out
    }

    private func coverage(_ report: AuditReport) -> String {
        guard let coverage = report.coverage else { return "" }
        var out = "<section id=\"coverage\" aria-labelledby=\"coverage-title\">\n<h2 id=\"coverage-title\">Data coverage</h2>\n"
        out += "<p class=\"small muted\">What the inputs held that no check used. <strong>Not understood</strong>: outside the patient-history model and read by no check (a misspelt event type or key, a unit or an arm the audit cannot read), so data may have been missed; <code>--strict</code> makes these errors. <strong>Not used</strong>: named by the model, but no check of this protocol reads it.</p>\n"
        for input in coverage.inputs {
            let notes = report.inputs.first { $0.path == input.path }?.notes ?? []
            out += "<h3 class=\"mono\">\(e(input.path))</h3>\n"
            guard !input.elements.isEmpty || !notes.isEmpty else {
                out += "<p class=\"small\">Every element was read by a check.</p>\n"
                continue
            }
            out += "<div class=\"table-wrap\"><table class=\"coverage\">\n<thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Element</th><th scope=\"col\">Occurrences</th><th scope=\"col\">First at</th><th scope=\"col\">Why</th></tr></thead>\n<tbody>\n"
            for element in input.elements {
                let status = element.status == .unknown ? "<strong>not understood</strong>" : "not used"
                let hint = element.suggestion.map { " Did you mean <code>\(e($0))</code>?" } ?? ""
                out += "<tr><td class=\"nowrap\">\(status)</td><td class=\"mono\">\(e(element.kind.rawValue)) <code>\(e(element.value))</code></td><td class=\"nowrap\">\(e(element.occurrences))</td><td class=\"mono nowrap\">\(e(element.first?.description ?? ""))</td><td>\(e(element.reason)).\(hint)</td></tr>\n"
            }
            for note in notes {
                out += "<tr><td class=\"nowrap\">not mapped</td><td colspan=\"4\">\(e(note))</td></tr>\n"
            }
            out += "</tbody>\n</table></div>\n"
        }
        out += "<h3>Patients with the data each check reads</h3>\n<div class=\"table-wrap\"><table class=\"coverage-checks\">\n<thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Patients with data</th><th scope=\"col\">Evaluable</th></tr></thead>\n<tbody>\n"
        for check in coverage.checks {
            out += "<tr><td class=\"mono\">\(e(check.id))</td><td>\(check.patientsWithData)</td><td>\(check.evaluable)</td></tr>\n"
        }
        out += "</tbody>\n</table></div>\n</section>\n"
        return out
    }

    private func manual(_ report: AuditReport) -> String {
        guard !report.manual.isEmpty else { return "" }
        var out = "<section id=\"manual\" aria-labelledby=\"manual-title\">\n<h2 id=\"manual-title\">Not checked from data <span class=\"count\">(\(report.manual.count))</span></h2>\n"
        out += "<p class=\"small muted\">The protocol lists these criteria as needing clinical judgement or as not decidable from data: the audit does not decide them, so they need source verification.</p>\n<ul class=\"plain\">\n"
        for criterion in report.manual {
            out += "<li>\(e(criterion.criterion)) <span class=\"muted\">(\(criterion.basis.heading)" + (criterion.reason.map { "; \(e($0))" } ?? "") + ")</span></li>\n"
        }
        out += "</ul>\n</section>\n"
        return out
    }

    private func waivers(_ report: AuditReport) -> String {
        guard let outcomes = report.waivers, !outcomes.isEmpty else { return "" }
        var out = "<section id=\"waivers\" aria-labelledby=\"waivers-title\">\n<h2 id=\"waivers-title\">Waivers <span class=\"count\">(\(outcomes.count))</span></h2>\n"
        out += "<p class=\"small muted\">Applied waivers cover their findings (reported, never failing the audit); an expired waiver covers nothing; an unmatched waiver found no finding for its patient and check.</p>\n"
        out += "<div class=\"table-wrap\"><table class=\"waivers\">\n<thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\">Patient</th><th scope=\"col\">Check</th><th scope=\"col\">Reason</th><th scope=\"col\">Approved by</th><th scope=\"col\">Expires</th><th scope=\"col\">Written at</th></tr></thead>\n<tbody>\n"
        for outcome in outcomes {
            let waiver = outcome.waiver
            out += "<tr><td><span class=\"badge \(outcome.status.rawValue)\">\(outcome.status.rawValue.capitalizingFirstLetter)</span></td>"
            out += "<td class=\"nowrap\">\(e(waiver.patient))</td><td><code>\(e(waiver.check))</code></td><td>\(e(waiver.reason))</td>"
            out += "<td>\(e(waiver.approvedBy))</td><td class=\"nowrap\">\(e(waiver.expires ?? "never"))</td>"
            out += "<td class=\"mono nowrap\">\(e(waiver.location?.description ?? ""))</td></tr>\n"
        }
        out += "</tbody>\n</table></div>\n</section>\n"
        return out
    }

    private func resolved(_ report: AuditReport) -> String {
        guard let baseline = report.baseline, let resolved = baseline.resolvedFindings, !resolved.isEmpty else { return "" }
        var out = "<section id=\"resolved\" aria-labelledby=\"resolved-title\">\n<h2 id=\"resolved-title\">Resolved since the baseline <span class=\"count\">(\(resolved.count))</span></h2>\n"
        out += "<p class=\"small muted\">Findings of the baseline <code>\(e(baseline.path))</code> that this audit no longer has.</p>\n"
        out += "<div class=\"table-wrap\"><table class=\"resolved\">\n<thead><tr><th scope=\"col\">Patient</th><th scope=\"col\">Check</th><th scope=\"col\">Status then</th><th scope=\"col\">Message then</th></tr></thead>\n<tbody>\n"
        for finding in resolved {
            out += "<tr><td class=\"nowrap\">\(e(finding.patient))</td><td><code>\(e(finding.check))</code></td><td class=\"nowrap\">\(badge(finding.status))</td><td>\(e(finding.message))</td></tr>\n"
        }
        out += "</tbody>\n</table></div>\n</section>\n"
        return out
    }

    // MARK: - Footer

    func footer(_ report: AuditReport) -> String {
        "<footer class=\"report\"><p>Written by \(e(report.tool.name)) \(e(report.tool.version)) for protocol \(e(report.protocol.id)) version \(e(report.protocol.version)). "
            + "The report carries no generation time: the same protocol and inputs give the same file. "
            + "Verdicts are computed from the data as recorded; they support, and do not replace, source data verification.</p></footer>\n"
    }

    func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
