import Foundation

/// A new file with a name no other file has, made with `mkstemps`: the one place the
/// engine creates temporary files (findings spilled to disk, reports written beside their
/// target before the rename).
enum UniqueFile {
    /// Creates `<folder>/<prefix><six random characters><suffix>`, open for reading and
    /// writing and private to the user (mode 0600).
    /// - Returns: the open descriptor and the file's path, or `nil` with `errno` set.
    static func create(in folder: URL, prefix: String, suffix: String = "") -> (descriptor: Int32, path: String)? {
        // mkstemps replaces the six X's before the suffix with a unique string.
        let name = prefix + String(repeating: "X", count: 6) + suffix
        var template = Array(folder.appendingPathComponent(name).path.utf8CString)
        let suffixLength = Int32(suffix.utf8.count)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemps($0, suffixLength) } ?? -1
        }
        guard descriptor >= 0 else { return nil }
        // The template is NUL-terminated: the path is every byte before the NUL.
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (descriptor, path)
    }
}
