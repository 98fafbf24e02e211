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
    private(set) var row: CSVRow?
    /// The row's USUBJID, or `nil` if blank.
    private(set) var subject: String?
    /// How many rows came before ``row``.
    private(set) var ordinal = -1
    private let reader: CSVRowReader?
    private var tableRows: IndexingIterator<[CSVRow]>?
    private let subjectColumn: Int?

    /// Opens a CSV dataset: its header is read and the first row.
    init(index: Int, domain: String, isSupplement: Bool, name: String, reader: CSVRowReader, path: String) throws(InputError) {
        guard let first = try reader.next(inputName: path) else {
            throw .malformed(location: SourceLocation(file: path, line: 1), reason: "the dataset is empty: expected a header row of variable names")
        }
        let header = try CSVHeader(row: first, inputName: path)
        self.index = index
        self.isSupplement = isSupplement
        self.reader = reader
        dataset = SDTMDataset(domain: domain, fileName: name, path: path, header: header, rows: [])
        subjectColumn = header.index(of: "USUBJID")
        try advance()
    }

    /// Opens a dataset already read (a SAS XPORT table).
    init(index: Int, domain: String, isSupplement: Bool, name: String, table: (header: CSVHeader, rows: [CSVRow]), path: String) throws(InputError) {
        self.index = index
        self.isSupplement = isSupplement
        reader = nil
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
        if let reader {
            row = try reader.next(inputName: dataset.path)
            if let row, row.fields.count > dataset.header.names.count {
                throw .malformed(
                    location: row.fields[dataset.header.names.count].position.location(in: dataset.path),
                    reason: "the row has \(row.fields.count) fields but the header has \(dataset.header.names.count) variables"
                )
            }
        } else {
            row = tableRows?.next()
        }
        if let row, let subjectColumn, subjectColumn < row.fields.count {
            subject = row.fields[subjectColumn].trimmed
        } else {
            subject = nil
        }
    }
}
