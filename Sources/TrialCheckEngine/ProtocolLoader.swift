import Crypto
import Foundation
import TrialCheckCore
import Yams

/// Loads and validates protocol files before any record is read.
///
/// Every problem is collected (not just the first), each with file:line:column: a
/// syntax error, an unknown or misspelt key or kind (with "did you mean"), a missing or
/// wrongly typed parameter, a duplicate check id, inconsistent parameters.
public struct ProtocolLoader: Sendable {
    /// The kinds a protocol may use.
    public let registry: CheckRegistry

    /// Whether the protocols' external checks may run, and with what of this computer's
    /// environment (see ``ExternalPolicy``).
    public let externalPolicy: ExternalPolicy

    /// Where protocol ids named by a protocol's `extends` are looked up, as `--protocol`
    /// looks them up (``ProtocolLocator``).
    public let environment: [String: String]

    /// A loader for the kinds in `registry`. External checks are built under
    /// `externalPolicy`: by default they are listed but never start a program. `extends`
    /// names a path relative to the extending file, or an id found in the folders
    /// `environment` names (``ProtocolLocator/searchFolders(environment:)``).
    public init(registry: CheckRegistry, externalPolicy: ExternalPolicy = .refused, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.registry = registry
        self.externalPolicy = externalPolicy
        self.environment = environment
    }

    static let commonCheckKeys = ["id", "kind", "criterion", "severity", "category", "report"]

    /// Loads the protocol file at `path`.
    /// - Throws: ``ProtocolError`` listing every problem found.
    public func load(path: String) throws(ProtocolError) -> ProtocolDefinition {
        switch Self.readText(path: path) {
        case .success(let text):
            if let prefetched = ProtocolPrefetch.take(path: path, text: text, loader: self) { return prefetched }
            return try load(yaml: text, path: path)
        case .failure(let error): throw error
        }
    }

    /// A protocol file's text, or why it cannot be read.
    static func readText(path: String) -> Result<String, ProtocolError> {
        let bytes: [UInt8]
        do {
            let source = try ByteSource(path: path)
            bytes = try source.readAll()
        } catch {
            return .failure(ProtocolError(problems: [ProtocolProblem(location: error.location, message: error.reason)]))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(ProtocolError(problems: [ProtocolProblem(location: SourceLocation(file: path), message: "the file is not UTF-8 text")]))
        }
        return .success(text)
    }

    /// Loads a protocol from YAML text; `path` is used in locations, and to find a file
    /// that `extends` names by a relative path.
    public func load(yaml text: String, path: String) throws(ProtocolError) -> ProtocolDefinition {
        let source = SourceFile(path: path, text: text)
        var parse = ProtocolParse(source: source, registry: registry, externalPolicy: externalPolicy, environment: environment)
        let definition = parse.assemble(source).flatMap { parse.definition(from: $0) }
        guard parse.problems.isEmpty, let definition else {
            let unique = Array(Set(parse.problems))
            throw ProtocolError(problems: unique.sorted { ($0.location, $0.message) < ($1.location, $1.message) })
        }
        return definition
    }

    static func sha256(of text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).lowercaseHex
    }
}
