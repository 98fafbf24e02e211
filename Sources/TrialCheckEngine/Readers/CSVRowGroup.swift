import TrialCheckCore

/// CSV rows read compactly: every cell's bytes (unquoted) in one buffer, and for each cell
/// where its bytes are and where it starts. No text is made for a cell until it is asked
/// for, so an empty cell costs a few stores.
///
/// ``CSVRowReader`` reads rows into a group; ``CSVRow`` and ``CSVField`` values are made
/// from it (``row(_:file:)``) for the readers that work with them.
struct CSVRowGroup: Sendable {
    /// One cell: its bytes in ``bytes`` and where it starts in the file.
    struct Cell: Sendable {
        var start: Int
        var end: Int
        var line: Int
        var column: Int
        /// ASCII without NUL, carriage return or line feed: its text is its bytes, and
        /// trimming it trims spaces and tabs.
        var isPlain: Bool
    }

    /// One row: the line it starts on and its cells in ``cells``.
    struct Row: Sendable {
        var line: Int
        var firstCell: Int
        var cellCount: Int
        /// Whether every cell of the row is plain (``Cell/isPlain``): none has a defect.
        var isPlain = true
    }

    /// Every cell's bytes, unquoted, one after the other.
    var bytes: [UInt8] = []
    /// Every cell, row after row.
    var cells: [Cell] = []
    /// The rows, in file order.
    var rows: [Row] = []

    /// Empties the group, keeping its buffers.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        cells.removeAll(keepingCapacity: true)
        rows.removeAll(keepingCapacity: true)
    }

    /// Takes the last row out of the group, as a group of its own.
    ///
    /// The new group has room for as many cells and bytes as this one held: it is usually
    /// the first row of the next patient, whose rows are then read into it without the
    /// buffers growing (and being copied) row by row.
    mutating func removeLastRow() -> CSVRowGroup {
        guard let last = rows.popLast() else { return CSVRowGroup() }
        let byteStart = last.firstCell < cells.count ? cells[last.firstCell].start : bytes.count
        var group = CSVRowGroup()
        group.bytes.reserveCapacity(bytes.count)
        group.cells.reserveCapacity(cells.count)
        group.rows.reserveCapacity(rows.count + 1)
        group.bytes.append(contentsOf: bytes[byteStart...])
        for index in last.firstCell..<cells.count {
            var cell = cells[index]
            cell.start -= byteStart
            cell.end -= byteStart
            group.cells.append(cell)
        }
        group.rows.append(Row(line: last.line, firstCell: 0, cellCount: last.cellCount, isPlain: last.isPlain))
        cells.removeLast(cells.count - last.firstCell)
        bytes.removeLast(bytes.count - byteStart)
        return group
    }

    /// Empties the group but for its last row, which becomes its first, keeping its buffers.
    mutating func keepLastRow() {
        guard let last = rows.last else { return }
        let byteStart = last.firstCell < cells.count ? cells[last.firstCell].start : bytes.count
        bytes.removeSubrange(0..<byteStart)
        cells.removeSubrange(0..<last.firstCell)
        for index in cells.indices {
            cells[index].start -= byteStart
            cells[index].end -= byteStart
        }
        rows.removeAll(keepingCapacity: true)
        rows.append(Row(line: last.line, firstCell: 0, cellCount: last.cellCount, isPlain: last.isPlain))
    }

    /// The index in ``cells`` of `row`'s cell in column `column`, or `nil` if the row is
    /// shorter.
    func cellIndex(row: Int, column: Int) -> Int? {
        let row = rows[row]
        return column < row.cellCount ? row.firstCell + column : nil
    }

    /// A cell as a field, its text checked as ``CSVField/init(bytes:position:)`` checks it.
    func field(_ cell: Int, file: String?) -> CSVField {
        let cell = cells[cell]
        let position = TextPosition(line: cell.line, column: cell.column, file: file)
        // A plain cell's text is its bytes, with nothing to check.
        guard cell.isPlain else { return CSVField(bytes: bytes[cell.start..<cell.end], position: position) }
        if cell.start == cell.end { return CSVField(text: "", position: position) }
        let text = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[cell.start..<cell.end]), as: UTF8.self) }
        return CSVField(text: text, position: position)
    }

    /// Where a cell starts.
    func position(_ cell: Int) -> TextPosition {
        TextPosition(line: cells[cell].line, column: cells[cell].column)
    }

    /// A row as fields.
    func row(_ index: Int, file: String?) -> CSVRow {
        let row = rows[index]
        return CSVRow(line: row.line, fields: (row.firstCell..<row.firstCell + row.cellCount).map { field($0, file: file) })
    }

    /// The text of a cell without surrounding whitespace, or `nil` if that leaves nothing:
    /// ``CSVField/trimmed`` of its field.
    func trimmed(_ cell: Int) -> String? {
        let cell = cells[cell]
        guard cell.isPlain else { return field(cellIndexOf: cell).trimmed }
        guard let (start, end) = trimmedRange(cell) else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Whether a cell is blank: empty or only whitespace.
    func isBlank(_ cell: Int) -> Bool {
        let cell = cells[cell]
        if cell.start == cell.end { return true }
        guard cell.isPlain else { return field(cellIndexOf: cell).trimmed == nil }
        return trimmedRange(cell) == nil
    }

    /// Whether a cell's trimmed text is `text` (ASCII), ignoring ASCII case.
    func trimmedEqualsIgnoringCase(_ cell: Int, _ text: StaticString) -> Bool {
        let cell = cells[cell]
        guard cell.isPlain else { return field(cellIndexOf: cell).trimmed?.lowercased() == text.description }
        guard let (start, end) = trimmedRange(cell), end - start == text.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        for offset in 0..<expected.count where Self.lowercase(bytes[start + offset]) != expected[offset] { return false }
        return true
    }

    /// The bytes of a plain cell without surrounding spaces and tabs; `nil` if none are left.
    private func trimmedRange(_ cell: Cell) -> (Int, Int)? {
        var start = cell.start
        var end = cell.end
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return start < end ? (start, end) : nil
    }

    private func field(cellIndexOf cell: Cell) -> CSVField {
        CSVField(bytes: bytes[cell.start..<cell.end], position: TextPosition(line: cell.line, column: cell.column))
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
