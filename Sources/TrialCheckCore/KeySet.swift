/// A small set of attribute keys that can be asked whether it holds a key given as UTF-8
/// bytes, without building a string: what a reader's attribute source compares the keys of
/// a record with when an audit asks which keys no check reads.
public struct KeySet: Sendable, Hashable {
    /// The keys, sorted.
    public let keys: [String]
    /// Each key's UTF-8 bytes, in the same order.
    private let bytes: [[UInt8]]

    /// The set of `keys`.
    public init(_ keys: some Sequence<String>) {
        self.keys = Set(keys).sorted()
        bytes = self.keys.map { Array($0.utf8) }
    }

    /// Whether the set holds `key`.
    public func contains(_ key: String) -> Bool {
        keys.contains(key)
    }

    /// Whether the set holds the key whose UTF-8 bytes are `utf8`.
    public func contains(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        for key in bytes where key.count == utf8.count {
            if key.withUnsafeBufferPointer({ $0.elementsEqual(utf8) }) { return true }
        }
        return false
    }
}
