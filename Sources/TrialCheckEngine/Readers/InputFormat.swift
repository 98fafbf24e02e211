/// A patient-history input format.
public enum InputFormat: String, Sendable, CaseIterable {
    /// A YAML document: a list of records, or a mapping with `patients:`.
    case yaml
    /// A JSON document of the same shape.
    case json
    /// One JSON record per line, read as a stream.
    case ndjson
    /// One row per event (and one `patient` row per patient), read as a stream.
    case csv
    /// FHIR R4 (mCODE): a JSON Bundle, an NDJSON file of resources, or a Bulk Data
    /// export folder of NDJSON files.
    case fhir
    /// CDISC SDTM: a folder of datasets (`dm.csv`, `ae.csv`, ... or `.xpt`).
    case sdtm
    /// A wide EDC export (a REDCap CSV or API JSON export, or any wide CSV) read through a
    /// mapping file (``ExportMapping``).
    case edc

    /// Why an Excel workbook is not read, or `nil` for a path that names none.
    public static func workbookProblem(_ path: String) -> String? {
        let lowered = path.lowercased()
        guard lowered.hasSuffix(".xlsx") || lowered.hasSuffix(".xls") || lowered.hasSuffix(".xlsm") else { return nil }
        return "it is an Excel workbook, which trialcheck does not read: save or export the sheet as CSV (UTF-8) and audit the CSV (see docs/input-mappings.md)"
    }

    /// The format a path's extension names, or `nil` (standard input, or an unknown extension).
    ///
    /// JSON and NDJSON files may hold FHIR resources instead of patient records: see
    /// ``refine(_:prefix:)``.
    public static func fromExtension(of path: String) -> InputFormat? {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".jsonl") { return .ndjson }
        if lowered.hasSuffix(".json") { return .json }
        if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") { return .yaml }
        if lowered.hasSuffix(".csv") { return .csv }
        return nil
    }

    /// A JSON or NDJSON guess corrected by content: FHIR resources name a `resourceType`,
    /// which no patient-history record does.
    static func refine(_ format: InputFormat, prefix: [UInt8]) -> InputFormat {
        guard format == .json || format == .ndjson else { return format }
        return mentionsResourceType(prefix) ? .fhir : format
    }

    /// Guesses the format from the first bytes: JSON naming a `resourceType` is FHIR;
    /// `[` is a JSON document; on standard input `{` is NDJSON (a bad first line must not
    /// lose the stream); in a file, a first line that is a whole JSON object is NDJSON and
    /// `{` otherwise a JSON document; a first line naming the columns `patient_id` and
    /// `type` is CSV; anything else YAML.
    static func sniff(_ prefix: [UInt8], isStandardInput: Bool = false) -> InputFormat {
        var index = 0
        while index < prefix.count, [0x20, 0x09, 0x0A, 0x0D].contains(prefix[index]) { index += 1 }
        guard index < prefix.count else { return .ndjson }
        switch prefix[index] {
        case UInt8(ascii: "["):
            return refine(.json, prefix: prefix)
        case UInt8(ascii: "{"):
            if isStandardInput { return refine(.ndjson, prefix: prefix) }
            let lineEnd = prefix[index...].firstIndex(of: 0x0A) ?? prefix.count
            let firstLine = Array(prefix[index..<lineEnd])
            let guess: InputFormat
            if (try? JSONSyntaxParser.parse(firstLine)) != nil {
                guess = .ndjson
            } else {
                guess = lineEnd == prefix.count ? .ndjson : .json
            }
            return refine(guess, prefix: prefix)
        default:
            return looksLikeCSVHeader(prefix) ? .csv : .yaml
        }
    }

    /// Whether the bytes contain `"resourceType"` as a JSON key.
    static func mentionsResourceType(_ prefix: [UInt8]) -> Bool {
        let needle = Array("\"resourceType\"".utf8)
        guard prefix.count >= needle.count else { return false }
        for start in 0...(prefix.count - needle.count) where prefix[start] == needle[0] {
            if Array(prefix[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }

    /// Whether the first bytes of a file in `format` hold a patient-history record: in
    /// NDJSON, a line naming the keys `"id"` and `"enrollment"` or `"events"`; in a JSON or
    /// YAML document, those keys anywhere (callers check for `"resourceType"` first).
    static func looksLikePatientHistory(_ prefix: [UInt8], format: InputFormat) -> Bool {
        let quoted = format != .yaml
        let id = quoted ? "\"id\"" : "id:"
        let others = quoted ? ["\"enrollment\"", "\"events\""] : ["enrollment:", "events:"]
        let texts = format == .ndjson
            ? prefix.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
            : [String(decoding: prefix, as: UTF8.self)]
        return texts.contains { text in text.contains(id) && others.contains { text.contains($0) } }
    }

    /// Whether the first line is a CSV header with `patient_id` and `type` columns
    /// (separated by `,` or `;`, in any case).
    static func looksLikeCSVHeader(_ prefix: [UInt8]) -> Bool {
        let lineEnd = prefix.firstIndex(of: 0x0A) ?? prefix.count
        let line = String(decoding: prefix[..<lineEnd], as: UTF8.self)
        let names = Set(line.split(whereSeparator: { $0 == "," || $0 == ";" }).map {
            CSVHeader.columnName($0.trimmingWhitespace().trimmingCharacters(in: "\"\u{FEFF}")).lowercased()
        })
        return names.contains("patient_id") && names.contains("type")
    }
}

extension String {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text = text.dropFirst() }
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
