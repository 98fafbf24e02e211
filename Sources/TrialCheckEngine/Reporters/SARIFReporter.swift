import Foundation
import TrialCheckCore

/// SARIF 2.1.0 for code-scanning tools: one rule per check (its criterion as the
/// description, its severity as the level), one result per finding, located at the
/// input file and line of the patient record. Waived findings carry a suppression and,
/// with a baseline, results carry `baselineState`.
///
/// Written as it is made, pretty printed with sorted keys (the bytes `JSONEncoder` wrote).
public struct SARIFReporter: Reporter {
    public static let identifier = "sarif"

    /// A SARIF reporter.
    public init() {}

    public func render(_ report: AuditReport) -> String {
        ReportOutput.collecting { write(report, to: $0) }
    }

    /// Writes the log, a result at a time.
    public func write(_ report: AuditReport, to output: ReportOutput) {
        let rules = Self.rules(for: report)
        let ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let levels = Dictionary(report.checks.map { ($0.id, $0.severity == .major ? "error" : "warning") }, uniquingKeysWith: { first, _ in first })
        var writer = PrettyJSONWriter(output: output)
        writer.beginObject()
        writer.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        writer.key("runs")
        writer.beginArray()
        writer.element()
        writer.beginObject()
        writer.object("properties") { writer in
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
            writer.result(Result(
                ruleId: finding.check,
                ruleIndex: ruleIndex[finding.check] ?? 0,
                level: level,
                message: "\(finding.patient): \(finding.status.rawValue): \(finding.message)",
                location: finding.location.map(Self.physical),
                logicalLocation: finding.patient,
                fingerprint: ("patientCheck/v1", "\(finding.patient):\(finding.check):\(finding.status.rawValue)"),
                suppression: finding.waiver.map { "\($0.reason) (approved by \($0.approvedBy))" },
                baselineState: finding.isNew.map { $0 ? "new" : "unchanged" },
                patient: finding.patient,
                status: finding.status.rawValue,
                evidence: finding.evidence.map { "\($0.name): \($0.value)" }
            ))
        }
        for rejection in report.rejected {
            writer.element()
            writer.result(Result(
                ruleId: Self.inputErrorRule, ruleIndex: ruleIndex[Self.inputErrorRule] ?? 0, level: "error",
                message: rejection.reason, location: Self.physical(rejection.location), logicalLocation: nil,
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

    static let inputErrorRule = "input-error"

    /// One rule per check, then the rule of rejected records.
    static func rules(for report: AuditReport) -> [Rule] {
        report.checks.map { check in
            Rule(
                id: check.id,
                name: check.kind,
                shortDescription: check.criterion,
                fullDescription: "\(check.criterion) (\(check.severity.rawValue) deviation; kind '\(check.kind)')",
                level: check.severity == .major ? "error" : "warning",
                tags: [check.category.rawValue, check.severity.rawValue]
            )
        } + [Rule(
            id: inputErrorRule, name: "rejected-record",
            shortDescription: "A record that could not be audited",
            fullDescription: "An input record (or file) that could not be read, so no check judged it.",
            level: "error",
            tags: ["input"]
        )]
    }

    /// A physical location: the input as a relative URI reference, and its line.
    static func physical(_ location: SourceLocation) -> PhysicalLocation {
        let file = location.file == HistoryReader.standardInputName ? "stdin" : location.file
        let uri = file.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? file
        return PhysicalLocation(uri: uri, startLine: location.line ?? 1, startColumn: location.column)
    }

    /// A SARIF `reportingDescriptor`.
    struct Rule {
        let id: String
        let name: String
        let shortDescription: String
        let fullDescription: String
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
        let fingerprint: (name: String, value: String)
        /// The justification of the waiver that accepts the finding.
        let suppression: String?
        let baselineState: String?
        let patient: String?
        let status: String
        let evidence: [String]
    }

    /// A SARIF `physicalLocation`: a file and a region in it.
    struct PhysicalLocation {
        let uri: String
        let startLine: Int
        let startColumn: Int?
    }
}

/// SARIF objects as JSON, members in sorted-key order.
extension PrettyJSONWriter {
    fileprivate mutating func rule(_ rule: SARIFReporter.Rule) {
        beginObject()
        object("defaultConfiguration") { writer in writer.member("level", rule.level) }
        object("fullDescription") { writer in writer.member("text", rule.fullDescription) }
        member("id", rule.id)
        member("name", rule.name)
        object("properties") { writer in writer.array("tags", strings: rule.tags) }
        object("shortDescription") { writer in writer.member("text", rule.shortDescription) }
        endObject()
    }

    fileprivate mutating func result(_ result: SARIFReporter.Result) {
        beginObject()
        member("baselineState", result.baselineState)
        member("kind", "fail")
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
            writer.object("physicalLocation") { writer in
                writer.object("artifactLocation") { writer in writer.member("uri", location.uri) }
                writer.object("region") { writer in
                    writer.member("startColumn", location.startColumn)
                    writer.member("startLine", location.startLine)
                }
            }
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
