import BuiltinPlugins
import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Every reporter over one fixed audit, compared byte for byte with a golden file.
/// Regenerate after an intended change with `UPDATE_GOLDEN=1 swift test --filter ReporterGolden`.
@Suite("Reporter golden files")
struct ReporterGoldenTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The fixed audit: the golden protocol over the golden cohort, with waivers and a baseline.
    static func report() throws -> AuditReport {
        let registry = CheckRegistry(kinds: BuiltinPlugins.kinds)
        let definition = try ProtocolLoader(registry: registry).load(path: fixtures.appendingPathComponent("golden-protocol.yaml").path)
        var report = Auditor(definition: definition).audit(inputs: [fixtures.appendingPathComponent("golden-cohort.ndjson").path])
        let waivers = try WaiverFile.load(path: fixtures.appendingPathComponent("golden-waivers.yaml").path, knownChecks: Set(definition.checks.map(\.id)))
        report.apply(waivers: waivers, asOf: try #require(CalendarDay(year: 2026, month: 11, day: 25)))
        var baseline = report
        baseline.findings.removeAll { $0.patient == "G-003" }
        // A finding the audit no longer has: resolved since the baseline.
        var gone = try #require(baseline.findings.first)
        gone.patient = "G-001"
        gone.check = "enrollment-window"
        gone.message = "Enrollment was 80 days after chemoradiotherapy ended."
        gone.waiver = nil
        baseline.findings.append(gone)
        report.compare(toBaseline: baseline, path: "previous.json")
        return report.relativizingPaths(under: fixtures.path + "/", as: "Fixtures/")
    }

    static func options() -> ReportFormat.Options {
        var options = ReportFormat.Options()
        options.timestamp = "2026-11-25T00:00:00"
        options.fullReport = "out/report.json"
        options.markdownLimit = 5
        return options
    }

    @Test("Each format matches its golden file", arguments: ReportFormat.allCases)
    func golden(format: ReportFormat) throws {
        let rendered = try format.reporter(Self.options()).render(try Self.report())
        let name = "report.\(format.rawValue)"
        let url = Self.fixtures.appendingPathComponent("golden").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try Data(rendered.utf8).write(to: url)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == golden, "\(name) differs from its golden file; if the change is intended, run UPDATE_GOLDEN=1 swift test")
    }

    @Test("The JSON report reads back to the same report")
    func jsonRoundTrip() throws {
        let report = try Self.report()
        let json = JSONReporter().render(report)
        let decoded = try JSONReporter.decode(Data(json.utf8))
        #expect(JSONReporter().render(decoded) == json)
    }

    @Test("Waivers: applied, expired and unmatched, and waived findings never fail")
    func waivers() throws {
        let report = try Self.report()
        let outcomes = try #require(report.waivers)
        #expect(outcomes.map(\.status) == [.applied, .expired, .unmatched])
        let waived = report.findings.filter { $0.waiver != nil }
        #expect(waived.map(\.check) == ["enrollment-window"])
        #expect(report.summary.waived == 1)
        let expired = try #require(report.findings.first { $0.patient == "G-002" && $0.check == "age" })
        #expect(expired.waiver == nil)
    }

    @Test("Baseline: only findings new since it fail")
    func baseline() throws {
        var report = try Self.report()
        report.rejected = []
        #expect(report.findings.filter { $0.isNew == true }.allSatisfy { $0.patient == "G-003" })
        #expect(report.summary.new == report.findings.filter { $0.patient == "G-003" }.count)
        // A breached quality tolerance limit is judged on the whole audit, baseline or not.
        #expect(report.quality?.breaches.isEmpty == false)
        #expect(report.exitStatus(failingOn: .deviation) == .findings)
        report.quality = nil
        // G-003's only finding is indeterminate: new, but below the default fail level.
        #expect(report.exitStatus(failingOn: .deviation) == .clean)
        #expect(report.exitStatus(failingOn: .indeterminate) == .findings)
    }

    @Test("Pseudonymized ids are keyed hashes, stable for a key and different across keys")
    func pseudonyms() throws {
        var first = try Self.report()
        var second = try Self.report()
        var other = try Self.report()
        first.pseudonymize(key: Array("a key of at least sixteen bytes".utf8))
        second.pseudonymize(key: Array("a key of at least sixteen bytes".utf8))
        other.pseudonymize(key: Array("another key, also long enough".utf8))
        #expect(first.findings.map(\.patient) == second.findings.map(\.patient))
        #expect(first.findings.map(\.patient) != other.findings.map(\.patient))
        let rendered = JSONReporter().render(first) + TextReporter().render(first) + CSVReporter().render(first)
        for id in ["G-001", "G-002", "G-003", "G-004"] {
            #expect(!rendered.contains(id), "\(id) leaked into a pseudonymized report")
        }
        #expect(first.findings.allSatisfy { $0.patient.hasPrefix("P-") && $0.patient.count == 18 })
    }
}

