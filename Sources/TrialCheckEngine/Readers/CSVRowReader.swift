import TrialCheckCore

/// Reads RFC 4180 CSV as a stream of rows, keeping the line and column of every field.
///
/// Fields are separated by commas; a field may be quoted with `"` (a doubled `""` inside
/// is a quote, and a quoted field may span lines); rows end with LF or CRLF. A UTF-8
/// byte-order mark at the start is skipped; blank lines are skipped. Columns count
/// characters, as the JSON parser's do.
final class CSVRowReader {
    private let source: ByteSource
    /// The file named in positions, where it is not the input's own path.
    private let file: String?
    private var buffer: [UInt8] = []
    private var index = 0
    private var line = 1
    private var column = 1
    private var atStart = true

    init(source: ByteSource, file: String? = nil) {
        self.source = source
        self.file = file
    }

    private var position: TextPosition { TextPosition(line: line, column: column, file: file) }

    /// The next row, or `nil` at the end of the input.
    /// - Throws: ``InputError/malformed`` for an unterminated quoted field or text after a
    ///   closing quote. A field that is not UTF-8 (or holds a NUL byte) is returned with its
    ///   ``CSVField/defect``, for the record it belongs to to be rejected.
    func next(inputName: String) throws(InputError) -> CSVRow? {
        if atStart {
            atStart = false
            let bom = try peekBytes(3)
            if bom == [0xEF, 0xBB, 0xBF] { index += 3 }
        }
        while let byte = try peek(), byte == 0x0A || byte == 0x0D {
            consume(byte)
        }
        guard try peek() != nil else { return nil }
        let rowLine = line
        var fields: [CSVField] = []
        while true {
            fields.append(try field(inputName: inputName))
            guard let byte = try peek() else { break }
            consume(byte)
            if byte == UInt8(ascii: ",") { continue }
            if byte == 0x0D, try peek() == 0x0A { consume(0x0A) }
            break
        }
        return CSVRow(line: rowLine, fields: fields)
    }

    private func field(inputName: String) throws(InputError) -> CSVField {
        let start = position
        var bytes: [UInt8] = []
        if try peek() == UInt8(ascii: "\"") {
            consume(UInt8(ascii: "\""))
            while true {
                guard let byte = try peek() else {
                    throw .malformed(location: start.location(in: inputName), reason: "a quoted field starting here has no closing quote")
                }
                consume(byte)
                if byte == UInt8(ascii: "\"") {
                    if try peek() == UInt8(ascii: "\"") {
                        consume(byte)
                        bytes.append(byte)
                        continue
                    }
                    break
                }
                bytes.append(byte)
            }
            if let next = try peek(), next != UInt8(ascii: ","), next != 0x0A, next != 0x0D {
                throw .malformed(location: position.location(in: inputName), reason: "expected a comma or the end of the line after a closing quote")
            }
        } else {
            while let byte = try peek(), byte != UInt8(ascii: ","), byte != 0x0A, byte != 0x0D {
                consume(byte)
                bytes.append(byte)
            }
        }
        // A bad byte spoils one field, so one record: the reader of the row decides.
        return CSVField(bytes: bytes, position: start)
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
        }
        return buffer[index]
    }

    private func peekBytes(_ count: Int) throws(InputError) -> [UInt8] {
        while buffer.count - index < count, let block = try source.next() {
            buffer = Array(buffer[index...]) + block
            index = 0
        }
        return Array(buffer[index..<min(buffer.count, index + count)])
    }
}
