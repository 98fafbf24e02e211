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
    private enum State {
        case rowStart, fieldStart, plain, quoted, quoteSeen
    }

    /// Calls `body` with each data row's subject (the field in column `column`, without
    /// surrounding spaces and tabs; empty when blank or missing), in row order, the header
    /// row (of `columns` fields) skipped; stops when `body` returns `false`. Returns whether
    /// every row was read and accepted.
    static func scan(_ source: ByteSource, column: Int, columns: Int, _ body: (ArraySlice<UInt8>) -> Bool) throws(InputError) -> Bool {
        var state = State.rowStart
        var field = 0
        var isHeader = true
        var isOdd = false
        var subject: [UInt8] = []
        subject.reserveCapacity(64)
        var atStart = true
        let quote = UInt8(ascii: "\""), separator = UInt8(ascii: ","), lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

        func capture(_ byte: UInt8) {
            if byte != 0x09, byte < 0x20 || byte >= 0x7F { isOdd = true }
            subject.append(byte)
        }

        func endRow() -> Bool {
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
        func endField(at byte: UInt8) -> Bool? {
            if byte == separator {
                field += 1
                if field >= columns { return false }
                state = .fieldStart
                return true
            }
            guard byte == lineFeed || byte == carriageReturn else { return nil }
            guard endRow() else { return false }
            state = .rowStart
            return true
        }

        while var block = try source.next() {
            if atStart {
                atStart = false
                if block.starts(with: [0xEF, 0xBB, 0xBF]) { block.removeFirst(3) }
            }
            let accepted: Bool = block.withUnsafeBufferPointer { bytes in
                var next = 0
                while next < bytes.count {
                    let byte = bytes[next]
                    next += 1
                    switch state {
                    case .rowStart:
                        if byte == lineFeed || byte == carriageReturn { continue }
                        field = 0
                        state = .fieldStart
                        fallthrough
                    case .fieldStart, .plain:
                        if state == .fieldStart, byte == quote {
                            state = .quoted
                        } else if let goesOn = endField(at: byte) {
                            guard goesOn else { return false }
                        } else {
                            state = .plain
                            if field == column {
                                capture(byte)
                            } else {
                                // The rest of a field not read: to its end at once.
                                while next < bytes.count, bytes[next] != separator, bytes[next] != lineFeed, bytes[next] != carriageReturn { next += 1 }
                            }
                        }
                    case .quoted:
                        if byte == quote {
                            state = .quoteSeen
                        } else if field == column {
                            capture(byte)
                        }
                    case .quoteSeen:
                        if byte == quote {
                            state = .quoted
                            if field == column { capture(byte) }
                        } else if let goesOn = endField(at: byte) {
                            guard goesOn else { return false }
                        } else {
                            return false
                        }
                    }
                }
                return true
            }
            guard accepted else { return false }
        }
        switch state {
        case .rowStart: return true
        case .quoted: return false
        case .fieldStart, .plain, .quoteSeen: return endRow()
        }
    }
}
