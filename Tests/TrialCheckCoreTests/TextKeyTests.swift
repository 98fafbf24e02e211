import Testing
import TrialCheckCore

@Suite("TextKey")
struct TextKeyTests {
    static let samples = [
        "", " ", "  ", "\t", "\r\n", "lab", "Lab", "LAB", "adverse-event", "targeted-therapy", "performance-status",
        " lab", "lab ", " lab ", "\tlab\n", "upper gi bleeding", "upper  gi bleeding", "upper\tgi bleeding",
        "Upper GI Bleeding", " upper GI  bleeding\r", "10^9/L", "hbv dna", "a\u{0B}b", "x\u{0C}", "crohn's disease",
        "Sjögren's syndrome", "sjögren's syndrome", "İstanbul", "STRASSE", "straße", "e\u{301}", "É", "µmol/L",
        "white blood cell count", "WHITE BLOOD CELL COUNT ", "a b c d e f g h i j k l m n o p", "0", "C2", "c2",
    ]

    @Test("Each key equals the expression it names", arguments: samples)
    func matchesTheExpressions(_ text: String) {
        let whitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        #expect(TextKey.lowercased(text) == text.lowercased())
        #expect(Array(TextKey.lowercased(text).utf8) == Array(text.lowercased().utf8))
        #expect(Array(TextKey.trimmedLowercased(text).utf8) == Array(text.trimmingWhitespace().lowercased().utf8))
        #expect(Array(TextKey.collapsedLowercased(text).utf8) == Array(text.lowercased().split(whereSeparator: whitespace).joined(separator: " ").utf8))
    }

    @Test("Random texts, across the word boundaries of the byte-wise test, give the expressions' keys")
    func randomTexts() {
        let whitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let pieces = ["a", "z", "A", "Z", "@", "[", "`", "{", "!", "~", "0", "-", "^", "/", " ", "\t", "\n", "\r", "\u{7F}", "\u{1F}", "é", "µ", "lab", "therapy"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...20, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(Array(TextKey.lowercased(text).utf8) == Array(text.lowercased().utf8), "\(text.debugDescription)")
            #expect(Array(TextKey.trimmedLowercased(text).utf8) == Array(text.trimmingWhitespace().lowercased().utf8), "\(text.debugDescription)")
            #expect(Array(TextKey.collapsedLowercased(text).utf8) == Array(text.lowercased().split(whereSeparator: whitespace).joined(separator: " ").utf8), "\(text.debugDescription)")
        }
    }

    @Test("ASCII text", arguments: samples)
    func ascii(_ text: String) {
        #expect(TextKey.isASCII(text) == text.utf8.allSatisfy { $0 < 0x80 })
        #expect(TextKey.isASCII(String(text[...])) == text.unicodeScalars.allSatisfy(\.isASCII))
    }

    @Test("Folded text comes back as it is")
    func foldedTextIsKept() {
        #expect(TextKey.lowercased("toripalimab") == "toripalimab")
        #expect(TextKey.trimmedLowercased("  JS001 ") == "js001")
        #expect(TextKey.collapsedLowercased(" Upper  GI\tBleeding ") == "upper gi bleeding")
        #expect(TextKey.trimmedLowercased("upper  gi") == "upper  gi")
    }
}

@Suite("trimmingWhitespace")
struct TrimmingWhitespaceTests {
    /// The trimmed text as defined: without the spaces, tabs and line breaks at either end.
    static func expected(_ text: String) -> String {
        let whitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = text.firstIndex(where: { !whitespace($0) }), let end = text.lastIndex(where: { !whitespace($0) }) else { return "" }
        return String(text[start...end])
    }

    @Test("Small, native, bridged-like and sliced texts trim alike, with nothing to trim or something at either end", arguments: [
        "", " ", "\t\r\n", "a", " a", "a ", " a ", "\na\r", "mg/dL", "10^9/L ", " µmol/L", "µmol/L", "e\u{301} ", "\r\n",
        "a text longer than fifteen bytes", " a text longer than fifteen bytes", "a text longer than fifteen bytes\t",
        "  not detected  ", "x\u{0B}", "\u{0B}x", "ünïcödé text of some length ", "\r\nline",
    ])
    func trims(_ text: String) {
        #expect(Array(text.trimmingWhitespace().utf8) == Array(Self.expected(text).utf8))
        let padded = "[" + text + "]"
        let slice = padded.dropFirst().dropLast()
        #expect(Array(slice.trimmingWhitespace().utf8) == Array(Self.expected(text).utf8))
        #expect(Array(String(decoding: Array(text.utf8), as: UTF8.self).trimmingWhitespace().utf8) == Array(Self.expected(text).utf8))
    }
}
