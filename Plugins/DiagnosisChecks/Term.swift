import TrialCheckCore

/// How terms from records and parameters are compared: as every kind compares them
/// (``TermMatcher/normalized(_:)``).
enum Term {
    /// The comparison key of a term (`"  Squamous  Cell carcinoma "` -> `squamous cell carcinoma`).
    static func key(_ text: String) -> String {
        TermMatcher.normalized(text)
    }

    /// The comparison key of an anatomical site: as ``key(_:)``, with spaces and
    /// underscores read as hyphens (`Supraclavicular lymph node` -> `supraclavicular-lymph-node`).
    static func siteKey(_ text: String) -> String {
        let key = key(text)
        // ASCII is mapped byte by byte (characters cost ten times the bytes); in ASCII
        // every byte is a character, so the two mappings agree.
        if TextKey.isASCII(key) {
            return String(decoding: key.utf8.map { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
        }
        return String(key.map { $0 == " " || $0 == "_" ? "-" : $0 })
    }

    /// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`: terms quoted for a sentence.
    static func quotedList(_ terms: [String]) -> String {
        TermMatcher.quotedList(terms)
    }
}
