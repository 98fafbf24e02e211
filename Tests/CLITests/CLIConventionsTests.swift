import BuiltinPlugins
import Foundation
import Testing
@testable import TrialCheckCLI
import TrialCheckEngine

@Suite("Command-line conventions")
struct CLIConventionsTests {
    private static let cohort = "Examples/NCT07177794/site-records.yaml"

    @Test("-o - writes the report to standard output, not to a file named '-'")
    func dashIsStandardOutput() throws {
        let folder = try TemporaryFolder()
        let run = try TrialCheckBinary.run(
            ["audit", "-p", TrialCheckBinary.repositoryRoot.appendingPathComponent("Protocols/NCT07177794.yaml").path,
             "--format", "json", "-o", "-", TrialCheckBinary.repositoryRoot.appendingPathComponent(Self.cohort).path],
            in: folder.url
        )
        #expect(run.status == 1)
        #expect(run.standardOutput.hasPrefix("{"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("-").path))
    }

    @Test("--report with an unknown format names every format; exit 2")
    func unknownReportFormat() throws {
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--report", "xml:out.xml", Self.cohort])
        #expect(run.status == 2)
        #expect(run.standardError.contains("'xml' is not a report format; the formats are text, json, html"))
    }

    @Test("A command's own usage error shows that command's usage, not the top-level one")
    func subcommandUsage() throws {
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--jobs", "0", Self.cohort])
        #expect(run.status == 2)
        #expect(run.standardError.contains("Usage: trialcheck audit"))
    }

    @Test("A missing waiver file is one error line, said once; the report is still written")
    func missingWaiverFileSaidOnce() throws {
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "--waivers", "no-such-waivers.yaml", Self.cohort])
        #expect(run.status == 2)
        #expect(run.standardOutput.hasPrefix("{"))
        let lines = run.standardError.split(separator: "\n").filter { $0.contains("no-such-waivers.yaml") }
        #expect(lines.count == 2, "\(lines)")
        #expect(!lines.contains { $0.components(separatedBy: "error:").count > 2 }, "\(lines)")
    }

    @Test("--quiet prints errors only; the default prints warnings; --quiet with --verbose is a usage error")
    func quietAndVerbose() throws {
        let records = #"{"id":"P1","birth_date":"1960-03-01","enrollment":{"date":"2026-01-20"},"events":[{"type":"radiotheraphy","date":"2025-12-01"}]}"# + "\n"
        let loud = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "-"], input: records)
        #expect(loud.standardError.contains("warning:"))
        let quiet = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "--quiet", "-"], input: records)
        #expect(quiet.status == loud.status)
        #expect(!quiet.standardError.contains("warning:"), "\(quiet.standardError)")
        let both = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "-q", "-v", "-"], input: records)
        #expect(both.status == 2)
    }

    @Test("Only a NO_COLOR that is set and not empty turns colour off")
    func noColour() {
        #expect(Console.wantsColour(terminal: true, environment: [:]))
        #expect(Console.wantsColour(terminal: true, environment: ["NO_COLOR": ""]))
        #expect(!Console.wantsColour(terminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!Console.wantsColour(terminal: false, environment: [:]))
    }

    @Test("An added kind whose identifier is taken is refused")
    func extraKindClash() {
        #expect(KindsInUse.add(BuiltinPlugins.kinds.filter { $0.identifier == "age-range" }) == ["age-range"])
        #expect(KindsInUse.add([]).isEmpty)
    }
}

@Suite("The .trialcheck.yaml configuration file")
struct ConfigurationFileTests {
    private static let root = TrialCheckBinary.repositoryRoot

    /// A project folder (a git repository root) with `.trialcheck.yaml` holding `yaml`, the
    /// example cohort and protocol copied in, and a subfolder to run from.
    private static func project(_ yaml: String) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let files = FileManager.default
        try files.createDirectory(at: folder.url.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try files.createDirectory(at: folder.url.appendingPathComponent("data/cut-1"), withIntermediateDirectories: true)
        try files.copyItem(at: root.appendingPathComponent("Protocols/NCT07177794.yaml"), to: folder.url.appendingPathComponent("trial.yaml"))
        try files.copyItem(at: root.appendingPathComponent("Examples/NCT07177794/site-records.yaml"), to: folder.url.appendingPathComponent("data/cut-1/records.yaml"))
        try Data(yaml.utf8).write(to: folder.url.appendingPathComponent(".trialcheck.yaml"))
        return folder
    }

    @Test("Defaults come from the file above the working folder; its relative paths are the file's")
    func defaultsApply() throws {
        let project = try Self.project("audit:\n  protocol: trial.yaml\n  format: json\n  report: [markdown:summary.md]\n")
        let run = try TrialCheckBinary.run(["audit", "records.yaml"], in: project.url.appendingPathComponent("data/cut-1"))
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("{"))
        #expect(FileManager.default.fileExists(atPath: project.url.appendingPathComponent("summary.md").path))
    }

    @Test("A flag on the command line overrides the file")
    func commandLineWins() throws {
        let project = try Self.project("audit:\n  protocol: trial.yaml\n  format: json\n  fail-on: indeterminate\n")
        let run = try TrialCheckBinary.run(["audit", "--format", "markdown", "data/cut-1/records.yaml"], in: project.url)
        #expect(run.standardOutput.hasPrefix("#"), "\(run.standardOutput.prefix(80))")
        let ignored = try TrialCheckBinary.run(["audit", "--no-config", "data/cut-1/records.yaml"], in: project.url)
        #expect(ignored.status == 2)
        #expect(ignored.standardError.contains("--protocol"))
    }

    @Test("Unknown commands and options, and values of the wrong shape, are located errors with suggestions")
    func badSettings() throws {
        let project = try Self.project("audit:\n  protcol: trial.yaml\n  strict: yes please\n  format: [json, text]\nadit:\n  format: json\n")
        let run = try TrialCheckBinary.run(["audit", "data/cut-1/records.yaml"], in: project.url)
        #expect(run.status == 2)
        let errors = run.standardError
        #expect(errors.contains(".trialcheck.yaml:2:3: error: 'protcol' is not an option of 'trialcheck audit'; did you mean 'protocol'?"), "\(errors)")
        #expect(errors.contains(".trialcheck.yaml:3:3: error: 'strict' is a flag: write true or false"), "\(errors)")
        #expect(errors.contains(".trialcheck.yaml:4:3: error: 'format' takes one value, found a list of 2"), "\(errors)")
        #expect(errors.contains(".trialcheck.yaml:5:1: error: 'adit' is not a trialcheck command; did you mean 'audit'?"), "\(errors)")
    }

    @Test("A file above the repository root is never read")
    func stopsAtRepositoryRoot() throws {
        let outer = try TemporaryFolder()
        try Data("audit:\n  format: json\n".utf8).write(to: outer.url.appendingPathComponent(".trialcheck.yaml"))
        let inner = outer.url.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: inner.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let run = try TrialCheckBinary.run(
            ["audit", "-p", Self.root.appendingPathComponent("Protocols/NCT07177794.yaml").path,
             Self.root.appendingPathComponent("Examples/NCT07177794/site-records.yaml").path],
            in: inner
        )
        #expect(!run.standardOutput.hasPrefix("{"))
    }
}

/// A folder removed when the value is released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-conventions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
