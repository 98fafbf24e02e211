import Foundation
import TrialCheckCore

/// Rewrites every occurrence of a raw patient id in free text with its pseudonym, so that
/// nothing a pseudonymized report writes (messages, evidence, rejection reasons, notes,
/// coverage, diagnostics) still names a patient.
///
/// An id is replaced only where it stands as a whole token: the characters either side of
/// it are not id characters (letters, digits, `-`, `_`, `.`), so `P1` does not rewrite
/// `P10`; a trailing full stop (the end of a sentence) is not part of a token. Longer ids
/// win over shorter ones at the same place. Ids made of id characters alone are found by a
/// dictionary look-up per token; others (holding spaces, slashes, ...) by a scan, longest
/// first.
struct IDScrubber: Sendable {
    /// Pseudonyms by raw id, for ids made of id characters alone.
    private let tokens: [String: String]
    /// Ids holding other characters, longest first, with their pseudonyms.
    private let phrases: [(id: String, pseudonym: String)]

    /// A scrubber for `ids`, each replaced with `pseudonym(id)`. Empty ids are ignored.
    init(ids: Set<String>, pseudonym: (String) -> String) {
        var tokens: [String: String] = [:]
        var phrases: [(id: String, pseudonym: String)] = []
        for id in ids where !id.isEmpty {
            if id.unicodeScalars.allSatisfy(Self.isIDCharacter), id.last != "." {
                tokens[id] = pseudonym(id)
            } else {
                phrases.append((id, pseudonym(id)))
            }
        }
        self.tokens = tokens
        self.phrases = phrases.sorted { ($0.id.count, $0.id) > ($1.id.count, $1.id) }
    }

    /// Whether a character can be part of an id token.
    static func isIDCharacter(_ scalar: Unicode.Scalar) -> Bool {
        CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_" || scalar == "."
    }

    /// The ids a piece of text names in FHIR reference form: the id after `Patient/` (and
    /// the reference itself), and the UUID after `urn:uuid:`. Readers write these into
    /// rejection reasons and notes.
    static func referencedIDs(in text: String) -> [String] {
        var found: [String] = []
        for marker in ["Patient/", "urn:uuid:"] {
            var searchRange = text.startIndex..<text.endIndex
            while let range = text.range(of: marker, options: [], range: searchRange) {
                var end = range.upperBound
                while end < text.endIndex, let scalar = text[end].unicodeScalars.first,
                      text[end].unicodeScalars.count == 1, isIDCharacter(scalar) {
                    end = text.index(after: end)
                }
                var id = text[range.upperBound..<end]
                while id.hasSuffix(".") { id = id.dropLast() }
                if !id.isEmpty { found.append(String(id)) }
                searchRange = end..<text.endIndex
            }
        }
        return found
    }

    /// `text` with every raw id replaced by its pseudonym.
    func scrub(_ text: String) -> String {
        guard !tokens.isEmpty || !phrases.isEmpty, !text.isEmpty else { return text }
        var text = text
        if !phrases.isEmpty { text = scrubPhrases(text) }
        guard !tokens.isEmpty else { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var token = String.UnicodeScalarView()
        func flush() {
            guard !token.isEmpty else { return }
            var word = String(token)
            var dots = ""
            while word.hasSuffix(".") {
                word.removeLast()
                dots += "."
            }
            if let pseudonym = tokens[word] {
                result += pseudonym + dots
            } else {
                result.unicodeScalars.append(contentsOf: token)
            }
            token.removeAll()
        }
        for scalar in text.unicodeScalars {
            if Self.isIDCharacter(scalar) {
                token.append(scalar)
            } else {
                flush()
                result.unicodeScalars.append(scalar)
            }
        }
        flush()
        return result
    }

    /// `text` with ids that are not single tokens replaced, longest first, where they
    /// stand at token boundaries.
    private func scrubPhrases(_ text: String) -> String {
        var text = text
        for (id, pseudonym) in phrases {
            var searchStart = text.startIndex
            while searchStart < text.endIndex, let range = text.range(of: id, range: searchStart..<text.endIndex) {
                if Self.atBoundary(text, range) {
                    text.replaceSubrange(range, with: pseudonym)
                    searchStart = text.index(range.lowerBound, offsetBy: pseudonym.count, limitedBy: text.endIndex) ?? text.endIndex
                } else {
                    searchStart = text.index(after: range.lowerBound)
                }
            }
        }
        return text
    }

    /// Whether `range` of `text` is not glued to id characters on either side.
    private static func atBoundary(_ text: String, _ range: Range<String.Index>) -> Bool {
        func isID(_ character: Character) -> Bool {
            character.unicodeScalars.count == 1 && character.unicodeScalars.first.map(isIDCharacter) == true
        }
        let first = text[range].first, last = text[range].last
        if range.lowerBound > text.startIndex, let first, isID(first), isID(text[text.index(before: range.lowerBound)]) {
            return false
        }
        if range.upperBound < text.endIndex, let last, isID(last) {
            let next = text[range.upperBound]
            if next == "." {
                let after = text.index(after: range.upperBound)
                return after == text.endIndex || !isID(text[after])
            }
            if isID(next) { return false }
        }
        return true
    }

    /// Evidence with its value scrubbed.
    func scrub(_ evidence: Evidence) -> Evidence {
        Evidence(evidence.name, scrub(evidence.value), at: evidence.location)
    }
}
