import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The audit fixtures: a YAML cohort (one clean patient, one with four deviations, one
/// indeterminate, one with nothing to evaluate) and an NDJSON stream (a duplicate id, bad
/// JSON, a blank line, a patient too young, an unreadable date).
private struct AuditFixture {
    let definition: ProtocolDefinition
    let cohort: String
    let stream: String

    init() throws {
        definition = try TestSupport.shippedProtocol()
        cohort = try TestSupport.fixture("audit/cohort.yaml")
        stream = try TestSupport.fixture("audit/stream.ndjson")
    }

    func audit(_ inputs: [String]? = nil) -> AuditReport {
        Auditor(definition: definition).audit(inputs: inputs ?? [cohort, stream])
    }
}

@Suite("Auditor")
struct AuditorTests {
    @Test("Totals: patients in = audited + rejected, per input and overall")
    func counts() throws {
        let fixture = try AuditFixture()
        let report = fixture.audit()
        #expect(report.inputs.map(\.path) == [fixture.cohort, fixture.stream])
        #expect(report.inputs.map(\.format) == ["yaml", "ndjson"])
        #expect(report.inputs.map(\.patients) == [4, 1])
        #expect(report.inputs.map(\.rejected) == [0, 3])
        // 4 records in the cohort, 4 non-blank lines in the stream.
        #expect(report.summary.patients + report.summary.rejected == 8)
        #expect(report.summary.patients == 5)
        #expect(report.summary.rejected == 3)
        #expect(report.rejected.count == report.summary.rejected)
        #expect(report.summary.deviation == 5)
        #expect(report.summary.indeterminate == 1)
        #expect(report.summary.notEvaluable == 4)
        #expect(report.summary.patientsWithDeviations == 2)
    }

    @Test("Per-check counts add up to the patients audited, in protocol order")
    func checkSummaries() throws {
        let report = try AuditFixture().audit()
        #expect(report.checks.map(\.id) == ["age", "radiotherapy-dose", "enrollment-window", "no-adjuvant-therapy"])
        #expect(report.checks.map(\.kind) == ["age-range", "radiotherapy-dose", "days-between", "no-prior-therapy"])
        for check in report.checks {
            #expect(check.evaluated == report.summary.patients, "\(check.id)")
        }
        #expect(report.checks.map(\.pass) == [1, 3, 3, 3])
        #expect(report.checks.map(\.deviation) == [2, 1, 1, 1])
        #expect(report.checks.map(\.indeterminate) == [1, 0, 0, 0])
        #expect(report.checks.map(\.notEvaluable) == [1, 1, 1, 1])
    }

    @Test("Findings are in input order, then protocol order; a pass gives no finding")
    func findingsOrder() throws {
        let report = try AuditFixture().audit()
        #expect(report.findings.map { "\($0.patient)/\($0.check)/\($0.status.rawValue)" } == [
            "DEVIANT/age/deviation",
            "DEVIANT/radiotherapy-dose/deviation",
            "DEVIANT/enrollment-window/deviation",
            "DEVIANT/no-adjuvant-therapy/deviation",
            "PARTIAL/age/indeterminate",
            "EMPTY/age/not-evaluable",
            "EMPTY/radiotherapy-dose/not-evaluable",
            "EMPTY/enrollment-window/not-evaluable",
            "EMPTY/no-adjuvant-therapy/not-evaluable",
            "YOUNG/age/deviation",
        ])
    }

    @Test("A finding carries the patient's site, arm, location, the check's severity and criterion, and evidence")
    func findingContent() throws {
        let fixture = try AuditFixture()
        let report = fixture.audit()
        let finding = try #require(report.findings.first { $0.patient == "DEVIANT" && $0.check == "radiotherapy-dose" })
        #expect(finding.site == "S1")
        #expect(finding.arm == "B")
        #expect(finding.severity == .major)
        #expect(finding.criterion == "Inclusion 3: radiotherapy dose of 50-50.4 Gy")
        #expect(finding.location == TrialCheckCore.SourceLocation(file: fixture.cohort, line: 10))
        #expect(finding.message.contains("60 Gy"))
        #expect(!finding.evidence.isEmpty)
        #expect(finding.evidence.contains { $0.location?.line == 15 })

        let young = try #require(report.findings.first { $0.patient == "YOUNG" })
        #expect(young.location == TrialCheckCore.SourceLocation(file: fixture.stream, line: 4))
        #expect(young.site == "S2")
    }

    @Test("A duplicate id is rejected with where it was first seen, and only the first is audited")
    func duplicateID() throws {
        let fixture = try AuditFixture()
        let report = fixture.audit()
        let duplicate = try #require(report.rejected.first)
        #expect(duplicate.location == TrialCheckCore.SourceLocation(file: fixture.stream, line: 1))
        #expect(duplicate.patient == "CLEAN")
        #expect(duplicate.reason.contains("duplicate id 'CLEAN'"))
        #expect(duplicate.reason.contains("first seen at \(fixture.cohort):4"))
        #expect(report.findings.allSatisfy { $0.patient != "CLEAN" })
    }

    @Test("A duplicate id within one stream is rejected too")
    func duplicateWithinStream() throws {
        let fixture = try AuditFixture()
        let line = #"{"id": "D", "birth_date": "1961-04-02", "enrollment": {"date": "2025-12-01"}}"#
        let path = try TestSupport.writeTemporary([line, line, line].joined(separator: "\n"), name: "dups.ndjson")
        let report = fixture.audit([path])
        #expect(report.summary.patients == 1)
        #expect(report.summary.rejected == 2)
        #expect(report.rejected.map(\.location.line) == [2, 3])
        #expect(report.rejected.allSatisfy { $0.reason.contains("first seen at \(path):1") })
    }

    @Test("Rejections keep input order, with location and reason")
    func rejectionsInOrder() throws {
        let fixture = try AuditFixture()
        let report = fixture.audit()
        #expect(report.rejected.map(\.location.line) == [1, 2, 5])
        #expect(report.rejected.allSatisfy { $0.location.file == fixture.stream })
        #expect(report.rejected[1].reason.hasPrefix("invalid JSON"))
        #expect(report.rejected[1].location.column != nil)
        #expect(report.rejected[2].reason.contains("2025-02-30"))
        #expect(report.rejected[2].patient == "BADDATE")
    }

    @Test("A missing input stops the audit before any record is read: an input error, not a rejected record")
    func unreadableInput() throws {
        let fixture = try AuditFixture()
        let missing = try TestSupport.temporaryFolder().appendingPathComponent("missing.ndjson").path
        let report = fixture.audit([fixture.cohort, missing])
        #expect(report.inputErrors.count == 1)
        #expect(report.inputErrors.first?.location == TrialCheckCore.SourceLocation(file: missing))
        #expect(report.inputErrors.first?.reason.hasPrefix("cannot read the input") == true)
        // Nothing was read, so nothing is reported: no phantom record, no partial audit.
        #expect(report.inputs.isEmpty)
        #expect(report.rejected.isEmpty)
        #expect(report.summary.patients == 0)
        #expect(report.exitStatus(failingOn: .never) == .error)
    }

    @Test("A malformed document is one rejection at its location; later inputs are audited")
    func malformedInput() throws {
        let fixture = try AuditFixture()
        let bad = try TestSupport.writeTemporary("- id: P1\n  enrollment: [\n", name: "bad.yaml")
        let report = fixture.audit([bad, fixture.cohort])
        #expect(report.inputs.map(\.rejected) == [1, 0])
        #expect(report.summary.patients == 4)
        let rejection = try #require(report.rejected.first)
        #expect(rejection.location.file == bad)
        #expect(rejection.location.line != nil)
        #expect(rejection.location.column != nil)
    }

    @Test("Input SHA-256s are the hashes of the files")
    func inputHashes() throws {
        let fixture = try AuditFixture()
        let report = fixture.audit()
        for input in report.inputs {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: input.path)))
            #expect(input.sha256 == ReferenceSHA256.hex(bytes))
        }
    }

    @Test("The report names the tool and the protocol exactly")
    func identity() throws {
        let fixture = try AuditFixture()
        let report = fixture.audit()
        #expect(report.tool.name == "trialcheck")
        #expect(report.tool.version == TrialCheckVersion.current)
        #expect(report.protocol.id == "NCT07177794")
        #expect(report.protocol.version == "2025-09-17")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.shippedProtocolPath)))
        #expect(report.protocol.sha256 == ReferenceSHA256.hex(bytes))
        #expect(report.manual.count == 3)
    }

    @Test("Two audits of the same inputs give byte-identical reports")
    func determinism() throws {
        let fixture = try AuditFixture()
        let first = fixture.audit()
        let second = try AuditFixture().audit()
        #expect(JSONReporter().render(first) == JSONReporter().render(second))
        #expect(TextReporter().render(first) == TextReporter().render(second))
    }

    @Test("Progress is reported after every record, duplicates included")
    func progress() throws {
        let fixture = try AuditFixture()
        final class Counter: @unchecked Sendable { var values: [Int] = [] }
        let counter = Counter()
        _ = Auditor(definition: fixture.definition).audit(inputs: [fixture.cohort, fixture.stream]) { counter.values.append($0) }
        #expect(counter.values == Array(1...8))
    }

    @Test("judge gives one judgement per check, in protocol order")
    func judge() throws {
        let fixture = try AuditFixture()
        let patient = try #require(TestSupport.patients(try TestSupport.readAll(path: fixture.cohort).items).first { $0.id == "DEVIANT" })
        let judgements = Auditor(definition: fixture.definition).judge(patient)
        #expect(judgements.map(\.verdict) == [.deviation, .deviation, .deviation, .deviation])
    }

    @Test("A format override applies to every input")
    func formatOverride() throws {
        let fixture = try AuditFixture()
        let path = try TestSupport.writeTemporary(
            #"{"id": "T1", "birth_date": "1961-04-02", "enrollment": {"date": "2025-12-01"}}"# + "\n", name: "export.txt"
        )
        let report = Auditor(definition: fixture.definition).audit(inputs: [path], format: .ndjson)
        #expect(report.inputs.first?.format == "ndjson")
        #expect(report.summary.patients == 1)
    }

    @Test("No inputs give an empty, clean report")
    func noInputs() throws {
        let report = try AuditFixture().audit([])
        #expect(report.inputs.isEmpty)
        #expect(report.summary.patients == 0)
        #expect(report.exitStatus(failingOn: .deviation) == .clean)
    }
}

