/// Where the next quote and the next carriage return lie in a block of CSV (its count when
/// there is none): a row that ends (its line feed) before both holds plain fields only,
/// split at its separators. Each is searched for again (`memchr`) only once the reading has
/// passed it, so a block is searched twice in all, however its rows fall.
struct CSVSpecialBytes {
    private var quote = -1
    private var carriageReturn = -1

    /// Forgets what was found: the reading moved to another block.
    mutating func reset() {
        quote = -1
        carriageReturn = -1
    }

    /// The first quote or carriage return at or after `start` in `bytes`.
    private mutating func first(from start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if quote < start { quote = bytes.index(of: UInt8(ascii: "\""), from: start) ?? bytes.count }
        if carriageReturn < start { carriageReturn = bytes.index(of: 0x0D, from: start) ?? bytes.count }
        return min(quote, carriageReturn)
    }

    /// Where the line feed ending the row going on at `start` lies in `bytes`, when the block
    /// holds it and no quote or carriage return comes before it; else `nil`. The line feed
    /// is looked for only up to the next quote or carriage return: at a quoted field (each
    /// field of a fully quoted export) the answer costs no search.
    mutating func plainRowEnd(from start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        bytes.index(of: 0x0A, from: start, before: first(from: start, in: bytes))
    }
}
