import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

private typealias Support = ExternalPluginSupport

/// A protocol file is data; an external check is code. These tests hold the line between
/// them: nothing runs unless the user allows it, a plugin gets a scrubbed environment and
/// the host's limits, and every report says what ran.
@Suite("External plugins: allowed, scrubbed, capped, recorded")
struct ExternalTrustTests {
    /// A protocol whose external check (run by `sh`) creates `marker` when it starts.
    static func markerProtocol() throws -> (path: String, marker: String) {
        let folder = try TestSupport.temporaryFolder()
        let marker = folder.appendingPathComponent("ran").path
        let path = folder.appendingPathComponent("protocol.yaml").path
        try Data(Support.protocolT(checks: """
              - {id: age, kind: age-range, criterion: "age", severity: major, min: 18, max: 75}
              - {id: sneaky, kind: external, criterion: "plugin", severity: major, command: [sh, -c, "touch \(marker)"]}
            """).utf8).write(to: URL(fileURLWithPath: path))
        return (path, marker)
    }

    @Test("A loader without a policy builds external checks that start nothing: not evaluable, an error, exit 2")
    func refusedByDefault() throws {
        let (path, marker) = try Self.markerProtocol()
        let definition = try ProtocolLoader(registry: Support.registry).load(path: path)
        #expect(definition.externalChecks.map(\.check) == ["sneaky"])
        #expect(definition.externalChecks.first?.commandLine == "sh -c 'touch \(marker)'")
        #expect(definition.externalChecks.first?.isPermitted == false)
        #expect(definition.externalChecks.first?.location.line == 6)

        let input = try TestSupport.writeTemporary(Support.cohort.joined(separator: "\n"), name: "cohort.ndjson")
        let report = Auditor(definition: definition).audit(inputs: [input])
        #expect(!FileManager.default.fileExists(atPath: marker), "the plugin ran without being allowed")
        #expect(Support.statuses(report, check: "sneaky").count == Support.cohort.count)
        #expect(Support.statuses(report, check: "sneaky").values.allSatisfy { $0 == .notEvaluable })
        let error = try #require(report.diagnostics?.first { $0.level == .error })
        #expect(error.check == "sneaky")
        #expect(error.message.contains("not allowed"), "\(error.message)")
        #expect(report.exitStatus(failingOn: .deviation) == .error)

        // Nor does asking the plugin to describe itself start it.
        let check = try #require(definition.checks.last?.check as? ExternalCheck)
        guard case .failure(.notStarted(let reason)) = check.describePlugin() else {
            Issue.record("describePlugin started a plugin that was not allowed")
            return
        }
        #expect(reason.contains("--allow-external"))
        _ = check.finishAudit()
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test("An allowing policy runs it; a refusing one given afterwards stops it again")
    func allowedRuns() throws {
        let (path, marker) = try Self.markerProtocol()
        let definition = try ProtocolLoader(registry: Support.registry, externalPolicy: .allowed()).load(path: path)
        #expect(definition.externalChecks.first?.isPermitted == true)
        let check = try #require(definition.checks.last?.check as? ExternalCheck)
        _ = check.permitted(by: .refused).describePlugin()
        #expect(!FileManager.default.fileExists(atPath: marker))
        _ = check.describePlugin() // sh touches the marker, then exits without a handshake
        _ = check.finishAudit()
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test("A plugin's environment: PATH from the host, HOME, LANG, LC_*, TMPDIR, passed names and the protocol's; nothing else")
    func scrubbedEnvironment() {
        let host = [
            "PATH": "/host/bin:/usr/bin", "HOME": "/home/auditor", "LANG": "C.UTF-8", "LC_ALL": "C", "TMPDIR": "/tmp/x",
            "SECRET_TOKEN": "hunter2", "AWS_SECRET_ACCESS_KEY": "k", "PASSED": "yes", "LD_PRELOAD": "/evil.so",
        ]
        let policy = ExternalPolicy(allowsExternalChecks: true, passedVariables: ["PASSED", "UNSET"], hostEnvironment: host)
        let configuration = PluginConfiguration(
            command: ["python3", "x.py"], directory: nil, environment: ["FIXTURE": "from the protocol", "HOME": "/protocol/home"],
            timeout: 1, batchSize: 1, memoryLimitBytes: nil,
            hello: PluginProtocol.Hello(checkID: "x", protocolID: "T", parameters: [:], batchSize: 1), policy: policy
        )
        let environment = configuration.processEnvironment()
        #expect(environment == [
            "PATH": "/host/bin:/usr/bin", "HOME": "/protocol/home", "LANG": "C.UTF-8", "LC_ALL": "C", "TMPDIR": "/tmp/x",
            "PASSED": "yes", "FIXTURE": "from the protocol", "TRIALCHECK_PLUGIN_PROTOCOL": "1",
        ])
        #expect(policy.searchPath == "/host/bin:/usr/bin")
    }

