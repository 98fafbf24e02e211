import TrialCheckCore

/// An input that cannot be read at all (as opposed to one bad record in it).
public enum InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadable(path: String, reason: String)
    /// The file is not valid in its format; nothing after `location` can be trusted.
    case malformed(location: SourceLocation, reason: String)
    /// The input holds no patient record: no bytes, blank lines only, or only a header
    /// (a CSV header row, a document's header keys, YAML comments). `found` says which,
    /// where the reader knows.
    case empty(path: String, found: String?)

    /// Where the problem is.
    public var location: SourceLocation {
        switch self {
        case .unreadable(let path, _), .empty(let path, _): SourceLocation(file: path)
        case .malformed(let location, _): location
        }
    }

    /// What is wrong.
    public var reason: String {
        switch self {
        case .unreadable(_, let reason): "cannot read the input: \(reason)"
        case .malformed(_, let reason): reason
        case .empty(let path, let found):
            "\(path == "<stdin>" ? "standard input" : "the file") is empty: no patient records" + (found.map { " (\($0))" } ?? "")
        }
    }

    /// Whether the whole input is unusable (it cannot be read, or holds no record), as
    /// opposed to malformed from some point on: such an input stops the audit before any
    /// report (see ``AuditReport/inputErrors``).
    public var isInputUnusable: Bool {
        switch self {
        case .unreadable, .empty: true
        case .malformed: false
        }
    }

    public var description: String { "\(location): error: \(reason)" }
}
