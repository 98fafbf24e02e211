import Foundation

/// Where a reporter writes: a file or standard output, in chunks of 64 KiB, or memory.
///
/// A report written to a file is never held whole in memory. Writes do not throw: the first
/// failure is kept, later writes are dropped, and ``finish()`` reports it (as a C stream's
/// error flag works), so reporters write without a `try` on every fragment.
///
/// A file report is written to a temporary file beside its target and renamed over it by
/// ``finish()`` once complete, so the target holds the old report or the whole new one,
/// never part of one. A report that is not finished leaves no temporary file behind;
/// ``removeTemporaryFiles()`` removes those still being written (on a signal).
public final class ReportOutput {
    /// Why a report could not be written.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The path written to (`-` for standard output).
        public let path: String
        /// The system's reason (`No space left on device`).
        public let reason: String

        public var description: String { "cannot write the report to '\(path)': \(reason)" }
    }

    private enum Destination {
        case memory
        case descriptor(Int32, path: String, closes: Bool)
    }

    /// The temporary files being written, by every output, for ``removeTemporaryFiles()``.
    private static let pending = PendingFiles()

    /// The temporary file this output writes, renamed to ``renameTarget`` by ``finish()``.
    private var temporaryPath: String?

    /// The file ``finish()`` renames the temporary file to: the path, or the file its
    /// symbolic link names.
    private var renameTarget: String?

    private static let chunkSize = 1 << 16

    private let destination: Destination
    /// The bytes not yet handed to the destination. A report writes it in many small
    /// pieces from one thread, and no write reenters another, so it is not checked for
    /// overlapping access at run time (which cost more than the copying).
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    private var failure: Failure?

    private init(destination: Destination) {
        self.destination = destination
        buffer.reserveCapacity(Self.chunkSize)
    }

    deinit {
        if case .descriptor(let descriptor, _, true) = destination { close(descriptor) }
        if let temporaryPath {
            unlink(temporaryPath)
            Self.pending.remove(temporaryPath)
        }
    }

    /// Removes every temporary report file still being written, so an interrupted run
    /// leaves its targets as they were. Safe to call from any thread.
    public static func removeTemporaryFiles() {
        pending.removeAll()
    }

    /// An output to standard output.
    public static func standardOutput() -> ReportOutput {
        ReportOutput(destination: .descriptor(STDOUT_FILENO, path: "-", closes: false))
    }

    /// An output to the file at `path` (its folder created): written to a temporary file
    /// beside it, `.<name>.<random>.tmp`, that ``finish()`` renames to `path`.
    ///
    /// A path that is not a regular file (`/dev/null`, a named pipe, a terminal) is written
    /// to directly: renaming over it would replace the device or pipe with a file. A
    /// symbolic link is followed, so the link stays and its target gets the report.
    public static func file(atPath path: String) throws(Failure) -> ReportOutput {
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                throw Failure(path: path, reason: String(cString: strerror(EISDIR)))
            case S_IFREG:
                break
            default:
                return try special(atPath: path)
            }
        }
        let target = resolvedLink(path) ?? path
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: path, reason: error.localizedDescription)
        }
        guard let file = UniqueFile.create(in: folder, prefix: ".\(url.lastPathComponent).", suffix: ".tmp") else {
            throw Failure(path: path, reason: String(cString: strerror(errno)))
        }
        let (descriptor, temporary) = file
        pending.insert(temporary)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        // mkstemp makes the file private (0600); a report gets the mode a new file would.
        let mask = umask(0o022)
        umask(mask)
        _ = fchmod(descriptor, 0o666 & ~mask)
        let output = ReportOutput(destination: .descriptor(descriptor, path: path, closes: true))
        output.temporaryPath = temporary
        output.renameTarget = target
        return output
    }

    /// An output written straight to a device, named pipe or socket at `path`.
    private static func special(atPath path: String) throws(Failure) -> ReportOutput {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        return ReportOutput(destination: .descriptor(descriptor, path: path, closes: true))
    }

    /// The file a symbolic link at `path` finally names (`nil` if `path` is not a link).
    private static func resolvedLink(_ path: String) -> String? {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK,
              let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What `write` writes, as text: for reporters that write as they go, to render.
    public static func collecting(_ write: (ReportOutput) throws -> Void) rethrows -> String {
        let output = ReportOutput(destination: .memory)
        try write(output)
        return String(decoding: output.buffer, as: UTF8.self)
    }

    /// Writes UTF-8 text.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    /// Writes an ASCII or UTF-8 literal.
    public func write(_ text: StaticString) {
        text.withUTF8Buffer { write($0) }
    }

    /// Writes one byte.
    public func write(byte: UInt8) {
        buffer.append(byte)
        if buffer.count >= Self.chunkSize { drain() }
    }

    /// Writes bytes.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.chunkSize { drain() }
    }

    /// Writes what is buffered and reports the first failure, if any write failed; a file
    /// report is then renamed over its target (on a failure the target is left as it was).
    public func finish() throws(Failure) {
        drain()
        if let failure { throw failure }
        guard let temporaryPath, case .descriptor(_, let path, _) = destination else { return }
        guard Self.pending.rename(temporaryPath, to: renameTarget ?? path) else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            Self.pending.remove(temporaryPath)
            self.temporaryPath = nil
            throw Failure(path: path, reason: reason)
        }
        self.temporaryPath = nil
    }

    /// Hands the buffer to the file (nothing for memory).
    private func drain() {
        guard case .descriptor(let descriptor, let path, _) = destination else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil else { return }
        if let reason = buffer.withUnsafeBytes({ writeAll($0, to: descriptor) }) {
            failure = Failure(path: path, reason: reason)
        }
    }
}

/// Writes every byte to `descriptor`; returns the system's reason if it cannot.
private func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> String? {
    var written = 0
    while written < bytes.count, let base = bytes.baseAddress {
        let result = write(descriptor, base + written, bytes.count - written)
        if result < 0 && errno == EINTR { continue }
        guard result > 0 else { return result < 0 ? String(cString: strerror(errno)) : "nothing was written" }
        written += result
    }
    return nil
}

/// The temporary report files being written, behind a lock: a signal's handler removes them
/// on another thread while the reports are written.
private final class PendingFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: Set<String> = []
    /// Set once the files were removed for a signal: no report is renamed into place after.
    private var cancelled = false

    func insert(_ path: String) {
        lock.withLock { _ = paths.insert(path) }
    }

    func remove(_ path: String) {
        lock.withLock { _ = paths.remove(path) }
    }

    /// Renames `path` to `target` unless the run was cancelled; `false` (errno set) if not renamed.
    func rename(_ path: String, to target: String) -> Bool {
        lock.withLock {
            guard !cancelled else {
                errno = EINTR
                return false
            }
            guard renameFile(path, target) == 0 else { return false }
            paths.remove(path)
            return true
        }
    }

    func removeAll() {
        lock.withLock {
            cancelled = true
            for path in paths { unlink(path) }
            paths.removeAll()
        }
    }
}

/// `rename(2)`, outside any type whose own `rename` would hide it.
private func renameFile(_ source: String, _ target: String) -> Int32 {
    rename(source, target)
}
