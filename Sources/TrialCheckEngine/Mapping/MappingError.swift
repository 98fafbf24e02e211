import TrialCheckCore

/// A mapping file, data dictionary or export header that cannot be used: every problem
/// found, each located (file:line:column) with what was expected and what was found.
public struct MappingError: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public let problems: [ProtocolProblem]

    init(problems: [ProtocolProblem]) {
        self.problems = problems.sorted { $0.location < $1.location }
    }

    init(at location: SourceLocation, _ message: String) {
        problems = [ProtocolProblem(location: location, message: message)]
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }

    /// Each problem as an error notice.
    public var notices: [Notice] {
        problems.map { Notice(.error, at: $0.location.description, $0.message) }
    }
}
