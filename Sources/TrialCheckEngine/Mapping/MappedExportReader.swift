import TrialCheckCore

/// Reads a wide EDC export through a mapping file: a CSV export (REDCap's, or any wide
/// CSV) as a stream, or a REDCap API JSON export (a flat array of records) whole.
///
/// Rows are grouped by the mapping's id column. In a CSV export a patient's rows must be
/// contiguous (REDCap writes them so): one patient is held at a time, and a patient whose
/// rows come back after another's is rejected once, judged on none of them (see
/// ``ContiguousPatients``). A JSON export is read whole, so its rows are grouped wherever
/// they are. Every column the mapping does not read is counted in ``notes``.
final class MappedExportReader: FormatReader {
    private let source: ByteSource
    private let decoder: PatientRecordDecoder
    var recordDecoder: PatientRecordDecoder { decoder }
    private let mapping: ExportMapping
    private var separator: CSVSeparator
    private var csvRows: CSVRowReader?
    /// A CSV export's rows after the header, a patient at a time.
    private var csvGroups: PatientRowGroups?
    /// A JSON export's rows grouped by patient, in order of first appearance (last first).
    private var jsonGroups: [(id: String, rows: [CSVRow])]?
    /// A JSON export's records, until they are grouped.
    private var jsonRecords: [SyntaxNode]?
    private var started = false
    private var header: CSVHeader?
    private var builder: MappedRecordBuilder?
    private var contiguity = ContiguousPatients()
    private var queued: [ReadItem] = []
    private var tally = NoteTally()
    /// The sentence counting each column's cells that the mapping does not read, by index.
    private var unmappedColumns: [Int: String] = [:]

    init(source: ByteSource, decoder: PatientRecordDecoder, mapping: ExportMapping, separator: CSVSeparator = .auto) {
        self.source = source
        self.decoder = decoder
        self.mapping = mapping
        self.separator = separator
    }

    var sha256: String { source.sha256 }
    var declaredProtocol: String? { nil }
    var notes: [String] { tally.notes }

