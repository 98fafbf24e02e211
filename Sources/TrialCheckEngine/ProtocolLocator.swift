#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds a protocol file from a path or a registry id.
///
/// A reference that names an existing file is used as is (a path given explicitly is the
/// user's choice). Otherwise it is an id looked up as `<id>.yaml` (or `.yml`) in each folder
/// of `TRIALCHECK_PROTOCOL_PATH` (colon separated, for installed use), then in `Protocols/`
/// under the working directory. An id resolves only inside those folders: one holding `/`,
/// `..` or NUL is no id, and a file there that is a symbolic link leading outside its folder
/// is not used.
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
        if !reference.contains("\u{0}"), RegularFile.exists(at: reference) { return .success(reference) }
        guard isID(reference) else { return .failure(NotFound(reference: reference, tried: [reference])) }
        var tried: [String] = [reference]
        for folder in searchFolders(environment: environment) {
            for fileExtension in ["yaml", "yml"] {
                let candidate = "\(folder)/\(reference).\(fileExtension)"
                if RegularFile.exists(at: candidate), isInside(candidate, folder: folder) { return .success(candidate) }
                tried.append(candidate)
            }
        }
        return .failure(NotFound(reference: reference, tried: tried))
    }

    /// Whether `reference` can be a protocol id: not empty, with no `/`, no `..` and no NUL,
    /// so it names a file directly inside a protocol folder.
    public static func isID(_ reference: String) -> Bool {
        !reference.isEmpty && !reference.contains("/") && !reference.contains("..") && !reference.contains("\u{0}")
    }

    /// A protocol that could not be found.
    public struct NotFound: Error, Sendable, CustomStringConvertible {
        /// The path or id given.
        public let reference: String
        /// The reference, then each file looked for.
        public let tried: [String]
        /// One line: the reference (control characters escaped) and where it was looked for.
        public var description: String {
            let shown = ControlEscaping.escape(reference)
            guard tried.count > 1 else {
                return "no protocol '\(shown)': not a file, and not a protocol id (an id has no '/', '..' or NUL; it names <id>.yaml in a protocol folder)"
            }
            return "no protocol '\(shown)': not a file, and not found as \(tried.dropFirst().map(ControlEscaping.escape).joined(separator: ", ")) (set \(ProtocolLocator.environmentVariable) to add folders)"
        }
    }

    /// Whether `path`, symbolic links resolved, lies inside `folder` (resolved too).
    private static func isInside(_ path: String, folder: String) -> Bool {
        guard let resolvedPath = realPath(path), let resolvedFolder = realPath(folder) else { return false }
        let prefix = resolvedFolder.hasSuffix("/") ? resolvedFolder : resolvedFolder + "/"
        return resolvedPath.hasPrefix(prefix)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
