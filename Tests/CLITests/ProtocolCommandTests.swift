import Foundation
import Testing

/// `trialcheck validate` and `trialcheck checks`, end to end.
@Suite("trialcheck validate and checks, end to end")
struct ProtocolCommandTests {
    @Test("Every shipped protocol validates")
    func shippedProtocolsValidate() throws {
        let folder = TrialCheckBinary.repositoryRoot.appendingPathComponent("Protocols")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(!files.isEmpty)
        let run = try TrialCheckBinary.run(["validate"] + files.map { "Protocols/\($0)" })
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("ok: NCT07177794"))
    }

    @Test("A bad protocol gives every problem with file:line:column, and exit code 2")
    func badProtocol() throws {
        let yaml = """
            id: BAD
            title: A protocol with mistakes
            version: "1"
            checks:
              - id: age
                kind: age-rnage
                criterion: "Inclusion 5"
                severity: major
              - id: window
                kind: days-between
                criterion: "Inclusion 4"
                severity: major
                from: crt-completion
                to: enrollment
                maxx: 42
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try TrialCheckBinary.run(["validate", path])
        #expect(run.status == 2)
        #expect(run.standardError.contains("\(path):6:11: error: check 'age': unknown check kind 'age-rnage'; did you mean 'age-range'?"))
        #expect(run.standardError.contains("\(path):15:5: error: unknown key 'maxx'"))
        #expect(run.standardError.contains("did you mean 'max'?"))
    }

    @Test("The catalogue lists every kind, and docs/checks.md is not stale")
    func catalogue() throws {
        let text = try TrialCheckBinary.run(["checks"])
        #expect(text.status == 0)
        for kind in ["age-range", "radiotherapy-dose", "days-between", "no-prior-therapy"] {
            #expect(text.standardOutput.contains("\(kind):"), "\(kind) missing from the catalogue")
        }
        let markdown = try TrialCheckBinary.run(["checks", "--format", "markdown"])
        let committed = try String(contentsOf: TrialCheckBinary.repositoryRoot.appendingPathComponent("docs/checks.md"), encoding: .utf8)
        #expect(markdown.standardOutput == committed, "docs/checks.md is stale: run Scripts/update-catalogue.sh")
        let summary = try TrialCheckBinary.run(["checks", "--format", "summary"])
        let readme = try String(contentsOf: TrialCheckBinary.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = readme.components(separatedBy: "<!-- catalogue:start").dropFirst().first?
            .components(separatedBy: "<!-- catalogue:end -->").first?
            .split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).last.map(String.init)
        #expect(section == summary.standardOutput, "the README's check catalogue is stale: run Scripts/update-catalogue.sh")
    }

    @Test("--version and --help exit 0")
    func helpAndVersion() throws {
        #expect(try TrialCheckBinary.run(["--version"]).status == 0)
        let help = try TrialCheckBinary.run(["audit", "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("--fail-on"))
    }
}
