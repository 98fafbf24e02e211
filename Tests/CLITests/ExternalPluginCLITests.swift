import Foundation
import Testing

/// External plugins end to end, through the built binary: the Python ECOG example in an
/// audit of the example cohort, a broken plugin, discovery, and the examples' own tests.
@Suite("External plugins, end to end", .enabled(if: Python.isAvailable, "needs python3"))
struct ExternalPluginCLITests {
    static let protocolPath = "Examples/plugins/NCT07177794-with-python-ecog.yaml"
    static let cohort = "Examples/NCT07177794/site-records.yaml"

    static func json(_ run: TrialCheckBinary.Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    /// Every finding's status, by check and patient.
    static func statuses(_ report: [String: Any]) throws -> [String: [String: String]] {
        var statuses: [String: [String: String]] = [:]
        for finding in try #require(report["findings"] as? [[String: Any]]) {
            guard let check = finding["check"] as? String, let patient = finding["patient"] as? String,
                  let status = finding["status"] as? String else { continue }
            statuses[check, default: [:]][patient] = status
        }
        return statuses
    }

    @Test("The Python ECOG plugin agrees with the built-in check on all 242 patients; the other checks are as without it")
    func agreesWithBuiltIn() throws {
        let run = try TrialCheckBinary.run(["audit", "--allow-external", "-p", Self.protocolPath, "--format", "json", Self.cohort])
        #expect(run.status == 1, "\(run.standardError)")
        let report = try Self.json(run)
        let statuses = try Self.statuses(report)
        #expect(statuses["ecog-python"] == statuses["ecog"])
        #expect(statuses["ecog-python"]?.isEmpty == false)
        #expect(report["diagnostics"] == nil)
        let checks = try #require(report["checks"] as? [[String: Any]])
        let python = try #require(checks.first { $0["id"] as? String == "ecog-python" })
        #expect(python["kind"] as? String == "external")
        #expect(python["pass"] as? Int == 240 && python["deviation"] as? Int == 2)

        let plain = try Self.statuses(try Self.json(try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", Self.cohort])))
        var others = statuses
        others["ecog-python"] = nil
        #expect(others == plain)
    }

    @Test("Its findings appear in every report format like a built-in check's", arguments: ["text", "markdown", "junit", "sarif", "csv", "sdtm-dv"])
    func everyFormat(format: String) throws {
        let run = try TrialCheckBinary.run(["audit", "--allow-external", "-p", Self.protocolPath, "--format", format, Self.cohort])
        #expect(run.status == 1, "\(run.standardError)")
        let output = run.standardOutput
        #expect(output.contains("ecog-python"), "\(format) does not name the plugin's check")
        // Where a format repeats the built-in check's id once per finding, the plugin's appears as often.
        let builtIn = output.components(separatedBy: "ecog ").count + output.components(separatedBy: "ecog,").count
            + output.components(separatedBy: "ecog\"").count + output.components(separatedBy: "`ecog`").count
        let plugin = output.components(separatedBy: "ecog-python ").count + output.components(separatedBy: "ecog-python,").count
            + output.components(separatedBy: "ecog-python\"").count + output.components(separatedBy: "`ecog-python`").count
        #expect(plugin == builtIn, "\(format): the plugin's check appears \(plugin) times, the built-in's \(builtIn)")
    }

    @Test("A plugin that crashes: its check is not evaluable with the reason, every other check reports, exit 2")
    func brokenPlugin() throws {
        let crash = TrialCheckBinary.repositoryRoot.appendingPathComponent("Tests/TrialCheckEngineTests/Fixtures/plugins/crash.py").path
        let original = try String(contentsOf: TrialCheckBinary.repositoryRoot.appendingPathComponent(Self.protocolPath), encoding: .utf8)
        let broken = original.replacingOccurrences(of: "command: [python3, ecog_check.py]", with: "command: [python3, \(crash)]")
        #expect(broken != original)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).yaml").path
        try Data(broken.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        // The fixture crashes on the patient named CRASH: rename the fourth.
        let records = try String(contentsOf: TrialCheckBinary.repositoryRoot.appendingPathComponent("Examples/NCT07177794/site-records.ndjson"), encoding: .utf8)
        var lines = records.split(separator: "\n").map(String.init)
        let fourth = lines[3].components(separatedBy: "\"")[3]
        lines[3] = lines[3].replacingOccurrences(of: #""id":"\#(fourth)""#, with: #""id":"CRASH""#)
        #expect(lines[3].contains(#""id":"CRASH""#))
        let run = try TrialCheckBinary.run(["audit", "--allow-external", "-p", path, "--format", "json", "-"], input: lines.joined(separator: "\n") + "\n")
        #expect(run.status == 2)
        #expect(run.standardError.contains("error: check 'ecog-python': Plugin error: the plugin was killed by signal 11 (SIGSEGV) before it answered"))
        let report = try Self.json(run)
        let statuses = try Self.statuses(report)
        #expect(statuses["ecog-python"]?.count == 242 - 3)
        #expect(statuses["ecog-python"]?.values.allSatisfy { $0 == "not-evaluable" } == true)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["level"] as? String == "error")
        #expect(diagnostics.contains { $0["source"] as? String == "stderr" && $0["message"] as? String == "about to crash on CRASH" })

        let plain = try Self.statuses(try Self.json(try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "-"], input: lines.joined(separator: "\n") + "\n")))
        var others = statuses
        others["ecog-python"] = nil
        #expect(others == plain)

        let text = try TrialCheckBinary.run(["audit", "--allow-external", "-p", path, "-"], input: lines.joined(separator: "\n") + "\n")
        #expect(text.status == 2)
        #expect(text.standardOutput.contains("Diagnostics (the audit is incomplete"))
        #expect(text.standardOutput.contains("ecog-python (stderr): about to crash on CRASH"))
    }

    @Test("The Swift example plugin (built here if it is not yet) agrees with the built-in check")
    func swiftPlugin() throws {
        _ = try ExamplePackage.built("Examples/plugins/swift-ecog")
        let run = try TrialCheckBinary.run(["audit", "--allow-external", "-p", "Examples/plugins/swift-ecog/protocol.yaml", "--format", "json", Self.cohort])
        #expect(run.status == 1, "\(run.standardError)")
        let report = try Self.json(run)
        let statuses = try Self.statuses(report)
        #expect(statuses["ecog-swift"] == statuses["ecog"])
        #expect(statuses["ecog"]?.isEmpty == false)
        #expect(report["diagnostics"] == nil)
    }

    @Test("checks --protocol lists the plugin with the description from its handshake")
    func discovery() throws {
        let run = try TrialCheckBinary.run(["checks", "--allow-external", "--protocol", Self.protocolPath])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("ecog-python: Inclusion 7"))
        #expect(run.standardOutput.contains("plugin: ecog-check 1.0.0, protocol version 1"))
        #expect(run.standardOutput.contains("The latest ECOG performance status on or before enrollment is at most `max`."))
        #expect(run.standardOutput.contains(#"parameters: {"max":2,"scale":"ECOG"}"#))
        let none = try TrialCheckBinary.run(["checks", "--protocol", "NCT07177794"])
        #expect(none.standardOutput == "NCT07177794 declares no external plugins.\n")
    }

    @Test("The Python helper's and the example plugin's own tests pass")
    func pythonTests() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "unittest", "discover", "-s", "Examples/plugins/tests"]
        process.currentDirectoryURL = TrialCheckBinary.repositoryRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("OK"))
    }
}

/// Whether `python3` is on PATH.
enum Python {
    static let isAvailable: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
    }()
}
