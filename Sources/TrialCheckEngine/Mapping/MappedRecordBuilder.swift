import TrialCheckCore

/// Builds one patient's record from its rows of a wide export, as a mapping resolved
/// against the export's header says: the record the patient-record decoder then reads,
/// positioned at the export's cells (a constant of the mapping at the mapping file).
///
/// A cell that cannot be read as mapped (a date not in its column's format, a code not
/// among its choices, a checkbox cell other than `0` or `1`) rejects the patient, located
/// at the cell. What the rows held that the mapping did not read is counted in notes.
struct MappedRecordBuilder: Sendable {
    /// A note to count if the record is built: what, in which noun, where.
    typealias Note = (what: String, noun: String, location: SourceLocation)

    let plan: ColumnPlan
    let header: CSVHeader
    /// The export's path, for locations.
    let file: String
    /// The mapping file's path, for the locations of constants.
    let mappingPath: String

    /// The record of patient `id` from its `rows`, or why it cannot be built; with the notes
    /// it gives (counted only for a record built).
    func record(id: String, rows: [CSVRow]) -> Result<(SyntaxNode, [Note]), RecordRejection> {
        do throws(RecordRejection) {
            return .success(try build(id: id, rows: rows))
        } catch {
            return .failure(error)
        }
    }

    private func build(id: String, rows: [CSVRow]) throws(RecordRejection) -> (SyntaxNode, [Note]) {
        var notes: [Note] = []
        var read = rows.map { _ in Set(plan.alwaysRead) }
        let first = rows[0]
        let idPosition = plan.idColumn < first.fields.count ? first.fields[plan.idColumn].position : TextPosition(line: first.line, column: 1)
        var members: [(String, SyntaxNode)] = [(RecordKey.id.rawValue, .text(id, at: idPosition))]
        var enrollment: [(String, SyntaxNode)] = []
        let patientRows = rows.indices.filter { plan.patient.accepts(rows[$0]) }
        for index in patientRows { read[index].formUnion(plan.patient.columns) }
        for field in plan.patient.fields {
            var found: (node: SyntaxNode, text: String)?
            for index in patientRows {
                guard let value = try value(field, row: rows[index], number: 0, id: id, notes: &notes) else { continue }
                let text = value.node.value.display
                if let earlier = found {
                    guard earlier.text == text else {
                        throw reject(
                            "patient '\(id)': '\(field.mapping.key.text)' is '\(earlier.text)' at \(earlier.node.position.location(in: file)) and '\(text)' here: expected one value per patient",
                            at: value.node.position, id: id
                        )
                    }
                } else {
                    found = (value.node, text)
                }
            }
            guard let node = found?.node else { continue }
            if let enrollmentKey = ExportMapping.enrollmentKeys[field.mapping.key.text] {
                enrollment.append((enrollmentKey, node))
            } else {
                members.append((field.mapping.key.text, node))
            }
        }
        let recordPosition = TextPosition(line: first.line, column: 1)
        guard enrollment.contains(where: { $0.0 == EnrollmentKey.date.rawValue }) else {
            let column = plan.patient.fields.first { $0.mapping.key.text == "enrollment_date" }?.name ?? "enrollment_date"
            let rowsRead = patientRows.isEmpty ? "no row of the patient is one its fields are read from" : "it is blank in every row its fields are read from"
            throw reject("patient '\(id)' has no enrollment date: the column '\(column)' gives none (\(rowsRead))", at: recordPosition, id: id)
        }
        members.append((RecordKey.enrollment.rawValue, .mapping(enrollment, at: recordPosition)))
        var events: [SyntaxNode] = []
        for part in plan.events {
            for index in rows.indices where part.accepts(rows[index]) {
                read[index].formUnion(part.columns)
                for number in part.numbers {
                    if let event = try event(part, row: rows[index], number: number, id: id, notes: &notes) { events.append(event) }
                }
            }
        }
        members.append((RecordKey.events.rawValue, .list(events, at: recordPosition)))
        for (index, row) in rows.enumerated() {
            for (column, field) in row.fields.enumerated() where !read[index].contains(column) {
                guard let text = field.trimmed, !(plan.checkboxColumns.contains(column) && text == "0"), column < header.names.count,
                      plan.mappedColumns.contains(column)
                else { continue }
                notes.append((
                    "column '\(header.names[column])' has values in rows its mapping does not read (rows other than those its entry's 'rows', 'instrument' or 'event' select): not read",
                    "non-blank cell(s)", field.position.location(in: file)
                ))
            }
        }
        return (.mapping(members, at: recordPosition), notes)
    }

