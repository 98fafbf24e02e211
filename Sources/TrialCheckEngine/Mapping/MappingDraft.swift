import Foundation
import TrialCheckCore

/// Drafts a mapping file from a REDCap data dictionary and the export it describes, for a
/// person to finish: every field of the dictionary mapped under its own name (with its
/// choices as `codes` and its date format), repeating instruments as events.
public enum MappingDraft {
    /// The draft, as YAML text; `mappingPath` is where it will be written, to name the
    /// dictionary relative to it (as given, without it).
    /// - Throws: ``MappingError`` if the dictionary or the export cannot be read.
    public static func draft(exportPath: String, dictionaryPath: String, mappingPath: String? = nil) throws(MappingError) -> String {
        let dictionary = try DataDictionary.load(path: dictionaryPath)
        let export: ExportSample
        do {
            export = try ExportSample(path: exportPath, dictionary: dictionary)
        } catch {
            throw MappingError(at: error.location, error.reason)
        }
        guard let idField = dictionary.fields.first else {
            throw MappingError(at: SourceLocation(file: dictionaryPath), "the data dictionary defines no field")
        }
        var lines = [
            "# Mapping drafted by `trialcheck map init` from \(dictionaryPath) and \(exportPath).",
            "# Finish it: rename each key to a patient-history key (docs/input-format.md), give each",
            "# event its type, name codes as the model does (male, cisplatin, ...), delete what the",
            "# audit does not need (an unmapped column is noted in the report's data coverage).",
            "format: trialcheck-mapping/1",
            "source: redcap",
            "dictionary: \(quoted(mappingPath.map { relative(dictionaryPath, to: $0) } ?? dictionaryPath))   # relative to this file",
            "id: \(idField.name)",
        ]
        var forms: [String] = []
        for field in dictionary.fields where !forms.contains(field.form) { forms.append(field.form) }
        let repeating = forms.filter { export.repeatInstruments.contains($0) }
        let single = forms.filter { !export.repeatInstruments.contains($0) }
        let patientGuesses = ["sex": "sex", "gender": "sex", "dob": "birth_date", "birth": "birth_date", "age": "age", "site": "site", "arm": "arm", "enrol": "enrollment_date", "enroll": "enrollment_date", "random": "enrollment_date", "regist": "enrollment_date"]
        var used = Set<String>()
        var patientLines: [String] = []
        var guessedKeys = Set<String>()
        for field in dictionary.fields where single.contains(field.form) && field.name != idField.name {
            let lowered = field.name.lowercased()
            guard let key = patientGuesses.first(where: { lowered.contains($0.key) })?.value, !guessedKeys.contains(key) else { continue }
            if key == "enrollment_date", !(field.validation?.hasPrefix("date") ?? false) { continue }
            guessedKeys.insert(key)
            used.insert(field.name)
            patientLines += entry(key: key, field: field, export: export, indent: "    ")
        }
        if !guessedKeys.contains("enrollment_date") {
            patientLines.append("    enrollment_date: ENROLLMENT_DATE_COLUMN   # FILL IN: the column of the enrollment date")
        }
        lines += ["patient:", "  fields:"] + patientLines + ["events:"]
        for form in single + repeating {
            let fields = dictionary.fields.filter { $0.form == form && $0.name != idField.name && !used.contains($0.name) && $0.type != "descriptive" }
            guard !fields.isEmpty else { continue }
            lines.append("  - type: \(form)   # FILL IN: an event type (diagnosis, chemotherapy, lab, ...)")
            if repeating.contains(form) { lines.append("    instrument: \(form)") }
            lines.append("    fields:")
            for field in fields { lines += entry(key: field.name, field: field, export: export, indent: "      ") }
        }
        let unknown = export.columnsOutsideDictionary
        if !unknown.isEmpty {
            lines.append("# Columns of the export that the data dictionary does not define (not mapped):")
            lines += unknown.map { "#   \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One field's entry: its column, choices and date format.
    private static func entry(key: String, field: DataDictionary.Field, export: ExportSample, indent: String) -> [String] {
        let label = field.label.isEmpty ? "" : "   # \(field.label.replacingOccurrences(of: "\n", with: " "))"
        var options = [field.type == "checkbox" ? "checkbox: \(field.name)" : "column: \(field.name)"]
        if let format = dateFormat(field, samples: export.samples[field.name.lowercased()] ?? []) {
            options.append("date: \(format)")
        }
        if !field.choices.isEmpty {
            let codes = field.choices.map { "\(quoted($0.code)): \(quoted($0.label))" }.joined(separator: ", ")
            options.append("codes: {\(codes)}")
        }
        if options.count == 1, field.type != "checkbox" { return ["\(indent)\(key): \(field.name)\(label)"] }
        return ["\(indent)\(key): {\(options.joined(separator: ", "))}\(label)"]
    }

    /// The date format of a date-validated field: of the formats its validation type allows
    /// (and REDCap's raw `YYYY-MM-DD`), the first that reads every sampled value.
    static func dateFormat(_ field: DataDictionary.Field, samples: [String]) -> String? {
        guard let validation = field.validation, validation.hasPrefix("date") else { return nil }
        let preferred: [String] = switch validation.suffix(3) {
        case "dmy": ["DD-MM-YYYY", "DD/MM/YYYY", "DD.MM.YYYY"]
        case "mdy": ["MM-DD-YYYY", "MM/DD/YYYY"]
        default: ["YYYY-MM-DD", "YYYY/MM/DD"]
        }
        let candidates = preferred + ["YYYY-MM-DD"]
        for text in candidates {
            guard let format = ExportDateFormat(parsing: text) else { continue }
            if !samples.isEmpty, samples.allSatisfy({ format.iso8601($0) != nil }) { return text }
        }
        return preferred[0]
    }

    /// `path` relative to the folder of `file`.
    static func relative(_ path: String, to file: String) -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent().pathComponents
        let shared = zip(target, base).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: base.count - shared) + target.dropFirst(shared)).joined(separator: "/")
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// What a draft needs of an export: its repeating instruments, some values of each date
/// field, and the columns the dictionary does not define.
private struct ExportSample {
    var repeatInstruments = Set<String>()
    var samples: [String: [String]] = [:]
    var columnsOutsideDictionary: [String] = []

    init(path: String, dictionary: DataDictionary) throws(InputError) {
        let source = try ByteSource(path: path)
        let reader = MappedExportReader(source: source, decoder: PatientRecordDecoder(file: path), mapping: .draftReader)
        let header = try reader.readHeader()
        let dateFields = Set(dictionary.fields.filter { $0.validation?.hasPrefix("date") ?? false }.map { $0.name.lowercased() })
        for (index, key) in header.keys.enumerated() {
            let base = key.components(separatedBy: "___").first ?? key
            if dictionary.field(base) == nil, !ExportMapping.redcapColumns.contains(key), !key.hasSuffix("_complete") {
                columnsOutsideDictionary.append(header.names[index])
            }
        }
        let instrument = header.index(of: ExportMapping.repeatInstrumentColumn)
        for row in try reader.allRows() {
            if let instrument, instrument < row.fields.count, let name = row.fields[instrument].trimmed { repeatInstruments.insert(name) }
            for (index, key) in header.keys.enumerated() where dateFields.contains(key) && index < row.fields.count {
                guard let text = row.fields[index].trimmed, samples[key, default: []].count < 200 else { continue }
                samples[key, default: []].append(text)
            }
        }
    }
}

extension ExportMapping {
    /// A mapping that reads nothing, to read an export's rows as they are.
    static var draftReader: ExportMapping {
        let here = SourceLocation(file: "")
        return ExportMapping(
            path: "", layout: .redcap, idColumn: MappedName(text: "record_id", location: here),
            patient: RecordMapping(filters: [], fields: []), events: [], dictionary: nil
        )
    }
}
