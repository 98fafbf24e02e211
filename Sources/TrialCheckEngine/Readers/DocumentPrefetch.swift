#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A YAML or JSON patient-history document parsed on a thread of its own while the command
/// does other work (it parses its command line and loads its protocol), so that the
/// reader finds the tree ready.
///
/// A YAML or JSON document is read whole before its first patient is judged, so its parse
/// is otherwise the start of every audit of it. The prefetch only reads: the reader still
/// reads and hashes the file itself, and takes the prefetched tree only when the prefetch
/// read exactly the same bytes, as the same kind of document (the parse is a function of
/// the bytes alone). Anything else (another path, a file changed in between, a format the
/// reader decides otherwise) leaves the reader to parse its own bytes, as without a prefetch.
public enum DocumentPrefetch {
    /// The largest file parsed ahead (64 MiB): its bytes are held twice until the reader
    /// has compared them. A larger document is parsed by its reader alone.
    static let largestFile = 64 << 20

    private struct Started: Sendable {
        let path: String
        let format: InputFormat?
        let work: BackgroundWork<Prefetched?>
    }

    private struct Prefetched: Sendable {
        let bytes: [UInt8]
        let isJSON: Bool
        let result: Result<ParsedDocument, SyntaxError>
    }

    /// The prefetch not yet taken: one at a time, the latest started.
    private static let pending = Mutex<Started?>(nil)

    /// Starts parsing the document at `path` on a thread of its own, when it is a regular
    /// file of at most ``largestFile`` bytes that the reader will read as a YAML or JSON
    /// document: read as `format`, or, with no format given, as its extension and first
    /// bytes say (``HistoryReader``'s own detection). Standard input, a pipe, a folder or
    /// a device is never read ahead. Started again for the same path and format, the
    /// prefetch already under way goes on.
    /// - Returns: whether the document is being parsed ahead.
    @discardableResult
    public static func start(path: String, format: InputFormat?) -> Bool {
        guard path != "-", RegularFile.exists(at: path, atMost: largestFile), readsAsDocument(path: path, format: format) else { return false }
        pending.withLock { slot in
            if let started = slot, started.path == path, started.format == format { return }
            let work = BackgroundWork<Prefetched?>(ownThread: true) { read(path: path, format: format) }
            slot = Started(path: path, format: format, work: work)
        }
        return true
    }

    /// The prefetched parse of the document at `path`, when one was started for that path
    /// and read exactly `bytes` as the same kind of document (JSON or YAML); waits for it
    /// to finish. A prefetch is taken once: later calls, and calls for other paths or
    /// other bytes, return `nil`.
    static func take(path: String, bytes: [UInt8], isJSON: Bool) -> Result<ParsedDocument, SyntaxError>? {
        let started = pending.withLock { slot -> Started? in
            guard let started = slot, started.path == path else { return nil }
            slot = nil
            return started
        }
        guard let prefetched = started?.work.take() ?? nil, prefetched.isJSON == isJSON, same(prefetched.bytes, bytes) else { return nil }
        return prefetched.result
    }

    /// Whether `first` and `second` hold the same bytes, compared a word at a time.
    static func same(_ first: [UInt8], _ second: [UInt8]) -> Bool {
        guard first.count == second.count else { return false }
        return first.withUnsafeBytes { first in
            second.withUnsafeBytes { second in
                guard let firstBase = first.baseAddress, let secondBase = second.baseAddress else { return true }
                return memcmp(firstBase, secondBase, first.count) == 0
            }
        }
    }

    /// The kind of document the reader will read the file at `path` as (opened, never a
    /// pipe), or `nil` when it will read it as something else.
    private static func documentKind(source: ByteSource, path: String, format: InputFormat?) -> InputFormat? {
        guard source.size != nil,
            let detected = try? HistoryReader.fileFormat(name: path, given: format, hasMapping: false, source: source, isStandardInput: false),
            detected == .yaml || detected == .json
        else { return nil }
        return detected
    }

    /// Whether the reader will read the file at `path` as a YAML or JSON document: its
    /// extension and first bytes looked at, nothing read past them.
    private static func readsAsDocument(path: String, format: InputFormat?) -> Bool {
        guard let source = try? ByteSource(path: path, hashes: false) else { return false }
        return documentKind(source: source, path: path, format: format) != nil
    }

    private static func read(path: String, format: InputFormat?) -> Prefetched? {
        // Checked again once open: the path may have become a pipe since it was looked at.
        guard let source = try? ByteSource(path: path, hashes: false), let kind = documentKind(source: source, path: path, format: format),
            let bytes = try? source.readAll(), bytes.count <= largestFile
        else { return nil }
        let isJSON = kind == .json
        return Prefetched(bytes: bytes, isJSON: isJSON, result: ParsedDocument.parse(bytes, isJSON: isJSON))
    }
}
