import ArgumentParser
import Foundation
import TrialCheckCore
import TrialCheckEngine

/// Applies a project's `.trialcheck.yaml` to the command line: each setting of the command
/// being run becomes its option, placed before the user's arguments, unless the user gave
/// that option (flags on the command line override the file).
///
/// The options a command takes, and which take paths, come from the commands' own
/// declarations (ArgumentParser's description of them), so the file accepts exactly the
/// long options `trialcheck COMMAND --help` lists. Relative paths in the file are relative
/// to the file's folder.
enum CommandDefaults {
    /// `--config FILE` names the file; `--no-config` reads none.
    static let configOption = "--config"
    static let noConfigFlag = "--no-config"

    /// `arguments` (without the program name) with the configuration's settings added.
    static func applying(to arguments: [String], workingDirectory: String) throws(AuditFailure) -> [String] {
        guard let command = arguments.first, let type = TrialCheck.subcommand(named: command) else { return arguments }
        if arguments.contains(noConfigFlag) { return arguments }
        guard let path = try configurationPath(in: arguments, workingDirectory: workingDirectory) else { return arguments }
        let file = try ConfigurationFile.load(path: path)
        let options = CommandOptions(of: type)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var added: [String] = []
        var problems = unknownCommands(in: file)
        for setting in file.commands[command] ?? [] {
            guard let option = options.byLongName[setting.option] else {
                let hint = Suggestion.hint(for: setting.option, among: Array(options.byLongName.keys))
                problems.append(Notice(.error, at: setting.location.description, "'\(setting.option)' is not an option of 'trialcheck \(command)'\(hint)"))
                continue
            }
            if option.isGiven(in: arguments) { continue }
            switch (setting.value, option.isFlag) {
            case (.flag(let on), true):
                if on { added.append("--\(option.longName)") }
            case (.values(let values), false):
                guard values.count == 1 || option.isRepeating else {
                    problems.append(Notice(.error, at: setting.location.description, "'\(setting.option)' takes one value, found a list of \(values.count)"))
                    continue
                }
                for value in values {
                    added += ["--\(option.longName)", option.resolving(value, against: folder)]
                }
            case (.flag, false):
                problems.append(Notice(.error, at: setting.location.description, "'\(setting.option)' takes a value, found true or false"))
            case (.values, true):
                problems.append(Notice(.error, at: setting.location.description, "'\(setting.option)' is a flag: write true or false"))
            }
        }
        guard problems.isEmpty else { throw AuditFailure(problems) }
        return [command] + added + arguments.dropFirst()
    }

    /// The file `--config` names, else the nearest `.trialcheck.yaml`.
    private static func configurationPath(in arguments: [String], workingDirectory: String) throws(AuditFailure) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument.hasPrefix(configOption + "=") { return String(argument.dropFirst(configOption.count + 1)) }
            if argument == configOption {
                guard index + 1 < arguments.count else { return nil }
                let path = arguments[index + 1]
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw AuditFailure(Notice(.error, at: path, "cannot read the configuration file named by --config"))
                }
                return path
            }
        }
        return ConfigurationFile.find(from: workingDirectory)
    }

    /// An error for each top-level key that names no command.
    private static func unknownCommands(in file: ConfigurationFile) -> [Notice] {
        let known = TrialCheck.configuration.subcommands.map { $0._commandName }
        let unknown = file.commands.keys.filter { !known.contains($0) }.sorted()
        return unknown.map { name in
            Notice(.error, at: file.commandLocations[name]?.description ?? file.path, "'\(name)' is not a trialcheck command\(Suggestion.hint(for: name, among: known))")
        }
    }
}

extension TrialCheck {
    /// The subcommand called `name`.
    static func subcommand(named name: String) -> (any ParsableCommand.Type)? {
        configuration.subcommands.first { $0._commandName == name }
    }
}

/// The named options of one command, read from its declaration.
struct CommandOptions {
    /// One option or flag.
    struct Option {
        let longName: String
        let shortNames: [String]
        let isFlag: Bool
        let isRepeating: Bool
        /// The value's name in the help (`file`, `path-or-id`, `format:path`, ...).
        let valueName: String?

        /// Whether `arguments` give this option already.
        func isGiven(in arguments: [String]) -> Bool {
            arguments.contains { argument in
                argument == "--\(longName)" || argument.hasPrefix("--\(longName)=")
                    || shortNames.contains { argument == "-\($0)" || (!isFlag && argument.hasPrefix("-\($0)") && !argument.hasPrefix("--")) }
            }
        }

        /// `value`, a relative path in it made relative to `folder` where the option takes a
        /// path (a protocol given by id stays an id).
        func resolving(_ value: String, against folder: URL) -> String {
            switch valueName {
            case "file", "key-file", "report.json":
                return Self.resolve(value, against: folder)
            case "path-or-id":
                let isPath = value.contains("/") || value.hasSuffix(".yaml") || value.hasSuffix(".yml")
                return isPath ? Self.resolve(value, against: folder) : value
            case "format:path":
                guard let colon = value.firstIndex(of: ":") else { return value }
                return String(value[...colon]) + Self.resolve(String(value[value.index(after: colon)...]), against: folder)
            default:
                return value
            }
        }

        private static func resolve(_ path: String, against folder: URL) -> String {
            guard !path.hasPrefix("/"), path != "-" else { return path }
            return folder.appendingPathComponent(path).path
        }
    }

    let byLongName: [String: Option]

    init(of command: any ParsableCommand.Type) {
        var options: [String: Option] = [:]
        let description = try? JSONDecoder().decode(HelpDump.self, from: Data(command._dumpHelp().utf8))
        for argument in description?.command.arguments ?? [] where argument.kind != "positional" {
            let names = argument.names ?? []
            guard let long = names.first(where: { $0.kind == "long" })?.name else { continue }
            options[long] = Option(
                longName: long,
                shortNames: names.filter { $0.kind == "short" }.map(\.name),
                isFlag: argument.kind == "flag",
                isRepeating: argument.isRepeating ?? false,
                valueName: argument.valueName
            )
        }
        byLongName = options
    }

    /// The part of ArgumentParser's description of a command read here.
    private struct HelpDump: Decodable {
        struct Command: Decodable { let arguments: [Argument]? }
        struct Argument: Decodable {
            struct Name: Decodable { let kind: String; let name: String }
            let kind: String
            let names: [Name]?
            let isRepeating: Bool?
            let valueName: String?
        }
        let command: Command
    }
}
