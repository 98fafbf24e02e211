import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// A plugin that crashes, hangs, writes nonsense, answers for the wrong patient or exits
/// early costs its own check (not evaluable, with the reason) and nothing else: the other
/// checks' verdicts stand, the report says why, and the audit is incomplete (exit 2).
@Suite("External plugins that misbehave", .enabled(if: ExternalPluginSupport.pythonAvailable, "needs python3"))
struct ExternalPluginFailureTests {
    typealias Support = ExternalPluginSupport

    /// Audits the cohort with `plugin` and checks what every failure has in common; returns
    /// the report and the plugin's error diagnostic.
    private func failingAudit(
        _ plugin: String, extra: [String] = [], timeout: Double = Support.generousTimeout, reason: String, judged: [String] = [],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> (AuditReport, Diagnostic?) {
        let report = try Support.audit(plugin: plugin, extra: extra, timeout: timeout)
        Support.expectBuiltInChecksUnaffected(report, sourceLocation: sourceLocation)
        let failed = report.findings.filter { $0.check == "plugin" && $0.status == .notEvaluable }
        let unjudged = Support.cohort.count - judged.count
        #expect(failed.count == unjudged, sourceLocation: sourceLocation)
        #expect(Set(report.findings.filter { $0.check == "plugin" && $0.status != .notEvaluable }.map(\.patient)).isSubset(of: judged))
        for finding in failed {
            #expect(finding.message.hasPrefix("Plugin error"), sourceLocation: sourceLocation)
            #expect(finding.message.contains(reason), "\(finding.message)", sourceLocation: sourceLocation)
            #expect(finding.evidence.contains { $0.name == "plugin command" }, sourceLocation: sourceLocation)
        }
        let summary = report.checks.first { $0.id == "plugin" }
        #expect(summary?.notEvaluable == unjudged, sourceLocation: sourceLocation)
        #expect(summary?.evaluated == Support.cohort.count, sourceLocation: sourceLocation)
        let error = report.diagnostics?.first { $0.level == .error }
        #expect(error?.check == "plugin", sourceLocation: sourceLocation)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "no error diagnostic")", sourceLocation: sourceLocation)
        if unjudged > 0 {
            #expect(error?.message.contains("\(unjudged) patient") == true, sourceLocation: sourceLocation)
        }
        #expect(report.isIncomplete, sourceLocation: sourceLocation)
        #expect(report.exitStatus(failingOn: .deviation) == .error, sourceLocation: sourceLocation)
        #expect(report.exitStatus(failingOn: .never) == .error, sourceLocation: sourceLocation)
        return (report, error)
    }

    @Test("A crash (SIGSEGV) keeps the verdicts given before it; its standard error is kept")
    func crash() throws {
        let (report, _) = try failingAudit("crash.py", reason: "was killed by signal 11 (SIGSEGV)", judged: ["P1", "P2"])
        let stderr = report.diagnostics?.filter { $0.source == .stderr }.map(\.message) ?? []
        #expect(stderr == ["about to crash on CRASH"])
        #expect(report.diagnostics?.allSatisfy { $0.check == "plugin" } == true)
    }

    @Test("A plugin that hangs on a batch is stopped after the timeout")
    func hang() throws {
        let clock = ContinuousClock()
        let start = clock.now
        _ = try failingAudit("hang.py", timeout: 2, reason: "did not answer within 2 s during batch 1 (patients 'P1' to 'DEV5'), so it was stopped")
        #expect(clock.now - start < .seconds(6))
    }

    @Test("A plugin that never answers the handshake is stopped after the timeout")
    func hangInHandshake() throws {
        _ = try failingAudit("hang_handshake.py", timeout: 1, reason: "did not answer within 1 s in the handshake")
    }

    @Test("Output that is not JSON")
    func malformed() throws {
        _ = try failingAudit("malformed.py", reason: "not a protocol message (not JSON")
    }

    @Test("A verdict for another patient than the one sent")
    func wrongPatient() throws {
        let (_, error) = try failingAudit("wrong_patient.py", reason: "answered for patient 'someone-else' where 'P1' was expected")
        #expect(error?.patient == "P1")
    }

    @Test("A plugin that exits before answering every patient")
    func earlyExit() throws {
        _ = try failingAudit("early_exit.py", reason: "exited with status 0 before it answered, during batch 1", judged: ["P1"])
    }

    @Test("A line of output longer than 1 MiB")
    func hugeOutput() throws {
        _ = try failingAudit("huge_output.py", reason: "wrote a line longer than 1024 KiB")
    }

    @Test("Parameters the plugin rejects in the handshake")
    func badParameters() throws {
        _ = try failingAudit(
            "bad_parameters.py", extra: ["parameters: {max: high}"],
            reason: "reported an error in the handshake: 'max' must be a whole number, not 'high'"
        )
    }

    @Test("A plugin of another protocol version")
    func wrongVersion() throws {
        _ = try failingAudit("wrong_version.py", reason: "speaks protocol version 2; this trialcheck speaks version 1")
    }

    @Test("More answers than patients")
    func extraAnswers() throws {
        _ = try failingAudit("extra_answers.py", reason: "more answers than patients", judged: ["P1", "P2", "CRASH", "P4", "DEV5"])
    }

    @Test("A command that does not exist")
    func missingCommand() throws {
        let definition = try Support.load(try TestSupport.writeTemporary(Support.protocolT(checks: """
              - {id: age, kind: age-range, criterion: "age", severity: major, min: 18, max: 75}
              - {id: plugin, kind: external, criterion: "plugin", severity: major, command: [no-such-plugin-program, x]}
              - {id: ecog, kind: performance-status, criterion: "ecog", severity: minor, max: 2}
            """), name: "protocol.yaml"))
        let input = try TestSupport.writeTemporary(Support.cohort.joined(separator: "\n"), name: "cohort.ndjson")
        let report = Auditor(definition: definition).audit(inputs: [input])
        Support.expectBuiltInChecksUnaffected(report)
        #expect(Support.statuses(report, check: "plugin").values.allSatisfy { $0 == .notEvaluable })
        #expect(report.diagnostics?.first?.message.contains("could not be started: 'no-such-plugin-program' was not found on PATH") == true)
        #expect(report.exitStatus(failingOn: .deviation) == .error)
    }

    #if os(Linux)
    @Test("The memory limit holds: a plugin that allocates past it fails")
    func memoryLimit() throws {
        let (report, _) = try failingAudit("memory_hog.py", extra: ["memory_limit_mb: 256"], reason: "exited with status 1")
        #expect(report.diagnostics?.contains { $0.source == .stderr && $0.message.contains("MemoryError") } == true)
    }
    #endif

    @Test("Standard error noise is kept (capped) as notes; the verdicts and the exit code are unaffected")
    func standardErrorNoise() throws {
        let report = try Support.audit(plugin: "stderr_noise.py")
        Support.expectBuiltInChecksUnaffected(report)
        #expect(Support.statuses(report, check: "plugin").isEmpty)
        let diagnostics = report.diagnostics ?? []
        #expect(!report.isIncomplete)
        #expect(diagnostics.allSatisfy { $0.level == .note })
        let lines = diagnostics.filter { $0.source == .stderr }
        #expect(lines.count == StandardErrorLog.maximumLines)
        #expect(lines.first?.message == "starting up")
        #expect(diagnostics.last?.message == "The plugin wrote \(5 * 2000 + 1 - StandardErrorLog.maximumLines) more lines to standard error than the \(StandardErrorLog.maximumLines) kept.")
        #expect(report.exitStatus(failingOn: .deviation) == .findings)
    }

    @Test("A plugin that does not exit at the end is stopped after a grace period: a warning, not an error")
    func ignoresEnd() throws {
        let report = try Support.audit(plugin: "ignores_end.py", timeout: 2)
        Support.expectBuiltInChecksUnaffected(report)
        #expect(Support.statuses(report, check: "plugin").isEmpty)
        #expect(report.diagnostics?.map(\.level) == [.warning])
        #expect(report.diagnostics?.first?.message.contains("did not exit within 2 s of the end of the audit") == true)
        #expect(report.exitStatus(failingOn: .deviation) == .findings)
    }

    @Test("After a failure, later waves are not evaluable at once, without restarting the plugin")
    func laterWaves() throws {
        let records = (1...700).map { number in
            #"{"id":"\#(number == 2 ? "CRASH" : "Q\(number)")","age":40,"enrollment":{"date":"2026-01-20"}}"#
        }
        let definition = try Support.load(try Support.protocolFile(plugin: "crash.py"))
        let input = try TestSupport.writeTemporary(records.joined(separator: "\n") + "\n", name: "many.ndjson")
        let report = Auditor(definition: definition).audit(inputs: [input], jobs: 1)
        let failed = report.findings.filter { $0.check == "plugin" }
        #expect(failed.count == 699)
        #expect(failed.last?.message.hasPrefix("Plugin error (earlier in this audit)") == true)
        #expect(report.diagnostics?.first?.message.contains("699 patients were not judged") == true)
    }
}
