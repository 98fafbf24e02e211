import Foundation
import TrialCheckCore

/// A summary for a CI job page or a pull-request comment: the findings that fail the job
/// first (with a baseline: the new ones), totals, new, unchanged and resolved findings
/// against the baseline, a per-check table, the first findings, expired and unmatched
/// waivers, and a pointer to the full report.
public struct MarkdownReporter: Reporter {
    public static let identifier = "markdown"

    /// How many findings to list.
    public let limit: Int
    /// Where the full report is (a path or URL), if written.
    public let fullReport: String?

    /// The level the job fails at (`--fail-on`).
    public let failOn: FailLevel

    /// A Markdown reporter listing the first `limit` findings.
    public init(limit: Int = 25, fullReport: String? = nil, failOn: FailLevel = .deviation) {
        self.limit = limit
        self.fullReport = fullReport
        self.failOn = failOn
    }

    public func render(_ report: AuditReport) -> String {
        let summary = report.summary
        let status = report.exitStatus(failingOn: failOn) == .clean ? "✅" : "❌"
        var out = "## \(status) \(cell(report.protocol.id)) audit: \(summary.deviation) deviation\(summary.deviation == 1 ? "" : "s") in \(summary.patientsWithDeviations) of \(summary.patients) patients\n\n"
        out += failing(report)
        out += "| patients audited | rejected | deviations | indeterminate | not evaluable |"
        var values = "| \(summary.patients) | \(summary.rejected) | \(summary.deviation) | \(summary.indeterminate) | \(summary.notEvaluable) |"
        var rule = "| ---: | ---: | ---: | ---: | ---: |"
        if let waived = summary.waived {
            out += " waived |"
            values += " \(waived) |"
            rule += " ---: |"
        }
        if let new = summary.new {
            out += " new since baseline |"
            values += " \(new) |"
            rule += " ---: |"
        }
        out += "\n\(rule)\n\(values)\n\n"
        if let baseline = report.baseline {
            let unchanged = baseline.unchanged.map { "\($0) unchanged, " } ?? ""
            out += "Against the baseline \(code(baseline.path)): \(baseline.new) new, \(unchanged)\(baseline.resolved) resolved.\n\n"
        }
        let severities = Severity.allCases.compactMap { severity in
            summary.deviationsBySeverity[severity].map { "\($0) \(severity.rawValue)" }
        }
        if !severities.isEmpty { out += "Deviations by severity: \(severities.joined(separator: ", ")).\n\n" }
        out += "Protocol version \(cell(report.protocol.version)), SHA-256 `\(report.protocol.sha256.prefix(12))`.\n\n"
        if let versions = report.protocol.versionsSentence { out += cell(versions) + "\n\n" }

        out += quality(report)
        let withData = Dictionary((report.coverage?.checks ?? []).map { ($0.id, $0.patientsWithData) }, uniquingKeysWith: { first, _ in first })
        out += "### By check\n\n| check | criterion | severity | with data | pass | deviation | indeterminate | not evaluable |\n"
        out += "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n"
        for check in report.checks {
            let data = withData[check.id].map(String.init) ?? "-"
            out += "| \(code(check.id)) | \(cell(check.criterion)) | \(check.severity.rawValue) | \(data) | \(check.pass) | \(check.deviation) | \(check.indeterminate) | \(check.notEvaluable) |\n"
        }

        // The findings that fail the job are listed first; here, the others.
        var findingCount = 0
        var shown: [AuditReport.Finding] = []
        for finding in report.allFindings where !report.fails(finding, at: failOn) {
            findingCount += 1
            if shown.count < limit { shown.append(finding) }
        }
        if findingCount > 0 {
            out += "\n### Other findings\n\n| patient | check | status | finding |\n| --- | --- | --- | --- |\n"
            for finding in shown {
                var status = finding.status.rawValue
                if finding.waiver != nil { status += " (waived)" }
                if finding.isNew == true { status += " **new**" }
                if finding.isNew == false { status += " (unchanged)" }
                let version = finding.version.map { "(version \($0)) " } ?? ""
                out += "| \(cell(finding.patient)) | \(code(finding.check)) | \(status) | \(cell(version + finding.message)) |\n"
            }
            if findingCount > shown.count {
                out += "\n…and \(findingCount - shown.count) more."
                out += fullReport == nil ? " Run with `--format html` or `--format json` for the full report.\n" : "\n"
            }
        }
        if report.findingCount > 0, let fullReport {
            out += "\nFull report: \(code(fullReport)).\n"
        }
        out += resolved(report)
        out += waivers(report)
        if !report.rejected.isEmpty {
            out += "\n### Rejected records\n\n"
            for rejection in report.rejected.prefix(limit) {
                out += "- \(code(rejection.location.description)): \(cell(rejection.reason))\n"
            }
        }
        if let diagnostics = report.diagnostics, !diagnostics.isEmpty {
            out += report.isIncomplete
                ? "\n### Diagnostics: the audit is incomplete\n\n"
                : "\n### Diagnostics\n\n"
            for diagnostic in diagnostics.prefix(limit) {
                let check = diagnostic.check.map { code($0) + (diagnostic.source == .stderr ? " (stderr)" : "") + ": " } ?? ""
                out += "- **\(diagnostic.level.rawValue)** \(check)\(cell(diagnostic.message))\n"
            }
            if diagnostics.count > limit { out += "- …and \(diagnostics.count - limit) more.\n" }
        }
        out += coverage(report)
        if !report.manual.isEmpty {
            let noun = report.manual.count == 1 ? "criterion" : "criteria"
            out += "\n<details><summary>\(report.manual.count) \(noun) not checked from data</summary>\n\n"
            for criterion in report.manual { out += "- \(cell(criterion.criterion)) (\(criterion.basis.heading))\n" }
            out += "\n</details>\n"
        }
        return out
    }

