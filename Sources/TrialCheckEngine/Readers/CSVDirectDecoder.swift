import TrialCheckCore

/// Decodes one patient's rows of the flat CSV layout straight from their cells into the
/// model: no syntax tree, no text made for blank cells, and events that make their
/// attributes from the cells as checks ask for them (``CSVEventAttributes``).
///
/// It is the fast path for well-formed patients, and gives up (returns `nil`) at the first
/// thing it does not handle itself: a row whose cells do not match the header, a cell that
/// is not UTF-8 text, no or two `patient` rows, a value the model rejects, a record key
/// the general path treats specially (`id`, `timezone`, `enrollment`, `events` columns
/// filled in the `patient` row), a date with a unit. The caller then builds the record's
/// syntax nodes and decodes them with ``PatientRecordDecoder``, which gives the same
/// patient or the located rejection. What the general path notes about the cells (units
/// the unit table does not know, numbers whose point may group thousands) is returned in
/// the order the general path notes it, for the caller to tally when the patient is used.
struct CSVDirectDecoder {
    /// Something to note about a cell, as ``CSVReader`` notes it.
    enum CellNote {
        /// A unit the unit table does not know, in `column`.
        case unit(String, column: String, at: TextPosition)
        /// A number in a `;`-separated file whose point may group thousands.
        case ambiguousNumber(String, at: TextPosition)
    }

    private let layout: CSVPatientLayout
    private let group: CSVRowGroup
    private var notes: [CellNote] = []

    /// The patient `group` holds (every row of patient `id`), with the notes about its
    /// cells; `nil` if the rows must go through the general path.
    static func patient(id: String, rows group: CSVRowGroup, layout: CSVPatientLayout) -> (PatientHistory, [CellNote])? {
        var decoder = CSVDirectDecoder(layout: layout, group: group)
        guard let patient = decoder.patient(id: id) else { return nil }
        return (patient, decoder.notes)
    }

    private init(layout: CSVPatientLayout, group: CSVRowGroup) {
        self.layout = layout
        self.group = group
    }

    private var file: String { layout.file }

    private func location(_ cell: Int) -> SourceLocation {
        group.position(cell).location(in: file)
    }

    /// The trimmed text of `column` in `row`, or `nil` if the column is absent or blank.
    private func filled(_ column: Int?, row: CSVRowGroup.Row) -> (cell: Int, text: String)? {
        guard let column else { return nil }
        let cell = row.firstCell + column
        return group.trimmed(cell).map { (cell, $0) }
    }

    private mutating func patient(id: String) -> PatientHistory? {
        guard wellFormed(), let patientRow = patientRow() else { return nil }
        let defaults = layout.defaults
        let row = group.rows[patientRow]
        var patient = PatientHistory(
            id: id, site: defaults.defaultSite,
            enrollment: Enrollment(date: PartialDate(CalendarDay(ordinal: 0))),
            location: SourceLocation(file: file, line: group.rows[0].line),
            fieldLocations: defaults.defaultLocations
        )
        patient.dataCutoff = defaults.defaultDataCutoff
        if let (cell, text) = filled(layout.birthDate, row: row) {
            guard let date = defaults.parseDate(text) else { return nil }
            patient.birthDate = date
            patient.fieldLocations.birthDate = location(cell)
        }
        if let (cell, text) = filled(layout.age, row: row) {
            guard let age = scalar(text, column: layout.age ?? 0, cell: cell).int, age >= 0, age < 150 else { return nil }
            patient.age = age
            patient.fieldLocations.age = location(cell)
        }
        if let (cell, text) = filled(layout.sex, row: row) {
            patient.sex = CSVPatientLayout.typed(text).text
            patient.fieldLocations.sex = location(cell)
        }
        if let (cell, text) = filled(layout.site, row: row) {
            patient.site = CSVPatientLayout.typed(text).text
            patient.fieldLocations.site = location(cell)
        }
        guard let (dateCell, dateText) = filled(layout.enrollmentDate, row: row), let enrollmentDate = defaults.parseDate(dateText) else {
            return nil
        }
        patient.enrollment = Enrollment(date: enrollmentDate, arm: filled(layout.arm, row: row)?.text)
        patient.fieldLocations.enrollmentDate = location(dateCell)
        patient.fieldLocations.arm = filled(layout.arm, row: row).map { location($0.cell) }
        for column in layout.otherPatientColumns {
            guard let (cell, text) = filled(column, row: row) else { continue }
            let key = layout.columns[column].key
            switch key {
            case "id", "timezone", "enrollment", "events":
                // A second id, a record's own time zone, a clash with the record's shape:
                // the general path's to judge.
                return nil
            case "data_cutoff":
                guard let cutoff = defaults.parseDate(text) else { return nil }
                patient.dataCutoff = cutoff
                patient.fieldLocations.dataCutoff = location(cell)
            default:
                patient.attributes[key] = scalar(text, column: column, cell: cell)
            }
        }
        let cells = CSVPatientCells(layout: layout, group: group)
        var events: [Event] = []
        events.reserveCapacity(group.rows.count - 1)
        for index in group.rows.indices where index != patientRow {
            guard let event = event(row: index, cells: cells) else { return nil }
            events.append(event)
        }
        patient.events = events
        return patient
    }