    /// One event from a row (and repeat number), or `nil` if none of its columns has a value.
    private func event(_ part: ColumnPlan.Part, row: CSVRow, number: Int, id: String, notes: inout [Note]) throws(RecordRejection) -> SyntaxNode? {
        var members: [(String, SyntaxNode)] = []
        var eventNotes: [Note] = []
        var hasValue = false
        for field in part.fields {
            guard let value = try value(field, row: row, number: number, id: id, notes: &eventNotes) else { continue }
            hasValue = hasValue || value.isData
            members.append((field.mapping.key.text, value.node))
        }
        guard hasValue, let type = part.type else { return nil }
        let rowPosition = TextPosition(line: row.line, column: 1)
        guard let typeValue = try value(type, row: row, number: number, id: id, notes: &eventNotes) else {
            throw reject("patient '\(id)': the row has an event but the column '\(type.name)' that gives its type is blank", at: rowPosition, id: id)
        }
        var typeNode = typeValue.node
        if let text = typeNode.scalarText, CSVColumns.eventTypes.contains(text.lowercased()) {
            typeNode = .text(text.lowercased(), at: typeNode.position)
        }
        notes += eventNotes
        return .mapping([(EventKey.type.rawValue, typeNode)] + members, at: rowPosition)
    }

    /// A field's value in a row: `nil` where its cells are blank. `isData` is false for a
    /// constant of the mapping and a checkbox with no box ticked (neither makes an event).
    private func value(
        _ field: ColumnPlan.Field, row: CSVRow, number: Int, id: String, notes: inout [Note]
    ) throws(RecordRejection) -> (node: SyntaxNode, isData: Bool)? {
        switch field.source(number) {
        case .absent:
            return nil
        case .constant(let text):
            let location = field.mapping.key.location
            return (.typedScalar(text, at: TextPosition(line: location.line ?? 1, column: location.column ?? 1, file: mappingPath)), false)
        case .checkbox(let boxes):
            return try checkbox(field, boxes: boxes, number: number, row: row, id: id, notes: &notes)
        case .column(let column):
            guard let cell = try cell(column, in: row, id: id), let text = cell.trimmed else { return nil }
            if let format = field.mapping.date {
                guard let iso = format.iso8601(text) else {
                    throw reject(
                        "column '\(header.names[column])': '\(text)' is not a date in the column's format \(format) (such as \(format.example))",
                        at: cell.position, id: id
                    )
                }
                return (.text(iso, at: cell.position), true)
            }
            if let separator = field.mapping.listSeparator {
                let items = text.components(separatedBy: separator).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                var nodes: [SyntaxNode] = []
                for item in items { nodes.append(try decoded(item, codes: field.codes, column: column, cell: cell, id: id)) }
                return (.list(nodes, at: cell.position), true)
            }
            let node = try decoded(text, codes: field.codes, column: column, cell: cell, id: id)
            guard let unit = field.unit(number) else { return (node, true) }
            return (try quantity(node, unit: unit, valueColumn: column, cell: cell, row: row, id: id, notes: &notes), true)
        }
    }

