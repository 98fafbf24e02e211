import Foundation
import TrialCheckCore

/// SARIF 2.1.0 as code-scanning tools (GitHub code scanning) show it: one rule per check
/// (its criterion as the description, help in text and Markdown, `helpUri` at the check's
/// kind in the check catalogue when a base is given, its severity as the level), one result
/// per finding, located at the input file and line of the patient record, with a related
/// location (linked from the message) for every piece of evidence.
///
/// Artifact URIs are relative to a root named by ``SARIFOptions/rootID`` (`SRCROOT`), declared
/// in the run's `originalUriBaseIds`, so results map to repository files wherever the audit
/// ran. Waived findings carry a suppression; with a baseline, results carry `baselineState`
/// and the baseline's findings this audit no longer has are written as `absent` results.
/// Expired and unmatched waivers are tool notifications of the invocation.
///
/// Written as it is made, pretty printed with sorted keys (the bytes `JSONEncoder` wrote).
public struct SARIFReporter: Reporter {
    public static let identifier = "sarif"

    /// Where artifact URIs are rooted and where rule help lives.
    public let options: SARIFOptions

    /// A SARIF reporter.
    public init(options: SARIFOptions = SARIFOptions()) {
        self.options = options
    }

    public func render(_ report: AuditReport) -> String {
        ReportOutput.collecting { write(report, to: $0) }
    }

    /// Writes the log, a result at a time.
    public func write(_ report: AuditReport, to output: ReportOutput) {
        let rules = Self.rules(for: report, helpBase: options.helpBase)
        let ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let levels = Dictionary(report.checks.map { ($0.id, $0.severity == .major ? "error" : "warning") }, uniquingKeysWith: { first, _ in first })
        var writer = PrettyJSONWriter(output: output)
        writer.beginObject()
        writer.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        writer.key("runs")
        writer.beginArray()
        writer.element()
        writer.beginObject()
        writer.array("invocations", [report]) { writer, report in writer.invocation(report) }
        writer.object("originalUriBaseIds") { writer in
            writer.key(options.rootID)
            writer.beginObject()
            writer.object("description") { writer in
                writer.member("text", "The folder the input paths are relative to (--sarif-root; the folder the audit ran in by default).")
            }
            writer.member("uri", options.root.map(Self.folderURI))
            writer.endObject()
        }
        writer.object("properties") { writer in
            writer.member("idScheme", report.idScheme)
            writer.array("manualCriteria", strings: report.manual.map(\.criterion))
            writer.member("protocolId", report.protocol.id)
            writer.member("protocolSha256", report.protocol.sha256)
            writer.member("protocolVersion", report.protocol.version)
        }
        writer.key("results")
        writer.beginArray()
        for finding in report.allFindings {
            let level: String
            switch finding.status {
            case .deviation: level = levels[finding.check] ?? "error"
            case .indeterminate: level = "warning"
            case .notEvaluable, .pass: level = "note"
            }
            writer.element()
            writer.result(result(
                ruleId: finding.check, ruleIndex: ruleIndex[finding.check] ?? 0, level: level,
                finding: finding, baselineState: finding.isNew.map { $0 ? "new" : "unchanged" }
            ))
        }
        for resolved in report.baseline?.resolvedFindings ?? [] {
            writer.element()
            writer.result(result(
                ruleId: resolved.check, ruleIndex: ruleIndex[resolved.check] ?? 0, level: "none",
                finding: resolved, baselineState: "absent"
            ))
        }
        for breach in report.quality?.breaches ?? [] {
            writer.element()
            writer.result(Result(
                ruleId: breach.limit.ruleID, ruleIndex: ruleIndex[breach.limit.ruleID] ?? 0, level: "error",
                message: Self.escapeMessage(breach.message), location: nil, logicalLocation: breach.site.map { QualityReport.siteName($0.site) },
                related: [],
                fingerprint: ("qualityLimit/v1", "\(breach.limit.id):\(breach.site.map { QualityReport.siteName($0.site) } ?? "study")"),
                suppression: nil, baselineState: nil, patient: nil, status: QualityReport.Status.breached.rawValue,
                evidence: ["\(breach.limit.measurePhrase): \(breach.rate.numerator) of \(breach.rate.denominator) \(breach.limit.unit.rawValue)",
                           "limit: \(QualityReport.percent(breach.limit.threshold))"]
            ))
        }
        for rejection in report.rejected {
            writer.element()
            writer.result(Result(
                ruleId: Self.inputErrorRule, ruleIndex: ruleIndex[Self.inputErrorRule] ?? 0, level: "error",
                message: Self.escapeMessage(rejection.reason), location: physical(rejection.location), logicalLocation: nil,
                related: [],
                fingerprint: ("rejected/v1", rejection.location.description), suppression: nil, baselineState: nil,
                patient: rejection.patient, status: "rejected", evidence: []
            ))
        }
        writer.endArray()
        writer.object("tool") { writer in
            writer.object("driver") { writer in
                writer.member("informationUri", "https://clinicaltrials.gov/study/\(report.protocol.id)")
                writer.member("name", report.tool.name)
                writer.array("rules", rules) { writer, rule in writer.rule(rule) }
                writer.member("semanticVersion", report.tool.version)
                writer.member("version", report.tool.version)
            }
        }
        writer.endObject()
        writer.endArray()
        writer.member("version", "2.1.0")
        writer.endObject()
        output.write("\n")
    }

