/// The short strings a reader's JSON texts repeat, each built once: FHIR resources repeat
/// their keys, code systems, codes, units and references line after line, and building a
/// string (validating its bytes, allocating storage past 15 bytes) cost more than finding
/// it again.
///
/// A table of ``slotCount`` slots, each holding the last string whose bytes hashed to it
/// (a string that collides replaces the one there); a string is returned only when its
/// bytes equal the slot's. Strings longer than ``maximumLength`` are built each time. One
/// reader uses a table at a time: it is not `Sendable`.
final class JSONStringTable {
    /// Strings up to this many bytes are kept.
    static let maximumLength = 48
    /// The number of slots, a power of two.
    static let slotCount = 4096

    /// Each slot's bytes, ``maximumLength`` apart.
    private let slotBytes: UnsafeMutablePointer<UInt8>
    /// Each slot's byte count; -1 for an empty slot.
    private var lengths: [Int]
    private var strings: [String]

    init() {
        slotBytes = .allocate(capacity: Self.slotCount * Self.maximumLength)
        lengths = Array(repeating: -1, count: Self.slotCount)
        strings = Array(repeating: "", count: Self.slotCount)
    }

    deinit {
        slotBytes.deallocate()
    }

    /// The string of `bytes`, valid UTF-8.
    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count <= Self.maximumLength, let base = bytes.baseAddress else { return String(decoding: bytes, as: UTF8.self) }
        // FNV-1a, its top bits picking the slot.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let slot = Int(truncatingIfNeeded: hash >> 52) & (Self.slotCount - 1)
        let stored = slotBytes + slot * Self.maximumLength
        if lengths[slot] == bytes.count {
            var offset = 0
            while offset < bytes.count, stored[offset] == base[offset] { offset += 1 }
            if offset == bytes.count { return strings[slot] }
        }
        let string = String(decoding: bytes, as: UTF8.self)
        stored.update(from: base, count: bytes.count)
        lengths[slot] = bytes.count
        strings[slot] = string
        return string
    }
}
