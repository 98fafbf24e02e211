import TrialCheckCore

/// The USUBJID column of a CSV dataset read ahead byte by byte, without building fields,
/// as ``CSVRowReader`` splits the file into rows and fields: a look ahead that tells
/// ``SDTMReader`` whether the datasets come in one subject order.
///
/// It gives up (returns `false`) on whatever it does not follow exactly as the reader of
/// the rows will: a subject with a byte outside printable ASCII, a row with more fields
/// than the header, a quoted field not closed or followed by text. The reader then groups
/// the rows without relying on their order, and reports any error as it always does.
enum SDTMSubjectColumn {
    /// Whether a whole row, or the rest of a row after the subject, is passed at once where
    /// it can be (tests compare with the byte by byte reading).
    @TaskLocal static var passesRowTails = true

    private enum State {
        case rowStart, fieldStart, plain, quoted, quoteSeen
    }

    /// Calls `body` with each data row's subject (the field in column `column`, without
    /// surrounding spaces and tabs; empty when blank or missing), in row order, the header
    /// row (of `columns` fields) skipped; stops when `body` returns `false`. Returns whether
    /// every row was read and accepted.
    static func scan(_ source: ByteSource, column: Int, columns: Int, _ body: (ArraySlice<UInt8>) -> Bool) throws(InputError) -> Bool {
        var scanner = Scanner(column: column, columns: columns, passesRowTails: passesRowTails)
        var atStart = true
        while var block = try source.next() {
            if atStart {
                atStart = false
                if block.starts(with: [0xEF, 0xBB, 0xBF]) { block.removeFirst(3) }
            }
            let accepted = block.withUnsafeBufferPointer { scanner.read($0, body) }
            guard accepted else { return false }
        }
        return scanner.finish(body)
    }

    /// The reading's state between blocks: a value, so the byte loop keeps it in registers.
    private struct Scanner {
        let column: Int
        let columns: Int
        var state = State.rowStart
        var field = 0
        var isHeader = true
        var isOdd = false
        var subject: [UInt8] = []

        let passesRowTails: Bool

        init(column: Int, columns: Int, passesRowTails: Bool) {
            self.column = column
            self.columns = columns
            self.passesRowTails = passesRowTails
            subject.reserveCapacity(64)
        }

        private static let quote = UInt8(ascii: "\""), separator = UInt8(ascii: ","), lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

        private mutating func capture(_ byte: UInt8) {
            if byte != 0x09, byte < 0x20 || byte >= 0x7F { isOdd = true }
            subject.append(byte)
        }

