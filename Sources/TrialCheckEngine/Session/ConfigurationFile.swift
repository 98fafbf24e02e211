import Foundation
import TrialCheckCore

/// A project's defaults for trialcheck's commands: `.trialcheck.yaml`, found from the working
/// folder up to the repository's root, as SwiftLint finds `.swiftlint.yml`. Options given on the command line
/// override it.
///
/// ```yaml
/// audit:
///   protocol: Protocols/NCT07177794.yaml
///   fail-on: not-evaluable
///   strict: true
///   report: [sarif:reports/trialcheck.sarif, junit:reports/junit.xml]
/// ```
///
/// Each top-level key is a command; each key under it is one of that command's long options
/// without its dashes. A flag takes `true` or `false`, an option a value, a repeatable
/// option a list.
public struct ConfigurationFile: Sendable {
    /// The file's name.
    public static let fileName = ".trialcheck.yaml"

    /// One option's setting, located.
    public struct Setting: Sendable {
        /// The option's long name, without dashes.
        public let option: String
        /// Where the key is written.
        public let location: SourceLocation
        /// The value.
        public let value: Value
    }

    /// What a setting gives.
    public enum Value: Sendable, Hashable {
        /// A flag on or off.
        case flag(Bool)
        /// One value or more (a list for a repeatable option).
        case values([String])
    }

    /// Where the file is.
    public let path: String
    /// Each command's settings, in file order.
    public let commands: [String: [Setting]]
    /// Where each command is written.
    public let commandLocations: [String: SourceLocation]

    /// The nearest `.trialcheck.yaml` in `directory` or a folder above it, up to the root of
    /// the git repository `directory` is in (a folder holding `.git`): a file outside the
    /// project never changes its audits.
    public static func find(from directory: String) -> String? {
        var folder = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let files = FileManager.default
        while true {
            let candidate = folder.appendingPathComponent(fileName).path
            if files.isReadableFile(atPath: candidate) { return candidate }
            if files.fileExists(atPath: folder.appendingPathComponent(".git").path) { return nil }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// Reads the file at `path`; every problem is located.
    public static func load(path: String) throws(AuditFailure) -> ConfigurationFile {
        let text: String
        do {
            let bytes = try ByteSource(path: path).readAll()
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                throw AuditFailure(Notice(.error, at: path, "the configuration file is not UTF-8 text"))
            }
            text = decoded
        } catch let failure as AuditFailure {
            throw failure
        } catch {
            throw AuditFailure(Notice(.error, at: path, "cannot read the configuration file: \(error)"))
        }
        return try parse(yaml: text, path: path)
    }

    /// Parses a configuration from YAML text.
    public static func parse(yaml text: String, path: String) throws(AuditFailure) -> ConfigurationFile {
        let root: SyntaxNode
        do {
            root = try YAMLSyntaxParser.parse(text)
        } catch {
            throw AuditFailure(Notice(.error, at: error.position.location(in: path).description, error.message))
        }
        var problems: [Notice] = []
        func problem(_ position: TextPosition, _ message: String) {
            problems.append(Notice(.error, at: position.location(in: path).description, message))
        }
        var commands: [String: [Setting]] = [:]
        var commandLocations: [String: SourceLocation] = [:]
        switch root.content {
        case .null:
            break
        case .object(let members):
            for member in members {
                commandLocations[member.key] = member.keyPosition.location(in: path)
                guard case .object(let options) = member.value.content else {
                    if case .null = member.value.content { continue }
                    problem(member.value.position, "'\(member.key)': expected the command's options (a mapping), found \(member.value.kindDescription)")
                    continue
                }
                var settings: [Setting] = []
                for option in options {
                    let location = option.keyPosition.location(in: path)
                    switch option.value.content {
                    case .bool(let on):
                        settings.append(Setting(option: option.key, location: location, value: .flag(on)))
                    case .string, .number:
                        settings.append(Setting(option: option.key, location: location, value: .values([option.value.scalarText ?? ""])))
                    case .array(let items):
                        let texts = items.compactMap { item -> String? in
                            switch item.content {
                            case .string, .number: return item.scalarText
                            default:
                                problem(item.position, "'\(member.key).\(option.key)': expected a value, found \(item.kindDescription)")
                                return nil
                            }
                        }
                        settings.append(Setting(option: option.key, location: location, value: .values(texts)))
                    case .null, .object:
                        problem(option.value.position, "'\(member.key).\(option.key)': expected a value, a list of values, true or false, found \(option.value.kindDescription)")
                    }
                }
                commands[member.key] = settings
            }
        default:
            problem(root.position, "expected a mapping of commands (such as 'audit:'), found \(root.kindDescription)")
        }
        guard problems.isEmpty else { throw AuditFailure(problems) }
        return ConfigurationFile(path: path, commands: commands, commandLocations: commandLocations)
    }
}
