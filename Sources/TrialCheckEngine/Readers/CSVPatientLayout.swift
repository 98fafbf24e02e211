import TrialCheckCore

/// What the flat CSV layout makes of each column of a file's header, worked out once: the
/// columns of the `patient` row, and each column's role in an event row. Shared by the
/// events of every patient the file's ``CSVDirectDecoder`` reads.
final class CSVPatientLayout: Sendable {
    /// What a column of an event row is.
    enum EventRole: Sendable {
        /// `patient_id` or `type`.
        case identity
        /// `date`, `start` or `end`: read into the event's dates.
        case date
        /// `onset`: a date kept as an attribute.
        case onset
        /// Any other key.
        case attribute
    }

    /// The file, for locations.
    let file: String
    /// The number of columns.
    let columnCount: Int
    /// Each column's plan.
    let columns: [CSVEventColumn]
    /// Each column's role in an event row.
    let roles: [EventRole]
    /// Whether a column's values are words or dates (``CSVColumns/textKeys``).
    let isTextKey: [Bool]
    /// The column of each key (lowercased name), as written: the attribute keys.
    let indexByKey: [String: Int]
    /// Whether numbers have a decimal comma (a `;`-separated file).
    let decimalComma: Bool
    /// The `patient_id` and `type` columns.
    let patientID: Int?
    let type: Int?
    /// The columns of the `patient` row.
    let birthDate: Int?
    let age: Int?
    let sex: Int?
    let site: Int?
    let enrollmentDate: Int?
    let arm: Int?
    /// The columns of an event row read when the row is: dates, and cells the general path
    /// notes something about (units, quantities, numbers in a `;`-separated file).
    let eventColumnsRead: [Int]
    /// The other columns of the `patient` row, in header order: record keys.
    let otherPatientColumns: [Int]
    /// The input's defaults (site, data cut-off, time zone), for reading dates.
    let defaults: PatientRecordDecoder

    /// The layout of `header`.
    init(header: CSVHeader, columns: [CSVEventColumn], handledPatientColumns: Set<String>, decimalComma: Bool, defaults: PatientRecordDecoder) {
        file = defaults.file
        columnCount = header.keys.count
        self.columns = columns
        let roles: [EventRole] = header.keys.map { key in
            switch key {
            case "patient_id", "type": .identity
            case "date", "start", "end": .date
            case "onset": .onset
            default: .attribute
            }
        }
        let isTextKey = header.keys.map(CSVColumns.textKeys.contains)
        self.roles = roles
        self.isTextKey = isTextKey
        indexByKey = Dictionary(header.keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        self.decimalComma = decimalComma
        eventColumnsRead = columns.indices.filter { column in
            let plan = columns[column]
            switch roles[column] {
            case .identity: return false
            case .date, .onset: return true
            case .attribute: return plan.unitColumn != nil || plan.isUnit || plan.isQuantity || (decimalComma && !isTextKey[column])
            }
        }
        patientID = header.index(of: "patient_id")
        type = header.index(of: "type")
        birthDate = header.index(of: "birth_date")
        age = header.index(of: "age")
        sex = header.index(of: "sex")
        site = header.index(of: "site")
        enrollmentDate = header.index(of: "enrollment_date")
        arm = header.index(of: "arm")
        otherPatientColumns = header.keys.indices.filter { !handledPatientColumns.contains(header.keys[$0]) }
        self.defaults = defaults
    }

    /// A cell's value as the general path types it: in a `;`-separated file, a number with
    /// a decimal comma reads with a decimal point (outside text columns); then `true` and
    /// `false` as Booleans, a decimal number as a number, anything else as text.
    func scalar(_ text: String, column: Int) -> Value {
        guard decimalComma, !isTextKey[column], case .converted(let decimal) = DecimalComma.read(text) else {
            return Self.typed(text)
        }
        return Self.typed(decimal)
    }

    /// Text typed as a YAML plain scalar (``SyntaxNode/typedScalar(_:at:)``).
    static func typed(_ text: String) -> Value {
        SyntaxNode.typedScalar(text, at: TextPosition(line: 0, column: 0)).value
    }
}

/// One patient's rows, shared by the events read from them.
final class CSVPatientCells: Sendable {
    let layout: CSVPatientLayout
    let group: CSVRowGroup

    init(layout: CSVPatientLayout, group: CSVRowGroup) {
        self.layout = layout
        self.group = group
    }

    /// The value of `column` in event row `row`, as the general path keeps it among the
    /// event's attributes; `nil` if it is not one (blank, an identity or date column, or a
    /// `<key>_unit` cell that belongs to its filled `<key>` cell).
    func value(row: Int, column: Int) -> Value? {
        guard let text = present(row: row, column: column) else { return nil }
        let plan = layout.columns[column]
        let first = group.rows[row].firstCell
        if plan.isList {
            return .list(text.split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.map(Value.string))
        }
        if let unitColumn = plan.unitColumn, unitColumn < group.rows[row].cellCount, let unit = group.trimmed(first + unitColumn) {
            return .map(["value": layout.scalar(text, column: column), "unit": .string(unit)])
        }
        let value = layout.scalar(text, column: column)
        guard layout.roles[column] == .onset else { return value }
        // As the general path keeps it: a UTC instant whose day is uncertain keeps its text.
        guard let date = layout.defaults.parseDate(text) else { return value }
        return date.day != nil && !date.isComplete ? value : .string(date.description)
    }

    /// The trimmed text of `column` in event row `row`, if the event has that attribute.
    private func present(row: Int, column: Int) -> String? {
        let row = group.rows[row]
        guard layout.roles[column] == .attribute || layout.roles[column] == .onset, column < row.cellCount,
              let text = group.trimmed(row.firstCell + column)
        else { return nil }
        if let base = layout.columns[column].valueColumn, base < row.cellCount, !group.isBlank(row.firstCell + base) { return nil }
        return text
    }

    /// Whether event row `row` has an attribute in `column`.
    func has(row: Int, column: Int) -> Bool {
        let cells = group.rows[row]
        guard layout.roles[column] == .attribute || layout.roles[column] == .onset, column < cells.cellCount,
              !group.isBlank(cells.firstCell + column)
        else { return false }
        if let base = layout.columns[column].valueColumn, base < cells.cellCount, !group.isBlank(cells.firstCell + base) { return false }
        return true
    }
}

/// The attributes of one event row of a ``CSVPatientCells``, made from its cells as a
/// check asks for them.
struct CSVEventAttributes: EventAttributeSource {
    let cells: CSVPatientCells
    /// The event's row in the patient's group.
    let row: Int

    func value(forKey key: String) -> Value? {
        guard let column = cells.layout.indexByKey[key] else { return nil }
        return cells.value(row: row, column: column)
    }

    var allAttributes: [String: Value] {
        var attributes: [String: Value] = [:]
        for column in 0..<cells.layout.columnCount {
            if let value = cells.value(row: row, column: column) { attributes[cells.layout.columns[column].key] = value }
        }
        return attributes
    }

    func keys(outside known: KeySet) -> [String] {
        (0..<cells.layout.columnCount).compactMap { column in
            let key = cells.layout.columns[column].key
            return cells.has(row: row, column: column) && !known.contains(key) ? key : nil
        }
    }

    func isSame(as other: any EventAttributeSource) -> Bool {
        guard let other = other as? CSVEventAttributes else { return false }
        return cells === other.cells && row == other.row
    }
}
