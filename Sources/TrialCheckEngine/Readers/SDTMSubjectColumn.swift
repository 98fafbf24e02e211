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
    /// every row was read and accepted. The bytes given to `body` are valid only during the call.
    static func scan(_ source: ByteSource, column: Int, columns: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) throws(InputError) -> Bool {
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

        private mutating func endRow(_ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
            defer {
                subject.removeAll(keepingCapacity: true)
                isOdd = false
            }
            if isHeader {
                isHeader = false
                return true
            }
            if isOdd { return false }
            return subject.withUnsafeBufferPointer { body(Self.trimmed($0)) }
        }

        /// ``endRow(_:)`` for a whole row that holds plain fields only, its subject's field
        /// at `subject` in `bytes` (`nil`: the row is shorter, so the subject is blank): the
        /// subject handed to `body` where it lies in the block, not copied.
        private mutating func endPlainRow(_ bytes: UnsafeBufferPointer<UInt8>, subject: Range<Int>?, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
            if isHeader {
                isHeader = false
                return true
            }
            guard let subject else { return body(UnsafeBufferPointer(rebasing: bytes[0..<0])) }
            for index in subject {
                let byte = bytes[index]
                if byte != 0x09, byte < 0x20 || byte >= 0x7F { return false }
            }
            return body(Self.trimmed(UnsafeBufferPointer(rebasing: bytes[subject])))
        }

        /// `bytes` without the spaces and tabs around them.
        private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            var start = bytes.startIndex, end = bytes.endIndex
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            return UnsafeBufferPointer(rebasing: bytes[start..<end])
        }

        /// A separator or a line end outside quotes ends a field: `nil` for any other byte,
        /// otherwise whether the reading goes on (`false`: too many fields, or a row the
        /// look-ahead cannot use).
        private mutating func endField(at byte: UInt8, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool? {
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
        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
            var marks = CSVSpecialBytes()
            var next = 0
            while next < bytes.count {
                let byte = bytes[next]
                next += 1
                switch state {
                case .rowStart:
                    if byte == Self.lineFeed || byte == Self.carriageReturn { continue }
                    field = 0
                    state = .fieldStart
                    if passesRowTails, let row = Self.plainRowTail(bytes, from: next - 1, field: column, marks: &marks) {
                        // The whole row at once, its line feed in the block and no quote or
                        // carriage return in it: what the byte by byte reading does with it,
                        // its separators counted and the subject's field read where it lies.
                        guard row.separators < columns else { return false }
                        guard endPlainRow(bytes, subject: row.field, body) else { return false }
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
                        } else if field > column, passesRowTails, let tail = Self.plainRowTail(bytes, from: next - 1, field: -1, marks: &marks) {
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

        /// Where the row going on at `start` ends (its line feed) in `bytes`, how many
        /// separators come before, and where its field numbered `field` (0: the one at
        /// `start`; negative: none wanted) lies, `nil` if it has fewer fields. Given when no
        /// quote and no carriage return come before the line feed: such a rest of a row holds
        /// plain fields only. `nil` when the block holds no line feed or the rest needs
        /// reading byte by byte. Eight bytes are read at a time, the separators of a word
        /// counted at once and walked one by one only where the field may start or end.
        static func plainRowTail(
            _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, field: Int, marks: inout CSVSpecialBytes
        ) -> (lineFeed: Int, separators: Int, field: Range<Int>?)? {
            guard let lineFeed = marks.plainRowEnd(from: start, in: bytes), let base = bytes.baseAddress else { return nil }
            let raw = UnsafeRawPointer(base)
            var separators = 0
            var fieldStart = field == 0 ? start : -1
            var fieldEnd = lineFeed
            /// Notes the separator at `position`, the row's `number`-th.
            func passSeparator(_ number: Int, at position: Int) {
                if number == field {
                    fieldStart = position + 1
                } else if number == field + 1 {
                    fieldEnd = position
                }
            }
            var index = start
            while index + 8 <= lineFeed {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let found = ByteWord.zeroBytes(word ^ Self.separatorWord)
                if found != 0 {
                    if separators <= field {
                        var number = separators
                        var bits = found
                        while bits != 0 {
                            number += 1
                            passSeparator(number, at: index + bits.trailingZeroBitCount >> 3)
                            bits &= bits &- 1
                        }
                    }
                    separators += ByteWord.markedCount(found)
                }
                index += 8
            }
            while index < lineFeed {
                if bytes[index] == Self.separator {
                    separators += 1
                    passSeparator(separators, at: index)
                }
                index += 1
            }
            return (lineFeed, separators, fieldStart < 0 ? nil : fieldStart..<fieldEnd)
        }

        private static let separatorWord = ByteWord.repeated(separator)

        /// After the last block: whether the last row (if not ended by a line end) reads.
        mutating func finish(_ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
            switch state {
            case .rowStart: return true
            case .quoted: return false
            case .fieldStart, .plain, .quoteSeen: return endRow(body)
            }
        }
    }
}
