import Foundation
import Testing
import Yams
@testable import TrialCheckEngine

@Suite("Plain scalars tagged without regular expressions: as Yams's default resolver tags them")
struct YAMLImplicitTagTests {
    /// What `Resolver.default` makes of `text` written plain.
    static func reference(_ text: String) -> String {
        Resolver.default.resolveTag(of: Node.scalar(Node.Scalar(text, Tag(.implicit), .plain))).rawValue
    }

    static func expectSame(_ texts: some Sequence<String>) {
        for text in texts {
            #expect(YAMLImplicitTag.name(ofPlain: text)?.rawValue == reference(text), "\(text.debugDescription)")
        }
    }

    /// Every string of `alphabet` with `length` characters.
    static func strings(of alphabet: [Character], length: Int) -> [String] {
        guard length > 0 else { return [""] }
        return strings(of: alphabet, length: length - 1).flatMap { prefix in alphabet.map { prefix + String($0) } }
    }

    @Test("Every string up to three characters of the characters the expressions read")
    func everyShortString() {
        let alphabet = Array("019_:.-+eEbxoaFnNiIT tZ~<=\t")
        Self.expectSame((0...3).flatMap { Self.strings(of: alphabet, length: $0) })
    }

    @Test("Every four-character string of the numbers' characters")
    func everyFourCharacterNumber() {
        Self.expectSame(Self.strings(of: Array("07_:.-e9x"), length: 4))
    }

    @Test("The words, in every case the expressions list and some they do not")
    func words() {
        let words = ["yes", "no", "true", "false", "on", "off", "null", "inf", "nan", "y", "n", "NaN", "nULL", "tRUE"]
        let variants = words.flatMap { [$0, $0.capitalized, $0.uppercased(), "." + $0, "-." + $0, "+." + $0, $0 + " "] }
        Self.expectSame(variants + ["~", "", "<<", "=", "<", "==", "<<<", "~~", ".", "-.", "._", ".e+1", ".5e+1", ".5e1", ".5E-10"])
    }

    @Test("Numbers: bases, underscores, sexagesimal, exponents")
    func numbers() {
        Self.expectSame([
            "0", "-0", "+0", "00", "08", "0o17", "0o18", "0o", "0b", "0b101", "0b102", "-0b1", "0x", "0xFF_ff", "0xg", "+0x1",
            "1_000", "1__", "_1", "190:20:30", "1:60", "1:5", "1:05", "1:5:", "1::5", "1:123", "0:30", "-1:30",
            "1:30.5", "1:30.", "1:30:59.99_9", "1.", "1.5", "1.5e3", "1.5e+3", "1e", "1e+", "1E-3", "1.2.3", "12e3_4",
            "6.8523015e+5", "685.230_15e+03", "685_230.15", "190:20:30.15", "-.inf", ".INF", "+.Inf", "-.nan", "1 ",
            " 1", "1\t", "١٢", "１２", "12abc", "123456789012345678901234567890",
        ])
    }

    @Test("Timestamps: dates, date-times, zones, separators")
    func timestamps() {
        Self.expectSame([
            "2026-01-20", "2026-1-20", "2026-01-2", "2026-1-2", "26-01-20", "20261-01-20", "2026-01-20T10:00:00",
            "2026-1-2t1:00:00", "2026-01-20 10:00:00", "2026-01-20 \t 10:00:00", "2026-01-20T10:00:00Z",
            "2026-01-20T10:00:00.123", "2026-01-20T10:00:00.", "2026-01-20T10:00:00 Z", "2026-01-20T10:00:00+01",
            "2026-01-20T10:00:00-1:30", "2026-01-20T10:00:00+01:3", "2026-01-20T10:00:00+013", "2026-01-20T10:00",
            "2026-01-20T100:00:00", "2026-01-20T10:00:00 ", "2026-01-20T10:00:00z", "2026-01-20T10:00:00.5 -05:00",
            "2026-01-20X10:00:00", "2026-01-20T", "2026-001-20", "2026-01-20T1:0:00",
        ])
    }

