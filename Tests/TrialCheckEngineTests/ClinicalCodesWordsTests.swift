import Testing
@testable import TrialCheckEngine

/// The words of an ASCII text, read by bytes, are the words read by characters.
@Suite("ClinicalCodes: words of a text")
struct ClinicalCodesWordsTests {
    @Test("Texts of therapy categories, stages and grades give the same words both ways", arguments: [
        "", "  ", "Chemotherapy", "INDUCTION CHEMOTHERAPY", "Targeted-Therapy", "neo-adjuvant/induction",
        "Grade 3", "CTCAE v5.0 grade:2", "Stage IIIA (T3N1M0)", "surgical procedure", "a\r\nb", "\tx\ty\n",
        "L01XC", "1st-line", "Immune-related; irAE", "__x__", "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./",
    ])
    func sameWords(text: String) {
        #expect(ClinicalCodes.asciiWords(text) == ClinicalCodes.unicodeWords(text))
        #expect(ClinicalCodes.words(text) == ClinicalCodes.unicodeWords(text))
    }

    @Test("Every ASCII character, alone and between letters, separates or joins as by characters")
    func everyASCIICharacter() {
        for value in UInt8(0)..<0x80 {
            let character = String(decoding: [value], as: UTF8.self)
            for text in [character, "ab" + character + "Cd", character + "9" + character] {
                #expect(ClinicalCodes.asciiWords(text) == ClinicalCodes.unicodeWords(text), "byte \(value)")
            }
        }
    }

    @Test("A text that is not ASCII is read by characters")
    func nonASCII() {
        #expect(ClinicalCodes.asciiWords("Chimiothérapie") == nil)
        #expect(ClinicalCodes.words("Chimiothérapie néoadjuvante") == ["chimiothérapie", "néoadjuvante"])
        #expect(ClinicalCodes.words("Grade ３") == ClinicalCodes.unicodeWords("Grade ３"))
    }
}
