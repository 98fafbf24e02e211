import Foundation
import TrialCheckCore
import Yams

extension ExportMapping {
    /// Loads and validates the mapping file at `path`, with the data dictionary at
    /// `dictionaryPath` (else the one the file names, relative to the file).
    /// - Throws: ``MappingError`` listing every problem found, each located.
    public static func load(path: String, dictionaryPath: String? = nil) throws(MappingError) -> ExportMapping {
        let bytes: [UInt8]
        do {
            bytes = try ByteSource(path: path).readAll()
        } catch {
            throw MappingError(at: error.location, error.reason)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw MappingError(at: SourceLocation(file: path), "the mapping file is not UTF-8 text")
        }
        return try load(yaml: text, path: path, dictionaryPath: dictionaryPath)
    }

    /// Loads a mapping from YAML text; `path` is used in locations and to find a
    /// dictionary named relative to the file.
    public static func load(yaml text: String, path: String, dictionaryPath: String? = nil) throws(MappingError) -> ExportMapping {
        let root: Node?
        do {
            root = try YAMLNodeComposer.compose(text)
        } catch {
            throw MappingError(at: error.position.location(in: path), error.message)
        }
        guard let root else { throw MappingError(at: SourceLocation(file: path, line: 1, column: 1), "the mapping file is empty") }
        var parse = MappingParse(path: path)
        let mapping = parse.mapping(from: root, dictionaryPath: dictionaryPath)
        guard parse.problems.isEmpty, let mapping else { throw MappingError(problems: parse.problems) }
        return mapping
    }
}

/// The state of one mapping file's validation: the problems found so far.
private struct MappingParse {
    let path: String
    var problems: [ProtocolProblem] = []

    static let topLevelKeys = ["format", "source", "dictionary", "id", "patient", "events"]
    static let recordKeys = ["rows", "fields"]
    static let eventKeys = ["type", "instrument", "event", "rows", "fields"]
    static let fieldKeys = ["column", "checkbox", "value", "codes", "date", "unit", "unit_column", "separator"]
    static let formatName = "trialcheck-mapping/1"

    init(path: String) {
        self.path = path
    }

    func location(_ node: Node) -> SourceLocation {
        node.location(in: path)
    }

    mutating func problem(_ node: Node, _ message: String) {
        problems.append(ProtocolProblem(location: location(node), message: message))
    }

    func describe(_ node: Node) -> String {
        node.kindDescription { ControlEscaping.excerpt($0) }
    }

    /// The mapping's members, after reporting keys not in `allowed`.
    mutating func members(_ node: Node, allowed: [String], context: String) -> Node.Mapping? {
        guard case .mapping(let mapping) = node else {
            problem(node, "\(context): expected a mapping, found \(describe(node))")
            return nil
        }
        var seen = Set<String>()
        for (key, _) in mapping {
            let name = key.string ?? ""
            if !seen.insert(name).inserted {
                problem(key, "\(context): '\(name)' appears twice")
            } else if !allowed.contains(name) {
                problem(key, "\(context): unknown key '\(name)'\(Suggestion.hint(for: name, among: allowed))")
            }
        }
        return mapping
    }

    /// A non-empty text scalar.
    mutating func text(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !scalar.string.trimmingWhitespace().isEmpty else {
            problem(node, "\(what): expected text, found \(describe(node))")
            return nil
        }
        return scalar.string.trimmingWhitespace()
    }

    mutating func name(_ node: Node, _ what: String) -> MappedName? {
        text(node, what).map { MappedName(text: $0, location: location(node)) }
    }

    mutating func mapping(from root: Node, dictionaryPath: String?) -> ExportMapping? {
        guard let top = members(root, allowed: Self.topLevelKeys, context: "the mapping file") else { return nil }
        if let format = top["format"], let value = text(format, "'format'"), value != Self.formatName {
            problem(format, "'format': expected '\(Self.formatName)', found '\(value)'")
        }
        var layout = ExportMapping.Layout.wide
        if let node = top["source"], let value = text(node, "'source'") {
            if let known = ExportMapping.Layout(rawValue: value) {
                layout = known
            } else {
                problem(node, "'source': unknown layout '\(value)'\(Suggestion.hint(for: value, among: ExportMapping.Layout.allCases.map(\.rawValue)))")
            }
        }
        var idColumn: MappedName?
        if let node = top["id"] {
            idColumn = name(node, "'id'")
        } else if layout == .redcap {
            idColumn = MappedName(text: "record_id", location: location(root))
        } else {
            problem(root, "the mapping file has no 'id' (the column holding the patient id)")
        }
        var dictionary: DataDictionary?
        let dictionaryFile = dictionaryPath ?? top["dictionary"].flatMap { node in
            text(node, "'dictionary'").map { relative in
                relative.hasPrefix("/") ? relative : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(relative).path
            }
        }
        if let dictionaryFile {
            do throws(MappingError) {
                dictionary = try DataDictionary.load(path: dictionaryFile)
            } catch {
                problems += error.problems
            }
        }
        var patient: RecordMapping?
        if let node = top["patient"] {
            patient = record(node, layout: layout)
        } else {
            problem(root, "the mapping file has no 'patient' (the record's fields: at least enrollment_date)")
        }
        var events: [EventMapping] = []
        if let node = top["events"] {
            if case .sequence(let sequence) = node {
                events = sequence.compactMap { event($0, layout: layout) }
            } else {
                problem(node, "'events': expected a list of events, found \(describe(node))")
            }
        }
        guard let idColumn, let patient else { return nil }
        return ExportMapping(path: path, layout: layout, idColumn: idColumn, patient: patient, events: events, dictionary: dictionary)
    }

