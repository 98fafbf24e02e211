import TrialCheckCore

/// Reads the flat CSV layout: one row per event, plus one `patient` row per patient.
///
/// Columns: `patient_id` and `type` (required), then any event key of patient-history v1
/// (`date`, `start`, `end`, `dose`, `agents`, ...). A row whose `type` is `patient` holds
/// the patient-level keys: `birth_date`, `age`, `sex`, `site`, `enrollment_date`, `arm`.
/// Lists (`agents`, `metastases`) are `;`-separated; a quantity is `50.4 Gy` in one cell,
/// or a number in `<key>` with its unit in `<key>_unit`. A blank cell is an absent key.
///
/// The rows of one patient must be contiguous (in any order among themselves): the file
/// is read as a stream, one patient at a time, in constant memory (the ids seen are kept
/// compactly, with the lines of their rows). A patient whose rows reappear after another
/// patient's is known to be split only then: the reader hands out a
/// ``ReadItem/replacing(_:earlier:)`` rejection naming every block of its rows, which
/// takes back what its first block gave, so it is rejected once and judged on none of them.
///
/// Column names are matched ignoring case, and each column's values are read under its
/// lowercased name. The separator is `,` or `;` (named, or detected from the header
/// line); a `;`-separated file writes numbers with a decimal comma (`50,4 Gy`). Columns
/// and event types patient-history v1 does not define are kept and counted in ``notes``.
final class CSVReader: FormatReader {
    /// Patient-level columns of a `patient` row, and the record keys they fill.
    static let patientColumns = ["birth_date", "age", "sex", "site"]
    /// Columns whose cells are `;`-separated lists.
    static let listColumns: Set<String> = ["agents", "metastases"]
    /// Columns whose cells are quantities (`50.4 Gy`) that checks convert.
    static let quantityColumns: Set<String> = ["dose"]
    /// Columns of a `patient` row read apart from its other keys.
    static let handledPatientColumns = Set(["patient_id", "type", "enrollment_date", "arm"] + patientColumns)
    /// The `type` of a patient-level row.
    static let patientRowType = "patient"

    private let source: ByteSource
    private let rows: CSVRowReader
    private let decoder: PatientRecordDecoder
    var recordDecoder: PatientRecordDecoder { decoder }
    private var header: CSVHeader?
    private var plannedLayout: CSVPatientLayout?
    /// The rows after the header, a patient at a time.
    private var groups: PatientRowGroups
    /// Patients already read, to reject one whose rows are not contiguous.
    private var contiguity = ContiguousPatients()
    private var queued: [ReadItem] = []
    /// The separator asked for (``CSVSeparator/auto`` until the header is read).
    private var separator: CSVSeparator
    /// Whether numbers are written with a decimal comma (a `;`-separated file).
    private var decimalComma = false
    /// Columns the format does not define, by index.
    private var unknownColumns: [Int: String] = [:]
    private var tally = NoteTally()

    /// Whether patients are decoded straight from their cells (``CSVDirectDecoder``) where
    /// they can be; `false` builds every record's syntax nodes, the path the direct one
    /// falls back to (tests compare the two).
    let decodesDirectly: Bool
    /// The patients decoded straight from their cells so far.
    private(set) var patientsDecodedDirectly = 0

    init(source: ByteSource, decoder: PatientRecordDecoder, separator: CSVSeparator = .auto, decodesDirectly: Bool = true) {
        self.source = source
        self.decoder = decoder
        self.separator = separator
        self.decodesDirectly = decodesDirectly
        rows = CSVRowReader(source: source)
        groups = PatientRowGroups(rows)
    }

    var sha256: String { source.sha256 }
    var declaredProtocol: String? { nil }
    var notes: [String] { tally.notes }

    func next() throws(InputError) -> ReadItem? {
        if !queued.isEmpty { return queued.removeFirst() }
        let header = try readHeader()
        let layout = columnLayout(header)
        let next = try groups.next(
            inputName: decoder.file, queued: &queued,
            counting: { count($0, row: $1, layout: layout) },
            id: { group, row in layout.patientID.flatMap { group.cellIndex(row: row, column: $0) }.flatMap(group.trimmed) },
            rejection: { shapeProblem($0, header: header) ?? RecordRejection(location: lineLocation($0), reason: "the row has no patient_id") }
        )
        switch next {
        case .patient(let id, let rows): return patient(id: id, rows: rows, header: header, layout: layout)
        case .item(let item): return item
        case nil: return nil
        }
    }

    /// The layout of the header's columns, worked out on first use.
    private func columnLayout(_ header: CSVHeader) -> CSVPatientLayout {
        if let plannedLayout { return plannedLayout }
        let plan = CSVEventColumn.plan(header, listColumns: Self.listColumns, quantityColumns: Self.quantityColumns)
        let layout = CSVPatientLayout(
            header: header, columns: plan, handledPatientColumns: Self.handledPatientColumns, decimalComma: decimalComma, defaults: decoder
        )
        plannedLayout = layout
        return layout
    }

