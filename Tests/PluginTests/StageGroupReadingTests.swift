@testable import DiagnosisChecks
import Testing

@Suite("Stage groups read from bytes")
struct StageGroupReadingTests {
    /// Stages as records write them, and texts one step away from a stage.
    static let texts = [
        "0", "I", "IA", "IB", "IC", "II", "IIA", "IIB", "IIC", "III", "IIIA", "IIIB", "IIIC", "IV", "IVA", "IVB", "IVC",
        "1", "2", "3", "4", "1A", "3b", "4C", "Stage IIIA", "stage iv b", "STAGE 3 A", "stageiii", "Stage  I I I", " iii a ",
        "0A", "0a", "V", "IIII", "IIIAA", "IIID", "IVD", "5", "10", "A", "", "stage", "stage ", "stage a", "stagestage iii",
        "iiia b", "I V", "IX", "ii-a", "3.", "Stage III\tB", "iiiab", "a iii", "III A B C", "i\u{0}", "iii\u{0}",
    ]

    /// Texts that are not ASCII: the byte reading leaves them to the characters.
    static let others = ["IIIá", "Ⅲ", "stage Ⅳ", "iii\u{301}", "IIIa\u{301}", "é", "stage ＩＩＩ"]

    @Test("An ASCII stage is read from its bytes as its characters read it")
    func bytesAgreeWithCharacters() {
        for text in Self.texts {
            let key = Term.key(text)
            let bytes = StageGroup.asciiParts(of: key)
            let characters = StageGroup.parts(of: key)
            #expect(bytes != nil, "\(text.debugDescription)")
            #expect(bytes??.group == characters?.group, "\(text.debugDescription)")
            #expect(bytes??.subgroup == characters?.subgroup, "\(text.debugDescription)")
            #expect((bytes ?? nil == nil) == (characters == nil), "\(text.debugDescription)")
        }
    }

    @Test("A stage that is not ASCII is read by its characters")
    func othersByCharacters() {
        for text in Self.others {
            let key = Term.key(text)
            #expect(StageGroup.asciiParts(of: key) == nil, "\(text.debugDescription)")
            let stage = StageGroup(parsing: text)
            #expect(stage?.group == StageGroup.parts(of: key)?.group)
            #expect(stage?.subgroup == StageGroup.parts(of: key)?.subgroup)
        }
    }

    @Test("A site's key maps spaces and underscores to hyphens, by bytes or by characters")
    func siteKeys() {
        for text in ["Supraclavicular lymph node", "supraclavicular_lymph_node", " Lung_Left  upper ", "liver", "", "_ _", "pleura\r\nright", "Ganglion lymphatique sus-claviculaire é", "a\u{301} b_c"] {
            #expect(Term.siteKey(text) == String(Term.key(text).map { $0 == " " || $0 == "_" ? "-" : $0 }), "\(text.debugDescription)")
        }
    }
}
