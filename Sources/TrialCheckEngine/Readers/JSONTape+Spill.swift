import TrialCheckCore

/// A tape written to a temporary file and read back whole, so a resource read once (in
/// place or parsed) is not read again when its patient is mapped (``FHIRSpilledGrouping``).
///
/// The entries are written as the differences between neighbours, a few bytes each rather
/// than the 48 an entry takes in memory: a value's text starts just after its key's, its
/// column a little after the previous value's, and nearly all of a line's values lie on that
/// line. What goes to the file and comes back is then about 1.4 times a resource's text,
/// not 3.5 times (the 48-byte entries of a value every 19 bytes of FHIR), and writing and
/// reading it back is what a spilled audit's system time is.
extension JSONTape {
    /// Appends the tape to `bytes`: its texts, then its entries (``SpilledEntry``).
    func spill(to bytes: inout [UInt8]) {
        bytes.appendVarint(self.bytes.count)
        bytes.append(contentsOf: self.bytes)
        bytes.appendVarint(entries.count)
        bytes.appendVarint(entries.first?.line ?? 0)
        let start = bytes.count
        // Room for the longest encoding, written in place, then cut to what was written.
        bytes.append(contentsOf: repeatElement(0, count: entries.count * SpilledEntry.maximumSize))
        let written = bytes.withUnsafeMutableBufferPointer { buffer in
            entries.withUnsafeBufferPointer { entries in
                var writer = SpilledEntry.Writer(buffer: buffer, position: start, line: entries.first?.line ?? 0)
                for index in entries.indices { writer.write(entries[index], at: index) }
                return writer.position
            }
        }
        bytes.removeSubrange(written...)
    }

