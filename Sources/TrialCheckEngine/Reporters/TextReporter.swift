import Foundation
import TrialCheckCore

/// The report a monitor reads in a terminal: findings per patient with their evidence,
/// then rejected records, manual criteria and a per-check summary table.
public struct TextReporter: Reporter {
    public static let identifier = "text"

    /// Whether to use ANSI colours (only on a terminal).
    public let colour: Bool

    /// A text reporter.
    public init(colour: Bool = false) {
        self.colour = colour
    }

    public func render(_ report: AuditReport) -> String {
        ReportOutput.collecting { write(report, to: $0) }
    }

    /// Writes the report, a finding at a time.
    public func write(_ report: AuditReport, to output: ReportOutput) {
        var out = ""
        let proto = report.protocol
        out += bold("\(e(proto.id)) (version \(e(proto.version)))") + ": \(e(proto.title))\n"
        if let versions = proto.versionsSentence { out += e(versions) + "\n" }
        for plugin in report.plugins ?? [] {
            out += "External check \(e(plugin.check)): ran \(e(plugin.command.joined(separator: " "))) (sha256 \(plugin.sha256 ?? "unknown: no script file found"))\n"
        }
        for input in report.inputs {
            let format = input.format.map { "\(e($0)), " } ?? ""
            out += "Input: \(e(input.path)) (\(format)\(input.patients) patient\(input.patients == 1 ? "" : "s") audited, \(input.rejected) rejected)\n"
        }
        out += "\n"

        var currentPatient: String?
        for finding in report.allFindings {
            defer {
                output.write(out)
                out = ""
            }
            if finding.patient != currentPatient {
                if currentPatient != nil { out += "\n" }
                currentPatient = finding.patient
                var header = [bold(e(finding.patient))]
                if let site = finding.site { header.append("site \(e(site))") }
                if let arm = finding.arm { header.append("arm \(e(arm))") }
                if let location = finding.location { header.append(e(location.description)) }
                out += header.joined(separator: " · ") + "\n"
            }
            var marks = ""
            if finding.isNew == true { marks += " " + paint("[new]", "1") }
            if let version = finding.version { marks += " [version \(e(version))]" }
            if finding.isNew == false { marks += " " + dim("[unchanged]") }
            out += "  \(label(finding.status)) \(e(finding.check)) (\(finding.severity.rawValue); \(e(finding.criterion)))\(marks)\n"
            out += "      \(e(finding.message))\n"
            if let waiver = finding.waiver {
                let expiry = waiver.expires.map { ", until \(e("\($0)"))" } ?? ""
                out += paint("      Waived: \(e(waiver.reason)) (approved by \(e(waiver.approvedBy))\(expiry)).", "36") + "\n"
            }
            for item in finding.evidence {
                let at = item.location.map { " (\($0.line.map { "line \($0)" } ?? e($0.file)))" } ?? ""
                out += dim("      - \(e(item.name)): \(e(item.value))\(at)") + "\n"
            }
        }
        if report.summary.patients == 0 {
            out += "No patients were audited.\n"
        } else if report.findingCount == 0 {
            out += "No findings: every check passed for every patient audited.\n"
        }

        if !report.rejected.isEmpty {
            out += "\n" + bold("Rejected (not audited)") + "\n"
            for rejection in report.rejected {
                let patient = rejection.patient.map { " [\(e($0))]" } ?? ""
                out += "  \(e(rejection.location.description))\(patient): \(e(rejection.reason))\n"
            }
        }

        out += coverage(report)

        if let diagnostics = report.diagnostics, !diagnostics.isEmpty {
            out += "\n" + bold(report.isIncomplete
                ? "Diagnostics (the audit is incomplete: a check could not judge every patient)"
                : "Diagnostics") + "\n"
            for diagnostic in diagnostics {
                let level = diagnostic.level.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
                let check = diagnostic.check.map { e($0) + (diagnostic.source == .stderr ? " (stderr)" : "") + ": " } ?? ""
                let line = "  \(level) \(check)\(e(diagnostic.message))"
                switch diagnostic.level {
                case .error: out += paint(line, "31") + "\n"
                case .warning: out += paint(line, "33") + "\n"
                case .note: out += dim(line) + "\n"
                }
            }
        }

        for basis in ManualCriterion.Basis.allCases {
            let criteria = report.manual.filter { $0.basis == basis }
            guard !criteria.isEmpty else { continue }
            out += "\n" + bold("Not checked from data: \(basis.heading)") + "\n"
            for criterion in criteria {
                out += "  - \(e(criterion.criterion))" + (criterion.reason.map { " (\(e($0)))" } ?? "") + "\n"
            }
        }

        if let baseline = report.baseline {
            let unchanged = baseline.unchanged.map { "\($0) unchanged, " } ?? ""
            out += "\n" + bold("Baseline \(e(baseline.path)): \(baseline.new) new, \(unchanged)\(baseline.resolved) resolved") + "\n"
            for finding in baseline.resolvedFindings ?? [] {
                out += "  resolved  \(e(finding.patient)) / \(e(finding.check)) (\(finding.status.rawValue)): \(e(finding.message))\n"
            }
        }

        if let outcomes = report.waivers, !outcomes.isEmpty {
            out += "\n" + bold("Waivers") + "\n"
            for outcome in outcomes {
                let waiver = outcome.waiver
                let location = waiver.location.map { " (\(e($0.description)))" } ?? ""
                out += "  \(outcome.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(e(waiver.patient)) / \(e(waiver.check)): \(e(waiver.reason))\(location)\n"
            }
        }

        out += quality(report)

        out += "\n" + bold("Summary by check") + "\n"
        out += table(report.checks, coverage: report.coverage)
        out += "\n" + totals(report.summary) + "\n"
        output.write(out)
    }

