import ArgumentParser
import Foundation
import Testing
@testable import TrialCheckCLI

/// The glance at an audit command line that starts a prefetch before it is parsed: what
/// it reads must be what the parse arrives at, and its list of value-less options the
/// parser's own.
@Suite("Early start: the command line glanced at before it is parsed")
struct EarlyStartTests {
    static let commandLines: [[String]] = [
        ["audit", "-p", "NCT07177794", "--jobs", "2", "site.yaml"],
        ["audit", "site.yaml", "--protocol", "Protocols/NCT07177794.yaml", "--jobs=4", "more.ndjson"],
        ["audit", "--protocol=Protocols/NCT07177794.yaml", "--format", "json", "-o", "out.json", "-"],
        ["audit", "--strict", "-q", "-p", "p.yaml", "--jobs", "8", "--input-format", "yaml", "a", "--", "-p", "--strict"],
        ["audit", "-p", "p.yaml", "--mapping", "m.yaml", "--dictionary", "d.csv", "export.csv"],
        ["audit", "-p", "p.yaml", "--tagged-lines", "--input-format", "ndjson", "-"],
        ["audit", "--report", "sarif:x.sarif", "--report", "junit:x.xml", "--fail-on", "never", "-p", "p", "x.yaml"],
        ["audit", "--no-config", "--allow-external", "--plugin-env", "R_LIBS", "--csv-bom", "-p", "p", "x.csv"],
        ["audit", "-p", "p", "--jobs", "1", "site.yaml"],
        ["audit", "--input-format=fhir", "-p", "p", "--data-cutoff", "2026-01-01", "--timezone", "+08:00", "bulk"],
    ]

    @Test("What the glance reads is what the parse arrives at", arguments: commandLines)
    func sameAsParsed(arguments: [String]) throws {
        let early = try #require(EarlyAuditArguments(arguments))
        let audit = try #require(try TrialCheck.parseCommand(arguments) as? TrialCheck.Audit)
        #expect(early.protocolReference == audit.protocolOption.protocol)
        #expect(early.inputs == audit.inputs)
        #expect(early.jobs == audit.jobs)
        #expect(early.inputFormat == audit.inputFormat?.rawValue)
        #expect(early.mapping == audit.mapping)
        #expect(early.taggedLines == audit.taggedLines)
    }

    static let unread: [[String]] = [
        ["validate", "-p", "NCT07177794"],
        ["checks", "--protocol", "NCT07177794"],
        ["audit", "-p", "a.yaml", "-p", "b.yaml", "site.yaml"],
        ["audit", "-x", "site.yaml"],
        ["audit", "-qv", "site.yaml"],
        ["audit", "site.yaml", "-p"],
        [],
    ]

    @Test("Another command, a protocol given twice, an unknown or combined short option, a missing value: nothing", arguments: unread)
    func readsNothing(arguments: [String]) {
        #expect(EarlyAuditArguments(arguments) == nil)
    }

    @Test("A protocol value that is an option or empty names no protocol")
    func noProtocol() throws {
        #expect(try #require(EarlyAuditArguments(["audit", "--jobs", "2", "-p", "--strict", "site.yaml"])).protocolReference == nil)
        #expect(try #require(EarlyAuditArguments(["audit", "--jobs", "2", "--protocol=", "site.yaml"])).protocolReference == nil)
    }

    @Test("The value-less options are exactly audit's flags")
    func flagsAreTheParsersFlags() throws {
        let run = try TrialCheckBinary.run(["audit", "--experimental-dump-help"])
        #expect(run.status == 0)
        let dump = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        let arguments = try #require((dump?["command"] as? [String: Any])?["arguments"] as? [[String: Any]])
        func names(_ kind: String) -> Set<String> {
            Set(arguments.filter { $0["kind"] as? String == kind }.flatMap { argument in
                (argument["names"] as? [[String: Any]] ?? []).compactMap { name -> String? in
                    guard let text = name["name"] as? String else { return nil }
                    return (name["kind"] as? String == "short" ? "-" : "--") + text
                }
            })
        }
        #expect(names("flag") == EarlyAuditArguments.flags)
        #expect(names("option").filter { !$0.hasPrefix("--") } == EarlyAuditArguments.shortOptions)
        #expect(names("option").isDisjoint(with: EarlyAuditArguments.flags))
        #expect(names("option").isSuperset(of: ["--protocol", "-p", "--jobs", "--input-format", "--mapping"]))
    }
}