    private func readHeader() throws(InputError) -> CSVHeader {
        if let header { return header }
        if separator == .auto { separator = CSVSeparator.detect(headerLine: try rows.peekFirstLine()) }
        rows.separator = separator.byte ?? UInt8(ascii: ",")
        decimalComma = separator == .semicolon
        guard let row = try rows.next(inputName: decoder.file) else {
            throw .empty(path: decoder.file, found: nil)
        }
        if let field = row.firstDefect, let defect = field.defect {
            throw .malformed(location: field.position.location(in: decoder.file), reason: "the header row: \(defect)")
        }
        let read = try CSVHeader(row: row, inputName: decoder.file)
        try read.require(["patient_id", "type"], inputName: decoder.file, what: "a patient-history CSV file")
        header = read
        for (offset, key) in read.keys.enumerated() where !CSVColumns.isKnown(key) {
            let what = "column '\(read.names[offset])' (\(read.fields[offset].position.location(in: decoder.file))) is not a patient-history key: "
                + "its values are kept under '\(key)', which no built-in check reads"
            unknownColumns[offset] = what
            tally.declare(what, noun: "non-blank cell(s)", at: nil)
        }
        return read
    }

    /// Counts a row's cells in columns, and its event type, that the format does not define.
    private func count(_ group: CSVRowGroup, row: Int, layout: CSVPatientLayout) {
        for (offset, what) in unknownColumns {
            if let cell = group.cellIndex(row: row, column: offset), !group.isBlank(cell) {
                tally.add(what, noun: "non-blank cell(s)", at: group.position(cell).location(in: decoder.file))
            }
        }
        if let cell = layout.type.flatMap({ group.cellIndex(row: row, column: $0) }), let text = group.trimmed(cell),
           !CSVColumns.eventTypes.contains(text.lowercased()) {
            tally.add("rows of type '\(text)', an event type no built-in check reads (kept for plugins)", noun: "row(s)", at: group.position(cell).location(in: decoder.file))
        }
    }

    /// Notes a unit the unit table does not know: checks that convert it are not evaluable.
    private func noteUnit(_ unit: String, column: String, at position: TextPosition) {
        guard ClinicalUnit.definition(of: unit) == nil else { return }
        tally.add(
            "unit '\(unit)' in column '\(column)', which the unit table does not know: checks of these values are not evaluable",
            noun: "cell(s)", at: position.location(in: decoder.file)
        )
    }

    /// Notes a number in a `;`-separated file whose point may group thousands.
    private func noteAmbiguousNumber(_ text: String, at position: TextPosition) {
        tally.add(
            "numbers in a ';'-separated file whose point may group thousands: read with a decimal point",
            example: text, noun: "cell(s)", at: position.location(in: decoder.file)
        )
    }

    /// A cell's value: in a `;`-separated file, a number with a decimal comma reads with
    /// a decimal point (`50,4 Gy` as `50.4 Gy`); a number such as `1.500` is read as
    /// written and noted.
    private func value(_ field: CSVField, text: String, key: String) -> SyntaxNode {
        guard decimalComma, !CSVColumns.textKeys.contains(key) else { return .typedScalar(text, at: field.position) }
        switch DecimalComma.read(text) {
        case .unchanged:
            return .typedScalar(text, at: field.position)
        case .converted(let decimal):
            return .typedScalar(decimal, at: field.position)
        case .ambiguous:
            noteAmbiguousNumber(text, at: field.position)
            return .typedScalar(text, at: field.position)
        }
    }

    private func lineLocation(_ row: CSVRow) -> SourceLocation {
        SourceLocation(file: decoder.file, line: row.line)
    }

    /// A row whose fields do not match the header's columns: more (a comma in an unquoted
    /// value, most likely) or fewer (a row cut short), or a field that is not text.
    private func shapeProblem(_ row: CSVRow, header: CSVHeader) -> RecordRejection? {
        let patient = header.text("patient_id", in: row)
        if let field = row.firstDefect, let defect = field.defect {
            return RecordRejection(location: field.position.location(in: decoder.file), reason: defect, patient: patient)
        }
        if row.fields.count > header.names.count {
            let extra = row.fields[header.names.count]
            return RecordRejection(
                location: extra.position.location(in: decoder.file),
                reason: "the row has \(row.fields.count) fields but the header has \(header.names.count) columns (quote a value that holds a comma)",
                patient: patient
            )
        }
        if row.fields.count < header.names.count, let last = row.fields.last {
            return RecordRejection(
                location: last.position.location(in: decoder.file),
                reason: "the row has \(row.fields.count) field(s) but the header has \(header.names.count) columns: expected a field for every column (the row ends after column '\(header.names[row.fields.count - 1])')",
                patient: patient
            )
        }
        return nil
    }