    /// The quality tolerance limits, the sites that breach one or fall outside its funnel,
    /// and each site's key risk indicators.
    private func quality(_ report: AuditReport) -> String {
        guard let quality = report.quality else { return "" }
        let breaches = quality.breaches
        var out = "\n" + bold("Quality tolerance limits (\(breaches.count) breach\(breaches.count == 1 ? "" : "es"))") + "\n"
        for breach in breaches { out += paint("  BREACHED \(e(breach.limit.ruleID)): \(e(breach.message))", "31;1") + "\n" }
        out += aligned(QualityTables.limitHeaders, escaped(QualityTables.limitRows(quality)), leftColumns: 7)
        let signals = QualityTables.signalRows(quality)
        if !signals.isEmpty {
            out += "\n" + bold("Sites above a limit or outside the funnel's 95% limits") + "\n"
            out += aligned(QualityTables.signalHeaders, escaped(signals), leftColumns: 2)
        }
        if let rejected = QualityTables.rejectedSentence(quality) { out += "\n  \(e(rejected))\n" }
        out += "\n" + bold("Key risk indicators by site") + "\n"
        out += aligned(QualityTables.indicatorHeaders(quality), escaped(QualityTables.indicatorRows(quality)), leftColumns: 1)
        return out
    }

    private func escaped(_ rows: [[String]]) -> [[String]] { rows.map { $0.map(e) } }

    /// A table with padded columns; the first `leftColumns` are left-aligned, the rest right-aligned.
    private func aligned(_ headers: [String], _ rows: [[String]], leftColumns: Int) -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index < leftColumns ? cell + padding : padding + cell
            }
            var text = "  " + padded.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        return line(headers) + rows.map(line).joined()
    }

    /// What the inputs held that no check used, per input, not understood first.
    private func coverage(_ report: AuditReport) -> String {
        guard let coverage = report.coverage else { return "" }
        var lines = ""
        for input in coverage.inputs {
            let notes = report.inputs.first { $0.path == input.path }?.notes ?? []
            guard !input.elements.isEmpty || !notes.isEmpty else { continue }
            lines += "  \(e(input.path))\n"
            for element in input.elements {
                let at = element.first.map { " at \($0.line.map { "line \($0)" } ?? e($0.file))" } ?? ""
                let line = "    \(element.status == .unknown ? "not understood" : "not used      ") \(element.kind.rawValue) '\(e(element.value))'\(at): \(e(element.sentence))"
                lines += (element.status == .unknown ? paint(line, "33") : dim(line)) + "\n"
            }
            for note in notes { lines += dim("    not mapped     \(e(note))") + "\n" }
        }
        guard !lines.isEmpty else { return "" }
        let unknown = coverage.unknownCount
        return "\n" + bold("Data coverage (\(unknown) element\(unknown == 1 ? "" : "s") not understood; --strict makes them errors)") + "\n" + lines
    }

    private func table(_ checks: [AuditReport.CheckSummary], coverage: DataCoverage?) -> String {
        let withData = Dictionary((coverage?.checks ?? []).map { ($0.id, $0.patientsWithData) }, uniquingKeysWith: { first, _ in first })
        let headers = ["check", "severity", "category", "evaluated", "with data", "pass", "deviation", "indeterminate", "not-evaluable"]
        let rows = checks.map { check in
            [e(check.id), check.severity.rawValue, check.category.rawValue, String(check.evaluated), withData[check.id].map(String.init) ?? "-",
             String(check.pass), String(check.deviation), String(check.indeterminate), String(check.notEvaluable)]
        }
        return aligned(headers, rows, leftColumns: 3)
    }

    private func totals(_ summary: AuditReport.Summary) -> String {
        func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        var text = "\(plural(summary.patients, "patient")) audited, \(summary.rejected) rejected: "
            + "\(plural(summary.deviation, "deviation")) in \(plural(summary.patientsWithDeviations, "patient"))"
        let severities = Severity.allCases.compactMap { severity in
            summary.deviationsBySeverity[severity].map { "\($0) \(severity.rawValue)" }
        }
        if !severities.isEmpty { text += " (" + severities.joined(separator: ", ") + ")" }
        text += ", \(summary.indeterminate) indeterminate, \(summary.notEvaluable) not evaluable."
        if let waived = summary.waived { text += " \(waived) waived." }
        if let new = summary.new { text += " \(new) new since the baseline." }
        return text
    }

    private func label(_ verdict: Verdict) -> String {
        switch verdict {
        case .pass: paint("PASS         ", "32")
        case .deviation: paint("DEVIATION    ", "31;1")
        case .indeterminate: paint("INDETERMINATE", "33")
        case .notEvaluable: paint("NOT EVALUABLE", "35")
        }
    }

    /// Text from data, its control characters made visible.
    private func e(_ text: String) -> String { ControlEscaping.escape(text) }

    private func bold(_ text: String) -> String { paint(text, "1") }
    private func dim(_ text: String) -> String { paint(text, "2") }

    private func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
