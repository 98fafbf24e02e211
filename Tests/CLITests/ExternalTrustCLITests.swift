import Foundation
import Testing

/// `--allow-external` and `--plugin-env` through the built binary: a protocol file alone
/// runs nothing, `validate` shows what would run, and a plugin gets only the variables
/// the user passes.
@Suite("External plugins: --allow-external and --plugin-env")
struct ExternalTrustCLITests {
    /// A fresh folder for one test's files.
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Writes `protocol.yaml` in `folder`: a protocol `T` with the YAML lines `checks`
    /// (each item indented by two spaces) as its checks, which start on line 5. Its path.
    static func writeProtocol(in folder: URL, checks: String) throws -> String {
        let path = folder.appendingPathComponent("protocol.yaml").path
        try Data(("id: T\ntitle: T\nversion: \"1\"\nchecks:\n" + checks).utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A folder with a protocol whose external check (run by `sh`) creates a marker file,
    /// and a one-patient record file.
    static func markerProtocol() throws -> (protocolPath: String, marker: String, records: String) {
        let folder = try Self.folder()
        let marker = folder.appendingPathComponent("ran").path
        let protocolPath = try Self.writeProtocol(in: folder, checks: """
              - {id: age, kind: age-range, criterion: "age", severity: major, min: 18, max: 75}
              - {id: sneaky, kind: external, criterion: "plugin", severity: major, command: [sh, -c, "touch \(marker)"]}
              - {id: other, kind: external, criterion: "plugin", severity: major, command: [python3, other.py]}
            """)
        let records = folder.appendingPathComponent("records.ndjson").path
        try Data((#"{"id":"P1","birth_date":"1960-03-01","enrollment":{"date":"2026-01-20"},"events":[]}"# + "\n").utf8)
            .write(to: URL(fileURLWithPath: records))
        return (protocolPath, marker, records)
    }

    @Test("audit without --allow-external refuses a protocol with external checks before anything runs: exit 2, each id and command")
    func auditRefuses() throws {
        let (protocolPath, marker, records) = try Self.markerProtocol()
        let run = try TrialCheckBinary.run(["audit", "-p", protocolPath, "--format", "json", records])
        #expect(run.status == 2)
        #expect(run.standardOutput.isEmpty, "a report was written: \(run.standardOutput.prefix(200))")
        #expect(!FileManager.default.fileExists(atPath: marker), "the plugin ran")
        #expect(run.standardError.contains("error: the protocol has 2 external checks"), "\(run.standardError)")
        #expect(run.standardError.contains("protocol.yaml:6:5: note: check 'sneaky' runs: sh -c 'touch \(marker)'"), "\(run.standardError)")
        #expect(run.standardError.contains("check 'other' runs: python3 other.py"))
        #expect(run.standardError.contains("--allow-external"))
    }

    @Test("checks --protocol without --allow-external starts no plugin: exit 2")
    func checksRefuses() throws {
        let (protocolPath, marker, _) = try Self.markerProtocol()
        let run = try TrialCheckBinary.run(["checks", "--protocol", protocolPath])
        #expect(run.status == 2)
        #expect(!FileManager.default.fileExists(atPath: marker), "the plugin ran")
        #expect(run.standardError.contains("check 'sneaky' runs: sh -c"), "\(run.standardError)")
    }

    @Test("validate succeeds, runs nothing, and lists each external check's command")
    func validateLists() throws {
        let (protocolPath, marker, _) = try Self.markerProtocol()
        let run = try TrialCheckBinary.run(["validate", protocolPath])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: marker), "the plugin ran")
        #expect(run.standardOutput.contains(": ok: T version 1, 3 checks"))
        #expect(run.standardOutput.contains("protocol.yaml:6:5: external check 'sneaky' would run: sh -c 'touch \(marker)'"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("external check 'other' would run: python3 other.py"))
    }

    @Test("A protocol that sets PATH for its plugin is refused by validate, located")
    func protocolPathRefused() throws {
        let path = try Self.writeProtocol(in: try Self.folder(), checks: """
              - id: plugin
                kind: external
                criterion: "plugin"
                severity: major
                command: [python3, x.py]
                environment: {PATH: ".:/usr/bin"}
            """)
        let run = try TrialCheckBinary.run(["validate", path])
        #expect(run.status == 2)
        #expect(run.standardError.contains("protocol.yaml:10:5: "), "\(run.standardError)")
        #expect(run.standardError.contains("'environment' must not set 'PATH'"))
    }

    @Test("With --allow-external a plugin runs; a variable of the user's environment reaches it only with --plugin-env",
          .enabled(if: Python.isAvailable, "needs python3"))
    func pluginEnvironment() throws {
        let plugin = TrialCheckBinary.repositoryRoot.appendingPathComponent("Tests/TrialCheckEngineTests/Fixtures/plugins/pass_all.py").path
        let path = try Self.writeProtocol(in: try Self.folder(), checks: """
              - {id: plugin, kind: external, criterion: "plugin", severity: major, command: [python3, "\(plugin)"]}
            """)
        let secret = ["FIXTURE_VARIABLE": "the auditor's secret"]
        let scrubbed = try TrialCheckBinary.run(["checks", "--allow-external", "--protocol", path], environment: secret)
        #expect(scrubbed.status == 0, "\(scrubbed.standardError)")
        #expect(scrubbed.standardOutput.contains(#""variable": null"#), "\(scrubbed.standardOutput)")
        #expect(!scrubbed.standardOutput.contains("secret"))

        let passed = try TrialCheckBinary.run(
            ["checks", "--allow-external", "--plugin-env", "FIXTURE_VARIABLE", "--protocol", path], environment: secret
        )
        #expect(passed.status == 0, "\(passed.standardError)")
        #expect(passed.standardOutput.contains(#""variable": "the auditor's secret""#), "\(passed.standardOutput)")
    }

    @Test("--plugin-env without --allow-external, or with NAME=VALUE, is a usage error")
    func pluginEnvironmentUsage() throws {
        let (protocolPath, marker, records) = try Self.markerProtocol()
        let alone = try TrialCheckBinary.run(["audit", "--plugin-env", "HOME", "-p", protocolPath, records])
        #expect(alone.status != 0 && alone.status != 1)
        #expect(alone.standardError.contains("only with --allow-external"), "\(alone.standardError)")
        let assignment = try TrialCheckBinary.run(["audit", "--allow-external", "--plugin-env", "A=b", "-p", protocolPath, records])
        #expect(assignment.standardError.contains("takes a variable's name"), "\(assignment.standardError)")
        #expect(!FileManager.default.fileExists(atPath: marker), "the plugin ran")
    }
}