    /// Whether every row has a cell for each column, each of them text.
    private func wellFormed() -> Bool {
        for row in group.rows {
            guard row.cellCount == layout.columnCount else { return false }
            for cell in row.firstCell..<row.firstCell + row.cellCount where !group.cells[cell].isPlain {
                if group.field(cell, file: nil).defect != nil { return false }
            }
        }
        return true
    }

    /// The one row of type `patient`, if there is exactly one.
    private func patientRow() -> Int? {
        guard let type = layout.type else { return nil }
        var found: Int?
        for index in group.rows.indices where group.trimmedEqualsIgnoringCase(group.rows[index].firstCell + type, "patient") {
            guard found == nil else { return nil }
            found = index
        }
        return found
    }

    /// An event row as an event, its dates read and its cells noted as the general path notes them.
    private mutating func event(row index: Int, cells: CSVPatientCells) -> Event? {
        let row = group.rows[index]
        guard let (_, typeText) = filled(layout.type, row: row) else { return nil }
        var date: PartialDate?
        var start: PartialDate?
        var end: PartialDate?
        for column in layout.eventColumnsRead {
            let plan = layout.columns[column]
            let role = layout.roles[column]
            let cell = row.firstCell + column
            guard let text = group.trimmed(cell) else { continue }
            if let base = plan.valueColumn, !group.isBlank(row.firstCell + base) { continue }
            if plan.isList { continue }
            let unit = plan.unitColumn.flatMap { unitColumn in filled(unitColumn, row: row) }
            switch role {
            case .date, .onset:
                // A date with a unit is a mapping the general path rejects.
                guard unit == nil, let parsed = layout.defaults.parseDate(text) else { return nil }
                switch plan.key {
                case "date": date = parsed
                case "start": start = parsed
                case "end": end = parsed
                default: break
                }
            case .attribute:
                if let unit {
                    noteUnit(unit.text, column: plan.key + "_unit", at: unit.cell)
                    _ = scalar(text, column: column, cell: cell)
                } else {
                    let value = scalar(text, column: column, cell: cell)
                    if plan.isUnit {
                        noteUnit(text, column: plan.key, at: cell)
                    } else if plan.isQuantity, let quantity = value.text.flatMap(Quantity.init(parsing:)) {
                        noteUnit(quantity.unit, column: plan.key, at: cell)
                    }
                }
            case .identity:
                continue
            }
        }
        if let start, let end, end.span.last < start.span.first { return nil }
        return Event(
            type: EventType(recorded: typeText), date: date, start: start, end: end,
            attributeSource: CSVEventAttributes(cells: cells, row: index),
            location: SourceLocation(file: file, line: row.line)
        )
    }

    /// A cell's value, noting a number whose point may group thousands as the general path does.
    private mutating func scalar(_ text: String, column: Int, cell: Int) -> Value {
        if layout.decimalComma, !layout.isTextKey[column], DecimalComma.read(text) == .ambiguous {
            notes.append(.ambiguousNumber(text, at: group.position(cell)))
        }
        return layout.scalar(text, column: column)
    }

    private mutating func noteUnit(_ unit: String, column: String, at cell: Int) {
        guard ClinicalUnit.definition(of: unit) == nil else { return }
        notes.append(.unit(unit, column: column, at: group.position(cell)))
    }
}