    /// Whether the first bytes are a JSON array (a REDCap API export) rather than CSV.
    static func isJSON(_ prefix: [UInt8]) -> Bool {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "[")
    }

    func next() throws(InputError) -> ReadItem? {
        try nextRaw()?.decode(with: decoder)
    }

    /// The next patient's record, built but not yet decoded (the auditor decodes records in
    /// parallel), or a rejection.
    func nextRaw() throws(InputError) -> RawRecord? {
        if !started { try start() }
        if !queued.isEmpty { return .decoded(queued.removeFirst()) }
        if jsonGroups != nil { return nextJSONPatient() }
        return try nextCSVPatient()
    }

    private func start() throws(InputError) {
        started = true
        try use(header: try readHeader())
        if let records = jsonRecords, let plan = builder?.plan { group(records, plan: plan) }
    }

    /// The export's header: a CSV export's first row, or the field names of a JSON export's
    /// records (which are read whole).
    func readHeader() throws(InputError) -> CSVHeader {
        if let header { return header }
        if Self.isJSON(try source.peek(4096)) {
            let read = try readJSON()
            header = read
            return read
        }
        let rows = CSVRowReader(source: source)
        if separator == .auto { separator = CSVSeparator.detect(headerLine: try rows.peekFirstLine()) }
        rows.separator = separator.byte ?? UInt8(ascii: ",")
        csvRows = rows
        csvGroups = PatientRowGroups(rows)
        guard let row = try rows.next(inputName: decoder.file) else { throw .empty(path: decoder.file, found: nil) }
        if let field = row.firstDefect, let defect = field.defect {
            throw .malformed(location: field.position.location(in: decoder.file), reason: "the header row: \(defect)")
        }
        let read = try CSVHeader(row: row, inputName: decoder.file)
        header = read
        return read
    }

    /// Resolves the mapping against the header and declares the columns it does not read.
    private func use(header: CSVHeader) throws(InputError) {
        let plan: ColumnPlan
        do {
            plan = try ColumnPlan(mapping: mapping, header: header, exportPath: decoder.file)
        } catch {
            let first = error.problems.first
            throw .malformed(
                location: first?.location ?? SourceLocation(file: mapping.path),
                reason: "the mapping does not fit the export: " + error.problems.map(\.message).joined(separator: "; ")
            )
        }
        self.header = header
        builder = MappedRecordBuilder(plan: plan, header: header, file: decoder.file, mappingPath: mapping.path)
        for (index, name) in header.names.enumerated() where !plan.mappedColumns.contains(index) {
            let what = "column '\(name)' (\(header.fields[index].position.location(in: decoder.file))) is not mapped: its values are not read"
            unmappedColumns[index] = what
            tally.declare(what, noun: "non-blank cell(s)", at: nil)
        }
    }

    /// Counts the non-blank cells of columns the mapping does not read.
    private func count(_ row: CSVRow) {
        for (index, what) in unmappedColumns where index < row.fields.count && row.fields[index].trimmed != nil {
            tally.add(what, noun: "non-blank cell(s)", at: row.fields[index].position.location(in: decoder.file))
        }
    }

    private func nextCSVPatient() throws(InputError) -> RawRecord? {
        guard csvGroups != nil, let header, let builder else { return nil }
        let file = csvRows?.file
        let next = try csvGroups?.next(
            inputName: decoder.file, queued: &queued,
            counting: { count($0.row($1, file: file)) },
            id: { group, row in group.cellIndex(row: row, column: builder.plan.idColumn).flatMap { id(of: group.field($0, file: file)) } },
            rejection: { row in
                shapeProblem(row, header: header, id: nil)
                    ?? RecordRejection(location: SourceLocation(file: decoder.file, line: row.line), reason: "the row has no patient id (column '\(header.names[builder.plan.idColumn])' is blank)")
            }
        )
        guard case .patient(let id, let cells) = next, let group = csvGroups?.csvRows(cells) else {
            if case .item(let item) = next { return .decoded(item) }
            return nil
        }
        let lines = group[0].line...max(group[0].line, group[group.count - 1].line)
        if let replacing = contiguity.add(id, lines: lines, file: decoder.file, sortBy: header.names[builder.plan.idColumn]) {
            return .decoded(replacing)
        }
        return patient(id: id, rows: group)
    }

    private func nextJSONPatient() -> RawRecord? {
        guard let group = jsonGroups?.popLast() else { return nil }
        return patient(id: group.id, rows: group.rows)
    }

    private func id(of row: CSVRow, plan: ColumnPlan) -> String? {
        guard plan.idColumn < row.fields.count else { return nil }
        return id(of: row.fields[plan.idColumn])
    }

    /// The patient id in a row's id cell: `nil` when blank or not text.
    private func id(of field: CSVField) -> String? {
        field.defect == nil ? field.trimmed : nil
    }

    private func patient(id: String, rows: [CSVRow]) -> RawRecord {
        guard let header, let builder else {
            return .decoded(.rejected(RecordRejection(location: SourceLocation(file: decoder.file), reason: "the export's header was not read", patient: id)))
        }
        if let problem = rows.lazy.compactMap({ self.shapeProblem($0, header: header, id: id) }).first {
            return .decoded(.rejected(problem))
        }
        switch builder.record(id: id, rows: rows) {
        case .failure(let rejection):
            return .decoded(.rejected(rejection))
        case .success(let (record, notes)):
            for note in notes { tally.add(note.what, noun: note.noun, at: note.location) }
            return .node(record)
        }
    }

    /// A CSV row whose fields do not match the header's columns.
    private func shapeProblem(_ row: CSVRow, header: CSVHeader, id: String?) -> RecordRejection? {
        guard csvRows != nil else { return nil }
        if row.fields.count > header.names.count {
            return RecordRejection(
                location: row.fields[header.names.count].position.location(in: decoder.file),
                reason: "the row has \(row.fields.count) fields but the header has \(header.names.count) columns (quote a value that holds a comma)",
                patient: id
            )
        }
        if row.fields.count < header.names.count, let last = row.fields.last {
            return RecordRejection(
                location: last.position.location(in: decoder.file),
                reason: "the row has \(row.fields.count) field(s) but the header has \(header.names.count) columns: expected a field for every column",
                patient: id
            )
        }
        return nil
    }

    /// Every row after the header, as read (for a draft mapping: the export is read whole).
    func allRows() throws(InputError) -> [CSVRow] {
        if let records = jsonRecords {
            return records.map { record in
                var fields = header.map { $0.names.map { _ in CSVField(text: "", position: record.position) } } ?? []
                if case .object(let members) = record.content {
                    for member in members {
                        if let index = header?.index(of: member.key), let text = member.value.scalarText { fields[index] = CSVField(text: text, position: member.value.position) }
                    }
                }
                return CSVRow(line: record.position.line, fields: fields)
            }
        }
        var rows: [CSVRow] = []
        while let row = try csvRows?.next(inputName: decoder.file) { rows.append(row) }
        return rows
    }

    /// Reads a REDCap API JSON export (an array of flat records whose values are text)
    /// whole; returns the header its field names make, in order of first appearance.
    private func readJSON() throws(InputError) -> CSVHeader {
        let bytes = try source.readAll()
        let document: SyntaxNode
        do {
            document = try JSONSyntaxParser.parse(bytes)
        } catch {
            throw .malformed(location: error.position.location(in: decoder.file), reason: "invalid JSON: \(error.message)")
        }
        guard case .array(let records) = document.content else {
            throw .malformed(location: document.position.location(in: decoder.file), reason: "expected a JSON array of records (a REDCap API export), found \(document.kindDescription)")
        }
        guard !records.isEmpty else { throw .empty(path: decoder.file, found: "an empty array") }
        var names: [String] = []
        var positions: [TextPosition] = []
        var seen = Set<String>()
        for record in records {
            guard case .object(let members) = record.content else {
                throw .malformed(location: record.position.location(in: decoder.file), reason: "expected a record (a JSON object of field names and values), found \(record.kindDescription)")
            }
            for member in members where seen.insert(member.key.lowercased()).inserted {
                names.append(member.key)
                positions.append(member.keyPosition)
            }
        }
        jsonRecords = records
        let headerRow = CSVRow(line: records[0].position.line, fields: zip(names, positions).map { CSVField(text: $0, position: $1) })
        return try CSVHeader(row: headerRow, inputName: decoder.file)
    }

    /// A JSON export's records as rows, grouped by patient in order of first appearance.
    private func group(_ records: [SyntaxNode], plan: ColumnPlan) {
        guard let header else { return }
        var groups: [(id: String, rows: [CSVRow])] = []
        var groupByID: [String: Int] = [:]
        for record in records {
            guard case .object(let members) = record.content else { continue }
            var fields = header.names.map { _ in CSVField(text: "", position: record.position) }
            for member in members {
                guard let index = header.index(of: member.key) else { continue }
                let value = member.value
                switch value.content {
                case .string(let text), .number(let text): fields[index] = CSVField(text: text, position: value.position)
                case .bool(let flag): fields[index] = CSVField(text: flag ? "1" : "0", position: value.position)
                case .null: fields[index] = CSVField(text: "", position: value.position)
                case .array, .object:
                    fields[index] = CSVField(text: "", position: value.position, defect: "field '\(member.key)': expected a value, found \(value.kindDescription)")
                }
            }
            let row = CSVRow(line: record.position.line, fields: fields)
            count(row)
            guard let id = id(of: row, plan: plan) else {
                queued.append(.rejected(RecordRejection(location: record.position.location(in: decoder.file), reason: "the record has no patient id ('\(header.names[plan.idColumn])' is blank)")))
                continue
            }
            if let index = groupByID[id] {
                groups[index].rows.append(row)
            } else {
                groupByID[id] = groups.count
                groups.append((id, [row]))
            }
        }
        jsonRecords = nil
        jsonGroups = groups.reversed()
    }
}

extension ExportMapping {
    /// Checks that the export at `path` has every column the mapping names (reading its
    /// header only; a JSON export is read whole). Standard input and an export that cannot
    /// be read are left to the audit, which reports them.
    /// - Throws: ``MappingError`` with each column the export lacks, located in the mapping file.
    public func check(exportAt path: String, separator: CSVSeparator = .auto) throws(MappingError) {
        guard path != "-", InputFormat.workbookProblem(path) == nil else { return }
        let header: CSVHeader
        do {
            let reader = MappedExportReader(source: try ByteSource(path: path), decoder: PatientRecordDecoder(file: path), mapping: self, separator: separator)
            header = try reader.readHeader()
        } catch {
            return
        }
        _ = try ColumnPlan(mapping: self, header: header, exportPath: path)
    }
}
