import Foundation
import Testing
@testable import TrialCheckEngine

@Suite("YAMLDataScanner: the byte route gives the Yams route's tree, or gives way")
struct YAMLDataScannerTests {
    static func describe(_ node: SyntaxNode) -> String {
        YAMLEventReaderTests.describe(node)
    }

    /// Documents in the subset the byte route reads.
    static let documents = [
        "a: 1\n",
        "# header\n\nformat: patient-history/1\npatients:\n  - id: P1   # a comment\n    sex: female\n",
        "- 1\n- two\n- 'three'\n- \"four\"\n- ~\n- true\n- False\n- 0x1f\n- 50.4 Gy\n- -5\n- 1e3\n",
        "a: 1\nb:\n  - x\n  - {c: [1, 2, {d: e}], f: '', g: \"\"}\n",
        "patients:\n  - id: P1\n    enrollment: {date: 2026-01-20, arm: A}\n    events:\n      - {type: radiotherapy, dose: 50 Gy}\n",
        "patients:\n  - {id: Zoë-1, site: Zürich}\n  - name: 名前 Zoë\n    x: 'é''s'\n",
        "key:\n- a: 1\n  b: [ x , y ]\n- c\nnext: {}\nlast: []\n",
        "- a:\n    b: 1\n  c: 2\n-\n  - x\n",
        "text: a#b c  d   # comment\nurl: http://x.org/a:b\nt: 12:30\nq: it's\n",
        "unit: 10^9/L\nneg: -x\nsign: +1\nnulls: [~, null, Null]\nflags: {a: TRUE, b: no}\n",
        "  indented: 1\n  root: 2\n",
        "a:\n    b: 1\nc: 2\n",
        "k: v\n\n\n# trailing comment\n",
        "k: v",
        "m: {abcdefgX: 1, abcdefgY: 2}\n",
        "m: {" + (0..<20).map { "k\($0): v" }.joined(separator: ", ") + "}\n",
        (0..<20).map { "k\($0): v\n" }.joined(),
        "a: x, y\nb: [p, 'q, r']\n",
        "a : spaced key\n",
        "key: ---\nk2: ...\n",
        // One key in sibling and nested mappings is not a repeat.
        "a:\n  x: 1\nb:\n  x: 2\nx: {x: {x: 3}, y: [{x: 4}, {x: 5}]}\n",
        "- {id: 1, type: a}\n- {id: 2, type: b}\n",
    ]

    @Test("The byte route reads the subset and its tree is the Yams route's, positions included", arguments: documents)
    func sameTree(yaml: String) throws {
        let direct = try #require(YAMLDataScanner.read(yaml), "the byte route gave way on \(yaml.debugDescription)")
        let composed = try YAMLSyntaxParser.parseThroughYams(yaml)
        #expect(Self.describe(direct) == Self.describe(composed))
    }

    @Test("Documents outside the subset are left to the other routes", arguments: [
        "",
        "# a comment only\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "%YAML 1.1\n---\nkey: value\n",
        "plain\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "? a\n: 1\n",
        "\"quoted key\": 1\n",
        "- \"quoted\": 1\n",
        "a:\nb: 1\n",
        "- \n- a\n",
        "a: 1\na: 2\n",
        "{a: 1, a: 2}\n",
        // A repeat after a nested mapping, inside one, and in a mapping past the pairwise limit.
        "a:\n  b: 1\n  c: {d: 2}\na: 3\n",
        "- {x: 1, y: {x: 2, z: 3}, x: 4}\n",
        "a: {b: 1, c: {d: 1, d: 2}}\n",
        "outer:\n  inner: {k: v}\n  inner: {k: v}\n",
        (0..<20).map { "k\($0): v\n" }.joined() + "k7: again\n",
        "m: {" + (0..<20).map { "k\($0): v" }.joined(separator: ", ") + ", k19: w}\n",
        // Keys alike in length and first seven bytes, told apart by the rest.
        "m: {abcdefgX: 1, abcdefgY: 2, abcdefgX: 3}\n",
        "a: [1, 2\n  , 3]\n",
        "a: {b: 1,}\n",
        "a: [1, 2,]\n",
        "a: b: c\n",
        "a: b:\n",
        "a: plain\n  continued\n",
        "- plain\n  continued\n",
        "a: 1\n  b: 2\n",
        "a: |\n  text\n",
        "a: >\n  text\n",
        "a: \"esc\\n\"\n",
        "a: 'open\n  quote'\n",
        "a:\tb\n",
        "a: b\r\n",
        "\u{FEFF}a: b\n",
        "a: b\u{2028}c\n",
        "a: b\u{85}c\n",
        "a: 😀\n",
        "[a, b]\n",
        "{名前: Zoë, n: 5}\n",
        "a:\n  [x]\n",
        "a: [b: 1]\n",
        "a: {b: c:d}\n",
        "a: [x]y\n",
        "a: 'x'y\n",
        "a: [x]#c\n",
        "a: {b}\n",
        "a: {b: }\n",
        "- - a\n",
        ": empty key\n",
        "a: @x\n",
        "a: `x\n",
        "a: %x\n",
        "a: ,x\n",
        "a: - x\n",
        "a: [- x]\n",
        "a: #c\n",
        "a: [a #c\n, b]\n",
        "- a\nb: 1\n",
        "a:\n  - x\n  b: 1\n",
        String(repeating: "k", count: 1100) + ": v\n",
        String(repeating: "k", count: 1000) + String(repeating: " ", count: 30) + ": v\n",
        "a: " + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "\n",
    ])
    func givesWay(yaml: String) {
        #expect(YAMLDataScanner.read(yaml) == nil, "read \(yaml.debugDescription)")
    }

