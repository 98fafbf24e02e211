import Foundation

/// Records appended to numbered buckets, kept in one temporary file (unlinked at once, so
/// it goes when this is released, on an error or if the process is killed) and read back
/// bucket by bucket, in the order appended.
///
/// Each bucket buffers up to a chunk of records in memory, then appends the chunk to the
/// file; a bucket is the list of its chunks. Memory: one chunk per bucket.
final class SpillBuckets {
    private let file: SpillFile
    private let inputName: String
    private let folder: URL
    private let chunkSize: Int
    private var buffers: [[UInt8]]
    private var chunks: [[(offset: Int, length: Int)]]
    private var end = 0

    /// `count` empty buckets in a new file in `folder`.
    /// - Throws: ``InputError/unreadable`` (naming `inputName`) if the file cannot be made.
    init(count: Int, chunkSize: Int, folder: URL, inputName: String) throws(InputError) {
        guard let file = SpillFile(in: folder, prefix: "trialcheck-grouping-") else {
            throw Self.failure(inputName, folder, "cannot create a temporary file")
        }
        self.file = file
        self.inputName = inputName
        self.folder = folder
        self.chunkSize = max(chunkSize, 256)
        buffers = Array(repeating: [], count: count)
        chunks = Array(repeating: [], count: count)
    }

    /// How many buckets there are.
    var count: Int { buffers.count }

    /// Appends one record to `bucket`.
    func append(_ record: [UInt8], to bucket: Int) throws(InputError) {
        try append(to: bucket, size: record.count) { $0.append(contentsOf: record) }
    }

    /// Appends one record to `bucket`, written by `write` straight into the bucket's chunk
    /// after its length (no copy of it made first); `size` is the length `write` writes. A
    /// record of another length is moved behind its own length: `size` saves a copy, it
    /// never decides what is read back.
    func append(to bucket: Int, size: Int, writing write: (inout [UInt8]) -> Void) throws(InputError) {
        if !buffers[bucket].isEmpty, buffers[bucket].count + size + 10 > chunkSize {
            try flush(bucket)
        }
        Self.append(to: &buffers[bucket], size: size, chunkSize: chunkSize, writing: write)
    }

    private static func append(to buffer: inout [UInt8], size: Int, chunkSize: Int, writing write: (inout [UInt8]) -> Void) {
        // Room for the record at once, growing by doubling up to a chunk (as appending grows it).
        let needed = buffer.count + 10 + max(size, 0)
        if buffer.capacity < needed { buffer.reserveCapacity(max(needed, min(chunkSize, 2 * buffer.capacity))) }
        let start = buffer.count
        buffer.appendVarint(size)
        let recordStart = buffer.count
        write(&buffer)
        let written = buffer.count - recordStart
        guard written != size else { return }
        let record = Array(buffer[recordStart...])
        buffer.removeSubrange(start...)
        buffer.appendVarint(written)
        buffer.append(contentsOf: record)
    }

    /// Calls `body` with each record of `bucket`, in the order appended.
    func forEachRecord(in bucket: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Void) throws(InputError) {
        for chunk in chunks[bucket] {
            // Read into bytes not cleared first: the read fills them all, or the chunk is not read.
            var complete = false
            let scratch = [UInt8](unsafeUninitializedCapacity: chunk.length) { buffer, initialized in
                complete = file.read(into: UnsafeMutableRawBufferPointer(buffer), at: chunk.offset) == chunk.length
                initialized = complete ? chunk.length : 0
            }
            guard complete else { throw Self.failure(inputName, folder, "cannot read back a temporary file") }
            try walk(scratch, body)
        }
        try walk(buffers[bucket], body)
    }

    /// Forgets `bucket`'s records (its chunk buffer is freed; the file's space goes with the file).
    func release(_ bucket: Int) {
        buffers[bucket] = []
        chunks[bucket] = []
    }

    private func walk(_ bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Void) throws(InputError) {
        try bytes.withUnsafeBufferPointer { (buffer: UnsafeBufferPointer<UInt8>) throws(InputError) in
            var reader = CompactByteReader(buffer)
            while reader.position < buffer.count {
                let record: UnsafeBufferPointer<UInt8>
                do throws(CompactByteReader.Malformed) {
                    record = try reader.bytes(try reader.varint())
                } catch {
                    throw Self.failure(inputName, folder, "a damaged temporary file")
                }
                try body(record)
            }
        }
    }

    private func flush(_ bucket: Int) throws(InputError) {
        let length = buffers[bucket].count
        let written = buffers[bucket].withUnsafeBytes { file.write($0, at: end) }
        guard written else { throw Self.failure(inputName, folder, "cannot write a temporary file (\(String(cString: strerror(errno))))") }
        chunks[bucket].append((end, length))
        end += length
        buffers[bucket].removeAll(keepingCapacity: true)
    }

    private static func failure(_ inputName: String, _ folder: URL, _ what: String) -> InputError {
        .unreadable(path: inputName, reason: "\(what) in \(folder.path) to group the records by patient (set TMPDIR to a folder with room)")
    }
}
