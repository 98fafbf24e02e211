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
