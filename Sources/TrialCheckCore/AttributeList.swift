/// An event's attributes as the keys and values a reader decoded, in the order written:
/// the source for readers that build every value up front (a YAML or JSON document's
/// tree), without the hashing a dictionary of a handful of keys costs to build and read.
///
/// A key is found by comparing it with each written key in turn; events hold few keys,
/// so that is cheaper than hashing it. Should a key be written twice, the last value
/// counts, as it would in a dictionary built in the same order.
public struct AttributeList: EventAttributeSource {
    private let pairs: [(key: String, value: Value)]

    /// The attributes `pairs`, in the order written.
    public init(_ pairs: [(key: String, value: Value)]) {
        self.pairs = pairs
    }

    public func value(forKey key: String) -> Value? {
        pairs.last { $0.key == key }?.value
    }

    public var allAttributes: [String: Value] {
        Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }

    public func keys(outside known: KeySet) -> [String] {
        // Usually every key is known: then nothing is allocated.
        var unknown: [String] = []
        for pair in pairs where !known.contains(pair.key) {
            unknown.append(pair.key)
        }
        guard unknown.count > 1 else { return unknown }
        unknown.sort()
        var keys: [String] = []
        for key in unknown where keys.last != key {
            keys.append(key)
        }
        return keys
    }
}
