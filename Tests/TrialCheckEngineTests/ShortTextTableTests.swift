import Foundation
import Testing
@testable import TrialCheckEngine

@Suite("ShortTextTable: short texts taken again are the texts made anew, and the scanner's tree is the same")
struct ShortTextTableTests {
    typealias Edits = YAMLDataScannerTests.Edits

    static func describe(_ node: SyntaxNode?) -> String? {
        node.map(YAMLEventReaderTests.describe)
    }

    @Test("A text's words read a word at a time are the words read a byte at a time; its fingerprint is the key's")
    func words() {
        var edits = Edits(state: 3)
        let pieces: [UInt8] = [0x00, 0x01, 0x20, 0x3A, 0x61, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        for _ in 0..<40 {
            let bytes = (0..<40).map { _ in pieces[edits.next(pieces.count)] }
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0..<buffer.count {
                    for length in 0...16 where start + length <= buffer.count {
                        let text = UnsafeBufferPointer(rebasing: buffer[start..<start + length])
                        let words = ShortTextBytes(buffer, from: start, length: length)
                        guard (1...15).contains(length) else {
                            #expect(words == nil)
                            continue
                        }
                        // The same bytes at the end of a buffer of their own: read a byte at a time.
                        let alone = Array(text)
                        let byBytes = alone.withUnsafeBufferPointer { ShortTextBytes($0, from: 0, length: length) }
                        #expect(words != nil && words == byBytes, "\(alone)")
                        #expect(words?.keyFingerprint == KeyFingerprint.of(text), "\(alone)")
                    }
                }
            }
        }
    }

    @Test("Texts met again, with far more texts than slots: each is the text and kind its bytes make")
    func tableAnswers() {
        var edits = Edits(state: 5)
        let words = ["true", "True", "false", "FALSE", "null", "~", "1", "-2.5", "0x1F", "0o17", "1e3", "lab", "10^9/L", "é", "Zoë"]
        let texts = words + (0..<3000).map { "v\($0)" } + (0..<500).map { "2026-01-\($0 % 28 + 1)" } + (0..<300).map { "\($0).5" }
        ShortTextTable.withTable { table in
            for _ in 0..<20_000 {
                let text = texts[edits.next(texts.count)]
                let bytes = Array(text.utf8) + Array(repeating: UInt8(ascii: " "), count: 16)
                bytes.withUnsafeBufferPointer { buffer in
                    let scalar = UnsafeBufferPointer(rebasing: buffer[0..<text.utf8.count])
                    guard let words = ShortTextBytes(buffer, from: 0, length: scalar.count) else {
                        Issue.record("no words for \(text)")
                        return
                    }
                    let found = table.text(of: scalar, words: words)
                    #expect(found.text == text)
                    #expect(found.kind == YAMLSyntaxParser.plainKind(utf8: scalar), "\(text)")
                }
            }
        }
    }

    @Test("The flow scan's bit test stops at exactly its eight bytes")
    func flowPlainStops() {
        let stops = Set(Array("\n#,:[]{}".utf8))
        for value in 0...255 {
            #expect(YAMLDataScanner.isFlowPlainStop(UInt8(value)) == stops.contains(UInt8(value)), "byte \(value)")
        }
    }

    /// A document of many records whose short texts repeat and collide in the table; all
    /// ASCII, or not (columns are then counted in characters).
    static func manyRecords(_ count: Int, accented: Bool) -> String {
        var text = "format: patient-history/1\npatients:\n"
        for index in 0..<count {
            text += "  - id: P-\(index)\n    sex: \(index % 3 == 0 ? "female" : "male")\n    note: v\(index % 1500) x\n    events:\n"
            text += "      - {type: lab, date: 2026-01-\(index % 28 + 10), test: t\(index % 97), value: \(index % 50).\(index % 7), unit: 10^9/L, flag: \(index % 5 == 0), empty: ~}\n"
            text += "      - {type: long-type-name-\(index % 3), k\(index % 41): \(accented ? "Zoë" : "Zoe") \(index % 13), list: [a\(index % 17), 'q\(index % 5)', NULL, 0x1\(index % 9)]}\n"
        }
        return text
    }

    @Test("The scanner's tree with short texts taken again is the tree with every text made anew, and the Yams route's")
    func sameTrees() throws {
        let documents = YAMLDataScannerTests.documents + [Self.manyRecords(1500, accented: false), Self.manyRecords(1500, accented: true)]
        for yaml in documents {
            let reusing = try #require(YAMLDataScanner.read(yaml))
            #expect(Self.describe(reusing) == Self.describe(YAMLDataScanner.read(yaml, reusingTexts: false)))
            #expect(Self.describe(reusing) == Self.describe(try YAMLSyntaxParser.parseThroughYams(yaml)))
        }
    }

    @Test("The example sites and edited documents: the same tree, or the same giving way, either way")
    func sitesAndEdits() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for path in ["Examples/NCT07177794/site-records.yaml", "Examples/EC-CRT-001/site-records.yaml", "Examples/EPOC1802/site-records.yaml"] {
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            let reusing = Self.describe(YAMLDataScanner.read(text))
            #expect(reusing != nil)
            #expect(reusing == Self.describe(YAMLDataScanner.read(text, reusingTexts: false)), "\(path)")
        }
        let seed = Array(Self.manyRecords(3, accented: true).utf8)
        let pieces = Array(" \n:-#,[]{}'\"ab1.~".utf8)
        var edits = Edits(state: 13)
        var read = 0
        for _ in 0..<600 {
            let bytes = edits.edit(seed, pieces: pieces)
            let text = String(decoding: bytes, as: UTF8.self)
            let reusing = Self.describe(YAMLDataScanner.read(text))
            #expect(reusing == Self.describe(YAMLDataScanner.read(text, reusingTexts: false)), "\(text.debugDescription)")
            if reusing != nil { read += 1 }
        }
        #expect(read > 100)
    }
}
