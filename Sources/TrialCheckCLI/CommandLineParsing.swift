import ArgumentParser

extension TrialCheck {
    /// Parses `arguments` (the process's, without the program name) into the command to run.
    ///
    /// `audit`, the command every CI job and every monitor's run is, is first parsed as a
    /// root of its own. Through the command tree, ArgumentParser also builds the audit
    /// command's argument set for the pass-through check of the matched subcommand and
    /// parses the arguments once more as the root's: 34.6 M instructions against 28.0 M,
    /// an eighth of a one-patient audit's fixed cost. Anything but a successful parse into
    /// ``Audit`` (help, a version request, a usage or validation error) is parsed again
    /// through the tree, so every message, help text and exit code stays the tree's.
    static func parseCommand(_ arguments: [String]) throws -> any ParsableCommand {
        if arguments.first == Audit.configuration.commandName,
            let audit = try? Audit.parseAsRoot(Array(arguments.dropFirst())) as? Audit
        {
            return audit
        }
        return try parseAsRoot(arguments)
    }
}
