/// One row of a CSV file.
struct CSVRow: Sendable {
    /// The line the row starts on.
    var line: Int
    /// The fields, in order.
    var fields: [CSVField]
}
