import TrialCheckCore

/// The patient ids an audit has seen and where each was first read: the one thing an audit
/// holds for every patient, so it is kept compactly and exactly.
///
/// Each id is written once into an append-only byte arena (its UTF-8 length and bytes, then
/// the index of its file and its line, as variable-length integers: about the id's length
/// plus 5 bytes), and found through an open-addressing table of 8-byte slots (a tag of the
/// hash and the entry's place in the arena), kept at most three-quarters full. For ids of 9
/// characters that is 14 bytes of arena and 11-21 bytes of table per patient, with no
/// per-id allocation. Ids are compared byte for byte, so a hash collision never makes two
/// ids one.
struct SeenIDs {
    private var arena = IDArena()
    /// Open-addressing slots: 0 is empty; otherwise the hash's top 24 bits over the entry's
    /// arena reference plus one (40 bits).
    private var slots = [UInt64](repeating: 0, count: 1024)
    private var count = 0
    private var files: [String] = []
    private var fileIndices: [String: Int] = [:]

    private static let referenceBits: UInt64 = 40
    private static let referenceMask: UInt64 = (1 << referenceBits) - 1

    /// Records `id` as read at `location`; returns where it was first read if it was seen before.
    mutating func insert(_ id: String, at location: SourceLocation) -> SourceLocation? {
        var id = id
        return id.withUTF8 { bytes in insert(bytes, at: location) }
    }

    private mutating func insert(_ id: UnsafeBufferPointer<UInt8>, at location: SourceLocation) -> SourceLocation? {
        let hash = Self.hash(id)
        let tag = hash & ~Self.referenceMask
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index] != 0 {
            let slot = slots[index]
            if slot & ~Self.referenceMask == tag {
                let first = arena.withEntry(at: slot & Self.referenceMask - 1) { entry in
                    entry.id.elementsEqual(id) ? (file: entry.file, line: entry.line) : nil
                }
                if let first {
                    return SourceLocation(file: files[first.file], line: first.line > 0 ? first.line : nil)
                }
            }
            index = (index + 1) & mask
        }
        let reference = arena.append(id: id, file: fileIndex(of: location.file), line: max(0, location.line ?? 0))
        slots[index] = tag | (reference + 1)
        count += 1
        if count * 4 > slots.count * 3 { grow() }
        return nil
    }

    /// Doubles the table, placing every entry again.
    private mutating func grow() {
        var larger = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = larger.count - 1
        for slot in slots where slot != 0 {
            let hash = arena.withEntry(at: slot & Self.referenceMask - 1) { Self.hash($0.id) }
            var index = Int(truncatingIfNeeded: hash) & mask
            while larger[index] != 0 { index = (index + 1) & mask }
            larger[index] = slot
        }
        slots = larger
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }

    private mutating func fileIndex(of file: String) -> Int {
        // Consecutive records nearly always come from the same file.
        if let last = files.last, last == file { return files.count - 1 }
        if let known = fileIndices[file] { return known }
        files.append(file)
        fileIndices[file] = files.count - 1
        return files.count - 1
    }
}

/// Append-only storage for ``SeenIDs``' entries, in chunks of 1 MiB (so it never copies
/// itself to grow): each entry is its id's length, its bytes, a file index and a line.
private struct IDArena {
    /// One entry, read back.
    struct Entry {
        let id: UnsafeBufferPointer<UInt8>
        let file: Int
        let line: Int
    }

    private static let chunkBits = 20
    private static let chunkSize = 1 << chunkBits
    private var chunks: [[UInt8]] = []

    /// Appends an entry and returns its reference (chunk and offset, below 2^40).
    mutating func append(id: UnsafeBufferPointer<UInt8>, file: Int, line: Int) -> UInt64 {
        let size = id.count + 3 * 10
        if chunks.isEmpty || chunks[chunks.count - 1].count + size > Self.chunkSize {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(max(Self.chunkSize, size))
            chunks.append(chunk)
        }
        let chunkIndex = chunks.count - 1
        let offset = chunks[chunkIndex].count
        chunks[chunkIndex].appendVarint(id.count)
        chunks[chunkIndex].append(contentsOf: id)
        chunks[chunkIndex].appendVarint(file)
        chunks[chunkIndex].appendVarint(line)
        return UInt64(chunkIndex) << UInt64(Self.chunkBits) | UInt64(offset)
    }

    /// Calls `body` with the entry at `reference` (its id valid only during the call).
    func withEntry<Result>(at reference: UInt64, _ body: (Entry) -> Result) -> Result {
        chunks[Int(reference >> UInt64(Self.chunkBits))].withUnsafeBufferPointer { buffer in
            var reader = CompactByteReader(buffer, at: Int(reference & UInt64(Self.chunkSize - 1)))
            // The arena reads back only what it wrote.
            guard let id = try? reader.bytes(reader.varint()), let file = try? reader.varint(), let line = try? reader.varint() else {
                preconditionFailure("SeenIDs: a corrupt entry in the id arena")
            }
            return body(Entry(id: id, file: file, line: line))
        }
    }
}