    @Test("End to end, a variable of the auditing user's environment does not reach the plugin unless passed by name")
    func secretDoesNotReachPlugin() throws {
        var host = ProcessInfo.processInfo.environment
        host["FIXTURE_VARIABLE"] = "a secret"
        for (passed, expected) in [([String](), nil as String?), (["FIXTURE_VARIABLE"], "a secret")] {
            let definition = try ProtocolLoader(
                registry: Support.registry,
                externalPolicy: ExternalPolicy(allowsExternalChecks: true, passedVariables: passed, hostEnvironment: host)
            ).load(path: try Support.protocolFile(plugin: "pass_all.py"))
            let check = try #require(definition.checks.first { $0.id == "plugin" }?.check as? ExternalCheck)
            let info = try check.describePlugin().get()
            _ = check.finishAudit()
            let told = try #require(try JSONSerialization.jsonObject(with: Data((info.description ?? "").utf8)) as? [String: Any])
            #expect(told["variable"] as? String == expected, "passing \(passed)")
        }
    }

    @Test("Protocol limits above the host's, disabled, or a PATH in environment are located protocol errors", arguments: [
        ("timeout_seconds: 86400", "timeout_seconds", "'timeout_seconds' must be more than 0 and at most 30 s"),
        ("timeout_seconds: 30.5", "timeout_seconds", "at most 30 s"),
        ("memory_limit_mb: 0", "memory_limit_mb", "'memory_limit_mb' must be a whole number of MiB from 1 to 2048"),
        ("memory_limit_mb: 4096", "memory_limit_mb", "from 1 to 2048"),
        ("batch_size: 257", "batch_size", "'batch_size' must be at least 1 and at most 256"),
        ("environment: {PATH: \".:/usr/bin\"}", "environment", "'environment' must not set 'PATH'"),
    ])
    func hostCapsLimits(_ entry: String, _ key: String, _ message: String) throws {
        let yaml = Support.protocolT(checks: """
              - id: plugin
                kind: external
                criterion: "plugin"
                severity: major
                command: [python3, x.py]
                \(entry)
            """)
        do {
            _ = try ProtocolLoader(registry: Support.registry, externalPolicy: .allowed()).load(yaml: yaml, path: "p.yaml")
            Issue.record("expected a protocol error for \(entry)")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.description.contains("p.yaml:10:5: "), "\(error.description) (\(key))")
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test("Limits at or below the host's are accepted")
    func lowerLimitsAccepted() throws {
        let yaml = Support.protocolT(checks: """
              - {id: plugin, kind: external, criterion: "plugin", severity: major, command: [python3, x.py],
                 timeout_seconds: 30, memory_limit_mb: 2048, batch_size: 256, environment: {OTHER: "1"}}
              - {id: small, kind: external, criterion: "plugin", severity: major, command: [python3, x.py],
                 timeout_seconds: 0.5, memory_limit_mb: 64, batch_size: 1}
            """)
        let definition = try ProtocolLoader(registry: Support.registry).load(yaml: yaml, path: "p.yaml")
        #expect(definition.externalChecks.count == 2)
    }

    @Test("The report records each plugin's command and the SHA-256 of its script, in JSON and the text header")
    func reportRecordsPlugins() throws {
        let report = try Support.audit(plugin: "pass_all.py")
        let script = try Support.plugin("pass_all.py")
        let expected = try #require(ExternalCheck.sha256(ofFile: script))
        #expect(expected.count == 64)
        #expect(report.plugins == [AuditReport.Plugin(check: "plugin", command: ["python3", script], sha256: expected)])

        let json = JSONReporter().render(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let plugins = try #require(object["plugins"] as? [[String: Any]])
        #expect(plugins.first?["check"] as? String == "plugin")
        #expect(plugins.first?["command"] as? [String] == ["python3", script])
        #expect(plugins.first?["sha256"] as? String == expected)
        #expect(try JSONReporter.decode(Data(json.utf8)).plugins == report.plugins)

        let text = TextReporter(colour: false).render(report)
        #expect(text.contains("External check plugin: ran python3 \(script) (sha256 \(expected))"), "\(text.prefix(400))")
    }

    @Test("Without a script file among the arguments, the program found on the host's PATH is fingerprinted")
    func programFingerprint() throws {
        let (path, _) = try Self.markerProtocol()
        let definition = try ProtocolLoader(registry: Support.registry).load(path: path)
        let check = try #require(definition.checks.last?.check as? ExternalCheck)
        let plugin = check.fingerprint()
        let sh = try #require(ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { "\($0)/sh" }
            .first { FileManager.default.isExecutableFile(atPath: $0) })
        #expect(plugin.sha256 == ExternalCheck.sha256(ofFile: sh))
        #expect(plugin.sha256 != nil)
    }

    @Test("A protocol without external checks has no plugins key in its report")
    func noPlugins() throws {
        let definition = try ProtocolLoader(registry: Support.registry).load(yaml: Support.protocolT(checks: """
              - {id: age, kind: age-range, criterion: "age", severity: major, min: 18, max: 75}
            """), path: "p.yaml")
        let input = try TestSupport.writeTemporary(Support.cohort.joined(separator: "\n"), name: "cohort.ndjson")
        let report = Auditor(definition: definition).audit(inputs: [input])
        #expect(report.plugins == nil)
        #expect(!JSONReporter().render(report).contains("\"plugins\""))
    }
}

/// What a plugin says is capped, and it answers each patient once.
@Suite("External plugins: answers capped, answered once", .enabled(if: ExternalPluginSupport.pythonAvailable, "needs python3"))
struct ExternalAnswerLimitTests {
    @Test("A message past 2,000 characters and evidence past 50 pieces of 500 characters are cut, marked, and diagnosed")
    func longAnswersCapped() throws {
        let report = try Support.audit(plugin: "long_answers.py")
        let findings = report.findings.filter { $0.check == "plugin" }
        #expect(findings.count == Support.cohort.count - 1)
        for finding in findings {
            #expect(finding.status == .deviation)
            #expect(finding.message.count < 2_100)
            #expect(finding.message.hasPrefix(String(repeating: "m", count: 2_000) + " [… truncated by trialcheck: 98000 more characters]"))
            #expect(finding.evidence.count == 51)
            #expect(finding.evidence.prefix(50).allSatisfy { $0.value.count < 600 && $0.value.contains("truncated by trialcheck: 500 more") })
            #expect(finding.evidence.last?.value == "150 more pieces of evidence")
        }
        let warning = try #require(report.diagnostics?.first { $0.level == .warning && $0.message.contains("cut off") })
        #expect(warning.check == "plugin")
        #expect(warning.patient == "P2")
        #expect(warning.message.contains("answers for 4 patients were longer"), "\(warning.message)")
        #expect(!report.isIncomplete)
    }