    /// A finding's result: its message links each piece of evidence to a related location.
    private func result(ruleId: String, ruleIndex: Int, level: String, finding: AuditReport.Finding, baselineState: String?) -> Result {
        var related: [RelatedLocation] = []
        var links: [String] = []
        for item in finding.evidence {
            let text = "\(item.name): \(item.value)"
            related.append(RelatedLocation(id: related.count + 1, text: text, location: item.location.map(physical)))
            // Only a located piece of evidence is a link: a link leads somewhere.
            links.append(item.location == nil ? Self.escapeMessage(text) : "[\(Self.escapeMessage(text))](\(related.count))")
        }
        var message = "\(Self.escapeMessage(finding.patient)): \(finding.status.rawValue): \(Self.escapeMessage(finding.message))"
        if baselineState == "absent" { message = "Resolved since the baseline: " + message }
        if !links.isEmpty { message += "\nEvidence: " + links.joined(separator: "; ") }
        return Result(
            ruleId: ruleId, ruleIndex: ruleIndex, level: level, message: message,
            location: finding.location.map(physical), logicalLocation: finding.patient, related: related,
            fingerprint: ("patientCheck/v1", "\(finding.patient):\(finding.check):\(finding.status.rawValue)"),
            suppression: finding.waiver.map { "\($0.reason) (approved by \($0.approvedBy))" },
            baselineState: baselineState, patient: finding.patient, status: finding.status.rawValue,
            evidence: finding.evidence.map { "\($0.name): \($0.value)" }
        )
    }

    static let inputErrorRule = "input-error"

    /// Message text with `[` and `]` escaped, as SARIF asks of text that has embedded links.
    static func escapeMessage(_ text: String) -> String {
        text.replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
    }

    /// One rule per check, then the rule of rejected records.
    static func rules(for report: AuditReport, helpBase: String? = nil) -> [Rule] {
        report.checks.map { check in
            let text = "\(check.criterion)\n\nCheck '\(check.id)' (kind '\(check.kind)'), \(check.severity.rawValue) severity, category '\(check.category.rawValue)'. "
                + verdictHelp
            let markdown = "**\(MarkdownReporter.literal(check.criterion))**\n\n"
                + "Check `\(check.id)` of kind `\(check.kind)`: \(check.severity.rawValue) severity, category *\(check.category.rawValue)*.\n\n"
                + verdictHelp
                + (helpBase.map { "\n\nThe kind's parameters and rules: [\(check.kind)](\($0)#\(check.kind))." } ?? "")
            return Rule(
                id: check.id,
                name: check.kind,
                shortDescription: check.criterion,
                fullDescription: "\(check.criterion) (\(check.severity.rawValue) deviation; kind '\(check.kind)')",
                helpText: text, helpMarkdown: markdown,
                helpUri: helpBase.map { "\($0)#\(check.kind)" },
                level: check.severity == .major ? "error" : "warning",
                tags: [check.category.rawValue, check.severity.rawValue]
            )
        } + (report.quality?.limits ?? []).map { limit in
            let text = "\(limit.title): \(limit.measurePhrase) must stay at or below \(QualityReport.percent(limit.threshold)) over the study"
                + (limit.perSite ? " and at each site of at least \(limit.minimumPatients) patients" : "") + ". " + qualityHelp
            return Rule(
                id: limit.ruleID, name: "quality-tolerance-limit",
                shortDescription: limit.title,
                fullDescription: text,
                helpText: text, helpMarkdown: MarkdownReporter.literal(text),
                helpUri: nil,
                level: "error",
                tags: ["quality-tolerance-limit", limit.measure.rawValue]
            )
        } + [Rule(
            id: inputErrorRule, name: "rejected-record",
            shortDescription: "A record that could not be audited",
            fullDescription: "An input record (or file) that could not be read, so no check judged it.",
            helpText: "The record could not be read, so no check judged it: fix it at the location given and run the audit again. A rejected record fails the audit (exit code 2).",
            helpMarkdown: "The record could not be read, so no check judged it: fix it at the location given and run the audit again. A rejected record fails the audit (exit code 2).",
            helpUri: nil,
            level: "error",
            tags: ["input"]
        )]
    }

