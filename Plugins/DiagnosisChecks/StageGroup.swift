import TrialCheckCore

/// An AJCC stage group (`0`, `I`, `IIIA`, `IVB`, ...) on the ordered scale
/// 0 < I < IA < IB < IC < II < IIA < ... < IV < IVA < IVB < IVC.
///
/// A bare group stands for any of its subgroups: `III` is IIIA, IIIB or IIIC (or a group
/// the cancer does not subdivide), so it is placed as the range ``positions`` of its
/// subgroups and compared with interval arithmetic, like a partial date.
struct StageGroup: Sendable, Hashable, CustomStringConvertible {
    /// The group, 0 to 4.
    let group: Int
    /// The subgroup letter (`A`, `B`, `C`), if given.
    let subgroup: Character?

    /// Parses a stage as records and protocols write it: case-insensitive, with an optional
    /// leading `stage`, Roman or Arabic group numbers and an optional subgroup letter
    /// (`IIIA`, `Stage iiia`, `3A`, `stage IV B`). Returns `nil` for anything else.
    init?(parsing text: String) {
        let key = Term.key(text)
        guard let parts = Self.asciiParts(of: key) ?? Self.parts(of: key) else { return nil }
        group = parts.group
        subgroup = parts.subgroup
    }

    /// The group and subgroup of `key` (a folded text, ``Term/key(_:)``), read character by
    /// character; `nil` for a key that is no stage.
    static func parts(of key: String) -> (group: Int, subgroup: Character?)? {
        var key = key
        if key.hasPrefix("stage") { key.removeFirst("stage".count) }
        var characters = Array(key.filter { $0 != " " })
        var subgroup: Character?
        if let last = characters.last, "abc".contains(last) {
            subgroup = Character(last.uppercased())
            characters.removeLast()
        }
        guard let group = Self.groups[String(characters)], group > 0 || subgroup == nil else { return nil }
        return (group, subgroup)
    }

    /// The group and subgroup of an ASCII `key` (a folded text, ``Term/key(_:)``), read from
    /// its bytes as the general reading reads its characters (one stage for every record
    /// with a diagnosis: the characters cost ten times the bytes); `nil` for a key that is
    /// not ASCII, `.some(nil)` for one that is no stage.
    static func asciiParts(of key: String) -> (group: Int, subgroup: Character?)?? {
        var utf8 = Substring(key).utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        if utf8.starts(with: "stage".utf8) { utf8 = utf8.dropFirst(5) }
        // The bytes other than spaces, the first in the low byte: `iii` and a subgroup at most.
        var word: UInt32 = 0
        var count = 0
        for byte in utf8 where byte != UInt8(ascii: " ") {
            guard count < 4 else { return .some(nil) }
            word |= UInt32(byte) << (8 * count)
            count += 1
        }
        var subgroup: Character?
        if count > 0 {
            let last = UInt8(truncatingIfNeeded: word >> (8 * (count - 1)))
            if last >= UInt8(ascii: "a") && last <= UInt8(ascii: "c") {
                subgroup = Character(Unicode.Scalar(last - 0x20))
                count -= 1
                word &= (1 << (8 * count)) - 1
            }
        }
        let group: Int
        switch (count, word) {
        case (1, 0x30): group = 0
        case (1, 0x69), (1, 0x31): group = 1
        case (2, 0x6969), (1, 0x32): group = 2
        case (3, 0x69_6969), (1, 0x33): group = 3
        case (2, 0x7669), (1, 0x34): group = 4
        default: return .some(nil)
        }
        guard group > 0 || subgroup == nil else { return .some(nil) }
        return (group, subgroup)
    }

    /// The group numbers, as written in lower case.
    private static let groups = ["0": 0, "i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4]

    /// Every position on the scale the stage could be: one subgroup, or all of a bare group's.
    var positions: ClosedRange<Int> {
        guard group > 0 else { return 0...0 }
        let base = group * 4
        guard let subgroup, let offset = Array("ABC").firstIndex(of: subgroup) else { return (base + 1)...(base + 3) }
        return (base + 1 + offset)...(base + 1 + offset)
    }

    /// The canonical spelling: `0`, `IIIA`, `IV`.
    var description: String {
        let numerals = ["0", "I", "II", "III", "IV"]
        return numerals[group] + (subgroup.map(String.init) ?? "")
    }
}
