#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private temporary folder for this fuzzing process: readers take paths, so each input
/// is written to a file (or a folder of files) there, and replaced by the next input.
final class FuzzScratch {
    static let shared = FuzzScratch()

    private let root: String
    private var folderFiles: [String] = []

    private init() {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/trialcheck-fuzz-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else {
            fputs("cannot make a temporary folder in \(base)\n", stderr)
            exit(2)
        }
        root = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        mkdir("\(root)/folder", 0o700)
    }

    /// Writes `bytes` to the file `name` in the scratch folder and returns its path.
    func write(_ bytes: [UInt8], to name: String) -> String {
        let path = "\(root)/\(name)"
        Self.store(bytes, at: path)
        return path
    }

    /// A folder holding exactly `files` (name to bytes), and its path.
    func folder(holding files: [String: [UInt8]]) -> String {
        let path = "\(root)/folder"
        for name in folderFiles { unlink("\(path)/\(name)") }
        folderFiles = Array(files.keys)
        for (name, bytes) in files { Self.store(bytes, at: "\(path)/\(name)") }
        return path
    }

    private static func store(_ bytes: [UInt8], at path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else {
            fputs("cannot write \(path)\n", stderr)
            exit(2)
        }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            written += count
        }
        close(descriptor)
    }
}