    mutating func record(_ node: Node, layout: ExportMapping.Layout) -> RecordMapping? {
        guard let entry = members(node, allowed: Self.recordKeys, context: "'patient'") else { return nil }
        var filters = entry["rows"].map { rowFilters($0) } ?? []
        if layout == .redcap, entry["rows"] == nil {
            // The non-repeating forms: rows of no repeating instrument.
            filters = [RowFilter(column: MappedName(text: ExportMapping.repeatInstrumentColumn, location: location(node)), values: [""], isImplicit: true)]
        }
        guard let fieldsNode = entry["fields"] else {
            problem(node, "'patient' has no 'fields'")
            return nil
        }
        let fields = self.fields(fieldsNode, context: "'patient'")
        if !fields.contains(where: { $0.key.text == "enrollment_date" }) {
            problem(fieldsNode, "'patient': the fields have no 'enrollment_date' (every record needs its enrollment date)")
        }
        for field in fields where field.key.text == "id" || field.key.text == "events" || field.key.text == "enrollment" {
            problems.append(ProtocolProblem(location: field.key.location, message: "'patient': '\(field.key.text)' is not a field to map (the id is the mapping's 'id' column; use 'enrollment_date' and 'arm')"))
        }
        return RecordMapping(filters: filters, fields: fields)
    }

    mutating func event(_ node: Node, layout: ExportMapping.Layout) -> EventMapping? {
        guard let entry = members(node, allowed: Self.eventKeys, context: "an event") else { return nil }
        var filters = entry["rows"].map { rowFilters($0) } ?? []
        if let instrument = entry["instrument"], let value = text(instrument, "'instrument'") {
            filters.append(RowFilter(column: MappedName(text: ExportMapping.repeatInstrumentColumn, location: location(instrument)), values: [value], isImplicit: false))
        } else if layout == .redcap, entry["rows"] == nil {
            filters.append(RowFilter(column: MappedName(text: ExportMapping.repeatInstrumentColumn, location: location(node)), values: [""], isImplicit: true))
        }
        if let event = entry["event"], let value = text(event, "'event'") {
            filters.append(RowFilter(column: MappedName(text: ExportMapping.eventNameColumn, location: location(event)), values: [value], isImplicit: false))
        }
        let keyNode = node.mapping?.first { $0.key.string == "type" }?.key ?? node
        guard let typeNode = entry["type"] else {
            problem(node, "an event has no 'type' (such as 'chemotherapy', or {column: ...})")
            return nil
        }
        let type: FieldMapping?
        if case .scalar = typeNode, let value = text(typeNode, "'type'") {
            type = FieldMapping(key: MappedName(text: "type", location: location(keyNode)), origin: .constant(value), codes: nil, date: nil, unit: nil, listSeparator: nil)
        } else {
            type = field(key: MappedName(text: "type", location: location(keyNode)), typeNode)
        }
        guard let fieldsNode = entry["fields"] else {
            problem(node, "an event has no 'fields'")
            return nil
        }
        let fields = self.fields(fieldsNode, context: "an event")
        guard let type else { return nil }
        let event = EventMapping(type: type, filters: filters, fields: fields)
        if event.isNumbered {
            for field in fields {
                guard case .column(let name) = field.origin, !name.text.contains(ExportMapping.repeatPlaceholder) else { continue }
                problems.append(ProtocolProblem(location: name.location, message: "column '\(name.text)' has no '{n}', but other columns of this event are numbered repeats: expected every column of the event numbered"))
            }
        }
        return event
    }

