/// How a plugin process ended.
public enum PluginExitStatus: Sendable, Hashable, CustomStringConvertible {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it.
    case signaled(Int32)

    /// Whether it exited with status 0.
    public var isSuccess: Bool { self == .exited(0) }

    /// `exited with status 1`, `was killed by signal 11 (SIGSEGV)`.
    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal):
            "was killed by signal \(signal)" + (Self.signalNames[signal].map { " (\($0))" } ?? "")
        }
    }

    /// The names of the signals a plugin most often dies of (the Linux numbers, which
    /// macOS shares for these).
    private static let signalNames: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 6: "SIGABRT", 8: "SIGFPE", 9: "SIGKILL",
        11: "SIGSEGV", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
    ]
}
