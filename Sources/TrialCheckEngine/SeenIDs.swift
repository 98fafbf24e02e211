import TrialCheckCore

/// The patient ids an audit has seen and where each was first read: the one thing an audit
/// holds for every patient, so it is kept compactly and exactly.
///
/// Each id is written once into an append-only byte arena (its UTF-8 length and bytes, then
/// the index of its file and its line, as variable-length integers: the id's length plus
/// about 5 bytes) and found through an open-addressing table of 5-byte slots (a 4-byte
/// arena reference and a 1-byte tag of the hash), kept 57-85% full. For ids of 9 characters
/// that is about 14 bytes of arena and 6-9 bytes of table per patient (about 22 MB for a
/// million patients), with no allocation per id. Ids are compared byte for byte, so a hash
/// collision never makes two ids one.
struct SeenIDs {
    private var arena: IDArena
    /// Each slot's arena reference (meaningful where its tag is not 0).
    private var references = [UInt32](repeating: 0, count: 1024)
    /// Each slot's tag: 0 when empty, else the hash's top 7 bits with the high bit set.
    private var tags = [UInt8](repeating: 0, count: 1024)
    private var count = 0
    /// Ids read after the arena's 4 GiB were used (hundreds of millions of ids).
    private var overflow: [String: (file: Int, line: Int)] = [:]
    private var files: [String] = []
    private var fileIndices: [String: Int] = [:]

    /// An empty set. `arenaChunks` bounds the arena (in MiB) for tests of what comes after it.
    init(arenaChunks: Int = 4096) {
        arena = IDArena(maximumChunks: arenaChunks)
    }

    /// Records `id` as read at `location`; returns where it was first read if it was seen before.
    mutating func insert(_ id: String, at location: SourceLocation) -> SourceLocation? {
        var id = id
        let first = id.withUTF8 { bytes in insert(bytes, file: fileIndex(of: location.file), line: max(0, location.line ?? 0)) }
        return first.map { SourceLocation(file: files[$0.file], line: $0.line > 0 ? $0.line : nil) }
    }

    /// Records `id` with two numbers of the caller's own (a CSV patient's first and last
    /// line, say) in place of a location; returns those first recorded with it, if any.
    mutating func insert(_ id: String, numbers first: Int, _ second: Int) -> (Int, Int)? {
        var id = id
        return id.withUTF8 { bytes in insert(bytes, file: max(0, first), line: max(0, second)) }
    }

    private mutating func insert(_ id: UnsafeBufferPointer<UInt8>, file: Int, line: Int) -> (file: Int, line: Int)? {
        let hash = Self.hash(id)
        let tag = Self.tag(hash)
        var slot = Self.slot(hash, capacity: tags.count)
        while tags[slot] != 0 {
            if tags[slot] == tag, let first = arena.first(of: id, at: references[slot]) { return first }
            slot = slot + 1 == tags.count ? 0 : slot + 1
        }
        if !overflow.isEmpty, let first = overflow[String(decoding: id, as: UTF8.self)] { return first }
        guard let reference = arena.append(id: id, file: file, line: line) else {
            overflow[String(decoding: id, as: UTF8.self)] = (file, line)
            return nil
        }
        tags[slot] = tag
        references[slot] = reference
        count += 1
        if count * 20 > tags.count * 17 { grow() }
        return nil
    }

    /// Makes the table half as large again, placing every entry anew.
    private mutating func grow() {
        let capacity = tags.count + tags.count / 2
        var largerTags = [UInt8](repeating: 0, count: capacity)
        var largerReferences = [UInt32](repeating: 0, count: capacity)
        for index in tags.indices where tags[index] != 0 {
            let hash = arena.withID(at: references[index], Self.hash)
            var slot = Self.slot(hash, capacity: capacity)
            while largerTags[slot] != 0 { slot = slot + 1 == capacity ? 0 : slot + 1 }
            largerTags[slot] = tags[index]
            largerReferences[slot] = references[index]
        }
        tags = largerTags
        references = largerReferences
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }

    /// The first slot to probe: the low 32 bits of the hash scaled to the capacity.
    private static func slot(_ hash: UInt64, capacity: Int) -> Int {
        Int(((hash & 0xFFFF_FFFF) &* UInt64(capacity)) >> 32)
    }

    private static func tag(_ hash: UInt64) -> UInt8 {
        UInt8(truncatingIfNeeded: hash >> 57) | 0x80
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
/// A reference is a chunk (high 12 bits) and an offset in it (low 20 bits): 4 GiB in all.
private struct IDArena {
    private static let offsetBits = 20
    private static let chunkSize = 1 << offsetBits
    private let maximumChunks: Int
    private var chunks: [[UInt8]] = []

    /// An empty arena of at most `maximumChunks` chunks (4096 and 4 GiB at most).
    init(maximumChunks: Int = 1 << (32 - offsetBits)) {
        self.maximumChunks = min(maximumChunks, 1 << (32 - Self.offsetBits))
    }

    /// Appends an entry and returns its reference, or `nil` if the arena is full.
    mutating func append(id: UnsafeBufferPointer<UInt8>, file: Int, line: Int) -> UInt32? {
        let size = id.count + 3 * 10
        if chunks.isEmpty || chunks[chunks.count - 1].count + size > Self.chunkSize {
            guard chunks.count < maximumChunks else { return nil }
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
        return UInt32(chunkIndex << Self.offsetBits | offset)
    }

    /// The file index and line of the entry at `reference`, if its id is `id`.
    func first(of id: UnsafeBufferPointer<UInt8>, at reference: UInt32) -> (file: Int, line: Int)? {
        withEntry(at: reference) { reader in
            guard let stored = try? reader.bytes(reader.varint()) else { Self.corrupt() }
            guard stored.elementsEqual(id) else { return nil }
            guard let file = try? reader.varint(), let line = try? reader.varint() else { Self.corrupt() }
            return (file, line)
        }
    }

    /// `body`'s result for the id of the entry at `reference`.
    func withID<Result>(at reference: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withEntry(at: reference) { reader in
            guard let id = try? reader.bytes(reader.varint()) else { Self.corrupt() }
            return body(id)
        }
    }

    private func withEntry<Result>(at reference: UInt32, _ body: (inout CompactByteReader) -> Result) -> Result {
        chunks[Int(reference >> UInt32(Self.offsetBits))].withUnsafeBufferPointer { buffer in
            var reader = CompactByteReader(buffer, at: Int(reference & UInt32(Self.chunkSize - 1)))
            return body(&reader)
        }
    }

    /// The arena reads back only what it wrote: anything else is a bug.
    private static func corrupt() -> Never {
        preconditionFailure("SeenIDs: a corrupt entry in the id arena")
    }
}
