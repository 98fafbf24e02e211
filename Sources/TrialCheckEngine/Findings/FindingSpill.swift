/// Findings an audit wrote to a ``SpillFile``, in order, and the adjustments (waivers,
/// pseudonyms, a baseline) to apply to each as it is read back.
///
/// The file holds each finding as its length (a varint) and its ``FindingCodec`` bytes.
struct SpilledFindings: Sendable {
    /// The file.
    let file: SpillFile
    /// The bytes of the file that hold findings.
    let length: Int
    /// How many findings it holds.
    let count: Int
    /// What to apply to each finding read, in order.
    var adjustments: [FindingAdjustment] = []
}

/// Writes an audit's findings to a ``SpillFile`` in chunks of 64 KiB.
///
/// If a chunk cannot be written (a full disk), its findings and every later one are handed
/// back to be kept in memory, after those written: the report's order stays the same.
final class FindingSpillWriter {
    private static let chunkSize = 1 << 16

    private let file: SpillFile
    private var buffer: [UInt8] = []
    private var scratch: [UInt8] = []
    private var bufferedCount = 0
    private var length = 0
    private var count = 0
    private var failed = false

    /// A writer to a new temporary file, or `nil` if none can be made.
    init?() {
        guard let file = SpillFile() else { return nil }
        self.file = file
        buffer.reserveCapacity(Self.chunkSize * 2)
    }

    /// Adds `finding`; returns the findings that could not be written, to be kept in memory
    /// (usually none).
    func append(_ finding: AuditReport.Finding) -> [AuditReport.Finding] {
        guard !failed else { return [finding] }
        scratch.removeAll(keepingCapacity: true)
        FindingCodec.encode(finding, into: &scratch)
        buffer.appendVarint(scratch.count)
        buffer.append(contentsOf: scratch)
        bufferedCount += 1
        return buffer.count >= Self.chunkSize ? flush() : []
    }

    /// Writes what is buffered: the findings written, and those left to keep in memory.
    func finish() -> (spilled: SpilledFindings, unwritten: [AuditReport.Finding]) {
        let unwritten = flush()
        return (SpilledFindings(file: file, length: length, count: count), unwritten)
    }

    private func flush() -> [AuditReport.Finding] {
        defer {
            buffer.removeAll(keepingCapacity: true)
            bufferedCount = 0
        }
        guard !buffer.isEmpty else { return [] }
        if buffer.withUnsafeBytes({ file.write($0, at: length) }) {
            length += buffer.count
            count += bufferedCount
            return []
        }
        failed = true
        var reader = SpillReader(bytes: buffer, count: bufferedCount)
        return Array(AnyIterator { reader.next() })
    }
}

/// Reads findings back from a ``SpilledFindings`` file (or a buffer of the same bytes), in
/// chunks of 64 KiB, applying its adjustments.
struct SpillReader {
    private static let chunkSize = 1 << 16

    private let file: SpillFile?
    private let adjustments: [FindingAdjustment]
    /// The file offset of `buffer`'s first byte.
    private var offset = 0
    private let end: Int
    private var buffer: [UInt8]
    private var position = 0
    private var remaining: Int

    /// A reader of `spilled`.
    init(_ spilled: SpilledFindings) {
        file = spilled.file
        adjustments = spilled.adjustments
        end = spilled.length
        buffer = []
        remaining = spilled.count
    }

    /// A reader of `count` findings in `bytes` (written, not yet in a file).
    init(bytes: [UInt8], count: Int) {
        file = nil
        adjustments = []
        end = bytes.count
        buffer = bytes
        remaining = count
    }

    /// The next finding, or `nil` after the last.
    ///
    /// The file is one only this process can reach, read back moments after it was written:
    /// it fails to read back only on a hardware error (or a bug here), which stops the process
    /// as running out of memory would.
    mutating func next() -> AuditReport.Finding? {
        guard remaining > 0 else { return nil }
        ensure(min(10, end - offset - position))
        let record: (Int, Int)? = buffer.withUnsafeBufferPointer { bytes in
            var reader = CompactByteReader(bytes, at: position)
            guard let length = try? reader.varint() else { return nil }
            return (reader.position - position, length)
        }
        guard let (header, length) = record else { preconditionFailure("trialcheck: the findings file is corrupt") }
        ensure(header + length)
        let start = position + header
        let decoded = buffer.withUnsafeBufferPointer { bytes in
            var reader = CompactByteReader(UnsafeBufferPointer(rebasing: bytes[start ..< start + length]))
            return try? FindingCodec.decode(&reader)
        }
        guard var finding = decoded else { preconditionFailure("trialcheck: the findings file is corrupt") }
        position = start + length
        remaining -= 1
        for adjustment in adjustments { adjustment.apply(to: &finding) }
        return finding
    }

    /// Makes sure `count` bytes from `position` are in the buffer, reading more of the file.
    private mutating func ensure(_ count: Int) {
        guard buffer.count - position < count else { return }
        guard let file else { preconditionFailure("trialcheck: the findings buffer ended early") }
        buffer.removeFirst(position)
        offset += position
        position = 0
        let wanted = min(max(Self.chunkSize, count) - buffer.count, end - offset - buffer.count)
        let kept = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: wanted))
        let read = buffer.withUnsafeMutableBytes { bytes in
            file.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[kept...]), at: offset + kept)
        }
        guard let read, read == wanted, buffer.count >= count else {
            preconditionFailure("trialcheck: cannot read back the findings file")
        }
    }
}
