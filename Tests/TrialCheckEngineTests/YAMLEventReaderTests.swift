import Foundation
import Testing
@testable import TrialCheckEngine

@Suite("YAMLEventReader: the direct route gives the Yams route's tree, or gives way to it")
struct YAMLEventReaderTests {
    /// A node as text with every position, content and key position: two trees are the same
    /// when their descriptions are.
    static func describe(_ node: SyntaxNode) -> String {
        let at = "@\(node.position.line):\(node.position.column)"
        switch node.content {
        case .null: return "null\(at)"
        case .bool(let flag): return "bool(\(flag))\(at)"
        case .number(let text): return "number(\(text))\(at)"
        case .string(let text): return "string(\(text.debugDescription))\(at)"
        case .array(let items): return "[" + items.map(describe).joined(separator: ", ") + "]\(at)"
        case .object(let members):
            return "{" + members.map { "\($0.key.debugDescription)@\($0.keyPosition.line):\($0.keyPosition.column): \(describe($0.value))" }
                .joined(separator: ", ") + "}\(at)"
        }
    }

    static let documents = [
        "",
        "# a comment only\n",
        "---\n",
        "--- ~\n...\n",
        "plain\n",
        "'quoted'\n",
        "- 1\n- two\n- 'three'\n- \"four\"\n- ~\n- true\n- False\n- 0x1f\n- 50.4 Gy\n- \n",
        "a: 1\nb:\n  - x\n  - {c: [1, 2, {d: e}], f: ''}\n",
        "patients:\n  - id: P1\n    enrollment: {date: 2026-01-20, arm: A}\n    events:\n      - {type: radiotherapy, dose: 50 Gy}\n",
        "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
        "{名前: Zoë, n: 5, \"quoted key\": 'v', ? explicit : value}\n",
        "%YAML 1.1\n---\nkey: value\n",
        "nested:\n- - a\n  - b\n- []\n- {}\n",
        "a: \"line\\nbreak \\u00e9\"\nb: 'it''s'\n",
    ]

    @Test("The direct route's tree is the Yams route's, positions included", arguments: documents)
    func sameTree(yaml: String) throws {
        let direct = try #require(YAMLEventReader.read(yaml), "the direct route gave way on \(yaml.debugDescription)")
        let composed = try YAMLSyntaxParser.parseThroughYams(yaml)
        #expect(Self.describe(direct) == Self.describe(composed))
    }

    @Test("The example site's records give the same tree on both routes")
    func exampleSite() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/NCT07177794/site-records.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let direct = try #require(YAMLEventReader.read(text))
        #expect(Self.describe(direct) == Self.describe(try YAMLSyntaxParser.parseThroughYams(text)))
    }

    @Test("Documents the direct route does not read are left to Yams", arguments: [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "! a: 1\n",
        "? [a, b]\n: 1\n",
        "? {a: 1}\n: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\na: 2\n",
        "a: [1, 2\n",
        "a: 1\n  b: 2\n",
        "- &list [1]\n- *list\n",
        // libyaml refuses a block mapping entry without a key.
        ": empty key\nother: 1\n",
    ])
    func givesWay(yaml: String) {
        #expect(YAMLEventReader.read(yaml) == nil)
    }

    @Test("A repeated key in a large mapping is found too")
    func largeMappingRepeat() {
        let keys = (0..<40).map { "k\($0): \($0)" } + ["k7: again"]
        #expect(YAMLEventReader.read(keys.joined(separator: "\n")) == nil)
        #expect(YAMLEventReader.read(keys.dropLast().joined(separator: "\n")) != nil)
    }

    @Test("Through the parser, a document the direct route gives way on is still read or refused as before")
    func parserFallsBack() throws {
        let aliased = try YAMLSyntaxParser.parse("base: &b {site: S1}\nrecord: *b\n")
        #expect(aliased["record"]?["site"]?.scalarText == "S1")
        let error = try #require(throws: SyntaxError.self) { try YAMLSyntaxParser.parse("a: 1\nb: 2\na: 3\n") }
        #expect(error.message == "duplicate key 'a' in a mapping")
        #expect(error.position == TextPosition(line: 3, column: 1))
    }
}
