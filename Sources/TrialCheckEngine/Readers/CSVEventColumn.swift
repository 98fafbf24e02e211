/// What the flat CSV layout does with one column of an event row, worked out once from
/// the header rather than per cell.
struct CSVEventColumn: Sendable {
    /// The column's key (lowercased name).
    let key: String
    /// `patient_id` or `type`: read apart from the event's keys.
    let isIdentity: Bool
    /// For `<key>_unit` beside a `<key>` column: that column's index (the unit then
    /// belongs to its value and is not a key of its own where the value is filled).
    let valueColumn: Int?
    /// The index of this column's `<key>_unit` column, if the header has one.
    let unitColumn: Int?
    /// A `;`-separated list (`agents`, `metastases`).
    let isList: Bool
    /// The `unit` key itself.
    let isUnit: Bool
    /// A quantity (`50.4 Gy`) whose unit is checked against the unit table.
    let isQuantity: Bool

    /// The plan of every column of `header`, in order.
    static func plan(_ header: CSVHeader, listColumns: Set<String>, quantityColumns: Set<String>) -> [CSVEventColumn] {
        header.keys.map { key in
            let suffix = "_unit"
            return CSVEventColumn(
                key: key,
                isIdentity: key == "patient_id" || key == "type",
                valueColumn: key.hasSuffix(suffix) ? header.index(of: String(key.dropLast(suffix.count))) : nil,
                unitColumn: header.index(of: key + suffix),
                isList: listColumns.contains(key),
                isUnit: key == "unit",
                isQuantity: quantityColumns.contains(key)
            )
        }
    }
}
