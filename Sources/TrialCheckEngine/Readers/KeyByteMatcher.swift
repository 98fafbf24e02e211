import TrialCheckCore

/// Tells which of a fixed set of keys the bytes of a JSON key spell, built once from the
/// keys' own spelling (the model's key table), so a byte reader names no key itself.
///
/// The keys are held by length in flat arrays: a lookup compares bytes only with the keys
/// of the same length, as a switch on the length would.
struct KeyByteMatcher<Key: Sendable>: Sendable {
    /// The spelling of every key, one after the other, shortest first.
    private let spelling: [UInt8]
    /// The keys, in the order of ``spelling``, with where each one's bytes start there.
    private let keys: [(key: Key, start: Int)]
    /// For each length, the first of ``keys`` of that length; one more entry than lengths.
    private let firstOfLength: [Int]

    /// A matcher of `keys`, each spelled by its text.
    init(_ keys: [(text: String, key: Key)]) {
        let sorted = keys.map { (bytes: Array($0.text.utf8), key: $0.key) }.sorted { $0.bytes.count < $1.bytes.count }
        var spelling: [UInt8] = []
        var entries: [(key: Key, start: Int)] = []
        var firstOfLength = [0]
        for entry in sorted {
            while firstOfLength.count <= entry.bytes.count { firstOfLength.append(entries.count) }
            entries.append((entry.key, spelling.count))
            spelling += entry.bytes
        }
        firstOfLength.append(entries.count)
        self.spelling = spelling
        self.keys = entries
        self.firstOfLength = firstOfLength
    }

    /// The key the bytes in `range` spell, or `nil` for any other key.
    func key(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Key? {
        let length = range.count
        guard length + 1 < firstOfLength.count else { return nil }
        var candidate = firstOfLength[length]
        let end = firstOfLength[length + 1]
        while candidate < end {
            let start = keys[candidate].start
            var offset = 0
            while offset < length, bytes[range.lowerBound + offset] == spelling[start + offset] { offset += 1 }
            if offset == length { return keys[candidate].key }
            candidate += 1
        }
        return nil
    }

    /// The key `text` spells, or `nil` for any other key: the switch a raw-value
    /// initializer makes compares the text with every case in turn.
    func key(_ text: String) -> Key? {
        var text = text
        return text.withUTF8 { key($0, 0..<$0.count) }
    }
}

extension KeyByteMatcher where Key: CaseIterable & RawRepresentable, Key.RawValue == String {
    /// A matcher of every case of a key table, each spelled by its raw value.
    init(_ table: Key.Type) {
        self.init(Key.allCases.map { (text: $0.rawValue, key: $0) })
    }
}
