import TrialCheckCore

/// A REDCap data dictionary (the CSV the Designer downloads, or the API's metadata export
/// as CSV): each field's form, type, label, choices and validation type.
struct DataDictionary: Sendable {
    /// One field of the project.
    struct Field: Sendable {
        let name: String
        let form: String
        /// `text`, `dropdown`, `radio`, `checkbox`, `yesno`, `truefalse`, `calc`, `notes`, ...
        let type: String
        let label: String
        /// The coded choices in order (code, label); the implicit ones of `yesno` and `truefalse`.
        let choices: [(code: String, label: String)]
        /// The text validation type, such as `date_dmy`, `date_mdy`, `date_ymd`, `integer`.
        let validation: String?
        /// Where the field is defined.
        let location: SourceLocation

        /// The choices as a lookup, code → label.
        var codes: [String: String]? {
            choices.isEmpty ? nil : Dictionary(choices.map { ($0.code, $0.label) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The dictionary file's path.
    let path: String
    /// The fields in file order.
    let fields: [Field]
    private let indexByName: [String: Int]

    /// The field named `name` (any case).
    func field(_ name: String) -> Field? {
        indexByName[name.lowercased()].map { fields[$0] }
    }

    /// The header names of each column, as the Designer and the API write them.
    private static let columnNames: [(key: String, names: [String])] = [
        ("name", ["variable / field name", "field_name"]),
        ("form", ["form name", "form_name"]),
        ("type", ["field type", "field_type"]),
        ("label", ["field label", "field_label"]),
        ("choices", ["choices, calculations, or slider labels", "select_choices_or_calculations"]),
        ("validation", ["text validation type or show slider number", "text_validation_type_or_show_slider_number"]),
    ]

    /// Field types whose choices column holds coded choices.
    private static let choiceTypes: Set<String> = ["dropdown", "radio", "checkbox"]

    /// Reads the dictionary at `path`.
    /// - Throws: ``MappingError`` for a file that cannot be read, a header without the
    ///   field-name column, a repeated field, or a choice that is not `code, label`.
    static func load(path: String) throws(MappingError) -> DataDictionary {
        do {
            return try read(path: path)
        } catch let error as MappingError {
            throw error
        } catch let error as InputError {
            throw MappingError(at: error.location, "the data dictionary: \(error.reason)")
        } catch {
            throw MappingError(at: SourceLocation(file: path), "the data dictionary cannot be read")
        }
    }

    private static func read(path: String) throws -> DataDictionary {
        let source = try ByteSource(path: path)
        let rows = CSVRowReader(source: source)
        guard let headerRow = try rows.next(inputName: path) else {
            throw MappingError(at: SourceLocation(file: path), "the data dictionary is empty: expected a header row naming 'Variable / Field Name'")
        }
        let header = try CSVHeader(row: headerRow, inputName: path)
        var columns: [String: Int] = [:]
        for (key, names) in columnNames {
            if let index = names.lazy.compactMap({ header.index(of: $0) }).first { columns[key] = index }
        }
        guard let nameColumn = columns["name"] else {
            let location = (header.fields.first?.position ?? TextPosition(line: 1, column: 1)).location(in: path)
            throw MappingError(at: location, "the data dictionary's header has no column 'Variable / Field Name' (or 'field_name'): found \(header.names.map { "'\($0)'" }.joined(separator: ", "))")
        }
        var fields: [Field] = []
        var indexByName: [String: Int] = [:]
        var problems: [ProtocolProblem] = []
        while let row = try rows.next(inputName: path) {
            func cell(_ key: String) -> CSVField? {
                guard let index = columns[key], index < row.fields.count else { return nil }
                return row.fields[index]
            }
            guard nameColumn < row.fields.count, let name = row.fields[nameColumn].trimmed else { continue }
            let location = row.fields[nameColumn].position.location(in: path)
            if let first = indexByName[name.lowercased()] {
                problems.append(ProtocolProblem(location: location, message: "field '\(name)' is defined twice (first at \(fields[first].location))"))
                continue
            }
            let type = cell("type")?.trimmed?.lowercased() ?? "text"
            var choices: [(String, String)] = []
            switch type {
            case "yesno": choices = [("1", "Yes"), ("0", "No")]
            case "truefalse": choices = [("1", "True"), ("0", "False")]
            case _ where choiceTypes.contains(type):
                if let field = cell("choices"), let text = field.trimmed {
                    do throws(MappingError) {
                        choices = try parseChoices(text, at: field.position.location(in: path), field: name)
                    } catch {
                        problems += error.problems
                    }
                }
            default: break
            }
            indexByName[name.lowercased()] = fields.count
            fields.append(Field(
                name: name, form: cell("form")?.trimmed ?? "", type: type, label: cell("label")?.trimmed ?? "",
                choices: choices, validation: cell("validation")?.trimmed?.lowercased(), location: location
            ))
        }
        guard problems.isEmpty else { throw MappingError(problems: problems) }
        return DataDictionary(path: path, fields: fields, indexByName: indexByName)
    }

    /// `1, Cisplatin | 2, Paclitaxel` as (code, label) pairs.
    static func parseChoices(_ text: String, at location: SourceLocation, field: String) throws(MappingError) -> [(code: String, label: String)] {
        var choices: [(code: String, label: String)] = []
        for entry in text.split(separator: "|") {
            let trimmed = entry.trimmingWhitespace()
            guard !trimmed.isEmpty else { continue }
            guard let comma = trimmed.firstIndex(of: ",") else {
                throw MappingError(at: location, "field '\(field)': the choice '\(trimmed)' is not 'code, label' (expected such as '1, Cisplatin | 2, Paclitaxel')")
            }
            let code = trimmed[..<comma].trimmingWhitespace()
            let label = trimmed[trimmed.index(after: comma)...].trimmingWhitespace()
            guard !code.isEmpty else {
                throw MappingError(at: location, "field '\(field)': the choice '\(trimmed)' has no code")
            }
            choices.append((code, label))
        }
        return choices
    }
}
