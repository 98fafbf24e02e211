#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto

/// Reads an input file (or standard input) in blocks, hashing every byte as it passes, so
/// a stream is read once, in constant memory, and the report can name its SHA-256.
final class ByteSource {
    /// The path as given (`-` for standard input).
    let path: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var hasher = SHA256()
    /// Whether the bytes read are hashed (a look ahead that is read again later is not).
    private let hashes: Bool
    private var block: [UInt8]
    /// Bytes read ahead (by ``peek(_:)``) and not yet handed out.
    private var pending: [UInt8] = []
    private(set) var isExhausted = false
    /// The size in bytes, where known before reading (a regular file, bytes in memory);
    /// `nil` for a pipe.
    let size: Int?

    /// Opens `path`, or standard input for `-`; `hashes: false` for a look ahead whose
    /// bytes are read (and hashed) again later.
    /// - Throws: ``InputError/unreadable`` if the file cannot be opened.
    init(path: String, blockSize: Int = 1 << 16, hashes: Bool = true) throws(InputError) {
        self.path = path
        self.hashes = hashes
        block = [UInt8](repeating: 0, count: blockSize)
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
        } else {
            let opened = open(path, O_RDONLY)
            guard opened >= 0 else {
                throw InputError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            var status = stat()
            if fstat(opened, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                close(opened)
                throw InputError.unreadable(path: path, reason: "it is a directory")
            }
            descriptor = opened
            ownsDescriptor = true
        }
        var status = stat()
        size = fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : nil
    }

    /// A source of bytes already in memory (a file rebuilt from a tagged-line stream),
    /// named `path` in locations and hashed as if read.
    init(bytes: [UInt8], path: String) {
        self.path = path
        hashes = true
        block = []
        descriptor = -1
        ownsDescriptor = false
        pending = bytes
        size = bytes.count
        hasher.update(data: bytes)
        isExhausted = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Up to the first `count` bytes, without consuming them: what one read returns (a
    /// whole block for a file; what is there so far for a pipe, so a slow stream is not
    /// held up waiting for more).
    func peek(_ count: Int) throws(InputError) -> [UInt8] {
        if pending.isEmpty, let more = try readBlock() {
            pending = more
        }
        return Array(pending.prefix(count))
    }

    /// The next block of bytes, or `nil` at the end of input.
    func next() throws(InputError) -> [UInt8]? {
        if !pending.isEmpty {
            defer { pending = [] }
            return pending
        }
        return try readBlock()
    }

    /// Everything left.
    func readAll() throws(InputError) -> [UInt8] {
        var all: [UInt8] = []
        while let more = try next() { all.append(contentsOf: more) }
        return all
    }

    /// The SHA-256 of every byte read so far, in lower-case hex.
    var sha256: String {
        hasher.finalize().lowercaseHex
    }

    private func readBlock() throws(InputError) -> [UInt8]? {
        guard !isExhausted else { return nil }
        while true {
            let count = block.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw InputError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 {
                isExhausted = true
                return nil
            }
            let bytes = Array(block[0..<count])
            if hashes { hasher.update(data: bytes) }
            return bytes
        }
    }
}