@Suite("AuditReport: exit status")
struct ExitStatusTests {
    private static func report(findings: [Verdict], rejected: Int = 0) -> AuditReport {
        AuditReport(
            tool: .init(name: "trialcheck", version: TrialCheckVersion.current),
            protocol: .init(id: "T", title: "T", version: "1", sha256: ""),
            inputs: [],
            summary: .init(patients: 0, rejected: rejected, deviation: 0, indeterminate: 0, notEvaluable: 0, patientsWithDeviations: 0),
            checks: [],
            findings: findings.map {
                AuditReport.Finding(
                    patient: "P", site: nil, arm: nil, check: "c", status: $0, severity: .major,
                    criterion: "", message: "", evidence: [], location: nil
                )
            },
            rejected: (0..<rejected).map { _ in RecordRejection(location: TrialCheckCore.SourceLocation(file: "f"), reason: "r") },
            manual: []
        )
    }

    @Test("Each fail level fails on the verdicts at or above it", arguments: [
        (FailLevel.deviation, Verdict.deviation, TrialCheckEngine.ExitStatus.findings),
        (.deviation, .indeterminate, .clean),
        (.deviation, .notEvaluable, .clean),
        (.indeterminate, .deviation, .findings),
        (.indeterminate, .indeterminate, .findings),
        (.indeterminate, .notEvaluable, .clean),
        (.notEvaluable, .deviation, .findings),
        (.notEvaluable, .indeterminate, .findings),
        (.notEvaluable, .notEvaluable, .findings),
        (.never, .deviation, .clean),
        (.never, .indeterminate, .clean),
        (.never, .notEvaluable, .clean),
    ])
    func level(level: FailLevel, verdict: Verdict, expected: TrialCheckEngine.ExitStatus) {
        #expect(Self.report(findings: [verdict]).exitStatus(failingOn: level) == expected)
        #expect(level.fails(verdict) == (expected == .findings))
        #expect(!level.fails(.pass))
    }

