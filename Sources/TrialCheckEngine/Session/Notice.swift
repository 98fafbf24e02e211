/// One line the tool has to say to the person running it: an error, a warning or a note,
/// with where it is about (`file:line:column`, or a file) when it is about a place.
///
/// Every message of an audit besides the report is one of these, rendered one way
/// (``description``), so the command line prints them all alike.
public struct Notice: Sendable, Hashable, CustomStringConvertible {
    /// How much a notice matters.
    public enum Level: String, Sendable, Hashable, Comparable {
        /// Something failed: the exit status is 2.
        case error
        /// Something the person running the audit should look at; no verdict changed.
        case warning
        /// What a mapping or the audit did, such as records a mapping did not use.
        case note
        /// Detail for a closer look, such as a line an external plugin wrote to its standard
        /// error (`--verbose`).
        case remark

        private var rank: Int {
            switch self {
            case .error: 3
            case .warning: 2
            case .note: 1
            case .remark: 0
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    /// How much it matters.
    public let level: Level
    /// Where it is about (`file:line:column` or a path), if it is about a place.
    public let location: String?
    /// What there is to say, in a sentence.
    public let message: String

    /// A notice at `location` (a path or a located position).
    public init(_ level: Level, at location: String? = nil, _ message: String) {
        self.level = level
        self.location = location
        self.message = message
    }

    /// `location: level: message`, as compilers and linters write it.
    public var description: String {
        (location.map { "\($0): " } ?? "") + "\(level.rawValue): \(message)"
    }
}

/// An audit that could not run, or stopped before any report: what went wrong, as notices.
public struct AuditFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong, one notice per problem.
    public let notices: [Notice]

    /// A failure of one or more notices.
    public init(_ notices: [Notice]) {
        self.notices = notices
    }

    /// A failure of one notice.
    public init(_ notice: Notice) {
        notices = [notice]
    }

    public var description: String { notices.map(\.description).joined(separator: "\n") }
}