    /// The quality tolerance limits: each limit, the sites that breach one or fall outside
    /// its funnel, and (folded) each site's key risk indicators.
    private func quality(_ report: AuditReport) -> String {
        guard let quality = report.quality else { return "" }
        func table(_ headers: [String], _ rows: [[String]]) -> String {
            "| " + headers.joined(separator: " | ") + " |\n|" + String(repeating: " --- |", count: headers.count) + "\n"
                + rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |\n" }.joined()
        }
        let breaches = quality.breaches.count
        let gate = failOn.failsOnBreachedLimits ? "fails the job" : "does not fail the job at --fail-on never"
        var out = "### Quality tolerance limits (\(breaches) breach\(breaches == 1 ? "" : "es"))\n\n"
        for breach in quality.breaches { out += "- ❌ \(code(breach.limit.ruleID)): \(cell(breach.message)); \(gate).\n" }
        if breaches > 0 { out += "\n" }
        out += table(QualityTables.limitHeaders, QualityTables.limitRows(quality)) + "\n"
        let signals = QualityTables.signalRows(quality)
        if !signals.isEmpty { out += "Sites above a limit or outside the funnel's 95% limits:\n\n" + table(QualityTables.signalHeaders, signals) + "\n" }
        if let rejected = QualityTables.rejectedSentence(quality) { out += rejected + "\n\n" }
        out += "<details><summary>Key risk indicators by site (\(quality.sites.count))</summary>\n\n"
        out += table(QualityTables.indicatorHeaders(quality), QualityTables.indicatorRows(quality))
        out += "\n</details>\n\n"
        return out
    }

    /// The findings that fail the job at ``failOn`` (with a baseline, only new ones can),
    /// first `limit` of them.
    private func failing(_ report: AuditReport) -> String {
        var shown: [AuditReport.Finding] = []
        var count = 0
        for finding in report.allFindings where report.fails(finding, at: failOn) {
            count += 1
            if shown.count < limit { shown.append(finding) }
        }
        guard count > 0 else { return "" }
        let title = report.baseline == nil ? "Findings that fail the job" : "New findings that fail the job"
        var out = "### \(title) (\(count), --fail-on \(failOn.rawValue))\n\n| patient | check | status | finding |\n| --- | --- | --- | --- |\n"
        for finding in shown {
            out += "| \(cell(finding.patient)) | \(code(finding.check)) | \(finding.status.rawValue) | \(cell(finding.message)) |\n"
        }
        if count > shown.count { out += "\n…and \(count - shown.count) more.\n" }
        return out + "\n"
    }

    /// The baseline's findings this audit no longer has, folded.
    private func resolved(_ report: AuditReport) -> String {
        guard let resolved = report.baseline?.resolvedFindings, !resolved.isEmpty else { return "" }
        var out = "\n<details><summary>\(resolved.count) finding\(resolved.count == 1 ? "" : "s") resolved since the baseline</summary>\n\n"
        out += "| patient | check | status | finding |\n| --- | --- | --- | --- |\n"
        for finding in resolved.prefix(limit) {
            out += "| \(cell(finding.patient)) | \(code(finding.check)) | \(finding.status.rawValue) | \(cell(finding.message)) |\n"
        }
        if resolved.count > limit { out += "\n…and \(resolved.count - limit) more.\n" }
        return out + "\n</details>\n"
    }

