import TrialCheckCore

/// ``AuditReport`` as JSON, written member by member in the order `JSONEncoder` sorts its
/// keys (the `Codable` keys, by their UTF-8 bytes) and omitting `nil` optionals as its
/// `encodeIfPresent` does: the bytes `JSONEncoder` gives for the report, with findings
/// streamed from wherever the report keeps them.
///
/// A field added to a report type must be added here too: the tests compare this writer
/// with `JSONEncoder` on a report with every optional field set.
extension PrettyJSONWriter {
    /// Writes the whole report as one object.
    mutating func report(_ report: AuditReport) {
        beginObject()
        reportMembers(report)
        endObject()
    }

    /// Writes the report's members, in an object already begun.
    mutating func reportMembers(_ report: AuditReport) {
        if let baseline = report.baseline {
            object("baseline") { writer in
                writer.member("new", baseline.new)
                writer.member("path", baseline.path)
                writer.member("resolved", baseline.resolved)
                if let resolved = baseline.resolvedFindings {
                    writer.array("resolved-findings", resolved) { writer, finding in writer.finding(finding) }
                }
                writer.member("unchanged", baseline.unchanged)
            }
        }
        array("checks", report.checks) { writer, check in writer.check(check) }
        if let coverage = report.coverage {
            object("coverage") { writer in writer.coverage(coverage) }
        }
        if let diagnostics = report.diagnostics {
            array("diagnostics", diagnostics) { writer, diagnostic in writer.diagnostic(diagnostic) }
        }
        array("findings", report.allFindings) { writer, finding in writer.finding(finding) }
        member("id-scheme", report.idScheme)
        array("inputs", report.inputs) { writer, input in writer.input(input) }
        array("manual", report.manual) { writer, criterion in
            writer.beginObject()
            writer.member("basis", criterion.basis.rawValue)
            writer.member("criterion", criterion.criterion)
            writer.member("reason", criterion.reason)
            writer.endObject()
        }
        if let plugins = report.plugins {
            array("plugins", plugins) { writer, plugin in
                writer.beginObject()
                writer.member("check", plugin.check)
                writer.array("command", strings: plugin.command)
                writer.member("sha256", plugin.sha256)
                writer.endObject()
            }
        }
        object("protocol") { writer in
            writer.member("id", report.protocol.id)
            writer.member("sha256", report.protocol.sha256)
            writer.member("title", report.protocol.title)
            writer.member("version", report.protocol.version)
            writer.member("version_date", report.protocol.versionDate)
            if let versions = report.protocol.versions {
                writer.array("versions", versions) { writer, version in
                    writer.beginObject()
                    writer.member("effective", version.effective.map { PartialDate($0).description })
                    writer.member("version", version.version)
                    writer.endObject()
                }
            }
        }
        if let quality = report.quality {
            object("quality") { writer in writer.quality(quality) }
        }
        array("rejected", report.rejected) { writer, rejection in writer.rejection(rejection) }
        object("summary") { writer in writer.summary(report.summary) }
        object("tool") { writer in
            writer.member("name", report.tool.name)
            writer.member("version", report.tool.version)
        }
        if let waivers = report.waivers {
            array("waivers", waivers) { writer, outcome in
                writer.beginObject()
                writer.member("status", outcome.status.rawValue)
                writer.object("waiver") { writer in writer.waiverMembers(outcome.waiver) }
                writer.endObject()
            }
        }
    }

    /// Writes one finding as an object: its members are the `Codable` keys, in sorted order,
    /// each written by the case that names it (a key added to the finding fails to compile
    /// until it is written here).
    mutating func finding(_ finding: AuditReport.Finding) {
        beginObject()
        findingMembers(finding)
        endObject()
    }

    /// Writes a finding's members, in an object already begun: see ``finding(_:)``.
    mutating func findingMembers(_ finding: AuditReport.Finding) {
        for key in AuditReport.Finding.CodingKeys.sorted {
            switch key {
            case .patient: member(key, finding.patient)
            case .site: member(key, finding.site)
            case .arm: member(key, finding.arm)
            case .check: member(key, finding.check)
            case .status: member(key, finding.status.rawValue)
            case .severity: member(key, finding.severity.rawValue)
            case .criterion: member(key, finding.criterion)
            case .message: member(key, finding.message)
            case .evidence:
                self.key(key.stringValue)
                beginArray()
                for evidence in finding.evidence {
                    element()
                    beginObject()
                    if let location = evidence.location { self.location("location", location) }
                    member("name", evidence.name)
                    member("value", evidence.value)
                    endObject()
                }
                endArray()
            case .location:
                guard let location = finding.location else { continue }
                self.key(key.stringValue)
                locationObject(location)
            case .date: member(key, finding.date)
            case .window:
                guard let window = finding.window else { continue }
                self.key(key.stringValue)
                beginObject()
                member("first", window.first)
                member("label", window.label)
                member("last", window.last)
                endObject()
            case .waiver:
                guard let waiver = finding.waiver else { continue }
                self.key(key.stringValue)
                beginObject()
                waiverMembers(waiver)
                endObject()
            case .version: member(key, finding.version)
            case .isNew:
                guard let isNew = finding.isNew else { continue }
                self.key(key.stringValue)
                bool(isNew)
            }
        }
    }

