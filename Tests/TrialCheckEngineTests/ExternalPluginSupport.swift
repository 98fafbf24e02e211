import BuiltinPlugins
import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Protocols and cohorts for the external plugin tests: a built-in check before and after
/// the plugin's, so a test can show the plugin's failure leaves them alone.
enum ExternalPluginSupport {
    /// The built-in kinds and the engine's `external` kind.
    static let registry = CheckRegistry(kinds: BuiltinPlugins.kinds + EngineKinds.all)

    /// Whether `python3` is on PATH (every plugin fixture is a Python script).
    static let pythonAvailable: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
    }()

    /// The path of a plugin fixture.
    static func plugin(_ name: String) throws -> String {
        try TestSupport.fixture("plugins/\(name)")
    }

    /// Five patients: P1 passes both built-in checks, P2 is too young, CRASH and P4 pass,
    /// DEV5 is too old (and the well-behaved fixture plugin deviates on it).
    static let cohort = [
        #"{"id":"P1","birth_date":"1960-03-01","enrollment":{"date":"2026-01-20"},"events":[{"type":"performance-status","date":"2026-01-12","scale":"ECOG","score":1}]}"#,
        #"{"id":"P2","birth_date":"2012-05-01","enrollment":{"date":"2026-01-21"},"events":[{"type":"performance-status","date":"2026-01-12","scale":"ECOG","score":3}]}"#,
        #"{"id":"CRASH","birth_date":"1970-01-01","enrollment":{"date":"2026-01-22"},"events":[]}"#,
        #"{"id":"P4","birth_date":"1965-07","enrollment":{"date":"2026-01-23"},"events":[{"type":"performance-status","date":"2026-01-02","scale":"ECOG","score":0}]}"#,
        #"{"id":"DEV5","birth_date":"1940-01-01","enrollment":{"date":"2026-01-24","arm":"A"},"site":"S1","events":[]}"#,
    ]

    /// A protocol `T` with the YAML lines `checks` (each item indented by two spaces) as its
    /// checks, which start on line 5.
    static func protocolT(checks: String) -> String {
        "id: T\ntitle: T\nversion: \"1\"\nchecks:\n" + checks
    }

    /// The time allowed per batch where a test does not wait for it to pass: generous, so
    /// a loaded machine starting Python slowly cannot fail a test.
    static let generousTimeout = 10.0

    /// A protocol with `age` (built in), `plugin` (external, running `plugin` with
    /// `extra` YAML lines) and `ecog` (built in), written to a fresh folder.
    static func protocolFile(plugin: String, extra: [String] = [], timeout: Double = generousTimeout) throws -> String {
        let lines = [
            "id: TEST-EXTERNAL",
            "title: External plugin tests",
            "version: \"1\"",
            "checks:",
            "  - id: age",
            "    kind: age-range",
            "    criterion: \"Inclusion: age 18-75\"",
            "    severity: major",
            "    min: 18",
            "    max: 75",
            "  - id: plugin",
            "    kind: external",
            "    criterion: \"A check run by a plugin\"",
            "    severity: major",
            "    command: [python3, \(try self.plugin(plugin))]",
            "    timeout_seconds: \(timeout)",
        ] + extra.map { "    " + $0 } + [
            "  - id: ecog",
            "    kind: performance-status",
            "    criterion: \"Inclusion: ECOG <= 2\"",
            "    severity: minor",
            "    max: 2",
        ]
        return try TestSupport.writeTemporary(lines.joined(separator: "\n") + "\n", name: "protocol.yaml")
    }

    /// Loads `path` with the external kind registered.
    static func load(_ path: String) throws -> ProtocolDefinition {
        try ProtocolLoader(registry: registry, externalPolicy: .allowed()).load(path: path)
    }

    /// Audits `records` (NDJSON lines) against a protocol running `plugin`.
    static func audit(
        plugin: String, extra: [String] = [], timeout: Double = generousTimeout, records: [String] = cohort, jobs: Int = 1
    ) throws -> AuditReport {
        let definition = try load(try protocolFile(plugin: plugin, extra: extra, timeout: timeout))
        let input = try TestSupport.writeTemporary(records.joined(separator: "\n") + "\n", name: "cohort.ndjson")
        return Auditor(definition: definition).audit(inputs: [input], jobs: jobs)
    }

    /// The statuses of one check's verdicts by patient (a pass leaves no finding).
    static func statuses(_ report: AuditReport, check: String) -> [String: Verdict] {
        var statuses: [String: Verdict] = [:]
        for finding in report.findings where finding.check == check { statuses[finding.patient] = finding.status }
        return statuses
    }

    /// The built-in checks' verdicts on ``cohort``, which no plugin may change.
    static let builtInVerdicts: [String: [String: Verdict]] = [
        "age": ["P2": .deviation, "DEV5": .deviation],
        "ecog": ["P2": .deviation, "CRASH": .notEvaluable, "DEV5": .notEvaluable],
    ]

    /// Checks that the built-in checks judged every patient as they would alone.
    static func expectBuiltInChecksUnaffected(_ report: AuditReport, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(report.summary.patients == cohort.count, sourceLocation: sourceLocation)
        for (check, expected) in builtInVerdicts {
            #expect(statuses(report, check: check) == expected, "\(check)", sourceLocation: sourceLocation)
            let summary = report.checks.first { $0.id == check }
            #expect(summary?.evaluated == cohort.count, "\(check)", sourceLocation: sourceLocation)
        }
    }
}
