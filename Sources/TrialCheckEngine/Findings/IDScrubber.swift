import Foundation
import TrialCheckCore

/// Rewrites every occurrence of a raw patient id in free text with its pseudonym, so that
/// nothing a pseudonymized report writes (messages, evidence, rejection reasons, notes,
/// coverage, diagnostics) still names a patient.
///
/// An id is replaced where it stands as a whole token: the characters either side of it
/// are not id characters (letters, digits, `-`, `_`, `.`), so `P1` does not rewrite `P10`;
/// a trailing full stop (the end of a sentence) is not part of a token. An id of at least
/// ``minimumEmbeddedLength`` characters is also replaced inside a longer token
/// (`MRN-4711x`, `MRN-4711-S1`, `xx_MRN-4711`) where it does not continue a number or a
/// word across its edge (`MRN-47110` is another number, kept); shorter ids would rewrite
/// ordinary numbers and words. Longer ids win over shorter ones at the same place. Ids made of id characters
/// alone are found by a dictionary look-up per token (and per piece of a token, for
/// embedded ids); others (holding spaces, slashes, ...) by a scan, longest first.
struct IDScrubber: Sendable {
    /// The shortest id replaced inside a longer token.
    static let minimumEmbeddedLength = 4

    /// Pseudonyms by raw id, for ids made of id characters alone.
    private let tokens: [String: String]
    /// The length in scalars of the longest id in ``tokens`` that is replaced inside tokens.
    private let longestEmbedded: Int
    /// The first ``minimumEmbeddedLength`` scalars of each such id, packed (``prefixKey``),
    /// so a place where no id starts is passed over with one look-up.
    private let embeddedPrefixes: Set<UInt64>
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
        let embedded = tokens.keys.map { Array($0.unicodeScalars) }.filter { $0.count >= Self.minimumEmbeddedLength }
        longestEmbedded = embedded.map(\.count).max() ?? 0
        embeddedPrefixes = Set(embedded.map { Self.prefixKey($0, at: 0) })
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
            } else if longestEmbedded > 0, token.count > Self.minimumEmbeddedLength {
                result += scrubEmbedded(Array(token))
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

    /// A token that is no id with the ids of at least ``minimumEmbeddedLength`` scalars
    /// inside it replaced, scanning left to right and taking the longest id at each place.
    private func scrubEmbedded(_ token: [Unicode.Scalar]) -> String {
        var result = String.UnicodeScalarView()
        var start = 0
        scanning: while start < token.count {
            let longest = min(longestEmbedded, token.count - start)
            if longest >= Self.minimumEmbeddedLength, embeddedPrefixes.contains(Self.prefixKey(token, at: start)) {
                for length in stride(from: longest, through: Self.minimumEmbeddedLength, by: -1) {
                    var candidate = String.UnicodeScalarView()
                    candidate.append(contentsOf: token[start..<(start + length)])
                    if let pseudonym = tokens[String(candidate)],
                       !Self.continues(token[start], before: start > 0 ? token[start - 1] : nil),
                       !Self.continues(token[start + length - 1], before: start + length < token.count ? token[start + length] : nil) {
                        result.append(contentsOf: pseudonym.unicodeScalars)
                        start += length
                        continue scanning
                    }
                }
            }
            result.append(token[start])
            start += 1
        }
        return String(result)
    }

    /// Whether `neighbour` (beside an id's edge scalar `edge`) continues the same number or
    /// word: both digits, or both letters.
    private static func continues(_ edge: Unicode.Scalar, before neighbour: Unicode.Scalar?) -> Bool {
        guard let neighbour else { return false }
        let isDigit = { (scalar: Unicode.Scalar) in scalar.properties.numericType == .decimal }
        if isDigit(edge) && isDigit(neighbour) { return true }
        return edge.properties.isAlphabetic && neighbour.properties.isAlphabetic
    }

    /// The ``minimumEmbeddedLength`` scalars of `scalars` from `start`, packed 16 bits each
    /// (a collision only costs a closer look).
    private static func prefixKey(_ scalars: [Unicode.Scalar], at start: Int) -> UInt64 {
        scalars[start..<(start + minimumEmbeddedLength)].reduce(UInt64(0)) { $0 << 16 | UInt64($1.value & 0xFFFF) }
    }

    /// `text` with ids that are not single tokens replaced, longest first, where they
    /// stand at token boundaries (or anywhere, for ids of at least
    /// ``minimumEmbeddedLength`` characters).
    private func scrubPhrases(_ text: String) -> String {
        var text = text
        for (id, pseudonym) in phrases {
            var searchStart = text.startIndex
            while searchStart < text.endIndex, let range = text.range(of: id, range: searchStart..<text.endIndex) {
                if Self.atBoundary(text, range, embedded: id.unicodeScalars.count >= Self.minimumEmbeddedLength) {
                    text.replaceSubrange(range, with: pseudonym)
                    searchStart = text.index(range.lowerBound, offsetBy: pseudonym.count, limitedBy: text.endIndex) ?? text.endIndex
                } else {
                    searchStart = text.index(after: range.lowerBound)
                }
            }
        }
        return text
    }

    /// Whether `range` of `text` is not glued to id characters on either side (or, for an
    /// id replaced inside tokens, does not continue a number or word across either edge).
    private static func atBoundary(_ text: String, _ range: Range<String.Index>, embedded: Bool) -> Bool {
        if embedded {
            let before = text.unicodeScalars[..<range.lowerBound].last
            let after = text.unicodeScalars[range.upperBound...].first
            guard let first = text.unicodeScalars[range].first, let last = text.unicodeScalars[range].last else { return false }
            return !continues(first, before: before) && !continues(last, before: after)
        }
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
