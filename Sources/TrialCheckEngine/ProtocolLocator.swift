#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds a protocol file from a path or a registry id.
///
/// A reference that names an existing file is used as is. Otherwise it is an id looked
/// up as `<id>.yaml` (or `.yml`) in each folder of `TRIALCHECK_PROTOCOL_PATH` (colon
/// separated, for installed use), then in `Protocols/` under the working directory.
public enum ProtocolLocator {
    /// The environment variable naming extra protocol folders.
    public static let environmentVariable = "TRIALCHECK_PROTOCOL_PATH"

    /// The folders searched for protocol ids, in order.
    public static func searchFolders(environment: [String: String]) -> [String] {
        let configured = environment[environmentVariable]?.split(separator: ":").map(String.init) ?? []
        return configured + ["Protocols"]
    }

    /// The path for `reference`, or `nil` with the places tried.
    public static func resolve(_ reference: String, environment: [String: String]) -> Result<String, NotFound> {
        if isFile(reference) { return .success(reference) }
        var tried: [String] = [reference]
        for folder in searchFolders(environment: environment) {
            for fileExtension in ["yaml", "yml"] {
                let candidate = "\(folder)/\(reference).\(fileExtension)"
                if isFile(candidate) { return .success(candidate) }
                tried.append(candidate)
            }
        }
        return .failure(NotFound(reference: reference, tried: tried))
    }

    /// A protocol that could not be found.
    public struct NotFound: Error, Sendable, CustomStringConvertible {
        public let reference: String
        public let tried: [String]
        public var description: String {
            "no protocol '\(reference)': not a file, and not found as \(tried.dropFirst().joined(separator: ", ")) (set \(ProtocolLocator.environmentVariable) to add folders)"
        }
    }

    private static func isFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }
}