    mutating func rowFilters(_ node: Node) -> [RowFilter] {
        guard case .mapping(let mapping) = node else {
            problem(node, "'rows': expected a mapping of column to value (or a list of values), found \(describe(node))")
            return []
        }
        return mapping.compactMap { key, value in
            guard let column = name(key, "a column in 'rows'") else { return nil }
            let values: [Node] = if case .sequence(let sequence) = value { Array(sequence) } else { [value] }
            var allowed = Set<String>()
            for item in values {
                guard case .scalar(let scalar) = item else {
                    problem(item, "'rows': expected a value, found \(describe(item))")
                    continue
                }
                allowed.insert(scalar.string.trimmingWhitespace())
            }
            return RowFilter(column: column, values: allowed, isImplicit: false)
        }
    }

    mutating func fields(_ node: Node, context: String) -> [FieldMapping] {
        guard case .mapping(let mapping) = node else {
            problem(node, "\(context): 'fields': expected a mapping of key to column, found \(describe(node))")
            return []
        }
        var seen = Set<String>()
        return mapping.compactMap { key, value in
            guard let name = name(key, "a key in 'fields'") else { return nil }
            guard seen.insert(name.text).inserted else {
                problem(key, "\(context): the key '\(name.text)' appears twice")
                return nil
            }
            guard name.text != "type" || context == "'patient'" else {
                problem(key, "an event's 'type' is given beside 'fields', not in them")
                return nil
            }
            return field(key: name, value)
        }
    }

    /// One field: a column name, or a mapping with `column`, `checkbox` or `value` and options.
    mutating func field(key: MappedName, _ node: Node) -> FieldMapping? {
        if case .scalar = node {
            guard let column = name(node, "'\(key.text)'") else { return nil }
            return FieldMapping(key: key, origin: .column(column), codes: nil, date: nil, unit: nil, listSeparator: nil)
        }
        guard let entry = members(node, allowed: Self.fieldKeys, context: "'\(key.text)'") else { return nil }
        let sources = ["column", "checkbox", "value"].filter { entry[$0] != nil }
        guard sources.count == 1 else {
            problem(node, "'\(key.text)': expected exactly one of 'column', 'checkbox' or 'value', found \(sources.isEmpty ? "none" : sources.map { "'\($0)'" }.joined(separator: " and "))")
            return nil
        }
        let origin: FieldMapping.Origin
        if let column = entry["column"] {
            guard let name = name(column, "'column'") else { return nil }
            origin = .column(name)
        } else if let checkbox = entry["checkbox"] {
            guard let name = name(checkbox, "'checkbox'") else { return nil }
            origin = .checkbox(name)
        } else {
            guard let value = entry["value"], let text = text(value, "'value'") else { return nil }
            origin = .constant(text)
        }
        var codes: [String: String]?
        if let codesNode = entry["codes"] {
            if case .mapping(let pairs) = codesNode, !pairs.isEmpty {
                var table: [String: String] = [:]
                for (code, label) in pairs {
                    guard let codeText = text(code, "a code"), let labelText = text(label, "the name of code '\(code.string ?? "")'") else { continue }
                    if table[codeText] != nil { problem(code, "'codes': the code '\(codeText)' appears twice") }
                    table[codeText] = labelText
                }
                codes = table
            } else {
                problem(codesNode, "'codes': expected a mapping of code to name (such as {1: cisplatin, 2: paclitaxel}), found \(describe(codesNode))")
            }
        }
        var date: ExportDateFormat?
        if let dateNode = entry["date"], let text = text(dateNode, "'date'") {
            date = ExportDateFormat(parsing: text)
            if date == nil { problem(dateNode, "'date': expected \(ExportDateFormat.expected), found '\(text)'") }
        }
        var unit: FieldMapping.UnitSource?
        if let fixed = entry["unit"], let text = text(fixed, "'unit'") { unit = .fixed(text) }
        if let column = entry["unit_column"], let name = name(column, "'unit_column'") {
            if unit != nil { problem(column, "'\(key.text)': expected 'unit' or 'unit_column', not both") }
            unit = .column(name)
        }
        let separator = entry["separator"].flatMap { node -> String? in
            guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
                problem(node, "'separator': expected the text between list items (such as ';'), found \(describe(node))")
                return nil
            }
            return scalar.string
        }
        if case .constant = origin, codes != nil || date != nil || entry["unit_column"] != nil || separator != nil {
            problem(node, "'\(key.text)': a 'value' is used as written: expected no 'codes', 'date', 'unit_column' or 'separator'")
        }
        if case .checkbox = origin, date != nil || unit != nil || separator != nil {
            problem(node, "'\(key.text)': a checkbox gives a list of its ticked choices: expected no 'date', 'unit' or 'separator'")
        }
        if date != nil, codes != nil || unit != nil || separator != nil {
            problem(node, "'\(key.text)': a date has no 'codes', 'unit' or 'separator'")
        }
        return FieldMapping(key: key, origin: origin, codes: codes, date: date, unit: unit, listSeparator: separator)
    }
}
