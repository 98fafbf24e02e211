/// Why an external plugin could not judge patients: each case names what the plugin did
/// and what the engine was waiting for.
public enum PluginFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The process could not be started.
    case notStarted(reason: String)
    /// The process ended (or closed its output) before answering.
    case exited(PluginExitStatus?, during: String)
    /// No complete answer came within the time allowed.
    case timedOut(seconds: Double, during: String)
    /// A line of output is not a message of the protocol.
    case malformedOutput(problem: String, line: String)
    /// A line of output is longer than the protocol allows.
    case lineTooLong(limit: Int, during: String)
    /// A verdict names another patient than the one expected next.
    case wrongPatient(expected: String, answered: String, during: String)
    /// The plugin speaks another version of the protocol.
    case unsupportedVersion(String)
    /// The plugin said it cannot go on (`{"type": "error"}`), such as for bad parameters.
    case reportedError(message: String, during: String)

    /// What happened, in a sentence without a final full stop.
    public var description: String {
        switch self {
        case .notStarted(let reason):
            "the plugin could not be started: \(reason)"
        case .exited(let status, let during):
            if let status {
                "the plugin \(status) \(during)"
            } else {
                "the plugin closed its output \(during)"
            }
        case .timedOut(let seconds, let during):
            "the plugin did not answer within \(Self.format(seconds)) \(during), so it was stopped"
        case .malformedOutput(let problem, let line):
            "the plugin wrote output that is not a protocol message (\(problem)): \(Self.excerpt(line))"
        case .lineTooLong(let limit, let during):
            "the plugin wrote a line longer than \(limit / 1024) KiB \(during)"
        case .wrongPatient(let expected, let answered, let during):
            "the plugin answered for patient '\(answered)' where '\(expected)' was expected \(during)"
        case .unsupportedVersion(let version):
            "the plugin speaks protocol version \(version); this trialcheck speaks version \(PluginProtocol.version)"
        case .reportedError(let message, let during):
            "the plugin reported an error \(during): \(message)"
        }
    }

    /// The patient a failure names, if one does.
    public var patient: String? {
        if case .wrongPatient(let expected, _, _) = self { return expected }
        return nil
    }

    /// `2 s`, `0.5 s`.
    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() && seconds < 1e9 ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    /// The start of a line of output, quoted, for a message.
    static func excerpt(_ line: String) -> String {
        let limit = 120
        let text = line.count > limit ? String(line.prefix(limit)) + "…" : line
        return "'" + text + "'"
    }
}