/// Validation of the JUnit and SARIF output against the published schemas (in
/// Fixtures/schemas), through Python's jsonschema and xmlschema.
@Suite("Published schemas", .enabled(if: SchemaValidator.isAvailable, "needs python3 with jsonschema and xmlschema (pip install jsonschema xmlschema)"))
struct PublishedSchemaTests {
    @Test("SARIF validates against the SARIF 2.1.0 schema")
    func sarif() throws {
        let sarif = SARIFReporter().render(try ReporterGoldenTests.report())
        try SchemaValidator.validate(sarif, fileExtension: "json", schema: "sarif-schema-2.1.0.json")
    }

    @Test("JUnit validates against the strict Ant JUnit XSD")
    func junit() throws {
        let junit = JUnitReporter(timestamp: "2026-11-25T00:00:00").render(try ReporterGoldenTests.report())
        try SchemaValidator.validate(junit, fileExtension: "xml", schema: "JUnit-ant.xsd")
    }
}

enum SchemaValidator {
    static let script = """
        import json, sys
        document, schema = sys.argv[1], sys.argv[2]
        if schema.endswith('.json'):
            import jsonschema
            jsonschema.validate(json.load(open(document)), json.load(open(schema)))
        else:
            import xmlschema
            xmlschema.XMLSchema(schema).validate(document)
        print('valid')
        """

    static var isAvailable: Bool {
        (try? run(["-c", "import jsonschema, xmlschema"]).status) == 0
    }

    static func validate(_ text: String, fileExtension: String, schema: String) throws {
        let document = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString).\(fileExtension)")
        try Data(text.utf8).write(to: document)
        defer { try? FileManager.default.removeItem(at: document) }
        let schemaPath = ReporterGoldenTests.fixtures.appendingPathComponent("schemas").appendingPathComponent(schema).path
        let result = try run(["-c", script, document.path, schemaPath])
        #expect(result.status == 0, "\(schema): \(result.output)")
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

extension AuditReport {
    /// The report with paths under `prefix` rewritten to start with `replacement`, so golden
    /// files do not depend on where the repository is checked out.
    func relativizingPaths(under prefix: String, as replacement: String) -> AuditReport {
        func fix(_ path: String) -> String {
            path.hasPrefix(prefix) ? replacement + path.dropFirst(prefix.count) : path
        }
        func fix(_ location: TrialCheckCore.SourceLocation?) -> TrialCheckCore.SourceLocation? {
            location.map { TrialCheckCore.SourceLocation(file: fix($0.file), line: $0.line, column: $0.column) }
        }
        var copy = self
        copy.inputs = inputs.map { input in
            var input = input
            input.path = fix(input.path)
            return input
        }
        copy.patientRows = patientRows.map { row in
            var row = row
            row.location = fix(row.location)
            return row
        }
        copy.findings = findings.map { finding in
            var finding = finding
            finding.location = fix(finding.location)
            finding.evidence = finding.evidence.map { Evidence($0.name, $0.value, at: fix($0.location)) }
            return finding
        }
        func fix(_ waiver: Waiver) -> Waiver {
            var waiver = waiver
            waiver.location = fix(waiver.location)
            return waiver
        }
        copy.findings = copy.findings.map { finding in
            var finding = finding
            finding.waiver = finding.waiver.map(fix)
            return finding
        }
        copy.waivers = waivers?.map { WaiverOutcome(waiver: fix($0.waiver), status: $0.status) }
        copy.coverage = coverage.map { coverage in
            var coverage = coverage
            coverage.inputs = coverage.inputs.map { input in
                var input = input
                input.path = fix(input.path)
                input.elements = input.elements.map { element in
                    var element = element
                    element.first = fix(element.first)
                    return element
                }
                return input
            }
            return coverage
        }
        copy.baseline = baseline.map { baseline in
            var baseline = baseline
            baseline.resolvedFindings = baseline.resolvedFindings?.map { finding in
                var finding = finding
                finding.location = fix(finding.location)
                finding.evidence = finding.evidence.map { Evidence($0.name, $0.value, at: fix($0.location)) }
                return finding
            }
            return baseline
        }
        copy.rejected = rejected.map { RecordRejection(location: fix($0.location) ?? $0.location, reason: $0.reason, patient: $0.patient) }
        return copy
    }
}