    private func patient(id: String, rows cells: CSVRowGroup, header: CSVHeader, layout: CSVPatientLayout) -> ReadItem {
        let firstLine = cells.rows[0].line
        let lines = firstLine...max(firstLine, cells.rows[cells.rows.count - 1].line)
        if let replacing = contiguity.add(id, lines: lines, file: decoder.file, sortBy: "patient_id") { return replacing }
        if decodesDirectly, let (patient, notes) = CSVDirectDecoder.patient(id: id, rows: cells, layout: layout) {
            for note in notes {
                switch note {
                case .unit(let unit, let column, let position): noteUnit(unit, column: column, at: position)
                case .ambiguousNumber(let text, let position): noteAmbiguousNumber(text, at: position)
                }
            }
            patientsDecodedDirectly += 1
            return .patient(patient)
        }
        let group = groups.csvRows(cells)
        if let problem = group.lazy.compactMap({ self.shapeProblem($0, header: header) }).first {
            return .rejected(problem)
        }
        let patientRows = group.filter { header.text("type", in: $0)?.lowercased() == Self.patientRowType }
        guard let patientRow = patientRows.first else {
            return .rejected(RecordRejection(
                location: lineLocation(group[0]),
                reason: "patient '\(id)' has no row of type 'patient' (with enrollment_date, and arm once randomised)",
                patient: id
            ))
        }
        if patientRows.count > 1 {
            return .rejected(RecordRejection(
                location: lineLocation(patientRows[1]),
                reason: "patient '\(id)' has a second row of type 'patient' (the first is on line \(patientRow.line))",
                patient: id
            ))
        }
        let idField = header.field("patient_id", in: patientRow) ?? patientRow.fields[0]
        var members: [(String, SyntaxNode)] = [("id", .text(id, at: idField.position))]
        for column in Self.patientColumns {
            if let field = header.field(column, in: patientRow), let text = field.trimmed {
                members.append((column, value(field, text: text, key: column)))
            }
        }
        var enrollment: [(String, SyntaxNode)] = []
        if let field = header.field("enrollment_date", in: patientRow), let text = field.trimmed {
            enrollment.append(("date", .typedScalar(text, at: field.position)))
        }
        if let field = header.field("arm", in: patientRow), let text = field.trimmed {
            enrollment.append(("arm", .text(text, at: field.position)))
        }
        let patientPosition = TextPosition(line: patientRow.line, column: 1)
        if enrollment.isEmpty {
            return .rejected(RecordRejection(
                location: patientPosition.location(in: decoder.file),
                reason: "patient '\(id)': the 'patient' row has no enrollment_date",
                patient: id
            ))
        }
        members.append(("enrollment", .mapping(enrollment, at: patientPosition)))
        for (offset, key) in header.keys.enumerated() where !Self.handledPatientColumns.contains(key) {
            guard offset < patientRow.fields.count, let text = patientRow.fields[offset].trimmed else { continue }
            members.append((key, value(patientRow.fields[offset], text: text, key: key)))
        }
        let events = group.filter { $0.line != patientRow.line }.map { event($0, header: header) }
        members.append(("events", .list(events, at: patientPosition)))
        let record = SyntaxNode.mapping(members, at: TextPosition(line: group[0].line, column: 1))
        return decoder.item(for: record)
    }

    private func event(_ row: CSVRow, header: CSVHeader) -> SyntaxNode {
        let rowPosition = TextPosition(line: row.line, column: 1)
        var members: [(String, SyntaxNode)] = []
        if let field = header.field("type", in: row), let text = field.trimmed {
            // `Chemotherapy` is the type `chemotherapy`; an unknown type is kept as written.
            let lowered = text.lowercased()
            members.append(("type", .text(CSVColumns.eventTypes.contains(lowered) ? lowered : text, at: field.position)))
        }
        for (offset, column) in columnLayout(header).columns.enumerated() {
            guard !column.isIdentity, offset < row.fields.count else { continue }
            let key = column.key
            let field = row.fields[offset]
            guard let text = field.trimmed else { continue }
            if let base = column.valueColumn, base < row.fields.count, row.fields[base].trimmed != nil {
                continue
            }
            if column.isList {
                let items = text.split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                members.append((key, .list(items.map { SyntaxNode.text($0, at: field.position) }, at: field.position)))
            } else if let unitIndex = column.unitColumn, unitIndex < row.fields.count, let unit = row.fields[unitIndex].trimmed {
                let unitField = row.fields[unitIndex]
                noteUnit(unit, column: key + "_unit", at: unitField.position)
                members.append((key, .mapping([("value", value(field, text: text, key: key)), ("unit", .text(unit, at: unitField.position))], at: field.position)))
            } else {
                let node = value(field, text: text, key: key)
                if column.isUnit {
                    noteUnit(text, column: key, at: field.position)
                } else if column.isQuantity, let quantity = node.scalarText.flatMap({ Quantity(parsing: $0) }) {
                    noteUnit(quantity.unit, column: key, at: field.position)
                }
                members.append((key, node))
            }
        }
        return .mapping(members, at: rowPosition)
    }
}
