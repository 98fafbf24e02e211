/// A CSV file's data rows read a patient at a time, for the readers that build a patient's
/// record from consecutive rows (patient-history CSV and mapped CSV exports): the rows up
/// to the first row of another patient, which is kept for the next call. The rows are read
/// compactly into a ``CSVRowGroup``; no ``CSVRow`` is made unless a reader asks for one.
///
/// A row without a patient id is rejected where it stands: returned at once when it comes
/// before a patient's rows, else queued to follow them, so rejections keep the file's order.
struct PatientRowGroups {
    /// What a call reads next.
    enum Next {
        /// One patient's consecutive rows (at least one).
        case patient(id: String, rows: CSVRowGroup)
        /// A rejected row, or an item queued before the end of the file.
        case item(ReadItem)
    }

    /// Where the rows come from (after the header row).
    private let rows: CSVRowReader
    /// The first row of the next patient, read while ending the previous one.
    private var pendingRow: CSVRowGroup?
    /// Whether the file's last row was read.
    private var finished = false
    /// Whether a row came after the header.
    private var sawRow = false

    /// Groups the rows `rows` reads from here on.
    init(_ rows: CSVRowReader) {
        self.rows = rows
    }

    /// The rows of `group` as ``CSVRow`` values, their positions naming the reader's file.
    func csvRows(_ group: CSVRowGroup) -> [CSVRow] {
        group.rows.indices.map { group.row($0, file: rows.file) }
    }

    /// The next patient's rows or a rejected row; at the end of the file, the first of
    /// `queued`, then `nil`.
    /// - Parameters:
    ///   - inputName: the file, for locations.
    ///   - queued: items waiting to be read; a row without an id that follows a patient's
    ///     rows is appended, to be read after them.
    ///   - counting: sees every row (the group and the row's index in it) as it is read.
    ///   - id: a row's patient id (the group and the row's index in it), `nil` when it has none.
    ///   - rejection: why a row without an id is rejected.
    /// - Throws: ``InputError`` for a row that cannot be read, or a file with a header row alone.
    mutating func next(
        inputName: String,
        queued: inout [ReadItem],
        counting: (CSVRowGroup, Int) -> Void,
        id: (CSVRowGroup, Int) -> String?,
        rejection: (CSVRow) -> RecordRejection
    ) throws(InputError) -> Next? {
        guard !finished else { return queued.isEmpty ? nil : .item(queued.removeFirst()) }
        var group = CSVRowGroup()
        var groupID: String?
        while true {
            // The next row, as the group's last.
            if let pending = pendingRow {
                group = pending
                pendingRow = nil
            } else if try rows.next(into: &group, inputName: inputName) {
                counting(group, group.rows.count - 1)
                sawRow = true
            } else {
                finished = true
                break
            }
            let last = group.rows.count - 1
            guard let rowID = id(group, last) else {
                let row = group.row(last, file: rows.file)
                _ = group.removeLastRow()
                if group.rows.isEmpty { return .item(.rejected(rejection(row))) }
                queued.append(.rejected(rejection(row)))
                continue
            }
            if let current = groupID, current != rowID {
                pendingRow = group.removeLastRow()
                break
            }
            groupID = rowID
        }
        guard let groupID else {
            if queued.isEmpty, !sawRow { throw .empty(path: inputName, found: "only a header row") }
            return queued.isEmpty ? nil : .item(queued.removeFirst())
        }
        return .patient(id: groupID, rows: group)
    }
}
