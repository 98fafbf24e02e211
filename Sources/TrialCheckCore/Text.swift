extension StringProtocol {
    /// The text with its first letter in upper case, for starting a sentence.
    public var capitalizingFirstLetter: String { prefix(1).uppercased() + dropFirst() }

    /// The text with its first letter in lower case, for continuing a sentence.
    public var lowercasingFirstLetter: String { prefix(1).lowercased() + dropFirst() }
}
