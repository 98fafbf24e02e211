import Yams

extension Node.Mapping {
    /// The value of the key `name`, as `self[name]` finds it (the last pair whose key has the
    /// text and the tag the text resolves to), without resolving `name`'s tag: a name that
    /// a plain scalar writes as text (``resolvesToText(_:)``) is compared with the keys'
    /// text, and a key with that text matches when its tag is `str`. Yams's subscript builds
    /// a node for `name` and runs the resolver's regular expressions on it at every look-up.
    /// A key whose tag is not resolved yet, or any other name, is looked up as Yams does.
    func value(named name: String) -> Node? {
        guard Self.resolvesToText(name) else { return self[name] }
        var index = endIndex
        while index > startIndex {
            index -= 1
            let pair = self[index]
            guard case .scalar(let scalar) = pair.key, scalar.string == name else { continue }
            switch scalar.tag.description {
            case Tag.Name.str.rawValue: return pair.value
            case Tag.Name.implicit.rawValue: return self[name]
            default: continue
            }
        }
        return nil
    }

    /// Whether Yams's default resolver reads `name`, written plain, as text: a lower-case
    /// name of letters, digits, `_` and `-` that is not a Boolean or null word.
    static func resolvesToText(_ name: String) -> Bool {
        guard let first = name.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"),
              name.utf8.allSatisfy({ byte in
                  (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                      || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
              })
        else { return false }
        return !["y", "n", "yes", "no", "true", "false", "on", "off", "null"].contains(name)
    }
}
