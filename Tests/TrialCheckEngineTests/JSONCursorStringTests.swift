import Testing
@testable import TrialCheckEngine

/// The cursor reads a string's content eight bytes at a time: whatever byte ends the plain
/// run (a quote, a backslash, a control character, a byte that is not ASCII), at whatever
/// offset, it reads the string as a byte-by-byte reading would.
@Suite("JSON cursor strings read eight bytes at a time")
struct JSONCursorStringTests {
    /// Bytes that end a plain run, each placed at every offset.
    static let specials: [[UInt8]] = [
        [0x5C, 0x22], [0x5C, 0x6E], [0x00], [0x01], [0x1F], [0x7F], Array("é".utf8), Array("€".utf8), [0xFF], [0xC3],
    ]

    /// Whether a byte-by-byte reading takes `content` as a string's content.
    static func readable(_ content: [UInt8], asciiOnly: Bool) -> Bool {
        guard !content.contains(where: { $0 == 0x5C || $0 < 0x20 }) else { return false }
        return asciiOnly ? content.allSatisfy { $0 < 0x80 } : String(validating: content, as: UTF8.self) != nil
    }

    /// Reads `"content"` followed by `,1` and checks the range and where the cursor stops.
    static func expectRead(_ content: [UInt8], asciiOnly: Bool) {
        let text = [0x22] + content + [0x22, 0x2C, 0x31]
        text.withUnsafeBufferPointer { bytes in
            var cursor = JSONCursor(bytes)
            let range = cursor.stringRange(asciiOnly: asciiOnly)
            if readable(content, asciiOnly: asciiOnly) {
                #expect(range == 1..<content.count + 1, "\(content)")
                #expect(cursor.index == content.count + 2, "\(content)")
            } else {
                #expect(range == nil, "\(content)")
            }
        }
    }

    @Test("Plain strings of every length up to three words")
    func plain() {
        for length in 0..<26 {
            let content = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            Self.expectRead(content, asciiOnly: true)
            Self.expectRead(content, asciiOnly: false)
        }
    }

    @Test("A byte that ends the plain run, at every offset of the first words")
    func specialAtEveryOffset() {
        for special in Self.specials {
            for offset in 0..<18 {
                for tail in [0, 1, 7, 9] {
                    let content = [UInt8](repeating: UInt8(ascii: "x"), count: offset) + special
                        + [UInt8](repeating: UInt8(ascii: "y"), count: tail)
                    Self.expectRead(content, asciiOnly: true)
                    Self.expectRead(content, asciiOnly: false)
                }
            }
        }
    }

    @Test("An unterminated string is not read, wherever the text ends")
    func unterminated() {
        for length in 0..<20 {
            let text = [0x22] + [UInt8](repeating: UInt8(ascii: "z"), count: length)
            text.withUnsafeBufferPointer { bytes in
                var cursor = JSONCursor(bytes)
                #expect(cursor.stringRange(asciiOnly: false) == nil)
            }
        }
    }

    @Test("Skipping a value accepts what the parser accepts, among nested lists and objects", arguments: [
        (#"{"a":[1,{"b":"c"},[]],"d":{}}"#, true),
        (#"{"a":[1,{"b":"c"},[]],"d":{},}"#, false),
        (#"[1,2,]"#, false),
        (#"{"a" : [ true , false , null ] , "b" : -0.5e3 }"#, true),
        (#"{"a":1 "b":2}"#, false),
        (#"{1:2}"#, false),
        (#"[{"a":"é"}]"#, true),
        (#"[{"é":1}]"#, false),
    ])
    func skipValue(text: String, skips: Bool) {
        Array(text.utf8).withUnsafeBufferPointer { bytes in
            var cursor = JSONCursor(bytes)
            let skipped = cursor.skipValue(depth: 1) && cursor.isAtEnd
            #expect(skipped == skips, "\(text)")
            if skipped { #expect((try? JSONSyntaxParser.parse(Array(text.utf8))) != nil) }
        }
    }
}
