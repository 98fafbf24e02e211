import Foundation
import TrialCheckEngine

/// Starts the slow first step of an `audit` before its command line is parsed: on a cold
/// start, parsing the command line takes milliseconds, and on a second core that time can
/// go to parsing a YAML or JSON document (``DocumentPrefetch``), which is otherwise the
/// longest step before the first patient is judged, or else to loading the protocol
/// (``ProtocolPrefetch``), while this thread parses the command line (and, after a
/// document's start, loads the protocol itself).
///
/// The command line is only glanced at here (``EarlyAuditArguments``). A misreading costs
/// the work done ahead and never a result: the audit's reader takes a prefetched document
/// only for the path and bytes it reads itself, and its loader a prefetched protocol only
/// for the path, text and settings it arrives at from the parsed options.
enum EarlyStart {
    /// Starts the prefetch that `arguments` (without the program's name) allow, if any.
    static func start(for arguments: [String]) {
        guard let audit = EarlyAuditArguments(arguments), audit.jobs > 1 else { return }
        if audit.mapping == nil, !audit.taggedLines, let input = audit.inputs.first,
            DocumentPrefetch.start(path: input, format: audit.inputFormat.flatMap(InputFormat.init(rawValue:)))
        {
            return
        }
        guard let reference = audit.protocolReference,
            case .success(let path) = ProtocolLocator.resolve(reference, environment: ProcessInfo.processInfo.environment)
        else { return }
        ProtocolPrefetch.start(path: path, loader: ProtocolLoader(registry: TrialCheck.registry))
    }
}

/// What an `audit` command line names, read before ArgumentParser parses it: the options
/// a prefetch depends on and the input paths. Every other long option is known only as
/// taking a value or not (``flags``), so that its value is not taken for an input.
struct EarlyAuditArguments: Equatable {
    /// Every `audit` option that takes no value (a test holds this to the parser's own list).
    static let flags: Set<String> = [
        "--no-config", "--allow-external", "--quiet", "-q", "--verbose", "-v", "--tagged-lines",
        "--csv-bom", "--strict", "--version", "--help", "-h",
    ]

    /// Every short `audit` option that takes a value (a test holds this to the parser's own).
    static let shortOptions: Set<String> = ["-p", "-o"]

    private(set) var protocolReference: String?
    private(set) var inputs: [String] = []
    private(set) var inputFormat: String?
    private(set) var mapping: String?
    private(set) var taggedLines = false
    private(set) var jobs = Auditor.defaultJobs

    /// The `audit` command line `arguments` names, or `nil` for another command, a
    /// protocol given twice, a short option it does not know (or several written
    /// together), or an option without its value.
    init?(_ arguments: [String]) {
        guard arguments.first == TrialCheck.Audit.configuration.commandName else { return nil }
        var protocols: [String] = []
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                inputs += arguments[index...]
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                inputs.append(argument)
                continue
            }
            if Self.flags.contains(argument) {
                if argument == "--tagged-lines" { taggedLines = true }
                continue
            }
            let name: String
            let value: String
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard argument.hasPrefix("--") || Self.shortOptions.contains(argument), index < arguments.count else { return nil }
                name = argument
                value = arguments[index]
                index += 1
            }
            switch name {
            case "--protocol", "-p": protocols.append(value)
            case "--jobs": jobs = Int(value) ?? 1
            case "--input-format": inputFormat = value
            case "--mapping": mapping = value
            default: break
            }
        }
        guard protocols.count <= 1 else { return nil }
        protocolReference = protocols.first.flatMap { $0.isEmpty || $0.hasPrefix("-") ? nil : $0 }
    }
}