    /// Expired and unmatched waivers.
    private func waivers(_ report: AuditReport) -> String {
        let outcomes = (report.waivers ?? []).filter { $0.status != .applied }
        guard !outcomes.isEmpty else { return "" }
        var out = "\n### Waivers that did not apply\n\n"
        for outcome in outcomes {
            let waiver = outcome.waiver
            let why = outcome.status == .expired ? "expired\(waiver.expires.map { " on \($0)" } ?? ""): the finding counts again" : "unmatched: no finding of that patient and check"
            let at = waiver.location.map { " (\(code($0.description)))" } ?? ""
            out += "- \(cell(waiver.patient)) / \(code(waiver.check)): \(why)\(at)\n"
        }
        return out
    }

    /// The data coverage: what no check used, not understood first (always shown), then what
    /// no check of this protocol reads (folded).
    private func coverage(_ report: AuditReport) -> String {
        guard let coverage = report.coverage else { return "" }
        let elements = coverage.inputs.flatMap { input in input.elements.map { (input.path, $0) } }
        let unknown = elements.filter { $0.1.status == .unknown }
        let unused = elements.filter { $0.1.status == .unused }
        func table(_ rows: ArraySlice<(String, CoverageElement)>) -> String {
            var out = "| element | occurrences | first at | why |\n| --- | ---: | --- | --- |\n"
            for (_, element) in rows {
                let first = element.first.map { code($0.description) } ?? ""
                out += "| \(element.kind.rawValue) \(code(element.value)) | \(element.occurrences) | \(first) | \(cell(element.reason + element.hint)) |\n"
            }
            return out
        }
        var out = ""
        if !unknown.isEmpty {
            out += "\n### Data not understood (\(unknown.count))\n\nOutside the patient-history model and read by no check, so data may have been missed (`--strict` makes these errors):\n\n"
            out += table(unknown.prefix(limit))
            if unknown.count > limit { out += "\n…and \(unknown.count - limit) more.\n" }
        }
        if !unused.isEmpty {
            out += "\n<details><summary>\(unused.count) element\(unused.count == 1 ? "" : "s") of the model no check of this protocol reads</summary>\n\n"
            out += table(unused.prefix(limit))
            out += "\n</details>\n"
        }
        return out
    }

    /// Text from data as literal Markdown text, safe inside a table cell or a list item.
    private func cell(_ text: String) -> String { Self.literal(text) }

    /// Text from data as a code span, safe inside a table cell.
    private func code(_ text: String) -> String { Self.codeSpan(text) }

    /// The inline syntax a character of data would otherwise start.
    static let inlineSyntax: Set<Character> = ["\\", "`", "*", "_", "[", "]", "(", ")", "<", ">", "#", "!", "|", "~"]

    /// `text` as literal Markdown: every character of inline syntax (`\\`*_[]()<>#!|~`) is
    /// escaped with a backslash, `&` is written as `&amp;` (no entity is decoded), a leading
    /// `-`, `+` or `=` cannot start a list or a heading, `://`, `www.` and `@` are broken so
    /// no autolink forms, and control characters are visible escapes (``ControlEscaping``).
    static func literal(_ text: String) -> String {
        let escaped = ControlEscaping.escape(text)
        var out = ""
        out.reserveCapacity(escaped.utf8.count)
        var previous: Character?
        for (offset, character) in escaped.enumerated() {
            defer { previous = character }
            if inlineSyntax.contains(character) {
                out += "\\" + String(character)
            } else if character == "&" {
                out += "&amp;"
            } else if character == "@" || (character == ":" && escaped.dropFirst(offset + 1).hasPrefix("//")) {
                out += "\\" + String(character)
            } else if character == ".", previous == "w", out.lowercased().hasSuffix("www") {
                out += "\\."
            } else if offset == 0, "-+=".contains(character) {
                out += "\\" + String(character)
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// `text` as a code span: fenced by one more backtick than its longest run of backticks,
    /// `|` escaped (a table cell), control characters visible escapes.
    static func codeSpan(_ text: String) -> String {
        let escaped = ControlEscaping.escape(text).replacingOccurrences(of: "|", with: "\\|")
        var longest = 0
        var run = 0
        for character in escaped {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        guard longest > 0 else { return "`" + escaped + "`" }
        let fence = String(repeating: "`", count: longest + 1)
        return fence + " " + escaped + " " + fence
    }
}