    private static let qualityHelp = "A quality tolerance limit (ICH E6(R3) risk-based quality management) is a study-level signal the protocol declares; a breach calls for a root-cause review, not a single correction, and fails the audit at every --fail-on level but never."

    private static let verdictHelp = "A deviation means the data show the criterion is not met; indeterminate, that partial dates leave both answers possible (the source needs a full date); not evaluable, that data the check needs are missing. The evidence lines link to where each value was read."

    /// A physical location: the input as a URI reference relative to the root, or an
    /// absolute `file:` URI when it lies outside the root.
    func physical(_ location: SourceLocation) -> PhysicalLocation {
        let file = location.file == HistoryReader.standardInputName ? "stdin" : location.file
        let (path, rooted) = options.relative(file)
        let uri: String
        if rooted {
            uri = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        } else {
            uri = "file://" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)
        }
        return PhysicalLocation(uri: uri, uriBaseId: rooted ? options.rootID : nil, startLine: location.line ?? 1, startColumn: location.column)
    }

    /// A folder as a `file:` URI ending in `/`.
    static func folderURI(_ path: String) -> String {
        let folder = path.hasSuffix("/") ? path : path + "/"
        return "file://" + (folder.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? folder)
    }

    /// A SARIF `reportingDescriptor`.
    struct Rule {
        let id: String
        let name: String
        let shortDescription: String
        let fullDescription: String
        let helpText: String
        let helpMarkdown: String
        let helpUri: String?
        let level: String
        let tags: [String]
    }

    /// A SARIF `result`: a finding or a rejected record.
    struct Result {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        let message: String
        let location: PhysicalLocation?
        /// The patient, as a logical location beside the physical one.
        let logicalLocation: String?
        /// One per piece of evidence, numbered from 1 as the message links them.
        let related: [RelatedLocation]
        let fingerprint: (name: String, value: String)
        /// The justification of the waiver that accepts the finding.
        let suppression: String?
        let baselineState: String?
        let patient: String?
        let status: String
        let evidence: [String]
    }

    /// A SARIF `location` in `relatedLocations`: one piece of evidence.
    struct RelatedLocation {
        let id: Int
        let text: String
        let location: PhysicalLocation?
    }

    /// A SARIF `physicalLocation`: a file and a region in it.
    struct PhysicalLocation {
        let uri: String
        let uriBaseId: String?
        let startLine: Int
        let startColumn: Int?
    }
}

/// Where SARIF artifact URIs are rooted, and where rule help lives.
public struct SARIFOptions: Sendable, Hashable {
    /// The name of the root in `originalUriBaseIds` (`SRCROOT`).
    public var rootID = "SRCROOT"
    /// The root folder, absolute; input paths under it are written relative to it. `nil`:
    /// relative input paths are written as they are, relative to the root, whose location
    /// the consumer supplies (code scanning uses the checkout).
    public var root: String?
    /// The absolute folder relative input paths were given from (the audit's working
    /// folder), to place them under ``root``.
    public var workingDirectory: String?
    /// The check catalogue's address (`https://host/docs/checks.md`): each rule's `helpUri`
    /// is it with the check's kind as the fragment. `nil`: no `helpUri`.
    public var helpBase: String?

    /// Default options.
    public init() {}

    /// `file` relative to the root, and whether it lies under it; else its absolute path.
    func relative(_ file: String) -> (path: String, rooted: Bool) {
        let absolute: String
        if file.hasPrefix("/") {
            absolute = file
        } else if let workingDirectory {
            absolute = (workingDirectory as NSString).appendingPathComponent(file)
        } else {
            return (Self.normalized(file), true)
        }
        let normal = Self.normalized(absolute)
        guard let root = root.map(Self.normalized) else {
            guard let workingDirectory else { return (normal, false) }
            let base = Self.normalized(workingDirectory)
            return normal.hasPrefix(base + "/") ? (String(normal.dropFirst(base.count + 1)), true) : (normal, false)
        }
        let prefix = root == "/" ? "/" : root + "/"
        return normal.hasPrefix(prefix) ? (String(normal.dropFirst(prefix.count)), true) : (normal, false)
    }

