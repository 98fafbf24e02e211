import TrialCheckCore

/// One thing wrong with a protocol file, located.
public struct ProtocolProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where (file:line:column).
    public let location: SourceLocation
    /// What was expected and what was found, with a hint where one helps.
    public let message: String

    /// `file:line:column: error: message`, the form editors and CI annotate; one line, its
    /// control characters visible escapes.
    public var description: String { ControlEscaping.escape("\(location): error: \(message)") }
}

/// A protocol file that cannot be used: every problem found, in file order.
public struct ProtocolError: Error, Sendable, CustomStringConvertible {
    /// The problems, sorted by location.
    public let problems: [ProtocolProblem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
