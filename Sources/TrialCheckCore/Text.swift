extension StringProtocol {
    /// The text with its first letter in upper case, for starting a sentence.
    public var capitalizingFirstLetter: String {
        withFirstASCIICharacter { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 }
            ?? prefix(1).uppercased() + dropFirst()
    }

    /// The text with its first letter in lower case, for continuing a sentence.
    public var lowercasingFirstLetter: String {
        withFirstASCIICharacter { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
            ?? prefix(1).lowercased() + dropFirst()
    }

    /// The text with its first character changed by `change`, when that character is one
    /// ASCII byte (an ASCII byte not followed by a combining one, and not a carriage return
    /// that a line feed could join): case mapping is then a byte's. `nil` otherwise.
    private func withFirstASCIICharacter(_ change: (UInt8) -> UInt8) -> String? {
        let start = utf8.prefix(2)
        guard let first = start.first, first < 0x80, first != 0x0D, start.allSatisfy({ $0 < 0x80 }) else { return nil }
        let changed = change(first)
        guard changed != first else { return String(self) }
        return String(Character(Unicode.Scalar(changed))) + dropFirst()
    }
}
