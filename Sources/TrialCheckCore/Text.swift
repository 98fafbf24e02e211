extension StringProtocol {
    /// The text with its first letter in upper case, for starting a sentence.
    public var capitalizingFirstLetter: String {
        FirstCharacter.changed(String(self), upper: true) ?? prefix(1).uppercased() + dropFirst()
    }

    /// The text with its first letter in lower case, for continuing a sentence.
    public var lowercasingFirstLetter: String {
        FirstCharacter.changed(String(self), upper: false) ?? prefix(1).lowercased() + dropFirst()
    }
}

/// The case of a text's first character, changed byte-wise where that is exact.
private enum FirstCharacter {
    /// `text` with its first character in upper (or lower) case, when that character is
    /// one ASCII byte (an ASCII byte not followed by a combining one, and not a carriage
    /// return that a line feed could join): case mapping is then a byte's. `nil` otherwise.
    static func changed(_ text: String, upper: Bool) -> String? {
        var utf8 = text.utf8.makeIterator()
        guard let first = utf8.next(), first < 0x80, first != 0x0D, (utf8.next() ?? 0) < 0x80 else { return nil }
        let range: ClosedRange<UInt8> = upper ? UInt8(ascii: "a")...UInt8(ascii: "z") : UInt8(ascii: "A")...UInt8(ascii: "Z")
        guard range.contains(first) else { return text }
        let changed = upper ? first - 32 : first + 32
        return String(Character(Unicode.Scalar(changed))) + text.dropFirst()
    }
}