    /// The tape `reader` is at (what ``spill(to:)`` wrote), positioned in `file`; `nil` if
    /// the bytes are not a tape: every entry is checked to stay within the tape.
    convenience init?(spilled reader: inout CompactByteReader, file: String?) {
        guard let count = try? reader.varint(), let texts = try? reader.bytes(count),
              let entryCount = try? reader.varint(), entryCount > 0, entryCount <= reader.remaining,
              let line = try? reader.varint() else { return nil }
        let encoded = reader.rest
        var end = 0
        var failed = false
        let entries = [Entry](unsafeUninitializedCapacity: entryCount) { buffer, initialized in
            var decoder = SpilledEntry.Reader(bytes: encoded, line: line)
            while initialized < entryCount {
                guard let entry = decoder.read(at: initialized) else {
                    failed = true
                    return
                }
                buffer.initializeElement(at: initialized, to: entry)
                initialized += 1
            }
            end = decoder.position
        }
        guard !failed, Self.isWellFormed(entries, textCount: texts.count), (try? reader.skip(end)) != nil else { return nil }
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

/// How one tape entry is spilled: a flag byte (its kind, whether it has a key and a text,
/// whether its values end at the next entry, whether it is short), then its numbers as their
/// differences from what the entries before make expected: the key's start from where the
/// texts before ended, the value's start from its key's end, a column from the column
/// before, the line from the entry before's.
///
/// Nearly every entry is short: on the line of the one before, its differences each within
/// a byte, written as those bytes (read without a loop). The others are long: every number
/// a zigzag variable-length integer, the lines too.
private enum SpilledEntry {
    /// The longest an entry's encoding can be: the flags, two lines of 10 bytes, seven
    /// 32-bit numbers' differences of 5.
    static let maximumSize = 1 + 2 * 10 + 7 * 5

    static let kindMask: UInt8 = 0x07
    static let hasKey: UInt8 = 0x08
    static let hasText: UInt8 = 0x10
    static let endsNext: UInt8 = 0x20
    static let isShort: UInt8 = 0x40
    /// The flags no entry sets.
    static let unused: UInt8 = 0x80

    /// What the entries before leave expected: the line, where the texts ended, the column.
    struct Expected {
        var line: Int
        var end: Int = 0
        var column: Int = 0
    }

    struct Writer {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var position: Int
        var expected: Expected

        init(buffer: UnsafeMutableBufferPointer<UInt8>, position: Int, line: Int) {
            self.buffer = buffer
            self.position = position
            expected = Expected(line: line)
        }

        mutating func write(_ entry: JSONTape.Entry, at index: Int) {
            // An entry of no key has every key field 0.
            let keyed = entry.keyStart != 0 || entry.keyEnd != 0 || entry.keyColumn != 0 || entry.keyLine != 0
            let texted = entry.start != 0 || entry.end != 0
            // Differences of 32-bit numbers, which never overflow as `Int`.
            let keyStart = Int(entry.keyStart) &- expected.end
            let keyLength = Int(entry.keyEnd) &- Int(entry.keyStart)
            let keyColumn = Int(entry.keyColumn) &- expected.column
            let textEnd = keyed ? Int(entry.keyEnd) : expected.end
            let start = Int(entry.start) &- textEnd
            let length = Int(entry.end) &- Int(entry.start)
            let column = Int(entry.column) &- (keyed ? Int(entry.keyColumn) : expected.column)
            let after = Int(entry.next) &- index &- 1
            var flags = entry.kind.rawValue
            if keyed { flags |= SpilledEntry.hasKey }
            if texted { flags |= SpilledEntry.hasText }
            if after == 0 { flags |= SpilledEntry.endsNext }
            // Each difference within a byte (a negative one is above 255 as unsigned).
            let differences = (keyed ? UInt(bitPattern: keyStart) | UInt(bitPattern: keyLength) | UInt(bitPattern: keyColumn) : 0)
                | (texted ? UInt(bitPattern: start) | UInt(bitPattern: length) : 0) | UInt(bitPattern: column)
            if entry.line == expected.line, !keyed || entry.keyLine == entry.line, after >= 0, differences < 0x100 {
                byte(flags | SpilledEntry.isShort)
                if after != 0 { unsigned(after) }
                let bytes = buffer.baseAddress.unsafelyUnwrapped + position
                var count = 0
                if keyed {
                    bytes[0] = UInt8(truncatingIfNeeded: keyStart)
                    bytes[1] = UInt8(truncatingIfNeeded: keyLength)
                    bytes[2] = UInt8(truncatingIfNeeded: keyColumn)
                    count = 3
                }
                if texted {
                    bytes[count] = UInt8(truncatingIfNeeded: start)
                    bytes[count + 1] = UInt8(truncatingIfNeeded: length)
                    count += 2
                }
                bytes[count] = UInt8(truncatingIfNeeded: column)
                position += count + 1
            } else {
                byte(flags)
                signed(entry.line &- expected.line)
                if after != 0 { signed(after) }
                if keyed {
                    signed(keyStart)
                    signed(keyLength)
                    signed(keyColumn)
                    signed(entry.keyLine &- entry.line)
                }
                if texted {
                    signed(start)
                    signed(length)
                }
                signed(column)
            }
            expected = Expected(line: entry.line, end: texted ? Int(entry.end) : textEnd, column: Int(entry.column))
        }

        private mutating func byte(_ value: UInt8) {
            buffer[position] = value
            position += 1
        }

        /// A difference, zigzagged (small negative numbers stay small).
        private mutating func signed(_ difference: Int) {
            unsigned(Int(bitPattern: UInt(bitPattern: (difference << 1) ^ (difference >> (Int.bitWidth - 1)))))
        }

        /// A variable-length integer: 7 bits a byte, low bits first, at most 10 bytes.
        private mutating func unsigned(_ value: Int) {
            var rest = UInt(bitPattern: value)
            while rest >= 0x80 {
                byte(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            byte(UInt8(truncatingIfNeeded: rest))
        }
    }

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        var expected: Expected

        init(bytes: UnsafeBufferPointer<UInt8>, line: Int) {
            self.bytes = bytes
            expected = Expected(line: line)
        }

        /// The entry at `index`, or `nil` if the bytes end or hold no entry.
        mutating func read(at index: Int) -> JSONTape.Entry? {
            guard position < bytes.count else { return nil }
            let flags = bytes[position]
            position += 1
            guard flags & SpilledEntry.unused == 0, let kind = JSONTape.Kind(rawValue: flags & SpilledEntry.kindMask) else { return nil }
            let keyed = flags & SpilledEntry.hasKey != 0
            let texted = flags & SpilledEntry.hasText != 0
            let short = flags & SpilledEntry.isShort != 0
            var line = expected.line
            if !short {
                guard let difference = signed() else { return nil }
                line = line &+ difference
            }
            var after = 0
            if flags & SpilledEntry.endsNext == 0 {
                guard let read = short ? unsigned() : signed(), read != 0 else { return nil }
                after = read
            }
            var entry = JSONTape.Entry(kind: kind, start: 0, end: 0, next: 0, column: 0, line: line)
            var textEnd = expected.end
            var column = expected.column
            if short {
                let count = (keyed ? 3 : 0) + (texted ? 2 : 0) + 1
                guard count <= bytes.count - position else { return nil }
                let read = bytes.baseAddress.unsafelyUnwrapped + position
                position += count
                // Each sum checked at the end to be a 32-bit number, all in one test.
                var sums: UInt = 0
                var next = 0
                if keyed {
                    let keyStart = textEnd &+ Int(read[0])
                    textEnd = keyStart &+ Int(read[1])
                    column = column &+ Int(read[2])
                    next = 3
                    sums = Self.offset(keyStart) | Self.offset(textEnd) | Self.offset(column)
                    entry.keyStart = Int32(truncatingIfNeeded: keyStart)
                    entry.keyEnd = Int32(truncatingIfNeeded: textEnd)
                    entry.keyColumn = Int32(truncatingIfNeeded: column)
                    entry.keyLine = line
                }
                if texted {
                    let start = textEnd &+ Int(read[next])
                    textEnd = start &+ Int(read[next + 1])
                    next += 2
                    sums |= Self.offset(start) | Self.offset(textEnd)
                    entry.start = Int32(truncatingIfNeeded: start)
                    entry.end = Int32(truncatingIfNeeded: textEnd)
                }
                column = column &+ Int(read[next])
                guard sums >> 32 == 0 else { return nil }
            } else {
                if keyed {
                    guard let keyStart = narrow(textEnd), let keyEnd = narrow(Int(keyStart)), let keyColumn = narrow(column),
                          let keyLine = signed() else { return nil }
                    entry.keyStart = keyStart
                    entry.keyEnd = keyEnd
                    entry.keyColumn = keyColumn
                    entry.keyLine = line &+ keyLine
                    textEnd = Int(keyEnd)
                    column = Int(keyColumn)
                }
                if texted {
                    guard let start = narrow(textEnd), let end = narrow(Int(start)) else { return nil }
                    entry.start = start
                    entry.end = end
                    textEnd = Int(end)
                }
                guard let difference = signed() else { return nil }
                column = column &+ difference
            }
            let (next, overflow) = (index + 1).addingReportingOverflow(after)
            guard !overflow, let entryNext = Int32(exactly: next), let entryColumn = Int32(exactly: column) else { return nil }
            entry.column = entryColumn
            entry.next = entryNext
            expected = Expected(line: line, end: textEnd, column: column)
            return entry
        }

        /// `value` moved up by 2^31: below 2^32 exactly when `value` is a 32-bit number.
        private static func offset(_ value: Int) -> UInt {
            UInt(bitPattern: value &+ 0x8000_0000)
        }

        /// `base` plus the difference next read, if it is a 32-bit number.
        private mutating func narrow(_ base: Int) -> Int32? {
            guard let difference = signed() else { return nil }
            let (sum, overflow) = base.addingReportingOverflow(difference)
            return overflow ? nil : Int32(exactly: sum)
        }

        /// A zigzagged difference, or `nil` if the bytes end or it runs past 10 bytes.
        private mutating func signed() -> Int? {
            guard let value = unsigned() else { return nil }
            let bits = UInt(bitPattern: value)
            return Int(bitPattern: bits >> 1) ^ -Int(bitPattern: bits & 1)
        }

        /// A variable-length integer, or `nil` if the bytes end or it runs past 10 bytes.
        private mutating func unsigned() -> Int? {
            var value: UInt = 0
            var shift: UInt = 0
            while shift < 64, position < bytes.count {
                let next = bytes[position]
                position += 1
                value |= UInt(next & 0x7F) << shift
                if next < 0x80 { return Int(bitPattern: value) }
                shift += 7
            }
            return nil
        }
    }
}
