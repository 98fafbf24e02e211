import Testing
import Yams
@testable import TrialCheckEngine

@Suite("A mapping's value by name: what Yams's subscript finds")
struct YAMLMappingLookupTests {
    static let names = [
        "id", "kind", "checks", "max_days", "a-b", "x1", "on", "yes", "null", "true", "1", "Id", "", "~", "2026-01-20", "<<",
    ]

    @Test("The same node as `mapping[name]` for every name", arguments: [
        "id: a\nkind: b\nchecks: [1]\nmax_days: 3\na-b: 4\nx1: 5\n",
        "'id': quoted\n\"kind\": double\n",
        "!!str id: tagged\n!custom kind: custom\n",
        "on: 1\nyes: 2\nnull: 3\ntrue: 4\n1: 5\nId: 6\n",
        "'on': 1\n'yes': 2\n'null': 3\n'true': 4\n'1': 5\n~: 6\n2026-01-20: 7\n",
        "? [id]\n: list\nid: plain\n",
        "{id: 1, kind: {id: 2}}\n",
        "{}\n",
    ])
    func sameAsSubscript(yaml: String) throws {
        let node = try #require(try Yams.compose(yaml: yaml))
        let mapping = try #require(node.mapping)
        for name in Self.names {
            #expect(mapping.value(named: name) == mapping[name], "\(name) in \(yaml)")
        }
    }

    @Test("A mapping built in code (tags not yet resolved) is looked up as Yams does")
    func unresolvedKeys() {
        let mapping = Node.Mapping([(Node("id"), Node("a")), (Node("on"), Node("b")), (Node("kind", Tag(.str)), Node("c"))])
        for name in Self.names {
            #expect(mapping.value(named: name) == mapping[name], "\(name)")
        }
    }

    @Test("Names a plain scalar writes as text (Yams's resolver agrees)", arguments: [
        ("id", true), ("max_days", true), ("a-b", true), ("x1", true), ("on", false), ("null", false),
        ("Id", false), ("1", false), ("", false), ("_a", false), ("a b", false),
    ])
    func text(name: String, isText: Bool) {
        #expect(Node.Mapping.resolvesToText(name) == isText)
        if isText { #expect(Resolver.default.resolveTag(of: Node(name)) == .str) }
    }
}
