import Foundation

/// Where a reporter writes: a file or standard output, in chunks of 64 KiB, or memory.
///
/// A report written to a file is never held whole in memory. Writes do not throw: the first
/// failure is kept, later writes are dropped, and ``finish()`` reports it (as a C stream's
/// error flag works), so reporters write without a `try` on every fragment.
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

    private static let chunkSize = 1 << 16

    private let destination: Destination
    private var buffer: [UInt8] = []
    private var failure: Failure?

    private init(destination: Destination) {
        self.destination = destination
        buffer.reserveCapacity(Self.chunkSize)
    }

    deinit {
        if case .descriptor(let descriptor, _, true) = destination { close(descriptor) }
    }

    /// An output to standard output.
    public static func standardOutput() -> ReportOutput {
        ReportOutput(destination: .descriptor(STDOUT_FILENO, path: "-", closes: false))
    }

    /// An output to the file at `path`, created (with its folder) or truncated.
    public static func file(atPath path: String) throws(Failure) -> ReportOutput {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: path, reason: error.localizedDescription)
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        return ReportOutput(destination: .descriptor(descriptor, path: path, closes: true))
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

    /// Writes what is buffered and reports the first failure, if any write failed.
    public func finish() throws(Failure) {
        drain()
        if let failure { throw failure }
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
