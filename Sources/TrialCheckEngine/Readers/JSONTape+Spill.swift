import TrialCheckCore

/// A tape written to a temporary file and read back whole, so a resource read once (in
/// place or parsed) is not read again when its patient is mapped (``FHIRSpilledGrouping``).
extension JSONTape {
    /// Appends the tape to `bytes` (``spilledSize`` bytes, for whoever makes room first):
    /// its texts, then its entries as they lie in memory (the file is this process's own,
    /// read back by ``init(spilled:file:)``).
    func spill(to bytes: inout [UInt8]) {
        bytes.appendVarint(self.bytes.count)
        bytes.append(contentsOf: self.bytes)
        bytes.appendVarint(entries.count)
        entries.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    /// How many bytes ``spill(to:)`` appends.
    var spilledSize: Int {
        [UInt8].varintByteCount(bytes.count) + bytes.count + [UInt8].varintByteCount(entries.count) + entries.count * MemoryLayout<Entry>.stride
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
            // Fewer tests: 0 <= start <= end <= textCount holds exactly when start <= end <=
            // textCount as unsigned numbers (a negative start or end is above any count up to
            // Int32.max, which every nonnegative end is within), and index < next <= count
            // when next - index - 1 < count - index, unsigned.
            let texts = UInt32(min(textCount, Int(Int32.max)))
            var outside = false
            for index in entries.indices {
                let entry = entries[index]
                let start = UInt32(bitPattern: entry.start), end = UInt32(bitPattern: entry.end)
                let keyStart = UInt32(bitPattern: entry.keyStart), keyEnd = UInt32(bitPattern: entry.keyEnd)
                let after = UInt(bitPattern: Int(entry.next) &- index &- 1)
                outside = outside || (start > end) || (end > texts) || (keyStart > keyEnd) || (keyEnd > texts)
                    || (after >= UInt(entries.count &- index))
            }
            return !outside
        }
    }
}
