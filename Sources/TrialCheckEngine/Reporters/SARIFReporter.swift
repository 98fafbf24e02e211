import Foundation
import TrialCheckCore

/// SARIF 2.1.0 for code-scanning tools: one rule per check (its criterion as the
/// description, its severity as the level), one result per finding, located at the
/// input file and line of the patient record. Waived findings carry a suppression and,
/// with a baseline, results carry `baselineState`.
public struct SARIFReporter: Reporter {
    public static let identifier = "sarif"

    /// A SARIF reporter.
    public init() {}

    public func render(_ report: AuditReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(log(for: report)), as: UTF8.self) + "\n"
    }

    static let inputErrorRule = "input-error"

    func log(for report: AuditReport) -> Log {
        var rules = report.checks.map { check in
            Rule(
                id: check.id,
                name: check.kind,
                shortDescription: Message(text: check.criterion),
                fullDescription: Message(text: "\(check.criterion) (\(check.severity.rawValue) deviation; kind '\(check.kind)')"),
                defaultConfiguration: Configuration(level: check.severity == .major ? "error" : "warning"),
                properties: RuleProperties(tags: [check.category.rawValue, check.severity.rawValue])
            )
        }
        rules.append(Rule(
            id: Self.inputErrorRule, name: "rejected-record",
            shortDescription: Message(text: "A record that could not be audited"),
            fullDescription: Message(text: "An input record (or file) that could not be read, so no check judged it."),
            defaultConfiguration: Configuration(level: "error"),
            properties: RuleProperties(tags: ["input"])
        ))
        let ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let levels = Dictionary(report.checks.map { ($0.id, $0.severity == .major ? "error" : "warning") }, uniquingKeysWith: { first, _ in first })

        var results = report.findings.map { finding in
            let level: String
            switch finding.status {
            case .deviation: level = levels[finding.check] ?? "error"
            case .indeterminate: level = "warning"
            case .notEvaluable, .pass: level = "note"
            }
            return Result(
                ruleId: finding.check,
                ruleIndex: ruleIndex[finding.check] ?? 0,
                level: level,
                kind: "fail",
                message: Message(text: "\(finding.patient): \(finding.status.rawValue): \(finding.message)"),
                locations: finding.location.map { [Location(physicalLocation: Self.physical($0), logicalLocations: [LogicalLocation(fullyQualifiedName: finding.patient, kind: "object")])] } ?? [],
                partialFingerprints: ["patientCheck/v1": "\(finding.patient):\(finding.check):\(finding.status.rawValue)"],
                suppressions: finding.waiver.map { [Suppression(kind: "external", status: "accepted", justification: "\($0.reason) (approved by \($0.approvedBy))")] },
                baselineState: finding.isNew.map { $0 ? "new" : "unchanged" },
                properties: ResultProperties(patient: finding.patient, status: finding.status.rawValue, evidence: finding.evidence.map { "\($0.name): \($0.value)" })
            )
        }
        results += report.rejected.map { rejection in
            Result(
                ruleId: Self.inputErrorRule, ruleIndex: ruleIndex[Self.inputErrorRule] ?? 0, level: "error", kind: "fail",
                message: Message(text: rejection.reason),
                locations: [Location(physicalLocation: Self.physical(rejection.location), logicalLocations: nil)],
                partialFingerprints: ["rejected/v1": rejection.location.description],
                suppressions: nil, baselineState: nil,
                properties: ResultProperties(patient: rejection.patient, status: "rejected", evidence: [])
            )
        }
        let driver = Driver(
            name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version,
            informationUri: "https://clinicaltrials.gov/study/\(report.protocol.id)", rules: rules
        )
        let run = Run(
            tool: Tool(driver: driver),
            results: results,
            properties: RunProperties(
                protocolId: report.protocol.id, protocolVersion: report.protocol.version,
                protocolSha256: report.protocol.sha256, manualCriteria: report.manual.map(\.criterion)
            )
        )
        return Log(schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [run])
    }

    /// A physical location: the input as a relative URI reference, and its line.
    static func physical(_ location: SourceLocation) -> PhysicalLocation {
        let file = location.file == HistoryReader.standardInputName ? "stdin" : location.file
        let uri = file.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? file
        return PhysicalLocation(
            artifactLocation: ArtifactLocation(uri: uri),
            region: Region(startLine: location.line ?? 1, startColumn: location.column)
        )
    }

    struct Log: Encodable {
        let schema: String
        let version: String
        let runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }
    struct Run: Encodable { let tool: Tool; let results: [Result]; let properties: RunProperties }
    struct RunProperties: Encodable { let protocolId: String; let protocolVersion: String; let protocolSha256: String; let manualCriteria: [String] }
    struct Tool: Encodable { let driver: Driver }
    struct Driver: Encodable { let name: String; let version: String; let semanticVersion: String; let informationUri: String; let rules: [Rule] }
    struct Rule: Encodable {
        let id: String
        let name: String
        let shortDescription: Message
        let fullDescription: Message
        let defaultConfiguration: Configuration
        let properties: RuleProperties
    }
    struct RuleProperties: Encodable { let tags: [String] }
    struct Configuration: Encodable { let level: String }
    struct Message: Encodable { let text: String }
    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        let kind: String
        let message: Message
        let locations: [Location]
        let partialFingerprints: [String: String]
        let suppressions: [Suppression]?
        let baselineState: String?
        let properties: ResultProperties
    }
    struct ResultProperties: Encodable { let patient: String?; let status: String; let evidence: [String] }
    struct Suppression: Encodable { let kind: String; let status: String; let justification: String }
    struct Location: Encodable { let physicalLocation: PhysicalLocation; let logicalLocations: [LogicalLocation]? }
    struct LogicalLocation: Encodable { let fullyQualifiedName: String; let kind: String }
    struct PhysicalLocation: Encodable { let artifactLocation: ArtifactLocation; let region: Region }
    struct ArtifactLocation: Encodable { let uri: String }
    struct Region: Encodable { let startLine: Int; let startColumn: Int? }
}