    /// A value with its unit, as `{value, unit}`; a value whose unit cell is blank stays a
    /// bare number (which checks of quantities do not evaluate), noted.
    private func quantity(
        _ node: SyntaxNode, unit: ColumnPlan.UnitSource, valueColumn: Int, cell: CSVField, row: CSVRow, id: String, notes: inout [Note]
    ) throws(RecordRejection) -> SyntaxNode {
        let unitNode: SyntaxNode
        switch unit {
        case .fixed(let text):
            unitNode = .text(text, at: cell.position)
        case .column(let column, let codes):
            guard let unitCell = try self.cell(column, in: row, id: id), let text = unitCell.trimmed else {
                notes.append((
                    "values in column '\(header.names[valueColumn])' with a blank unit cell: kept as bare numbers, which checks of quantities do not evaluate",
                    "value(s)", cell.position.location(in: file)
                ))
                return node
            }
            unitNode = try decoded(text, codes: codes, column: column, cell: unitCell, id: id, asText: true)
        case .absent:
            notes.append((
                "values in column '\(header.names[valueColumn])' with no unit column for their repeat: kept as bare numbers, which checks of quantities do not evaluate",
                "value(s)", cell.position.location(in: file)
            ))
            return node
        }
        return .quantity(value: node, unit: unitNode, at: cell.position)
    }

    /// The ticked choices of a checkbox, `nil` if every cell is blank; an empty list (noted)
    /// if every box is unticked.
    private func checkbox(
        _ field: ColumnPlan.Field, boxes: [(code: String, label: String, column: Int)], number: Int, row: CSVRow, id: String, notes: inout [Note]
    ) throws(RecordRejection) -> (node: SyntaxNode, isData: Bool)? {
        var ticked: [SyntaxNode] = []
        var position: TextPosition?
        for box in boxes {
            guard let cell = try cell(box.column, in: row, id: id), let text = cell.trimmed else { continue }
            position = position ?? cell.position
            switch text.lowercased() {
            case "1", "checked": ticked.append(.typedScalar(box.label, at: cell.position))
            case "0", "unchecked": continue
            default:
                throw reject("column '\(header.names[box.column])': '\(text)' is not a checkbox value: expected 1 (ticked) or 0 (not ticked)", at: cell.position, id: id)
            }
        }
        guard let position else { return nil }
        if ticked.isEmpty {
            notes.append((
                "checkbox '\(field.name.replacingOccurrences(of: ExportMapping.repeatPlaceholder, with: String(number)))' with no box ticked: read as an empty list of '\(field.mapping.key.text)'",
                "row(s)", position.location(in: file)
            ))
        }
        return (.list(ticked, at: ticked.first?.position ?? position), !ticked.isEmpty)
    }

    /// A cell's text decoded through its codes, if it has any; a code not among them rejects the patient.
    private func decoded(
        _ text: String, codes: ColumnPlan.Codes?, column: Int, cell: CSVField, id: String, asText: Bool = false
    ) throws(RecordRejection) -> SyntaxNode {
        guard let codes else { return asText ? .text(text, at: cell.position) : .typedScalar(text, at: cell.position) }
        guard let label = codes.table[text] else {
            throw reject(
                "column '\(header.names[column])': the code '\(text)' is not a choice of \(codes.origin): expected one of \(codes.listing)",
                at: cell.position, id: id
            )
        }
        return asText ? .text(label, at: cell.position) : .typedScalar(label, at: cell.position)
    }

    /// The row's cell in `column`; a cell that is not text rejects the patient.
    private func cell(_ column: Int, in row: CSVRow, id: String) throws(RecordRejection) -> CSVField? {
        guard column < row.fields.count else { return nil }
        let cell = row.fields[column]
        if let defect = cell.defect { throw reject(defect, at: cell.position, id: id) }
        return cell
    }

    private func reject(_ reason: String, at position: TextPosition, id: String) -> RecordRejection {
        RecordRejection(location: position.location(in: file), reason: reason, patient: id)
    }
}