        /// ``capture(_:)`` of each byte of field `column` (none if the row is shorter) of the
        /// row from `start` to `end`, which holds plain fields only: the bytes appended at once.
        private mutating func capture(fieldAt column: Int, of bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
            var first = start
            var separators = 0
            while separators < column {
                guard first < end else { return }
                if bytes[first] == Self.separator { separators += 1 }
                first += 1
            }
            var last = first
            while last < end, bytes[last] != Self.separator {
                let byte = bytes[last]
                if byte != 0x09, byte < 0x20 || byte >= 0x7F { isOdd = true }
                last += 1
            }
            subject.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[first..<last]))
        }

        private mutating func endRow(_ body: (ArraySlice<UInt8>) -> Bool) -> Bool {
            defer {
                subject.removeAll(keepingCapacity: true)
                isOdd = false
            }
            if isHeader {
                isHeader = false
                return true
            }
            if isOdd { return false }
            var start = subject.startIndex, end = subject.endIndex
            while start < end, subject[start] == 0x20 || subject[start] == 0x09 { start += 1 }
            while end > start, subject[end - 1] == 0x20 || subject[end - 1] == 0x09 { end -= 1 }
            return body(subject[start..<end])
        }

        /// A separator or a line end outside quotes ends a field: `nil` for any other byte,
        /// otherwise whether the reading goes on (`false`: too many fields, or a row the
        /// look-ahead cannot use).
        private mutating func endField(at byte: UInt8, _ body: (ArraySlice<UInt8>) -> Bool) -> Bool? {
            if byte == Self.separator {
                field += 1
                if field >= columns { return false }
                state = .fieldStart
                return true
            }
            guard byte == Self.lineFeed || byte == Self.carriageReturn else { return nil }
            guard endRow(body) else { return false }
            state = .rowStart
            return true
        }

        /// Reads one block; `false` if the reading stops.
        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (ArraySlice<UInt8>) -> Bool) -> Bool {
            var next = 0
            while next < bytes.count {
                let byte = bytes[next]
                next += 1
                switch state {
                case .rowStart:
                    if byte == Self.lineFeed || byte == Self.carriageReturn { continue }
                    field = 0
                    state = .fieldStart
                    if passesRowTails, let row = Self.plainRowTail(bytes, from: next - 1) {
                        // The whole row at once, its line feed in the block and no quote or
                        // carriage return in it: what the byte by byte reading does with it,
                        // its separators counted and the subject's field taken whole.
                        guard row.separators < columns else { return false }
                        capture(fieldAt: column, of: bytes, from: next - 1, to: row.lineFeed)
                        guard endRow(body) else { return false }
                        state = .rowStart
                        next = row.lineFeed + 1
                        continue
                    }
                    fallthrough
                case .fieldStart, .plain:
                    if state == .fieldStart, byte == Self.quote {
                        state = .quoted
                    } else if let goesOn = endField(at: byte, body) {
                        guard goesOn else { return false }
                    } else {
                        state = .plain
                        if field == column {
                            capture(byte)
                        } else if field > column, passesRowTails, let tail = Self.plainRowTail(bytes, from: next - 1) {
                            // The fields after the subject's, to the line end, passed at once:
                            // what the byte by byte reading does with them, its separators counted.
                            field += tail.separators
                            if field >= columns { return false }
                            next = tail.lineFeed + 1
                            guard endRow(body) else { return false }
                            state = .rowStart
                        } else {
                            // The rest of a field not read: to its end at once.
                            while next < bytes.count, bytes[next] != Self.separator, bytes[next] != Self.lineFeed, bytes[next] != Self.carriageReturn { next += 1 }
                        }
                    }
                case .quoted:
                    if byte == Self.quote {
                        state = .quoteSeen
                    } else if field == column {
                        capture(byte)
                    }
                case .quoteSeen:
                    if byte == Self.quote {
                        state = .quoted
                        if field == column { capture(byte) }
                    } else if let goesOn = endField(at: byte, body) {
                        guard goesOn else { return false }
                    } else {
                        return false
                    }
                }
            }
            return true
        }

        /// Where the row going on at `start` ends (its line feed) in `bytes`, and how many
        /// separators come before, when no quote and no carriage return do: such a rest of
        /// a row holds plain fields only. `nil` when the block holds no line feed or the rest
        /// needs reading byte by byte. Eight bytes are tested at a time.
        static func plainRowTail(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (lineFeed: Int, separators: Int)? {
            guard let lineFeed = bytes.indexOfLineFeed(from: start), let base = bytes.baseAddress else { return nil }
            let raw = UnsafeRawPointer(base)
            var separators = 0
            var index = start
            while index + 8 <= lineFeed {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                if zeroBytes(word ^ Self.quoteWord) | zeroBytes(word ^ Self.carriageReturnWord) != 0 { return nil }
                separators += zeroBytes(word ^ Self.separatorWord).nonzeroBitCount
                index += 8
            }
            while index < lineFeed {
                switch bytes[index] {
                case Self.quote, Self.carriageReturn: return nil
                case Self.separator: separators += 1
                default: break
                }
                index += 1
            }
            return (lineFeed, separators)
        }

        /// A word with `byte` in each of its bytes.
        private static func repeated(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }
        private static let quoteWord = repeated(quote), separatorWord = repeated(separator), carriageReturnWord = repeated(carriageReturn)

        /// The top bit of each byte of `word` that is zero, and no other bit.
        private static func zeroBytes(_ word: UInt64) -> UInt64 {
            let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            return ~(((word & low) &+ low) | word | low)
        }

        /// After the last block: whether the last row (if not ended by a line end) reads.
        mutating func finish(_ body: (ArraySlice<UInt8>) -> Bool) -> Bool {
            switch state {
            case .rowStart: return true
            case .quoted: return false
            case .fieldStart, .plain, .quoteSeen: return endRow(body)
            }
        }
    }
}
