import TrialCheckCore

/// One row of an SDTM dataset: either its fields, made as read (``CSVRow``: datasets read
/// whole, XPORT tables, rows from temporary files), or its cells as a dataset cursor read
/// them into a ``Store``, each cell made into a ``CSVField`` only when the mapping reads it
/// (most cells of a row never are). Both give the same fields, texts, positions and defects.
struct SDTMRow {
    /// The rows a dataset cursor read, kept for the records that refer to them.
    final class Store {
        /// The rows' cells (unquoted bytes and where each starts). Written only by the
        /// cursor that owns the store, between the records that read it.
        @exclusivity(unchecked) var group = CSVRowGroup()
        /// The file named in the fields' positions.
        let file: String?

        init(file: String?) {
            self.file = file
        }

        /// Cell `index` as a field, or `nil` if it is blank: the cell read where it lies,
        /// its text made once.
        func value(_ index: Int) -> CSVField? {
            let cell = group.cells[index]
            guard cell.isPlain else {
                let field = group.field(index, file: file)
                return field.trimmed == nil ? nil : field
            }
            let text: String? = group.bytes.withUnsafeBufferPointer { bytes in
                // Blank: empty, or only spaces and tabs (a plain cell has no line end).
                var start = cell.start
                while start < cell.end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
                guard start < cell.end else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[cell.start..<cell.end]), as: UTF8.self)
            }
            guard let text else { return nil }
            return CSVField(text: text, position: TextPosition(line: cell.line, column: cell.column, file: file))
        }

        /// Cell `index`'s trimmed text and position (``value(_:)``'s field's), or `nil` if
        /// it is blank: a plain cell read where it lies, with no field made.
        func trimmedValue(_ index: Int) -> SDTMValue? {
            let cell = group.cells[index]
            guard cell.isPlain else {
                let field = group.field(index, file: file)
                return field.trimmed.map { SDTMValue(text: $0, position: field.position) }
            }
            return trimmedText(of: cell).map { SDTMValue(text: $0, position: TextPosition(line: cell.line, column: cell.column, file: file)) }
        }

        /// ``CSVRowGroup/trimmed(_:)`` of cell `index`, the cell read where it lies.
        func trimmed(_ index: Int) -> String? {
            let cell = group.cells[index]
            guard cell.isPlain else { return group.trimmed(index) }
            return trimmedText(of: cell)
        }

        /// Calls `body` with a plain cell's bytes without the spaces and tabs around them
        /// (none for a blank cell), where they lie; `nil` for a cell that is not plain.
        func withTrimmedPlainBytes<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
            let cell = group.cells[index]
            guard cell.isPlain else { return nil }
            return group.bytes.withUnsafeBufferPointer { bytes in
                var start = cell.start
                var end = cell.end
                while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
                while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
                return body(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            }
        }

        /// The first cell from `start` up to `end` that is not plain (not ASCII, or holding a
        /// NUL or a line end), or `nil`: the cells read where they lie.
        func firstCellNotPlain(from start: Int, to end: Int) -> Int? {
            group.cells.withUnsafeBufferPointer { cells in
                var cell = start
                while cell < end {
                    if !cells[cell].isPlain { return cell }
                    cell += 1
                }
                return nil
            }
        }

        /// A plain cell's text without the spaces and tabs around it, or `nil` if that
        /// leaves nothing.
        private func trimmedText(of cell: CSVRowGroup.Cell) -> String? {
            group.bytes.withUnsafeBufferPointer { bytes in
                var start = cell.start
                var end = cell.end
                while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
                while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
                guard start < end else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
        }
    }

    private enum Cells {
        case fields([CSVField])
        case stored(Store, firstCell: Int)
    }

    /// The line the row starts on.
    let line: Int
    /// How many fields the row has.
    let count: Int
    /// Whether every cell of the row is known plain (a row kept as cells whose reader saw
    /// only plain cells): it has no defect.
    private let isPlain: Bool
    private let cells: Cells

    /// A row of fields already made.
    init(_ row: CSVRow) {
        line = row.line
        count = row.fields.count
        isPlain = false
        cells = .fields(row.fields)
    }

    /// Row `index` of `store`'s group.
    init(_ store: Store, row index: Int) {
        let row = store.group.rows[index]
        line = row.line
        count = row.cellCount
        isPlain = row.isPlain
        cells = .stored(store, firstCell: row.firstCell)
    }

    /// The field in `column` (below ``count``).
    func field(_ column: Int) -> CSVField {
        switch cells {
        case .fields(let fields): fields[column]
        case .stored(let store, let firstCell): store.group.field(firstCell + column, file: store.file)
        }
    }

    /// The field in `column`, or `nil` if the row is shorter or the field is blank (its
    /// ``CSVField/trimmed`` text `nil`).
    func value(_ column: Int) -> CSVField? {
        guard column < count else { return nil }
        switch cells {
        case .fields(let fields):
            let field = fields[column]
            return field.trimmed == nil ? nil : field
        case .stored(let store, let firstCell):
            return store.value(firstCell + column)
        }
    }

    /// The trimmed text and position of the field in `column` (``value(_:)``'s), or `nil`
    /// if the row is shorter or the field is blank.
    func trimmedValue(_ column: Int) -> SDTMValue? {
        guard column < count else { return nil }
        switch cells {
        case .fields(let fields):
            let field = fields[column]
            return field.trimmed.map { SDTMValue(text: $0, position: field.position) }
        case .stored(let store, let firstCell):
            return store.trimmedValue(firstCell + column)
        }
    }

    /// ``CSVField/trimmed`` of the field in `column`, or `nil` if the row is shorter.
    func trimmed(_ column: Int) -> String? {
        guard column < count else { return nil }
        switch cells {
        case .fields(let fields): return fields[column].trimmed
        case .stored(let store, let firstCell): return store.trimmed(firstCell + column)
        }
    }

    /// Calls `body` with the bytes of ``trimmed(_:)`` of `column` where they lie (none when
    /// it is `nil`), for a plain cell of a row kept as cells; `nil` for any other row or cell.
    func withTrimmedPlainBytes<Result>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard case .stored(let store, let firstCell) = cells else { return nil }
        guard column < count else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return store.withTrimmedPlainBytes(firstCell + column, body)
    }

    /// The first field that cannot be used as read, if any (``CSVRow/firstDefect``).
    /// A row known plain is told at the call, with no copy of the row made.
    @inline(__always)
    var firstDefect: CSVField? { isPlain ? nil : firstDefectOfCells }

    /// ``firstDefect`` of a row not known plain.
    private var firstDefectOfCells: CSVField? {
        switch cells {
        case .fields(let fields):
            return fields.first { $0.defect != nil }
        case .stored(let store, let firstCell):
            // A plain cell (ASCII without NUL) has no defect: only the others are made.
            var cell = firstCell
            while let odd = store.firstCellNotPlain(from: cell, to: firstCell + count) {
                let field = store.group.field(odd, file: store.file)
                if field.defect != nil { return field }
                cell = odd + 1
            }
            return nil
        }
    }
}

/// A value the SDTM mapping reads: a field's trimmed text (never blank) and where the field
/// starts, without the field.
struct SDTMValue {
    let text: String
    let position: TextPosition

    /// The field's trimmed text and position (`nil` if it is blank).
    init?(_ field: CSVField) {
        guard let text = field.trimmed else { return nil }
        self.init(text: text, position: field.position)
    }

    init(text: String, position: TextPosition) {
        self.text = text
        self.position = position
    }
}
