import Foundation
import TrialCheckEngine

/// Starts loading the protocol an `audit` command line names before the command line is
/// parsed (``ProtocolPrefetch``): on a cold start both take milliseconds, and on two cores
/// they run side by side.
///
/// The command line is only glanced at here: `audit`, then one `--protocol` (or `-p`)
/// before any `--`, and more than one job. A misreading costs the work done ahead and never
/// a result, because the audit's own load takes the prefetched definition only for the
/// path, text and loader it arrives at itself from the parsed options.
enum EarlyProtocolLoad {
    /// Starts the load for `arguments` (without the program's name), when they ask for one.
    static func start(for arguments: [String]) {
        guard let reference = protocolReference(in: arguments),
            case .success(let path) = ProtocolLocator.resolve(reference, environment: ProcessInfo.processInfo.environment)
        else { return }
        ProtocolPrefetch.start(path: path, loader: ProtocolLoader(registry: TrialCheck.registry))
    }

    /// The protocol reference an `audit` command line that may use more than one thread
    /// names once, or `nil`.
    static func protocolReference(in arguments: [String]) -> String? {
        guard arguments.first == TrialCheck.Audit.configuration.commandName else { return nil }
        var references: [String] = []
        var jobs = Auditor.defaultJobs
        var index = 1
        while index < arguments.count, arguments[index] != "--" {
            let argument = arguments[index]
            let following = index + 1 < arguments.count ? arguments[index + 1] : nil
            if argument == "--protocol" || argument == "-p", let following {
                references.append(following)
                index += 1
            } else if argument.hasPrefix("--protocol=") {
                references.append(String(argument.dropFirst("--protocol=".count)))
            } else if argument == "--jobs", let following {
                jobs = Int(following) ?? 1
                index += 1
            } else if argument.hasPrefix("--jobs=") {
                jobs = Int(argument.dropFirst("--jobs=".count)) ?? 1
            }
            index += 1
        }
        guard jobs > 1, references.count == 1, let reference = references.first, !reference.isEmpty, !reference.hasPrefix("-") else { return nil }
        return reference
    }
}
