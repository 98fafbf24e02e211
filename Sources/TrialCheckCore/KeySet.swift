/// A small set of attribute keys that can be asked whether it holds a key given as UTF-8
/// bytes, without building a string: what a reader's attribute source compares the keys of
/// a record with when an audit asks which keys no check reads.
///
/// Its tables are one shared object, so a copy of the set is one retain: an audit hands a
/// set to every event of every patient.
public struct KeySet: Sendable, Hashable {
    /// The tables of one set, made once.
    private final class Tables: Sendable {
        /// The keys, sorted.
        let keys: [String]
        /// The keys' UTF-8 bytes, one after another, grouped by length (shortest first).
        let bytes: [UInt8]
        /// For each length in bytes, where its keys start in ``bytes`` (`starts`) and how
        /// many there are (`counts`): a key given as bytes is compared only with the keys of
        /// its length (an audit asks once for every key of every event, and most keys
        /// differ in length). Arrays of whole numbers, whose type every program already
        /// has: a table of a type of its own cost the first audit of a process about
        /// 500,000 instructions of type metadata made at run time.
        let starts: [Int]
        let counts: [Int]
        /// Whether every key is ASCII, so that an ASCII key is found by its bytes alone.
        let keysAreASCII: Bool

        init(_ keys: some Sequence<String>) {
            self.keys = Set(keys).sorted()
            let utf8 = self.keys.map { Array($0.utf8) }
            let lengths = (utf8.map { $0.count }.max() ?? -1) + 1
            var bytes: [UInt8] = []
            var starts = Array(repeating: 0, count: lengths)
            var counts = Array(repeating: 0, count: lengths)
            for length in 0..<lengths {
                starts[length] = bytes.count
                for key in utf8 where key.count == length {
                    bytes += key
                    counts[length] += 1
                }
            }
            self.bytes = bytes
            self.starts = starts
            self.counts = counts
            keysAreASCII = bytes.allSatisfy { $0 < 0x80 }
        }
    }

    private let tables: Tables

    /// The set of `keys`.
    public init(_ keys: some Sequence<String>) {
        tables = Tables(keys)
    }

    /// The keys, sorted.
    public var keys: [String] { tables.keys }

    /// Whether the set holds `key`.
    public func contains(_ key: String) -> Bool {
        // Compared as bytes where that is how strings compare: two ASCII strings are equal
        // exactly when their bytes are (a non-ASCII key may be canonically equivalent to
        // an ASCII one, the Kelvin sign to `K`).
        if tables.keysAreASCII, let found = key.utf8.withContiguousStorageIfAvailable({ utf8 -> Bool? in
            utf8.allSatisfy { $0 < 0x80 } ? contains(utf8: utf8) : nil
        }), let found {
            return found
        }
        return tables.keys.contains(key)
    }

    /// Whether the set holds the key whose UTF-8 bytes are `utf8`.
    public func contains(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let tables = tables
        let length = utf8.count
        guard length < tables.counts.count else { return false }
        let count = tables.counts[length]
        return tables.bytes.withUnsafeBufferPointer { bytes in
            var start = tables.starts[length]
            for _ in 0..<count {
                var offset = 0
                while offset < length, bytes[start + offset] == utf8[offset] { offset += 1 }
                if offset == length { return true }
                start += length
            }
            return false
        }
    }

    public static func == (lhs: KeySet, rhs: KeySet) -> Bool {
        lhs.tables === rhs.tables || lhs.keys == rhs.keys
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
    }
}
