import TrialCheckCore

/// Reads RFC 4180 CSV as a stream of rows, keeping the line and column of every field.
///
/// Fields are separated by commas (or the ``separator`` set before the first row); a
/// field may be quoted with `"` (a doubled `""` inside is a quote, and a quoted field may
/// span lines); rows end with LF or CRLF. A UTF-8 byte-order mark at the start is
/// skipped; blank lines are skipped. Columns count characters, as the JSON parser's do.
final class CSVRowReader {
    private let source: ByteSource
    /// The file named in positions, where it is not the input's own path.
    let file: String?
    private var buffer: [UInt8] = []
    private var index = 0
    private var line = 1
    private var column = 1
    private var atStart = true
    /// The row being read by ``next(inputName:)``, its buffers reused.
    private var scratch = CSVRowGroup()
    /// Whether every cell of the row being read so far is plain.
    private var rowIsPlain = true
    /// Where the buffered block's next quote and carriage return lie.
    private var specialBytes = CSVSpecialBytes()
    /// The field separator: `,` unless set otherwise (`;`) before the first row is read.
    var separator = UInt8(ascii: ",")

    init(source: ByteSource, file: String? = nil) {
        self.source = source
        self.file = file
    }

    /// The bytes of the first line (without a byte-order mark), read ahead without
    /// consuming them: at most `limit` bytes.
    func peekFirstLine(limit: Int = 1 << 16) throws(InputError) -> [UInt8] {
        var count = 4096
        while true {
            let read = try peekBytes(count)
            let bytes = read.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(read.dropFirst(3)) : read
            if let end = bytes.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) { return Array(bytes[..<end]) }
            if read.count < count || count >= limit { return bytes }
            count *= 2
        }
    }

    private var position: TextPosition { TextPosition(line: line, column: column, file: file) }

    /// The next row, or `nil` at the end of the input.
    /// - Throws: ``InputError/malformed`` for an unterminated quoted field or text after a
    ///   closing quote. A field that is not UTF-8 (or holds a NUL byte) is returned with its
    ///   ``CSVField/defect``, for the record it belongs to to be rejected.
    func next(inputName: String) throws(InputError) -> CSVRow? {
        scratch.removeAll()
        guard try next(into: &scratch, inputName: inputName) else { return nil }
        return scratch.row(0, file: file)
    }

    /// Reads the next row into `group`, after its rows; `false` at the end of the input.
    /// - Throws: as ``next(inputName:)``.
    func next(into group: inout CSVRowGroup, inputName: String) throws(InputError) -> Bool {
        if atStart {
            atStart = false
            let bom = try peekBytes(3)
            if bom == [0xEF, 0xBB, 0xBF] { index += 3 }
        }
        while let byte = try peek(), byte == 0x0A || byte == 0x0D {
            consume(byte)
        }
        guard try peek() != nil else { return false }
        let rowLine = line
        let firstCell = group.cells.count
        rowIsPlain = true
        var state = plainRow(into: &group) ?? plainFields(into: &group)
        while state != .rowEnded {
            if state == .fieldStart { try field(into: &group, inputName: inputName) }
            guard let byte = try peek() else { break }
            consume(byte)
            if byte == separator {
                state = plainFields(into: &group)
                continue
            }
            if byte == 0x0D, try peek() == 0x0A { consume(0x0A) }
            break
        }
        group.rows.append(CSVRowGroup.Row(line: rowLine, firstCell: firstCell, cellCount: group.cells.count - firstCell, isPlain: rowIsPlain))
        return true
    }

    /// Where ``plainFields(into:)`` left a row.
    private enum RowState {
        /// The row's line end was read.
        case rowEnded
        /// At the start of a field it left for ``field(into:inputName:)``.
        case fieldStart
        /// Just after a field, before its separator or line end.
        case fieldEnd
    }

    /// Reads a whole row at once, from its start, when it lies in the buffered block with
    /// no quote or carriage return and is ASCII text without NUL (the usual row of an
    /// export): `.rowEnded`, or `nil` (nothing read) for ``plainFields(into:)`` to read it.
    /// Only at a row's start: in the middle of a row, after a quoted field, a fully quoted
    /// export would look for its next quote at every field.
    private func plainRow(into group: inout CSVRowGroup) -> RowState? {
        let start = index
        var specialBytes = specialBytes
        defer { self.specialBytes = specialBytes }
        let read: Int? = buffer.withUnsafeBufferPointer { block in
            guard let lineFeed = specialBytes.plainRowEnd(from: start, in: block), Self.appendASCIIRow(
                block, from: start, to: lineFeed, separator: separator, line: line, column: column,
                offset: group.bytes.count - start, into: &group.cells
            ) else { return nil }
            group.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: block[start..<lineFeed]))
            return lineFeed
        }
        guard let lineFeed = read else { return nil }
        index = lineFeed + 1
        line += 1
        column = 1
        return .rowEnded
    }

    /// Reads, from the start of a field, the fields of the row that lie whole in the
    /// buffered block and are not quoted, with their separators and the row's line end:
    /// the common case, in one pass over the block. It stops at a quoted field, at a field
    /// that may go on in the next block, and before a carriage return that ends the block,
    /// and leaves those to the general path, which reads them as it reads any field.
    private func plainFields(into group: inout CSVRowGroup) -> RowState {
        let separator = separator
        var index = index
        var line = line
        var column = column
        var rowIsPlain = rowIsPlain
        defer {
            self.index = index
            self.line = line
            self.column = column
            self.rowIsPlain = rowIsPlain
        }
        return buffer.withUnsafeBufferPointer { block in
            // The cells' bytes are copied at once when the reading stops, from the first
            // cell's start to the last one's end (the separators between them come along,
            // outside every cell's range): one copy a row, not one a cell.
            let copyStart = index
            let base = group.bytes.count - copyStart
            var copyEnd = index
            var state = RowState.fieldStart
            scan: while index < block.count, block[index] != UInt8(ascii: "\"") {
                var fieldColumn = column
                var isPlain = true
                let end = Self.unquotedRun(in: block, from: index, separator: separator, column: &fieldColumn, isPlain: &isPlain)
                guard end < block.count else { break scan }
                rowIsPlain = rowIsPlain && isPlain
                group.cells.append(CSVRowGroup.Cell(start: base + index, end: base + end, line: line, column: column, isPlain: isPlain))
                copyEnd = end
                column = fieldColumn
                index = end
                switch block[end] {
                case separator:
                    index += 1
                    column += 1
                case 0x0A:
                    index += 1
                    line += 1
                    column = 1
                    state = .rowEnded
                    break scan
                default:
                    // A carriage return, and a line feed after it if the block holds it.
                    guard end + 1 < block.count else {
                        state = .fieldEnd
                        break scan
                    }
                    index += 1
                    column += 1
                    if block[index] == 0x0A {
                        index += 1
                        line += 1
                        column = 1
                    }
                    state = .rowEnded
                    break scan
                }
            }
            if copyEnd > copyStart { group.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: block[copyStart..<copyEnd])) }
            return state
        }
    }

    /// Appends the cells of the rest of a row, from `start` to its line feed at `end`, with
    /// no quote or carriage return in it, when every byte of it is ASCII other than NUL:
    /// each cell plain, one column a byte, on `line` from `column`, its bytes at `offset`
    /// from the block's in the group's buffer. `false`, with nothing appended, otherwise.
    /// Eight bytes are tested at a time, and a word's separators found at once: the cells
    /// are counted first, then written in place.
    private static func appendASCIIRow(
        _ block: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, separator: UInt8, line: Int, column: Int, offset: Int,
        into cells: inout [CSVRowGroup.Cell]
    ) -> Bool {
        guard let base = block.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        func word(at index: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) }
        let separatorWord = ByteWord.repeated(separator)
        var index = start
        var odd: UInt64 = 0
        var separators = 0
        while index + 8 <= end {
            let bytes = word(at: index)
            odd |= ByteWord.nulOrNonASCIIBytes(bytes)
            separators &+= ByteWord.markedCount(ByteWord.zeroBytes(bytes ^ separatorWord))
            index &+= 8
        }
        guard odd == 0 else { return false }
        while index < end {
            let byte = block[index]
            if byte == 0 || byte >= 0x80 { return false }
            if byte == separator { separators &+= 1 }
            index &+= 1
        }
        let first = cells.count
        cells.append(contentsOf: repeatElement(CSVRowGroup.Cell(start: 0, end: 0, line: line, column: 0, isPlain: true), count: separators + 1))
        cells.withUnsafeMutableBufferPointer { cells in
            var next = first
            var cellStart = start
            func endCell(at cellEnd: Int) {
                cells[next].start = offset &+ cellStart
                cells[next].end = offset &+ cellEnd
                cells[next].column = column &+ (cellStart &- start)
                next &+= 1
                cellStart = cellEnd &+ 1
            }
            index = start
            while index + 8 <= end {
                var found = ByteWord.zeroBytes(word(at: index) ^ separatorWord)
                while found != 0 {
                    endCell(at: index &+ found.trailingZeroBitCount >> 3)
                    found &= found &- 1
                }
                index &+= 8
            }
            while index < end {
                if block[index] == separator { endCell(at: index) }
                index &+= 1
            }
            endCell(at: end)
        }
        return true
    }

    /// Where the closing quote of the quoted field opening at ``index`` lies in the buffered
    /// block, when the field is the usual one: ASCII text without NUL, line ends or doubled
    /// quotes, its closing quote followed (in the block) by a separator or a line end. `nil`
    /// for any other field, which is read byte by byte. Eight bytes are tested at a time.
    private func plainQuotedField() -> Int? {
        let separator = separator
        return buffer.withUnsafeBufferPointer { block -> Int? in
            let first = index + 1
            guard let closing = block.index(of: UInt8(ascii: "\""), from: first), closing + 1 < block.count,
                  let base = block.baseAddress else { return nil }
            let after = block[closing + 1]
            guard after == separator || after == 0x0A || after == 0x0D else { return nil }
            let raw = UnsafeRawPointer(base)
            let lineFeeds = ByteWord.repeated(0x0A), carriageReturns = ByteWord.repeated(0x0D)
            var next = first
            var odd: UInt64 = 0
            while next + 8 <= closing {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: next, as: UInt64.self))
                odd |= ByteWord.nulOrNonASCIIBytes(word) | ByteWord.zeroBytes(word ^ lineFeeds) | ByteWord.zeroBytes(word ^ carriageReturns)
                next += 8
            }
            guard odd == 0 else { return nil }
            while next < closing {
                let byte = block[next]
                if byte == 0 || byte >= 0x80 || byte == 0x0A || byte == 0x0D { return nil }
                next += 1
            }
            return closing
        }
    }

    /// Reads one field's bytes (unquoted) into `group`.
    private func field(into group: inout CSVRowGroup, inputName: String) throws(InputError) {
        let startLine = line
        let startColumn = column
        let start = group.bytes.count
        var isPlain = true
        let isQuoted = try peek() == UInt8(ascii: "\"")
        if isQuoted, let closing = plainQuotedField() {
            // The usual quoted field, read at once: what the byte by byte reading gives it.
            group.bytes.append(contentsOf: buffer[(index + 1)..<closing])
            column += closing + 1 - index
            index = closing + 1
        } else if isQuoted {
            let opening = position
            consume(UInt8(ascii: "\""))
            while true {
                guard let byte = try peek() else {
                    throw .malformed(location: opening.location(in: inputName), reason: "a quoted field starting here has no closing quote")
                }
                consume(byte)
                if byte == UInt8(ascii: "\"") {
                    if try peek() == UInt8(ascii: "\"") {
                        consume(byte)
                        group.bytes.append(byte)
                        continue
                    }
                    break
                }
                if byte == 0 || byte >= 0x80 || byte == 0x0A || byte == 0x0D { isPlain = false }
                group.bytes.append(byte)
            }
            if let next = try peek(), next != separator, next != 0x0A, next != 0x0D {
                let name = separator == UInt8(ascii: ",") ? "a comma" : "'\(String(decoding: [separator], as: UTF8.self))'"
                throw .malformed(location: position.location(in: inputName), reason: "expected \(name) or the end of the line after a closing quote")
            }
        } else {
            // Whole runs of the buffered block at a time: no line ends inside, so only the
            // column moves.
            let separator = separator
            while try peek() != nil {
                let runStart = index
                var column = column
                let end = buffer.withUnsafeBufferPointer { block in
                    Self.unquotedRun(in: block, from: runStart, separator: separator, column: &column, isPlain: &isPlain)
                }
                self.column = column
                index = end
                if end > runStart { group.bytes.append(contentsOf: buffer[runStart..<end]) }
                if end < buffer.count { break }
            }
        }
        // A bad byte spoils one field, so one record: the reader of the row decides.
        rowIsPlain = rowIsPlain && isPlain
        group.cells.append(CSVRowGroup.Cell(start: start, end: group.bytes.count, line: startLine, column: startColumn, isPlain: isPlain))
    }

    /// Where the run of an unquoted field's bytes from `start` ends in `block`: at a
    /// separator, a line end, or the block's end. `column` moves past the run's characters;
    /// `isPlain` turns `false` at a NUL or non-ASCII byte.
    private static func unquotedRun(
        in block: UnsafeBufferPointer<UInt8>, from start: Int, separator: UInt8, column: inout Int, isPlain: inout Bool
    ) -> Int {
        // An empty field (CSV input has many) ends at once, before any word is read.
        if start < block.count, case let first = block[start], first == separator || first == 0x0A || first == 0x0D { return start }
        var end = start
        let separatorWord = ByteWord.repeated(separator)
        while end < block.count {
            // Eight bytes at a time, to the first that needs a look of its own.
            if end + 8 <= block.count, let base = block.baseAddress {
                let plain = plainCellPrefix(
                    UInt64(littleEndian: UnsafeRawPointer(base + end).loadUnaligned(as: UInt64.self)), separatorWord: separatorWord
                )
                end += plain
                column += plain
                if plain == 8 { continue }
            }
            let byte = block[end]
            if byte == separator || byte == 0x0A || byte == 0x0D { break }
            if byte & 0xC0 != 0x80 { column += 1 }
            if byte == 0 || byte >= 0x80 { isPlain = false }
            end += 1
        }
        return end
    }

    /// How many of eight bytes (the first in the low byte) come before the first that
    /// ``unquotedRun(in:from:separator:column:isPlain:)`` reads byte by byte: the separator
    /// (a word of it given), a control character (a line end, a NUL, a tab) or a byte that is
    /// not ASCII, all tested at once as ``JSONCursor/plainTextPrefix(_:)`` tests its bytes.
    /// The bytes before it are ASCII and neither end the run nor spoil the cell: each is one
    /// column.
    @inline(__always)
    static func plainCellPrefix(_ word: UInt64, separatorWord: UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let separators = word ^ separatorWord
        let flags = ((separators &- ones) & ~separators) | ((word &- ones &* 0x20) & ~word) | word
        return (flags & (ones &* 0x80)).trailingZeroBitCount / 8
    }

    private func consume(_ byte: UInt8) {
        index += 1
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private func peek() throws(InputError) -> UInt8? {
        while index >= buffer.count {
            guard let block = try source.next() else { return nil }
            buffer = block
            index = 0
            specialBytes.reset()
        }
        return buffer[index]
    }

    private func peekBytes(_ count: Int) throws(InputError) -> [UInt8] {
        while buffer.count - index < count, let block = try source.next() {
            buffer = Array(buffer[index...]) + block
            index = 0
            specialBytes.reset()
        }
        return Array(buffer[index..<min(buffer.count, index + count)])
    }
}
