extension Sequence<UInt8> {
    /// The bytes in lower-case hexadecimal, two digits each: how digests are written in
    /// reports (`sha256`) and pseudonyms.
    var lowercaseHex: String {
        var text = ""
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(Self.digits[Int(byte >> 4)])
            text.append(Self.digits[Int(byte & 0x0F)])
        }
        return text
    }

    private static var digits: [Character] {
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
    }
}
