#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads NDJSON as a stream: one record per line, in constant memory. A line that does
/// not parse is rejected alone (with its line and column) and the stream goes on; a
/// blank line is skipped.
final class NDJSONReader: FormatReader {
    private let source: ByteSource
    private let decoder: PatientRecordDecoder
    private var lineBuffer: [UInt8] = []
    private var lineStart = 0
    private var nextLineNumber = 1

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
                let line = Array(lineBuffer[lineStart..<newline])
                lineStart = newline + 1
                if let raw = rawLine(line) { return raw }
                continue
            }
            lineBuffer.removeSubrange(..<lineStart)
            lineStart = 0
            if let block = try source.next() {
                lineBuffer.append(contentsOf: block)
                continue
            }
            guard !lineBuffer.isEmpty else { return nil }
            let line = lineBuffer
            lineBuffer = []
            return rawLine(line)
        }
    }

    /// The index of the next line feed in the buffer, from ``lineStart``.
    private func nextLineFeed() -> Int? {
        lineBuffer.withUnsafeBufferPointer { buffer in
            guard lineStart < buffer.count, let base = buffer.baseAddress,
                  let found = memchr(base + lineStart, 0x0A, buffer.count - lineStart)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// One line as a raw record; `nil` for a blank line.
    private func rawLine(_ line: [UInt8]) -> RawRecord? {
        let number = nextLineNumber
        nextLineNumber += 1
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        return .jsonLine(line, line: number)
    }
}
