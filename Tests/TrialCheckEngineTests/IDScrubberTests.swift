import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Raw ids replaced in free text: whole tokens only, longest first, in reference forms.
@Suite("ID scrubber")
struct IDScrubberTests {
    static let scrubber = IDScrubber(ids: ["P1", "P10", "MRN-1", "a b", "Patient/X-2"]) { "<\($0)>" }

    @Test("An id is replaced only as a whole token: P1 does not rewrite P10")
    func tokens() {
        #expect(Self.scrubber.scrub("P1 and P10, not P100 or xP1") == "<P1> and <P10>, not P100 or xP1")
        #expect(Self.scrubber.scrub("a second copy of Patient/MRN-1.") == "a second copy of Patient/<MRN-1>.")
        #expect(Self.scrubber.scrub("MRN-12 stays, MRN-1-x does not") == "MRN-12 stays, <MRN-1>-x does not")
    }

    @Test("An id of four or more characters inside a longer token is replaced, unless it continues a number or word")
    func embedded() {
        let scrubber = IDScrubber(ids: ["MRN-4711", "AB12", "Patient/Q 9"]) { "<\($0)>" }
        #expect(scrubber.scrub("MRN-4711x and MRN-4711-S1") == "<MRN-4711>x and <MRN-4711>-S1")
        #expect(scrubber.scrub("ref:Patient/MRN-4711_copy, xx_MRN-4711") == "ref:Patient/<MRN-4711>_copy, xx_<MRN-4711>")
        #expect(scrubber.scrub("MRN-47110 and XMRN-4711 are others") == "MRN-47110 and XMRN-4711 are others")
        #expect(scrubber.scrub("AB12-a, AB123, xAB12") == "<AB12>-a, AB123, xAB12")
        #expect(scrubber.scrub("see Patient/Q 9x and Patient/Q 91") == "see <Patient/Q 9>x and Patient/Q 91")
    }

    @Test("Ids holding other characters are replaced at token boundaries, longest first")
    func phrases() {
        #expect(Self.scrubber.scrub("'a b' but not 'ja bx'") == "'<a b>' but not 'ja bx'")
        #expect(Self.scrubber.scrub("refers to Patient/X-2, missing") == "refers to <Patient/X-2>, missing")
    }

    @Test("Ids named by FHIR references are found in text")
    func references() {
        let found = IDScrubber.referencedIDs(in: "refer to Patient/MRN-4711. and urn:uuid:7f3c-01 too")
        #expect(found == ["MRN-4711", "7f3c-01"])
    }

    @Test("Year generalization keeps only a birth date's year")
    func year() {
        #expect(DateGeneralization.year.generalize(Evidence("birth date", "1957-03-14")).value == "1957")
        #expect(DateGeneralization.year.generalize(Evidence("enrollment date", "2026-01-20")).value == "2026-01-20")
    }
}
