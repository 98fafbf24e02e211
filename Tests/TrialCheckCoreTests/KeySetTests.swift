import Testing
import TrialCheckCore

@Suite("Key sets")
struct KeySetTests {
    /// Keys of every length around the eight bytes compared as one word, sharing prefixes.
    static let keys = ["", "a", "dose", "unit", "intent", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghij", "abcdefgh_x", "abcdefgh_y",
                       "primary_site", "primary_sites", "fractions", "é", "clé", "患者"]

    /// Keys the set does not hold, each one byte or one length away from a key it holds.
    static let strangers = ["b", "dosE", "dos", "doses", "abcdefgx", "abcdefghh", "abcdefgh_z", "abcdefgi_x", "primary_sitf", "primary_sit",
                            "e", "cle", "患", "\u{0}", "abcdefgh\u{0}", "abcdefghi\u{0}"]

    @Test("A key given as bytes is found exactly when the set holds it as text")
    func bytesAgreeWithText() {
        let set = KeySet(Self.keys)
        for key in Self.keys + Self.strangers {
            let found = Array(key.utf8).withUnsafeBufferPointer { set.contains(utf8: $0) }
            #expect(found == set.contains(key), "\(key.debugDescription)")
            #expect(found == Self.keys.contains(key), "\(key.debugDescription)")
        }
    }

    @Test("A key given as text is found as strings compare, canonical equivalents included", arguments: [
        ["dose", "unit", "Kelvin", "x;y"],
        ["dose", "unit", "Kelvin", "x;y", "clé"],
        ["dose", "\u{212A}elvin", "x\u{037E}y"],
    ])
    func textComparesAsStrings(keys: [String]) {
        let set = KeySet(keys)
        // The Kelvin sign is canonically `K`, the Greek question mark `;`, `é` is `e` and a
        // combining accent: equal as strings, different as bytes.
        let asked = ["dose", "unit", "Kelvin", "\u{212A}elvin", "x;y", "x\u{037E}y", "clé", "cle\u{301}", "cle", "kelvin", "", "dos"]
        for key in asked + Self.keys + Self.strangers {
            #expect(set.contains(key) == keys.contains(key), "\(key.debugDescription) in \(keys)")
        }
    }

    @Test("An empty set holds nothing, the empty key included")
    func emptySet() {
        let set = KeySet([String]())
        let found = [UInt8]().withUnsafeBufferPointer { set.contains(utf8: $0) }
        #expect(!found)
        #expect(!set.contains(""))
    }
}
