/// A small set of attribute keys that can be asked whether it holds a key given as UTF-8
/// bytes, without building a string: what a reader's attribute source compares the keys of
/// a record with when an audit asks which keys no check reads.
public struct KeySet: Sendable, Hashable {
    /// The keys, sorted.
    public let keys: [String]
    /// The keys' UTF-8 bytes, one after another, grouped by length (shortest first).
    private let bytes: [UInt8]
    /// For each length in bytes, where its keys start in ``bytes`` and how many there are:
    /// a key given as bytes is compared only with the keys of its length (an audit asks
    /// once for every key of every event, and most keys differ in length).
    private let groups: [Group]

    /// The keys of one length in ``KeySet/bytes``.
    private struct Group: Sendable, Hashable {
        var start = 0
        var count = 0
    }

    /// The set of `keys`.
    public init(_ keys: some Sequence<String>) {
        self.keys = Set(keys).sorted()
        let byLength = Dictionary(grouping: self.keys.map { Array($0.utf8) }, by: \.count)
        var bytes: [UInt8] = []
        var groups = Array(repeating: Group(), count: (byLength.keys.max() ?? -1) + 1)
        for length in byLength.keys.sorted() {
            let group = byLength[length] ?? []
            groups[length] = Group(start: bytes.count, count: group.count)
            for key in group { bytes += key }
        }
        self.bytes = bytes
        self.groups = groups
    }

    /// Whether the set holds `key`.
    public func contains(_ key: String) -> Bool {
        keys.contains(key)
    }

    /// Whether the set holds the key whose UTF-8 bytes are `utf8`.
    public func contains(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = utf8.count
        guard length < groups.count else { return false }
        let group = groups[length]
        return bytes.withUnsafeBufferPointer { bytes in
            var start = group.start
            for _ in 0..<group.count {
                var offset = 0
                while offset < length, bytes[start + offset] == utf8[offset] { offset += 1 }
                if offset == length { return true }
                start += length
            }
            return false
        }
    }
}
