#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a path names a regular file: a protocol found by its path, or what the
/// prefetches read ahead (never a pipe, a device or a folder, which reading would consume
/// or block on).
enum RegularFile {
    /// Whether `path` is a regular file (after symbolic links) of at most `limit` bytes.
    static func exists(at path: String, atMost limit: Int = .max) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG && Int(status.st_size) <= limit
    }
}