    /// Writes `"key" : "text"` if `text` is not `nil`, the name from a `Codable` type's keys.
    private mutating func member(_ key: some CodingKey, _ text: String?) {
        guard let text else { return }
        self.key(key.stringValue)
        string(text)
    }

    private mutating func check(_ check: AuditReport.CheckSummary) {
        beginObject()
        member("category", check.category.rawValue)
        member("criterion", check.criterion)
        member("deviation", check.deviation)
        member("id", check.id)
        member("indeterminate", check.indeterminate)
        member("kind", check.kind)
        member("not-evaluable", check.notEvaluable)
        member("pass", check.pass)
        member("severity", check.severity.rawValue)
        endObject()
    }

    private mutating func coverage(_ coverage: DataCoverage) {
        array("checks", coverage.checks) { writer, check in
            writer.beginObject()
            writer.member("evaluable", check.evaluable)
            writer.member("id", check.id)
            writer.member("patients-with-data", check.patientsWithData)
            writer.endObject()
        }
        array("inputs", coverage.inputs) { writer, input in
            writer.beginObject()
            writer.array("elements", input.elements) { writer, element in
                writer.beginObject()
                writer.member("count", element.count)
                if let first = element.first { writer.location("first", first) }
                writer.member("kind", element.kind.rawValue)
                writer.member("patients", element.patients)
                writer.member("reason", element.reason)
                writer.member("status", element.status.rawValue)
                writer.member("suggestion", element.suggestion)
                writer.member("value", element.value)
                writer.endObject()
            }
            writer.member("path", input.path)
            writer.endObject()
        }
        member("unknown", coverage.unknownCount)
    }

    private mutating func diagnostic(_ diagnostic: Diagnostic) {
        beginObject()
        member("check", diagnostic.check)
        member("level", diagnostic.level.rawValue)
        member("message", diagnostic.message)
        member("patient", diagnostic.patient)
        member("source", diagnostic.source.rawValue)
        endObject()
    }

    private mutating func input(_ input: AuditReport.Input) {
        beginObject()
        member("format", input.format)
        if let notes = input.notes { array("notes", strings: notes) }
        member("path", input.path)
        member("patients", input.patients)
        member("rejected", input.rejected)
        member("sha256", input.sha256)
        endObject()
    }

    private mutating func rejection(_ rejection: RecordRejection) {
        beginObject()
        rejectionMembers(rejection)
        endObject()
    }

    /// Writes a rejected record's members, in an object already begun.
    mutating func rejectionMembers(_ rejection: RecordRejection) {
        location("location", rejection.location)
        member("patient", rejection.patient)
        member("reason", rejection.reason)
    }

    private mutating func summary(_ summary: AuditReport.Summary) {
        member("deviation", summary.deviation)
        object("deviations-by-severity") { writer in
            for (severity, count) in summary.deviationsBySeverity.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                writer.key(severity.rawValue)
                writer.integer(count)
            }
        }
        member("indeterminate", summary.indeterminate)
        member("new", summary.new)
        member("not-evaluable", summary.notEvaluable)
        member("patients", summary.patients)
        member("patients-with-deviations", summary.patientsWithDeviations)
        member("rejected", summary.rejected)
        member("waived", summary.waived)
    }

    private mutating func waiverMembers(_ waiver: Waiver) {
        member("approved_by", waiver.approvedBy)
        member("check", waiver.check)
        member("expires", waiver.expires)
        if let location = waiver.location { self.location("location", location) }
        member("patient", waiver.patient)
        member("reason", waiver.reason)
    }

    /// Writes `"name" : {column, file, line}`.
    mutating func location(_ name: StaticString, _ location: SourceLocation) {
        key(name)
        locationObject(location)
    }

    private mutating func locationObject(_ location: SourceLocation) {
        beginObject()
        member("column", location.column)
        member("file", location.file)
        member("line", location.line)
        endObject()
    }
}
