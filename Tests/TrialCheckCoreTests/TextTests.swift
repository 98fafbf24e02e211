import Testing
import TrialCheckCore

@Suite("First letters")
struct TextTests {
    static let samples = [
        "", "a", "A", "ab", "aB", "Ab", "AB", "ALT 43 U/L", "platelets 68", "1 cycle", " leading", "-x", "\r\nline", "\rx",
        "e\u{301}tude", "E\u{301}tude", "été", "Été", "ßx", "ǆx", "İx", "ﬁx", "a\u{301}", "z", "Z", "{", "@",
    ]

    @Test("Changing the first letter's case matches the character-wise expressions", arguments: samples)
    func matchesCharacterWise(_ text: String) {
        #expect(Array(text.capitalizingFirstLetter.utf8) == Array((text.prefix(1).uppercased() + text.dropFirst()).utf8))
        #expect(Array(text.lowercasingFirstLetter.utf8) == Array((text.prefix(1).lowercased() + text.dropFirst()).utf8))
        let slice = text[...]
        #expect(Array(slice.capitalizingFirstLetter.utf8) == Array((slice.prefix(1).uppercased() + slice.dropFirst()).utf8))
        #expect(Array(slice.lowercasingFirstLetter.utf8) == Array((slice.prefix(1).lowercased() + slice.dropFirst()).utf8))
    }

    @Test("Sentences start and continue")
    func sentences() {
        #expect("induction chemotherapy totals 2 cycles".capitalizingFirstLetter == "Induction chemotherapy totals 2 cycles")
        #expect("Platelets 68 10^9/L".lowercasingFirstLetter == "platelets 68 10^9/L")
        #expect("ALT".lowercasingFirstLetter == "aLT")
    }
}
