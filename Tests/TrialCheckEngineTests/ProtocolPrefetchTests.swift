import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// A protocol loaded ahead on another thread must load exactly as the loader's own load:
/// the same definition or the same problems, and never a load of other text, of a base
/// found earlier, or under other settings.
@Suite("Protocol prefetch", .serialized)
struct ProtocolPrefetchTests {
    private static let loader = ProtocolLoader(registry: TestSupport.registry)

    private static func protocolText(maxAge: Int = 75, title: String = "Prefetched") -> String {
        """
        id: PF-1
        title: \(title)
        version: "1.0"
        arms: {A: {label: Study arm, type: experimental}}
        checks:
          - {id: age, kind: age-range, criterion: "age 18-\(maxAge)", severity: major, min: 18, max: \(maxAge)}
          - {id: ecog, kind: performance-status, criterion: "ECOG <= 1", severity: major, scale: ECOG, max: 1}

        """
    }

    /// What loading `path` gives: the definition's fields and checks, or the problems.
    private static func outcome(_ path: String, loader: ProtocolLoader = loader) -> String {
        do {
            let definition = try loader.load(path: path)
            let checks = definition.checks.map { "\($0.id) \($0.kind) \($0.criterion) \($0.severity) \($0.category) \($0.location)" }
            return "\(definition.id) \(definition.title) \(definition.version) \(definition.path) \(definition.sha256) "
                + "\(definition.arms.map { $0.code }) \(definition.bases) \(definition.declaredInputs) \(checks)"
        } catch {
            return "problems: \(error.problems.map { "\($0.location) \($0.message)" })"
        }
    }

    private static let protocols: [(name: String, text: String)] = [
        ("valid.yaml", protocolText()),
        ("unknown-kind.yaml", "id: PF-2\ntitle: T\nversion: \"1\"\nchecks:\n  - {id: a, kind: age-rnage, criterion: c, severity: major}\n"),
        ("syntax.yaml", "id: PF-3\nchecks: [\n"),
        ("empty.yaml", ""),
    ]

    @Test("A prefetched protocol loads as the loader's own load: definition or problems", arguments: protocols.indices)
    func sameAsLoading(index: Int) throws {
        let scratch = try ScratchFolder(prefix: "protocol-prefetch")
        let path = try scratch.write(Self.protocols[index].name, Self.protocols[index].text)
        let plain = Self.outcome(path)
        ProtocolPrefetch.start(path: path, loader: Self.loader)
        #expect(Self.outcome(path) == plain)
        // Taken, or given up for a failed load: nothing is left for the same text.
        #expect(ProtocolPrefetch.take(path: path, text: Self.protocols[index].text, loader: Self.loader) == nil)
    }

    @Test("The loader takes the prefetched definition for the same path, text and settings")
    func handsOver() throws {
        let scratch = try ScratchFolder(prefix: "protocol-prefetch")
        let text = Self.protocolText()
        let path = try scratch.write("protocol.yaml", text)
        ProtocolPrefetch.start(path: path, loader: Self.loader)
        let taken = try #require(ProtocolPrefetch.take(path: path, text: text, loader: Self.loader))
        #expect(taken.sha256 == (try Self.loader.load(path: path)).sha256)
    }

    @Test("Other text, another path or a loader with other settings is loaded afresh")
    func refusesOtherInputs() throws {
        let scratch = try ScratchFolder(prefix: "protocol-prefetch")
        let text = Self.protocolText()
        let path = try scratch.write("protocol.yaml", text)
        let other = try scratch.write("other.yaml", text)

        ProtocolPrefetch.start(path: path, loader: Self.loader)
        #expect(ProtocolPrefetch.take(path: path, text: Self.protocolText(maxAge: 80), loader: Self.loader) == nil)

        ProtocolPrefetch.start(path: path, loader: Self.loader)
        #expect(ProtocolPrefetch.take(path: other, text: text, loader: Self.loader) == nil)

        let allowing = ProtocolLoader(registry: TestSupport.registry, externalPolicy: .allowed(passing: []))
        ProtocolPrefetch.start(path: path, loader: Self.loader)
        #expect(ProtocolPrefetch.take(path: path, text: text, loader: allowing) == nil)

        let fewerKinds = ProtocolLoader(registry: CheckRegistry(kinds: Array(TestSupport.registry.kinds.dropLast())))
        ProtocolPrefetch.start(path: path, loader: Self.loader)
        #expect(ProtocolPrefetch.take(path: path, text: text, loader: fewerKinds) == nil)

        let otherEnvironment = ProtocolLoader(registry: TestSupport.registry, environment: ["TRIALCHECK_PROTOCOL_PATH": scratch.url.path])
        ProtocolPrefetch.start(path: path, loader: Self.loader)
        #expect(ProtocolPrefetch.take(path: path, text: text, loader: otherEnvironment) == nil)
    }

    @Test("A protocol rewritten after its prefetch started loads as rewritten")
    func rewrittenFile() throws {
        let scratch = try ScratchFolder(prefix: "protocol-prefetch")
        let path = try scratch.write("protocol.yaml", Self.protocolText(title: "Before"))
        ProtocolPrefetch.start(path: path, loader: Self.loader)
        _ = try scratch.write("protocol.yaml", Self.protocolText(maxAge: 80, title: "After"))
        let loaded = try Self.loader.load(path: path)
        #expect(loaded.title == "After")
        #expect(loaded.checks.first?.criterion == "age 18-80")
    }

    @Test("A protocol that extends another is loaded afresh, with its base as it is now")
    func extendingProtocol() throws {
        let scratch = try ScratchFolder(prefix: "protocol-prefetch")
        _ = try scratch.write("base.yaml", Self.protocolText(title: "Base"))
        let path = try scratch.write("site.yaml", "id: PF-SITE\nextends: base.yaml\n")
        ProtocolPrefetch.start(path: path, loader: Self.loader)
        _ = try scratch.write("base.yaml", Self.protocolText(maxAge: 80, title: "Base"))
        let loaded = try Self.loader.load(path: path)
        #expect(loaded.checks.first?.criterion == "age 18-80")
        #expect(ProtocolPrefetch.take(path: path, text: "id: PF-SITE\nextends: base.yaml\n", loader: Self.loader) == nil)
    }

    @Test("A folder, a missing file or a named pipe is never loaded ahead")
    func notRegularFiles() throws {
        let scratch = try ScratchFolder(prefix: "protocol-prefetch")
        let fifo = scratch.url.appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [scratch.url.path, scratch.url.appendingPathComponent("missing.yaml").path, fifo] {
            ProtocolPrefetch.start(path: path, loader: Self.loader)
            #expect(ProtocolPrefetch.take(path: path, text: "", loader: Self.loader) == nil)
        }
    }
}
