import BuiltinPlugins
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Runs every check kind's own examples: the description is the single source of truth,
/// so a kind whose examples do not behave as documented fails here.
@Suite("Every kind's documented examples")
struct CheckExamplesTests {
    static let kinds = BuiltinPlugins.kinds
    static let registry = CheckRegistry(kinds: kinds)

    @Test("No two plugins provide the same kind")
    func noConflicts() {
        #expect(Self.registry.conflicts.isEmpty)
    }

    @Test("Each kind is registered under its description's identifier", arguments: (kinds + EngineKinds.all).map(\.identifier))
    func identifierIsTheDescriptions(_ identifier: String) throws {
        let kind = try #require(CheckRegistry(kinds: Self.kinds + EngineKinds.all).kind(identifier))
        #expect(kind.description.kind == identifier)
    }

    @Test("Each kind documents a summary, parameters and examples of both outcomes", arguments: kinds.map(\.identifier))
    func documented(_ identifier: String) throws {
        let kind = try #require(Self.registry.kind(identifier))
        let description = kind.description
        #expect(!description.summary.isEmpty)
        #expect(!description.passingExamples.isEmpty, "\(identifier) has no passing example")
        #expect(!description.deviatingExamples.isEmpty, "\(identifier) has no deviating example")
        #expect(identifier.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" })
    }

    @Test("Passing examples pass and deviating examples deviate", arguments: kinds.map(\.identifier))
    func examples(_ identifier: String) throws {
        let kind = try #require(Self.registry.kind(identifier))
        let check = try Self.exampleCheck(kind)
        for (record, expected) in kind.description.passingExamples.map({ ($0, Verdict.pass) })
            + kind.description.deviatingExamples.map({ ($0, Verdict.deviation) }) {
            let patient = try Self.patient(record)
            let judgement = check.judge(patient)
            #expect(judgement.verdict == expected, "\(identifier) on \(patient.id): \(judgement.message)")
            if expected != .pass {
                #expect(!judgement.evidence.isEmpty, "\(identifier) on \(patient.id) gives no evidence")
            }
        }
    }

    /// Builds the kind's example configuration through the protocol loader, as a user would.
    static func exampleCheck(_ kind: CheckKind) throws -> any Check {
        let entry = CheckCatalogue(registry: registry).example(kind.description)
        let yaml = "id: EXAMPLE\ntitle: Example\nversion: \"1\"\nchecks:\n" + entry.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n") + "\n"
        let definition = try ProtocolLoader(registry: registry).load(yaml: yaml, path: "example.yaml")
        return try #require(definition.checks.first).check
    }

    static func patient(_ yaml: String) throws -> PatientHistory {
        let node = try YAMLSyntaxParser.parse(yaml)
        return try PatientRecordDecoder(file: "example").decode(node).get()
    }
}