    @Test("A short answer is not touched")
    func shortAnswerKept() throws {
        var truncated = false
        let patient = PatientHistory(id: "P1", enrollment: Enrollment(date: try #require(PartialDate(iso8601: "2026-01-20"))))
        let judgement = try PluginProtocol.verdict(
            from: Array(#"{"type":"verdict","patient":"P1","status":"pass","message":"fine","evidence":[{"name":"a","value":"b"}]}"#.utf8),
            on: patient, batch: 1, during: "", truncated: &truncated
        )
        #expect(!truncated)
        #expect(judgement.message == "fine")
        let exact = PluginProtocol.capped(String(repeating: "x", count: 2_000), to: 2_000)
        #expect(exact.text.count == 2_000 && !exact.truncated)
    }

    @Test("A second answer for the last patient, written later, is a plugin error: exit 2")
    func lateRepeatedAnswer() throws {
        let report = try Support.audit(plugin: "late_extra_answer.py")
        Support.expectBuiltInChecksUnaffected(report)
        let error = try #require(report.diagnostics?.first { $0.level == .error })
        #expect(error.check == "plugin")
        #expect(error.message.contains("more answers than patients"), "\(error.message)")
        #expect(report.isIncomplete)
        #expect(report.exitStatus(failingOn: .never) == .error)
    }
}

/// A plugin's process tree ends with the audit, and its exit is seen by `waitpid`, not
/// only by the end of its output.
@Suite("External plugins: the process tree", .enabled(if: ExternalPluginSupport.pythonAvailable, "needs python3"))
struct ExternalProcessTreeTests {
    /// Whether process `pid` is running (neither gone nor a zombie awaiting its reaper).
    static func isRunning(_ pid: String) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Audits the cohort with `group_child.py` in `mode`; returns the report, the child's
    /// pid and the seconds the audit took.
    static func audit(mode: String) throws -> (AuditReport, String, Double) {
        let pidFile = try TestSupport.temporaryFolder().appendingPathComponent("child.pid").path
        let start = Date()
        let report = try Support.audit(plugin: "group_child.py", extra: ["parameters: {mode: \(mode), pid_file: \"\(pidFile)\"}"])
        let elapsed = Date().timeIntervalSince(start)
        let pid = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return (report, pid, elapsed)
    }

    #if os(Linux)
    @Test("A child the plugin left in its process group is ended with the audit, which does not wait for it")
    func childEndedWithAudit() throws {
        let (report, pid, elapsed) = try Self.audit(mode: "answer")
        #expect(report.diagnostics == nil, "\(report.diagnostics ?? [])")
        #expect(Support.statuses(report, check: "plugin").isEmpty)
        #expect(elapsed < 4, "the audit waited \(elapsed) s for the child to close the plugin's output")
        var running = Self.isRunning(pid)
        for _ in 0..<20 where running {
            Thread.sleep(forTimeInterval: 0.05)
            running = Self.isRunning(pid)
        }
        #expect(!running, "the plugin's child \(pid) outlived the audit")
    }

    @Test("A child that left the plugin's process group with setsid is ended too, after the plugin exits")
    func setsidChildEnded() throws {
        let (report, pid, _) = try Self.audit(mode: "setsid")
        #expect(report.diagnostics == nil, "\(report.diagnostics ?? [])")
        var running = Self.isRunning(pid)
        for _ in 0..<20 where running {
            Thread.sleep(forTimeInterval: 0.05)
            running = Self.isRunning(pid)
        }
        #expect(!running, "the plugin's setsid child \(pid) outlived the audit")
    }

    @Test("A plugin that exits while its child holds its output open: the exit is seen at once, not as a timeout")
    func exitSeenByWaitpid() throws {
        let (report, pid, elapsed) = try Self.audit(mode: "exit")
        let error = try #require(report.diagnostics?.first { $0.level == .error })
        #expect(error.message.contains("exited with status 3"), "\(error.message)")
        #expect(elapsed < Support.generousTimeout - 2, "took \(elapsed) s")
        #expect(Support.statuses(report, check: "plugin").values.allSatisfy { $0 == .notEvaluable })
        var running = Self.isRunning(pid)
        for _ in 0..<20 where running {
            Thread.sleep(forTimeInterval: 0.05)
            running = Self.isRunning(pid)
        }
        #expect(!running, "the plugin's child \(pid) outlived the audit")
    }
    #endif
}