    @Test("A clean report exits 0 at every level", arguments: FailLevel.allCases)
    func clean(level: FailLevel) {
        #expect(Self.report(findings: []).exitStatus(failingOn: level) == .clean)
    }

    @Test("Rejections exit 2 at every level, findings or not", arguments: FailLevel.allCases)
    func rejections(level: FailLevel) {
        #expect(Self.report(findings: [], rejected: 1).exitStatus(failingOn: level) == .error)
        #expect(Self.report(findings: [.deviation], rejected: 2).exitStatus(failingOn: level) == .error)
    }

    @Test("Exit codes are 0, 1 and 2")
    func codes() {
        #expect(TrialCheckEngine.ExitStatus.clean.rawValue == 0)
        #expect(TrialCheckEngine.ExitStatus.findings.rawValue == 1)
        #expect(TrialCheckEngine.ExitStatus.error.rawValue == 2)
        #expect(FailLevel(rawValue: "not-evaluable") == .notEvaluable)
    }

    @Test("A real audit: exit status for each fail level")
    func realAudit() throws {
        let definition = try TestSupport.shippedProtocol()
        let cohort = try TestSupport.fixture("audit/cohort.yaml")
        let report = Auditor(definition: definition).audit(inputs: [cohort])
        #expect(report.rejected.isEmpty)
        #expect(report.exitStatus(failingOn: .deviation) == .findings)
        #expect(report.exitStatus(failingOn: .never) == .clean)
        #expect(Auditor(definition: definition).audit(inputs: [cohort, try TestSupport.fixture("audit/stream.ndjson")])
            .exitStatus(failingOn: .never) == .error)
    }
}

@Suite("Auditor notes")
struct AuditorNoteTests {
    @Test("A file whose header names another protocol is noted on its input")
    func protocolMismatch() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("other-\(UUID().uuidString).yaml")
        try Data("protocol: NCT00000001\npatients:\n  - {id: A, age: 60, enrollment: {date: 2026-01-20}}\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let report = Auditor(definition: try TestSupport.shippedProtocol()).audit(inputs: [url.path])
        let notes = try #require(report.inputs.first?.notes)
        #expect(notes.first == "the file says its records are for protocol 'NCT00000001', but they were audited against 'NCT07177794'")
    }
}
