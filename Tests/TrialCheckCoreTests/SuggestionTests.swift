import Testing
import TrialCheckCore

@Suite("Did-you-mean suggestions: only when close and meaningful")
struct SuggestionTests {
    static let checkKeys = ["id", "kind", "criterion", "severity", "category", "report", "test", "tests", "min", "max"]

    @Test("One- and two-letter names get no suggestion from unrelated candidates", arguments: ["t", "or", "x", "mx"])
    func shortNames(_ name: String) {
        #expect(Suggestion.closest(to: name, among: Self.checkKeys) == nil)
        #expect(Suggestion.hint(for: name, among: Self.checkKeys).hasPrefix(" (expected one of:"))
    }

    @Test("A short name gets the candidate that differs only in case, or that adds one letter", arguments: [
        ("b", ["A", "B"], "B"), ("al", ["all", "any"], "all"), ("ID", ["id", "kind"], "id"),
    ])
    func shortButMeaningful(_ name: String, _ candidates: [String], _ expected: String) {
        #expect(Suggestion.closest(to: name, among: candidates) == expected)
    }

    @Test("Typos get the intended name; a swap of neighbours is one edit", arguments: [
        ("mni", "min"), ("maxx", "max"), ("age-rnage", "age-range"), ("sponser", "sponsor"), ("crt-complete", "crt-completion"),
    ])
    func typos(_ name: String, _ expected: String) {
        #expect(Suggestion.closest(to: name, among: Self.checkKeys + ["age-range", "sponsor", "crt-completion", "radiotherapy-start"]) == expected)
    }

    @Test("A name that shares only a prefix with a candidate gets none")
    func farNames() {
        #expect(Suggestion.closest(to: "radiotherapy-end", among: ["radiotherapy-start", "crt-completion", "enrollment"]) == nil)
        #expect(Suggestion.distance("ab", "ba") == 1)
        #expect(Suggestion.distance("kitten", "sitting") == 3)
    }

    @Test("registration is enrollment; radiotherapy-end points to crt-completion")
    func anchorNames() throws {
        #expect(TimelineAnchor.synonyms["registration"] == .enrollment)
        #expect(TimelineAnchor.crtCompletion.definition.contains("last fraction"))
    }
}
