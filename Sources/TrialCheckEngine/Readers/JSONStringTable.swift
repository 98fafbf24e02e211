/// The short strings a reader's JSON texts repeat, each built once: FHIR resources repeat
/// their keys, code systems, codes, units and references line after line, and building a
/// string (validating its bytes, allocating storage past 15 bytes, freeing it) cost more
/// than finding it again.
///
/// A table of ``slotCount`` slots, each holding the last string whose bytes hashed to it
/// (a string that collides replaces the one there); a string is returned only when its
/// bytes equal the slot's. Strings longer than ``maximumLength`` are built each time. The
/// slots are kept in raw storage: an array property of a class is checked for exclusive
/// access at every read, which cost as much as the look-up. One reader uses a table at a
/// time: it is not `Sendable`.
final class JSONStringTable {
    /// Strings up to this many bytes are kept (a multiple of 8).
    static let maximumLength = 48
    /// The number of slots, a power of two.
    static let slotCount = 4096

    /// Each slot's bytes, ``maximumLength`` apart, zero past the string's end.
    private let slotBytes: UnsafeMutablePointer<UInt64>
    /// Each slot's byte count; -1 for an empty slot.
    private let lengths: UnsafeMutablePointer<Int>
    private let strings: UnsafeMutablePointer<String>

    init() {
        slotBytes = .allocate(capacity: Self.slotCount * Self.maximumLength / 8)
        slotBytes.initialize(repeating: 0, count: Self.slotCount * Self.maximumLength / 8)
        lengths = .allocate(capacity: Self.slotCount)
        lengths.initialize(repeating: -1, count: Self.slotCount)
        strings = .allocate(capacity: Self.slotCount)
        strings.initialize(repeating: "", count: Self.slotCount)
    }

    deinit {
        slotBytes.deallocate()
        lengths.deallocate()
        strings.deinitialize(count: Self.slotCount)
        strings.deallocate()
    }

    /// The string of `bytes`, valid UTF-8.
    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let count = bytes.count
        guard count <= Self.maximumLength, let base = bytes.baseAddress else { return String(decoding: bytes, as: UTF8.self) }
        // The bytes as words, the last one zero-padded; hashed word by word.
        var words = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        withUnsafeMutableBytes(of: &words) { raw in
            raw.baseAddress?.copyMemory(from: base, byteCount: count)
            let wordCount = (count + 7) / 8
            for index in 0..<wordCount {
                hash = (hash ^ raw.load(fromByteOffset: index * 8, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            }
        }
        let slot = Int(truncatingIfNeeded: hash >> 52) & (Self.slotCount - 1)
        let stored = slotBytes + slot * (Self.maximumLength / 8)
        let wordCount = (count + 7) / 8
        if lengths[slot] == count {
            let same = withUnsafeBytes(of: &words) { raw in
                (0..<wordCount).allSatisfy { stored[$0] == raw.load(fromByteOffset: $0 * 8, as: UInt64.self) }
            }
            if same { return strings[slot] }
        }
        let string = String(decoding: bytes, as: UTF8.self)
        withUnsafeBytes(of: &words) { raw in
            for index in 0..<wordCount { stored[index] = raw.load(fromByteOffset: index * 8, as: UInt64.self) }
        }
        lengths[slot] = count
        strings[slot] = string
        return string
    }
}