    /// A path with `.` and `..` components resolved (without following links).
    public static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", path.hasPrefix("/") { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}

/// SARIF objects as JSON, members in sorted-key order.
extension PrettyJSONWriter {
    fileprivate mutating func invocation(_ report: AuditReport) {
        beginObject()
        member("executionSuccessful", true)
        let notes = (report.waivers ?? []).filter { $0.status != .applied }
        if !notes.isEmpty {
            array("toolExecutionNotifications", notes) { writer, outcome in
                let waiver = outcome.waiver
                writer.beginObject()
                writer.member("level", "warning")
                let what = outcome.status == .expired
                    ? "expired before the audit: the finding counts again"
                    : "unmatched: no finding of that patient and check"
                writer.object("message") { writer in
                    writer.member("text", "The waiver for \(waiver.patient) / \(waiver.check) is \(what) (\(waiver.reason); approved by \(waiver.approvedBy)\(waiver.expires.map { ", expires \($0)" } ?? "")\(waiver.location.map { "; written at \($0)" } ?? "")).")
                }
                writer.object("properties") { writer in
                    writer.member("check", waiver.check)
                    writer.member("patient", waiver.patient)
                    writer.member("waiverStatus", outcome.status.rawValue)
                }
                writer.endObject()
            }
        }
        endObject()
    }

    fileprivate mutating func rule(_ rule: SARIFReporter.Rule) {
        beginObject()
        object("defaultConfiguration") { writer in writer.member("level", rule.level) }
        object("fullDescription") { writer in writer.member("text", rule.fullDescription) }
        object("help") { writer in
            writer.member("markdown", rule.helpMarkdown)
            writer.member("text", rule.helpText)
        }
        member("helpUri", rule.helpUri)
        member("id", rule.id)
        member("name", rule.name)
        object("properties") { writer in writer.array("tags", strings: rule.tags) }
        object("shortDescription") { writer in writer.member("text", rule.shortDescription) }
        endObject()
    }

    fileprivate mutating func physicalLocation(_ location: SARIFReporter.PhysicalLocation) {
        object("physicalLocation") { writer in
            writer.object("artifactLocation") { writer in
                writer.member("uri", location.uri)
                writer.member("uriBaseId", location.uriBaseId)
            }
            writer.object("region") { writer in
                writer.member("startColumn", location.startColumn)
                writer.member("startLine", location.startLine)
            }
        }
    }

    fileprivate mutating func result(_ result: SARIFReporter.Result) {
        beginObject()
        member("baselineState", result.baselineState)
        member("kind", result.baselineState == "absent" ? "pass" : "fail")
        member("level", result.level)
        array("locations", result.location.map { [$0] } ?? []) { writer, location in
            writer.beginObject()
            if let name = result.logicalLocation {
                writer.array("logicalLocations", [name]) { writer, name in
                    writer.beginObject()
                    writer.member("fullyQualifiedName", name)
                    writer.member("kind", "object")
                    writer.endObject()
                }
            }
            writer.physicalLocation(location)
            writer.endObject()
        }
        object("message") { writer in writer.member("text", result.message) }
        object("partialFingerprints") { writer in
            writer.key(result.fingerprint.name)
            writer.string(result.fingerprint.value)
        }
        object("properties") { writer in
            writer.array("evidence", strings: result.evidence)
            writer.member("patient", result.patient)
            writer.member("status", result.status)
        }
        if !result.related.isEmpty {
            array("relatedLocations", result.related) { writer, related in
                writer.beginObject()
                writer.member("id", related.id)
                writer.object("message") { writer in writer.member("text", related.text) }
                if let location = related.location { writer.physicalLocation(location) }
                writer.endObject()
            }
        }
        member("ruleId", result.ruleId)
        member("ruleIndex", result.ruleIndex)
        if let justification = result.suppression {
            array("suppressions", [justification]) { writer, justification in
                writer.beginObject()
                writer.member("justification", justification)
                writer.member("kind", "external")
                writer.member("status", "accepted")
                writer.endObject()
            }
        }
        endObject()
    }
}
