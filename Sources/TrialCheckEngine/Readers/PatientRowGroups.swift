/// A CSV file's data rows read a patient at a time, for the readers that build a patient's
/// record from consecutive rows (patient-history CSV and mapped CSV exports): the rows up
/// to the first row of another patient, which is kept for the next call.
///
/// A row without a patient id is rejected where it stands: returned at once when it comes
/// before a patient's rows, else queued to follow them, so rejections keep the file's order.
struct PatientRowGroups {
    /// What a call reads next.
    enum Next {
        /// One patient's consecutive rows (at least one).
        case patient(id: String, rows: [CSVRow])
        /// A rejected row, or an item queued before the end of the file.
        case item(ReadItem)
    }

    /// Where the rows come from (after the header row).
    private let rows: CSVRowReader
    /// The first row of the next patient, read while ending the previous one.
    private var pendingRow: CSVRow?
    /// Whether the file's last row was read.
    private var finished = false
    /// Whether a row came after the header.
    private var sawRow = false

    /// Groups the rows `rows` reads from here on.
    init(_ rows: CSVRowReader) {
        self.rows = rows
    }

    /// The next patient's rows or a rejected row; at the end of the file, the first of
    /// `queued`, then `nil`.
    /// - Parameters:
    ///   - inputName: the file, for locations.
    ///   - queued: items waiting to be read; a row without an id that follows a patient's
    ///     rows is appended, to be read after them.
    ///   - counting: sees every row as it is read.
    ///   - id: a row's patient id, `nil` when it has none.
    ///   - rejection: why a row without an id is rejected.
    /// - Throws: ``InputError`` for a row that cannot be read, or a file with a header row alone.
    mutating func next(
        inputName: String,
        queued: inout [ReadItem],
        counting: (CSVRow) -> Void,
        id: (CSVRow) -> String?,
        rejection: (CSVRow) -> RecordRejection
    ) throws(InputError) -> Next? {
        guard !finished else { return queued.isEmpty ? nil : .item(queued.removeFirst()) }
        var group: [CSVRow] = []
        var groupID: String?
        while true {
            let row: CSVRow
            if let pending = pendingRow {
                row = pending
                pendingRow = nil
            } else if let read = try rows.next(inputName: inputName) {
                row = read
                counting(read)
                sawRow = true
            } else {
                finished = true
                break
            }
            guard let rowID = id(row) else {
                if group.isEmpty { return .item(.rejected(rejection(row))) }
                queued.append(.rejected(rejection(row)))
                continue
            }
            if let current = groupID, current != rowID {
                pendingRow = row
                break
            }
            groupID = rowID
            group.append(row)
        }
        guard let groupID else {
            if queued.isEmpty, !sawRow { throw .empty(path: inputName, found: "only a header row") }
            return queued.isEmpty ? nil : .item(queued.removeFirst())
        }
        return .patient(id: groupID, rows: group)
    }
}
