import TrialCheckCore

/// An input that cannot be read at all (as opposed to one bad record in it).
public enum InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadable(path: String, reason: String)
    /// The file is not valid in its format; nothing after `location` can be trusted.
    case malformed(location: SourceLocation, reason: String)

    /// Where the problem is.
    public var location: SourceLocation {
        switch self {
        case .unreadable(let path, _): SourceLocation(file: path)
        case .malformed(let location, _): location
        }
    }

    /// What is wrong.
    public var reason: String {
        switch self {
        case .unreadable(_, let reason): "cannot read the input: \(reason)"
        case .malformed(_, let reason): reason
        }
    }

    public var description: String { "\(location): error: \(reason)" }
}
