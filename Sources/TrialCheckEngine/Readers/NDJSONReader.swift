import TrialCheckCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads NDJSON as a stream: one record per line, in constant memory. A line that does
/// not parse is rejected alone (with its line and column) and the stream goes on; a
/// blank line is skipped.
///
/// The work is linear in the input: each byte is searched for a line feed once, however
/// many blocks a long line spans. A line longer than the decoder's
/// ``PatientRecordDecoder/maxRecordBytes`` is rejected (located by its line) and skipped
/// as it is read, never held whole.
final class NDJSONReader: FormatReader {
    private let source: ByteSource
    private let decoder: PatientRecordDecoder
    private var lineBuffer: [UInt8] = []
    private var lineStart = 0
    /// Where the search for the next line feed resumes: the bytes of the current line
    /// before it hold none.
    private var searchStart = 0
    /// The line being skipped, too long to read: its number and the bytes passed over.
    private var skipping: (line: Int, bytes: Int)?
    private var nextLineNumber = 1
    /// The bytes searched for line feeds so far: at most the bytes read, each searched once.
    private(set) var bytesSearched = 0

    init(source: ByteSource, decoder: PatientRecordDecoder) {
        self.source = source
        self.decoder = decoder
    }

    var sha256: String { source.sha256 }
    var declaredProtocol: String? { nil }
    var recordDecoder: PatientRecordDecoder { decoder }

    func next() throws(InputError) -> ReadItem? {
        try nextRaw().map { $0.decode(with: decoder) }
    }

    func nextRaw() throws(InputError) -> RawRecord? {
        while true {
            if let newline = nextLineFeed() {
                let length = newline - lineStart
                let start = lineStart
                lineStart = newline + 1
                searchStart = lineStart
                if let skipped = skipping {
                    skipping = nil
                    return tooLong(line: skipped.line, bytes: skipped.bytes + length)
                }
                if length > decoder.maxRecordBytes {
                    let number = nextLineNumber
                    nextLineNumber += 1
                    return tooLong(line: number, bytes: length)
                }
                if let raw = rawLine(Array(lineBuffer[start..<newline])) { return raw }
                continue
            }
            let pending = lineBuffer.count - lineStart
            if skipping != nil || pending > decoder.maxRecordBytes {
                // Too long to read: count the bytes and drop them.
                if skipping == nil {
                    skipping = (nextLineNumber, 0)
                    nextLineNumber += 1
                }
                skipping?.bytes += pending
                lineBuffer.removeAll(keepingCapacity: true)
            } else {
                lineBuffer.removeSubrange(..<lineStart)
            }
            lineStart = 0
            searchStart = lineBuffer.count
            if let block = try source.next() {
                lineBuffer.append(contentsOf: block)
                continue
            }
            if let skipped = skipping {
                skipping = nil
                return tooLong(line: skipped.line, bytes: skipped.bytes)
            }
            guard !lineBuffer.isEmpty else { return nil }
            let line = lineBuffer
            lineBuffer = []
            searchStart = 0
            return rawLine(line)
        }
    }

    /// The index of the next line feed in the buffer, searching from ``searchStart``.
    private func nextLineFeed() -> Int? {
        let from = max(lineStart, searchStart)
        return lineBuffer.withUnsafeBufferPointer { buffer in
            guard from < buffer.count, let base = buffer.baseAddress,
                  let found = memchr(base + from, 0x0A, buffer.count - from)
            else {
                bytesSearched += max(0, buffer.count - from)
                return nil
            }
            let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            bytesSearched += newline - from + 1
            return newline
        }
    }

    /// One line as a raw record; `nil` for a blank line.
    private func rawLine(_ line: [UInt8]) -> RawRecord? {
        let number = nextLineNumber
        nextLineNumber += 1
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        return .jsonLine(line, line: number)
    }

    /// The rejection of line `line`, `bytes` long, past the limit.
    private func tooLong(line: Int, bytes: Int) -> RawRecord {
        let limit = decoder.maxRecordBytes
        return .decoded(.rejected(RecordRejection(
            location: SourceLocation(file: decoder.file, line: line),
            reason: "the record is \(bytes) bytes long, more than the limit of \(limit) bytes (--max-record-bytes)"
        )))
    }
}
