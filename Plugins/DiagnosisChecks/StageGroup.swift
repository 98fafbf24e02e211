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
        var key = Term.key(text)
        if key.hasPrefix("stage") { key.removeFirst("stage".count) }
        var characters = Array(key.filter { $0 != " " })
        var subgroup: Character?
        if let last = characters.last, "abc".contains(last) {
            subgroup = Character(last.uppercased())
            characters.removeLast()
        }
        guard let group = Self.groups[String(characters)], group > 0 || subgroup == nil else { return nil }
        self.group = group
        self.subgroup = subgroup
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
