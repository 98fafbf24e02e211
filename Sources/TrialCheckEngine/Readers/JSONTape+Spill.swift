import TrialCheckCore

/// A tape written to a temporary file and read back whole, so a resource read once (in
/// place or parsed) is not read again when its patient is mapped (``FHIRSpilledGrouping``).
extension JSONTape {
    /// Appends the tape to `bytes`: its texts, then its entries as they lie in memory
    /// (the file is this process's own, read back by ``init(spilled:file:)``).
    func spill(to bytes: inout [UInt8]) {
        // Room for it all at once (two counts of up to ten bytes each): no copy as it grows.
        bytes.reserveCapacity(bytes.count + 20 + self.bytes.count + entries.count * MemoryLayout<Entry>.stride)
        bytes.appendVarint(self.bytes.count)
        bytes.append(contentsOf: self.bytes)
        bytes.appendVarint(entries.count)
        entries.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    /// The tape `reader` is at (what ``spill(to:)`` wrote), positioned in `file`; `nil` if
    /// the bytes are not a tape: every entry is checked to stay within the tape.
    convenience init?(spilled reader: inout CompactByteReader, file: String?) {
        let stride = MemoryLayout<Entry>.stride
        guard let count = try? reader.varint(), let texts = try? reader.bytes(count),
              let entryCount = try? reader.varint(), entryCount > 0, entryCount <= Int.max / stride,
              let raw = try? reader.bytes(entryCount * stride) else { return nil }
        // Each kind's byte is checked before the entries are read as entries.
        let kindOffset = MemoryLayout<Entry>.offset(of: \Entry.kind) ?? 0
        for index in 0..<entryCount where Kind(rawValue: raw[index * stride + kindOffset]) == nil { return nil }
        let entries = [Entry](unsafeUninitializedCapacity: entryCount) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(raw))
            initialized = entryCount
        }
        guard Self.isWellFormed(entries, textCount: texts.count) else { return nil }
        self.init(bytes: Array(texts), entries: entries, file: file)
    }

    /// Whether every entry's ranges lie in the texts and every value ends after itself,
    /// within the tape: what reading members and elements relies on to stay in the tape.
    private static func isWellFormed(_ entries: [Entry], textCount: Int) -> Bool {
        entries.withUnsafeBufferPointer { entries in
            guard Int(entries[0].next) == entries.count else { return false }
            for index in entries.indices {
                let entry = entries[index]
                guard entry.start >= 0, entry.start <= entry.end, Int(entry.end) <= textCount,
                      entry.keyStart >= 0, entry.keyStart <= entry.keyEnd, Int(entry.keyEnd) <= textCount,
                      Int(entry.next) > index, Int(entry.next) <= entries.count else { return false }
            }
            return true
        }
    }
}
