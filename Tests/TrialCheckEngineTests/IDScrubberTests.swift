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
        #expect(Self.scrubber.scrub("MRN-12 and MRN-1-x stay") == "MRN-12 and MRN-1-x stay")
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