    @Test("The example sites are read by the byte route, each with the Yams route's tree", arguments: [
        "Examples/NCT07177794/site-records.yaml", "Examples/EC-CRT-001/site-records.yaml", "Examples/EPOC1802/site-records.yaml",
    ])
    func exampleSites(path: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        let direct = try #require(YAMLDataScanner.read(text))
        #expect(Self.describe(direct) == Self.describe(try YAMLSyntaxParser.parseThroughYams(text)))
    }

    /// A small generator (SplitMix64), so the edits repeat from run to run.
    struct Edits {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }

        /// `bytes` with one to three bytes deleted, inserted or replaced (by one of `pieces`).
        mutating func edit(_ bytes: [UInt8], pieces: [UInt8]) -> [UInt8] {
            var bytes = bytes
            for _ in 0..<(1 + next(3)) {
                let at = next(bytes.count)
                switch next(3) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(pieces[next(pieces.count)], at: at)
                default: bytes[at] = pieces[next(pieces.count)]
                }
            }
            return bytes
        }
    }

    @Test("Edited documents: the byte route gives the Yams route's tree, or gives way where Yams refuses")
    func editedDocuments() {
        let seed = """
            # site
            format: patient-history/1
            patients:
              - id: P-1
                sex: female
                enrollment: {date: 2026-01-20, arm: A}
                events:
                  - {type: lab, test: anc, value: 1.5, unit: 10^9/L, agents: [a, 'b c']}
                  - {type: radiotherapy, dose: 50 Gy}   # note
              - id: P-2
                tags:
                - x
                - "y"

            """
        let pieces = Array(" \n:-#,[]{}'\"ab1.~&*!|>?".utf8)
        var edits = Edits(state: 7)
        var read = 0
        for _ in 0..<600 {
            let bytes = edits.edit(Array(seed.utf8), pieces: pieces)
            let text = String(decoding: bytes, as: UTF8.self)
            guard let direct = YAMLDataScanner.read(text) else { continue }
            read += 1
            let composed = try? YAMLSyntaxParser.parseThroughYams(text)
            #expect(composed.map(Self.describe) == Self.describe(direct), "\(text.debugDescription)")
        }
        #expect(read > 100)
    }

    /// The text check one byte at a time, as the scanner's rule reads: the reference for
    /// the word-at-a-time scan.
    private static func textKindByteByByte(_ bytes: [UInt8]) -> Bool? {
        var isASCII = true
        for (index, byte) in bytes.enumerated() {
            if byte < 0x80 {
                if byte == 0x0A { continue }
                if byte < 0x20 || byte == 0x7F { return nil }
                continue
            }
            isASCII = false
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let third = index + 2 < bytes.count ? bytes[index + 2] : 0
            if byte == 0xC2 && next < 0xA0 { return nil }
            if byte == 0xE2 && next == 0x80 && (third == 0xA8 || third == 0xA9) { return nil }
            if byte == 0xEF && next == 0xBB && third == 0xBF { return nil }
            if byte == 0xEF && next == 0xBF && third >= 0xBE { return nil }
            if byte >= 0xF0 { return nil }
        }
        return isASCII
    }

    @Test("The text check, eight bytes at a time, says what a byte-by-byte check says")
    func textKindWordAtATime() {
        // Every byte value at every place of a word, in printable text and beside a newline.
        for value in 0...255 {
            for place in 0..<17 {
                for background in [UInt8(ascii: "a"), 0x0A, 0x7E, 0x20] {
                    var bytes = [UInt8](repeating: background, count: 17)
                    bytes[place] = UInt8(value)
                    let word = bytes.withUnsafeBufferPointer(YAMLDataScanner.textKind)
                    #expect(word == Self.textKindByteByByte(bytes), "byte \(value) at \(place) in \(background)")
                }
            }
        }
        // Random texts weighted towards the bytes the rule is about.
        let pieces: [UInt8] = [0x0A, 0x09, 0x0D, 0x1F, 0x20, 0x41, 0x7E, 0x7F, 0x80, 0xA0, 0xA8, 0xA9, 0xBB, 0xBE, 0xBF, 0xC2, 0xC3, 0xE2, 0xEF, 0xF0, 0xFF]
        var edits = Edits(state: 11)
        for _ in 0..<3000 {
            let bytes = (0..<edits.next(40)).map { _ in edits.next(4) == 0 ? pieces[edits.next(pieces.count)] : UInt8(ascii: "x") }
            #expect(bytes.withUnsafeBufferPointer(YAMLDataScanner.textKind) == Self.textKindByteByByte(bytes), "\(bytes)")
        }
    }
}
