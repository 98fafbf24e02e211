import ArgumentParser
import Testing
@testable import TrialCheckCLI

/// The glance at an audit command line that starts its protocol's load early: when it
/// names a protocol, it is the one the parsed command loads, with more than one job.
@Suite("Early protocol load: the command line glanced at before it is parsed")
struct EarlyProtocolLoadTests {
    static let named: [(arguments: [String], reference: String)] = [
        (["audit", "-p", "NCT07177794", "--jobs", "2", "site.yaml"], "NCT07177794"),
        (["audit", "site.yaml", "--protocol", "Protocols/NCT07177794.yaml", "--jobs=4"], "Protocols/NCT07177794.yaml"),
        (["audit", "--protocol=Protocols/NCT07177794.yaml", "--jobs", "2", "--format", "json", "-"], "Protocols/NCT07177794.yaml"),
        (["audit", "--strict", "-p", "p.yaml", "--jobs", "8", "--", "-p"], "p.yaml"),
    ]

    static let unnamed: [[String]] = [
        ["audit", "-p", "NCT07177794", "--jobs", "1", "site.yaml"],
        ["audit", "-p", "NCT07177794", "--jobs=1", "site.yaml"],
        ["audit", "-p", "a.yaml", "-p", "b.yaml", "--jobs", "2", "site.yaml"],
        ["audit", "--jobs", "2", "site.yaml"],
        ["audit", "--jobs", "2", "--", "-p", "p.yaml"],
        ["audit", "--jobs", "2", "-p"],
        ["audit", "--jobs", "2", "-p", "--strict", "site.yaml"],
        ["audit", "--jobs", "2", "--protocol=", "site.yaml"],
        ["audit", "--jobs", "two", "-p", "p.yaml", "site.yaml"],
        ["validate", "-p", "NCT07177794", "--jobs", "2"],
        ["checks", "--protocol", "NCT07177794"],
        [],
    ]

    @Test("One --protocol and more than one job: the reference the parse arrives at", arguments: named.indices)
    func namesTheParsedProtocol(index: Int) throws {
        let (arguments, reference) = Self.named[index]
        #expect(EarlyProtocolLoad.protocolReference(in: arguments) == reference)
        let audit = try #require(try TrialCheck.parseCommand(arguments) as? TrialCheck.Audit)
        #expect(audit.protocolOption.protocol == reference)
        #expect(audit.jobs > 1)
    }

    @Test("One job, no protocol, two, a missing value or another command: nothing", arguments: unnamed)
    func namesNothing(arguments: [String]) {
        #expect(EarlyProtocolLoad.protocolReference(in: arguments) == nil)
    }
}
