import Crypto
import Foundation

/// A folder given as one input (a FHIR Bulk Data export, a set of SDTM datasets): its
/// files, opened one at a time and hashed as they are read.
///
/// The folder's SHA-256 is that of a manifest listing, for every file read in name order,
/// `<sha256 of the file>  <name>` and a line feed: the output of `sha256sum` over those
/// files, so it can be checked with standard tools.
final class FolderInput {
    /// The folder's path as given.
    let path: String
    /// The regular, non-hidden files in the folder, sorted by name.
    let fileNames: [String]
    private var opened: [(name: String, source: ByteSource)] = []
    /// The files' bytes, for a folder rebuilt in memory (from a tagged-line stream).
    private let contents: [String: [UInt8]]?

    /// Whether `path` names a folder.
    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return path != "-" && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Lists the folder.
    /// - Throws: ``InputError/unreadable`` if it cannot be listed.
    init(path: String) throws(InputError) {
        self.path = path
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .unreadable(path: path, reason: "cannot list the folder: \(error.localizedDescription)")
        }
        fileNames = names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: Self.join(path, name), isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        contents = nil
    }

    /// A folder held in memory: `files` by name, named `path` in locations.
    init(path: String, files: [String: [UInt8]]) {
        self.path = path
        fileNames = files.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        contents = files
    }

    /// The path of a file in the folder, as locations name it.
    func filePath(_ name: String) -> String { Self.join(path, name) }

    /// The size in bytes of a file of the folder, or `nil` if it cannot be known.
    func size(of name: String) -> Int? {
        if let contents { return contents[name]?.count }
        return (try? FileManager.default.attributesOfItem(atPath: filePath(name))[.size] as? NSNumber)?.intValue
    }

    /// Opens a file of the folder for reading; its bytes count toward the folder's digest.
    func open(_ name: String) throws(InputError) -> ByteSource {
        let source: ByteSource
        if let contents {
            source = ByteSource(bytes: contents[name] ?? [], path: filePath(name))
        } else {
            source = try ByteSource(path: filePath(name))
        }
        opened.append((name, source))
        return source
    }

    /// Opens a file of the folder for a look ahead: its bytes do not count toward the
    /// folder's digest (the file is opened again, with ``open(_:)``, to be read).
    func openForLookAhead(_ name: String) throws(InputError) -> ByteSource {
        if let contents { return ByteSource(bytes: contents[name] ?? [], path: filePath(name)) }
        return try ByteSource(path: filePath(name), hashes: false)
    }

    /// The SHA-256 of the manifest of the files read (complete once each is read to the end).
    var sha256: String {
        let manifest = opened.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
            .map { "\($0.source.sha256)  \($0.name)\n" }.joined()
        return SHA256.hash(data: Array(manifest.utf8)).lowercaseHex
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
