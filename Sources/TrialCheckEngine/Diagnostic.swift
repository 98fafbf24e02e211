/// Something an audit has to say besides verdicts: a plugin that failed, one that did not
/// shut down cleanly, or a line a plugin wrote to its standard error.
///
/// An `error` means some patients were not judged by a check (the audit is incomplete,
/// exit code 2); a `warning` or a `note` changes no verdict.
public struct Diagnostic: Codable, Sendable, Hashable {
    /// How much a diagnostic matters.
    public enum Level: String, Codable, Sendable, Hashable, CaseIterable {
        /// A check could not judge some patients: the audit is incomplete.
        case error
        /// Something went wrong that changes no verdict (a plugin that had to be stopped).
        case warning
        /// For information (a plugin's standard error).
        case note
    }

    /// Where a diagnostic comes from.
    public enum Source: String, Codable, Sendable, Hashable, CaseIterable {
        /// The engine, about a plugin.
        case plugin
        /// A line the plugin wrote to its standard error.
        case stderr
    }

    /// The id of the check concerned, if one is.
    public var check: String?
    /// How much it matters.
    public var level: Level
    /// Where it comes from.
    public var source: Source
    /// What happened, in a sentence (or the line of standard error, as written).
    public var message: String
    /// The patient concerned, where one is (a plugin that answered for the wrong patient).
    public var patient: String?

    /// Creates a diagnostic.
    public init(check: String? = nil, level: Level, source: Source = .plugin, message: String, patient: String? = nil) {
        self.check = check
        self.level = level
        self.source = source
        self.message = message
        self.patient = patient
    }
}
