import ArgumentParser
import Testing
@testable import TrialCheckCLI

/// `trialcheck audit` is parsed as a root of its own before the command tree is walked
/// (``TrialCheck/parseCommand(_:)``): both must give the same command, help or error.
@Suite("Command-line parsing: audit's direct parse against the command tree")
struct CommandLineParsingTests {
    /// What one route made of an argument list: the command's type and every stored value,
    /// or the error's full message.
    private enum Parsed: Equatable {
        case command(type: String, values: String)
        case error(String)
    }

    private static func parsed(_ parse: () throws -> any ParsableCommand) -> Parsed {
        do {
            let command = try parse()
            var values = ""
            dump(command, to: &values)
            return .command(type: String(describing: type(of: command)), values: values)
        } catch {
            return .error(TrialCheck.fullMessage(for: error))
        }
    }

    static let argumentLists: [[String]] = [
        ["audit", "-p", "NCT07177794", "site.yaml"],
        ["audit", "--protocol", "Protocols/NCT07177794.yaml", "--format", "json", "--output", "out.json", "a.ndjson", "b.ndjson"],
        ["audit", "-p", "NCT07177794", "--jobs", "3", "--fail-on", "never", "--report", "sarif:out.sarif", "-"],
        ["audit", "-p", "NCT07177794", "--input-format", "sdtm", "--strict", "--quiet", "folder"],
        ["audit", "-p", "NCT07177794", "--", "--input-named-like-an-option.ndjson"],
        ["audit", "-p", "NCT07177794", "merge", "validate"],
        ["audit", "site.yaml", "-p", "NCT07177794", "--data-cutoff", "2026-11-01"],
        // Help, version and errors: the direct parse gives way to the tree.
        ["audit", "--help"],
        ["audit", "-h"],
        ["audit", "help"],
        ["audit", "--version"],
        ["audit", "--generate-completion-script", "bash"],
        ["audit"],
        ["audit", "-p", "NCT07177794"],
        ["audit", "-p", "NCT07177794", "--jobs", "0", "site.yaml"],
        ["audit", "-p", "NCT07177794", "--jobs", "many", "site.yaml"],
        ["audit", "-p", "NCT07177794", "--no-such-option", "site.yaml"],
        ["audit", "-p", "NCT07177794", "--format", "xml", "site.yaml"],
        ["audit", "-p"],
        ["validate", "-p", "NCT07177794"],
        ["help", "audit"],
        ["--version"],
        [],
    ]

    @Test("Same command, help or error as the tree", arguments: argumentLists)
    func sameAsTheTree(_ arguments: [String]) {
        let direct = Self.parsed { try TrialCheck.parseCommand(arguments) }
        let tree = Self.parsed { try TrialCheck.parseAsRoot(arguments) }
        #expect(direct == tree)
    }

    @Test("A plain audit takes the direct parse; help and errors do not")
    func directParseTakesOnlyAPlainAudit() throws {
        let audit = try TrialCheck.Audit.parseAsRoot(["-p", "NCT07177794", "site.yaml"])
        #expect(audit is TrialCheck.Audit)
        let help = try TrialCheck.Audit.parseAsRoot(["--help"])
        #expect(!(help is TrialCheck.Audit))
        #expect(throws: (any Error).self) { try TrialCheck.Audit.parseAsRoot(["-p", "NCT07177794", "--jobs", "0", "site.yaml"]) }
    }
}
