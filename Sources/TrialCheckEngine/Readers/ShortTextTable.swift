/// The short texts (up to 15 bytes) a scanner has made lately, found again by their bytes:
/// a data file writes the same keys, codes, units and dates over and over, and a text
/// found here is neither validated, copied nor typed again.
///
/// A text is looked up by its ``ShortTextBytes`` (its bytes and length in two words), in a
/// slot chosen by a hash of them; a slot holds the last text that hashed to it. Equal words
/// are equal bytes, so a text found is exactly the text its bytes would make.
struct ShortTextTable {
    /// One text and its kind as a plain scalar, with the words it was made from.
    private struct Slot {
        var bytes: ShortTextBytes
        var text: String
        var kind: YAMLSyntaxParser.PlainKind
    }

    /// How many slots the table has: a power of two, about 40 KB of slots.
    private static let slotBits = 10
    private static var slotCount: Int { 1 << slotBits }

    /// The slots, owned by ``withTable(_:)``: the table is passed around without counting
    /// references.
    private let slots: UnsafeMutablePointer<Slot>

    private init(slots: UnsafeMutablePointer<Slot>) {
        self.slots = slots
    }

    /// Calls `body` with an empty table, which lives until `body` returns.
    static func withTable<Result>(_ body: (ShortTextTable) -> Result) -> Result {
        let slots = UnsafeMutablePointer<Slot>.allocate(capacity: slotCount)
        // Length 0 in every slot: no text's words (length 1 to 15) match an empty slot.
        slots.initialize(repeating: Slot(bytes: ShortTextBytes(low: 0, high: 0), text: "", kind: .text), count: slotCount)
        defer {
            slots.deinitialize(count: slotCount)
            slots.deallocate()
        }
        return body(ShortTextTable(slots: slots))
    }

    /// The text of `bytes` (whose words are `words`) and its kind as a plain scalar
    /// (``YAMLSyntaxParser/plainKind(utf8:)``): the table's, or made now and kept.
    func text(of bytes: UnsafeBufferPointer<UInt8>, words: ShortTextBytes) -> (text: String, kind: YAMLSyntaxParser.PlainKind) {
        let mixed = (words.low ^ (words.high &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        let slot = slots + Int(truncatingIfNeeded: mixed >> UInt64(64 - Self.slotBits))
        if slot.pointee.bytes == words { return (slot.pointee.text, slot.pointee.kind) }
        let text = String(decoding: bytes, as: UTF8.self)
        let kind = YAMLSyntaxParser.plainKind(utf8: bytes)
        slot.pointee = Slot(bytes: words, text: text, kind: kind)
        return (text, kind)
    }
}

/// A text of 1 to 15 bytes as two words: its first eight bytes (`low`, the first byte
/// lowest), then the rest with its length in the top byte (`high`); bytes past the end are
/// zero. Two texts have equal words exactly when they have equal bytes.
struct ShortTextBytes: Equatable {
    /// The longest text the words hold.
    static let maximumLength = 15

    var low: UInt64
    var high: UInt64

    init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// The words of `bytes[start..<start + length]`, or `nil` when that is empty or longer
    /// than ``maximumLength``. Read a word at a time where `bytes` hold 16 bytes from
    /// `start`, else a byte at a time.
    @inline(__always)
    init?(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, length: Int) {
        guard length >= 1, length <= Self.maximumLength else { return nil }
        guard start + 16 <= bytes.count, let address = bytes.baseAddress else {
            low = 0
            high = UInt64(length) << 56
            for index in 0..<length {
                let byte = UInt64(bytes[start + index])
                if index < 8 {
                    low |= byte << UInt64(8 * index)
                } else {
                    high |= byte << UInt64(8 * (index - 8))
                }
            }
            return
        }
        let base = UnsafeRawPointer(address + start)
        let first = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
        let second = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if length < 8 {
            low = first & ((1 << UInt64(8 * length)) - 1)
            high = 0
        } else {
            low = first
            high = second & ((1 << UInt64(8 * (length - 8))) - 1)
        }
        high |= UInt64(length) << 56
    }

    /// The text's ``KeyFingerprint`` (its length and first seven bytes), from the words.
    var keyFingerprint: UInt64 {
        (high & 0xFF00_0000_0000_0000) | (low & 0x00FF_FFFF_FFFF_FFFF)
    }
}