    @Test("Random strings built from the expressions' pieces")
    func randomPieces() {
        let pieces = ["0", "1", "5", "9", "_", ":", ".", "-", "+", "e", "E", "x", "b", "o", "T", " ", "Z", "2026-01-20", "12:30:45", "inf", "nan", "a"]
        var generator = SeededGenerator(seed: 7)
        let texts = (0..<4_000).map { _ in
            (0..<Int.random(in: 1...7, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
        }
        Self.expectSame(texts)
    }

    @Test("Text ending with a line terminator is left to the resolver", arguments: ["1\n", "true\r", "1\u{85}", "1\u{2028}", "x\u{2029}", "1\u{0B}"])
    func lineTerminators(text: String) {
        #expect(YAMLImplicitTag.name(ofPlain: text) == nil)
    }
}

@Suite("Protocols and mappings composed without the default resolver: the trees Yams composes")
struct YAMLNodeComposerTests {
    /// Every YAML file the repository ships or tests with, but build products and the
    /// data files of the example sites (read by the data readers, and slow to compose twice).
    static var repositoryYAMLFiles: [URL] {
        let root = TestSupport.packageRoot
        let folders = ["Protocols", "Examples", "Benchmarks", "Tests", "Docs", "docs"].map { root.appendingPathComponent($0) }
        return folders.flatMap { folder -> [URL] in
            guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
            return walker.compactMap { $0 as? URL }.filter { file in
                ["yaml", "yml"].contains(file.pathExtension) && !file.path.contains("/.build")
                    && ((try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) < 100_000
            }
        }
        .sorted { $0.path < $1.path }
    }

    /// Whether two trees are the same: kinds, texts, resolved tags, styles, positions, in order.
    static func same(_ left: Node?, _ right: Node?) -> Bool {
        guard let left, let right else { return left == nil && right == nil }
        guard left.tag.description == right.tag.description, left.mark?.line == right.mark?.line,
              left.mark?.column == right.mark?.column else { return false }
        switch (left, right) {
        case (.scalar(let a), .scalar(let b)):
            return a.string == b.string && a.style == b.style
        case (.sequence(let a), .sequence(let b)):
            return a.style == b.style && a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (.mapping(let a), .mapping(let b)):
            return a.style == b.style && a.count == b.count && zip(a, b).allSatisfy { same($0.key, $1.key) && same($0.value, $1.value) }
        default:
            return false
        }
    }

    /// Names looked up in every mapping besides its own keys: words the default resolver
    /// reads as other than text, and names that differ from keys only in case.
    static let probeNames = ["on", "yes", "no", "true", "null", "~", "1", "0x1", "1.5", "2026-01-20", "<<", "=", "Id", "ID", "id", "kind", ""]

    /// Whether Yams's look-up by name (which resolves the name with the mapping's
    /// resolver) finds the same nodes in both trees, in every mapping.
    static func sameLookups(_ left: Node?, _ right: Node?) -> Bool {
        switch (left, right) {
        case (.mapping(let a), .mapping(let b)):
            let names = Set(a.keys.compactMap(\.string) + b.keys.compactMap(\.string) + probeNames)
            return names.allSatisfy { same(a[$0], b[$0]) }
                && zip(a, b).allSatisfy { sameLookups($0.value, $1.value) }
        case (.sequence(let a), .sequence(let b)):
            return zip(a, b).allSatisfy { sameLookups($0, $1) }
        default:
            return true
        }
    }

    /// Composes `text` both ways and requires the same tree (and the same look-ups by
    /// name) or the same error.
    static func expectSameAsReference(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let reference = Result { () throws(SyntaxError) in try YAMLNodeComposer.composeThroughDefaultResolver(text) }
        let composed = Result { () throws(SyntaxError) in try YAMLNodeComposer.compose(text) }
        switch (composed, reference) {
        case (.success(let tree), .success(let expected)):
            #expect(same(tree, expected), "\(text.prefix(200).debugDescription)", sourceLocation: sourceLocation)
            #expect(sameLookups(tree, expected), "look-ups in \(text.prefix(200).debugDescription)", sourceLocation: sourceLocation)
        case (.failure(let error), .failure(let expected)):
            #expect(error.message == expected.message && error.position == expected.position, sourceLocation: sourceLocation)
        default:
            Issue.record("one route failed and the other did not: \(composed) against \(reference)", sourceLocation: sourceLocation)
        }
    }

    @Test("Every YAML file of the repository gives the reference tree, most by the fast route")
    func repositoryFiles() {
        let files = Self.repositoryYAMLFiles
        #expect(files.count > 20)
        var fast = 0
        for file in files {
            // A fixture that is not UTF-8 is refused before it is composed.
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            Self.expectSameAsReference(text)
            if case .composed = try? YAMLNodeComposer.composeTaggingPlainScalars(text) { fast += 1 }
        }
        // The rest: malformed cases, and mappings whose code tables have numeric keys.
        #expect(fast * 4 >= files.count * 3, "\(fast) of \(files.count) by the fast route")
    }

    @Test("The shipped protocols take the fast route")
    func shippedProtocolsFast() throws {
        let folder = TestSupport.packageRoot.appendingPathComponent("Protocols")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            guard case .composed(let tree) = try YAMLNodeComposer.composeTaggingPlainScalars(text) else {
                Issue.record("\(name) took the reference route")
                continue
            }
            #expect(tree != nil)
        }
    }

    @Test("Documents made to tell the routes apart give the reference tree or error", arguments: [
        "", "# only a comment\n", "---\n", "--- 1\n", "a: 1\n---\nb: 2\n", "~\n", "[1, 2.5, true, null, 2026-01-20, 0x1F, 1:30, '1', \"on\"]\n",
        // Keys of one text that only tags tell apart, or that repeat.
        "1: int\n'1': str\n", "on: bool\n'on': str\n", "nested: {on: true}\n", "a: {'on': x, \"1\": y}\n", "Id: 1\nid: 2\n", "a: 1\na: 2\n", "!!int 1: a\n1: b\n", "!!str 1: a\n'1': b\n",
        // Explicit tags and the non-specific tag.
        "a: !!str 12\nb: ! 12\nc: !custom x\n", "!!map {a: 1}\n", "- !!seq [1]\n", "%TAG ! tag:example.com,2000:\n---\na: !x 1\n",
        // Anchors, aliases, merges.
        "base: &b {x: 1}\nuse: *b\n", "a: &x 1\nb: *x\n", "<<: {a: 1}\nb: 2\n", "=: value\n", "a: *missing\n",
        // Keys that are not scalars; block and quoted styles; long mappings.
        "? [a, b]\n: 1\n", "? {a: 1}\n: 2\n", "a: |\n  text\nb: >\n  folded\nc: 'single'\nd: \"double\"\n",
        (0..<40).map { "k\($0): \($0)\n" }.joined(), (0..<40).map { "k\($0 % 39): \($0)\n" }.joined(),
        // Syntax errors.
        "a: [1, 2\n", "a: 1\n b: 2\n", "\"unterminated\n", "a:\n\t- 1\n", "key: value: other\n",
    ])
    func hostileDocuments(text: String) {
        Self.expectSameAsReference(text)
    }

    @Test("An alias bomb is refused by both routes at the same place")
    func aliasBomb() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        Self.expectSameAsReference(text)
        #expect(throws: SyntaxError.self) { try YAMLNodeComposer.compose(text) }
    }

    @Test("A mapping file that is an alias bomb is refused with its location")
    func mappingAliasBomb() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let error = try #require(throws: MappingError.self) { try ExportMapping.load(yaml: text, path: "bomb.yaml") }
        #expect("\(error)".contains("bomb.yaml:"))
        #expect("\(error)".contains("alias"))
    }
}
