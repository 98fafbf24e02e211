import TrialCheckCore

/// One SDTM dataset read a row at a time, for ``SDTMSubjectStream``: the row read next,
/// its subject, and how many rows came before it.
final class SDTMDatasetCursor {
    /// The dataset's place among the folder's datasets (name order).
    let index: Int
    /// The dataset without rows (its header, file and domain).
    let dataset: SDTMDataset
    let isSupplement: Bool
    /// The row read next, or `nil` at the end.
    private(set) var row: SDTMRow?
    /// The row's USUBJID, or `nil` if blank.
    private(set) var subject: String?
    /// How many rows came before ``row``.
    private(set) var ordinal = -1
    private let reader: CSVRowReader?
    /// The rows read from a CSV dataset, since ``releaseRows()`` last emptied it.
    private var store: SDTMRow.Store
    private var tableRows: IndexingIterator<[CSVRow]>?
    private let subjectColumn: Int?

    /// Whether a CSV dataset's rows are kept as cells, made into fields when read (tests
    /// turn it off to compare with rows of fields).
    @TaskLocal static var keepsCells = true
    private let keepsCells = SDTMDatasetCursor.keepsCells

    /// Opens a CSV dataset: its header is read and the first row.
    init(index: Int, domain: String, isSupplement: Bool, name: String, reader: CSVRowReader, path: String) throws(InputError) {
        guard let first = try reader.next(inputName: path) else {
            throw .malformed(location: SourceLocation(file: path, line: 1), reason: "the dataset is empty: expected a header row of variable names")
        }
        let header = try CSVHeader(row: first, inputName: path)
        self.index = index
        self.isSupplement = isSupplement
        self.reader = reader
        store = SDTMRow.Store(file: reader.file)
        dataset = SDTMDataset(domain: domain, fileName: name, path: path, header: header, rows: [])
        subjectColumn = header.index(of: "USUBJID")
        try advance()
    }

    /// Opens a dataset already read (a SAS XPORT table).
    init(index: Int, domain: String, isSupplement: Bool, name: String, table: (header: CSVHeader, rows: [CSVRow]), path: String) throws(InputError) {
        self.index = index
        self.isSupplement = isSupplement
        reader = nil
        store = SDTMRow.Store(file: path)
        tableRows = table.rows.makeIterator()
        dataset = SDTMDataset(domain: domain, fileName: name, path: path, header: table.header, rows: [])
        subjectColumn = table.header.index(of: "USUBJID")
        try advance()
    }

    /// The current row as a record of the dataset.
    var record: SDTMDataset.Record? { row.map { SDTMDataset.Record(dataset: dataset, row: $0) } }

    /// Moves to the next row.
    func advance() throws(InputError) {
        ordinal += 1
        if let reader, keepsCells {
            let index = store.group.rows.count
            row = try reader.next(into: &store.group, inputName: dataset.path) ? SDTMRow(store, row: index) : nil
        } else if let reader {
            row = try reader.next(inputName: dataset.path).map(SDTMRow.init)
        } else {
            row = tableRows?.next().map(SDTMRow.init)
        }
        if reader != nil, let row, row.count > dataset.header.names.count {
            throw .malformed(
                location: row.field(dataset.header.names.count).position.location(in: dataset.path),
                reason: "the row has \(row.count) fields but the header has \(dataset.header.names.count) variables"
            )
        }
        subject = subjectColumn.flatMap { row?.trimmed($0) }
    }

    /// Lets go of the rows before the current one: called between subjects, when the
    /// records of the rows read so far are mapped. Rows a record still holds (an orphan's
    /// first) stay with it; the current row moves to a store of its own.
    func releaseRows() {
        let hasRow = row != nil
        guard reader != nil, keepsCells, store.group.rows.count > (hasRow ? 1 : 0) else { return }
        row = nil
        if isKnownUniquelyReferenced(&store) {
            if hasRow { store.group.keepLastRow() } else { store.group.removeAll() }
        } else {
            let kept = SDTMRow.Store(file: store.file)
            if hasRow { kept.group = store.group.removeLastRow() }
            store = kept
        }
        if hasRow { row = SDTMRow(store, row: 0) }
    }
}
