import TrialCheckCore

/// One item read from an input: a patient to audit, or a record that cannot be audited.
public enum ReadItem: Sendable {
    case patient(PatientHistory)
    case rejected(RecordRejection)
    /// A rejection that replaces what the same patient's earlier record in this input gave
    /// (the patient read at `earlier`, or its rejection): a streamed CSV patient whose rows
    /// turn out not to be contiguous is known to be split only when its rows reappear. The
    /// patient then counts once, rejected, and none of its verdicts stand. A third block
    /// of its rows replaces this rejection in turn (with one naming every block).
    case replacing(RecordRejection, earlier: SourceLocation)
}

/// Reads patient histories from one input, in input order, whatever its format.
///
/// NDJSON and CSV are read as streams, one record (or one patient's rows) at a time, in
/// constant memory; a record that does not parse is rejected alone and the stream goes
/// on. YAML and JSON documents are read whole (they are not streaming formats: use NDJSON
/// for large cohorts), and so are FHIR and SDTM inputs, whose resources or datasets must be
/// grouped by patient before any patient is complete.
///
/// A folder is read as SDTM datasets (`dm.csv` or `dm.xpt` beside the others), FHIR Bulk
/// Data (NDJSON files of resources), or patient-history files (NDJSON, JSON, YAML), each
/// file its own located input, in name order.
public final class HistoryReader {
    /// The input path as given, or `<stdin>` for standard input (`-`).
    public let path: String
    /// The format being read.
    public let format: InputFormat
    private let reader: any FormatReader
    /// Whether the input is a folder (whose files say for themselves whether they are empty).
    private let isFolder: Bool
    /// Records handed out so far.
    private var recordsRead = 0

    /// The longest NDJSON line read by default, in bytes (64 MiB): a longer record is
    /// rejected, located by its line, without being held in memory.
    public static let defaultMaxRecordBytes = PatientRecordDecoder.defaultMaxRecordBytes

    /// How standard input is named in reports and locations.
    public static let standardInputName = "<stdin>"

    /// Opens an input; `format` overrides detection from the extension and content,
    /// `dataCutoff` is the cut-off of records whose file or record names none, and
    /// `csvSeparator` the field separator of a CSV input (detected from its header by
    /// default; `;` also means decimal commas), `timeZone` the site's time zone for
    /// records that name none (what dates written in UTC, `...Z`, stand for),
    /// `maxRecordBytes` the longest NDJSON line read (a longer one is rejected unread), and
    /// `mapping` the mapping file that reads the input as a wide EDC export (``InputFormat/edc``),
    /// and `eventTypesRead` the event types some check reads: a reader that decodes records
    /// itself (SDTM, FHIR, CSV) validates and counts events of other types without building
    /// them (``PatientHistory/unreadEventTypes``); `nil` decodes every event.
    /// - Throws: ``InputError/unreadable`` if the input cannot be opened, or is a folder
    ///   that holds neither FHIR NDJSON files nor SDTM datasets.
    public convenience init(
        path: String, format: InputFormat? = nil, dataCutoff: PartialDate? = nil, timeZone: SiteTimeZone? = nil,
        csvSeparator: CSVSeparator = .auto, maxRecordBytes: Int = HistoryReader.defaultMaxRecordBytes,
        mapping: ExportMapping? = nil, eventTypesRead: Set<EventType>? = nil
    ) throws(InputError) {
        let name = path == "-" ? HistoryReader.standardInputName : path
        if let problem = InputFormat.workbookProblem(path) { throw .unreadable(path: name, reason: problem) }
        let opened: Opened = FolderInput.isFolder(path)
            ? .folder(try FolderInput(path: path))
            : .file(try ByteSource(path: path), isStandardInput: path == "-")
        try self.init(
            name: name, opened: opened, format: format, dataCutoff: dataCutoff, timeZone: timeZone,
            csvSeparator: csvSeparator, maxRecordBytes: maxRecordBytes, mapping: mapping, eventTypesRead: eventTypesRead
        )
    }

    /// Opens an input rebuilt in memory from a tagged-line stream, under its original path;
    /// the other parameters are those of ``init(path:format:dataCutoff:timeZone:csvSeparator:maxRecordBytes:mapping:eventTypesRead:)``.
    public convenience init(
        memory input: MemoryInput, format: InputFormat? = nil, dataCutoff: PartialDate? = nil, timeZone: SiteTimeZone? = nil,
        csvSeparator: CSVSeparator = .auto, maxRecordBytes: Int = HistoryReader.defaultMaxRecordBytes,
        mapping: ExportMapping? = nil, eventTypesRead: Set<EventType>? = nil
    ) throws(InputError) {
        let opened: Opened = switch input.content {
        case .file(let bytes): .file(ByteSource(bytes: bytes, path: input.path), isStandardInput: false)
        case .folder(let files): .folder(FolderInput(path: input.path, files: files))
        }
        try self.init(
            name: input.path, opened: opened, format: format, dataCutoff: dataCutoff, timeZone: timeZone,
            csvSeparator: csvSeparator, maxRecordBytes: maxRecordBytes, mapping: mapping, eventTypesRead: eventTypesRead
        )
    }

    /// An input opened for reading: a file (or standard input), or a folder.
    private enum Opened {
        case file(ByteSource, isStandardInput: Bool)
        case folder(FolderInput)
    }

    private init(
        name: String, opened: Opened, format: InputFormat?, dataCutoff: PartialDate?, timeZone: SiteTimeZone?,
        csvSeparator: CSVSeparator, maxRecordBytes: Int, mapping: ExportMapping?, eventTypesRead: Set<EventType>?
    ) throws(InputError) {
        self.path = name
        var decoder = PatientRecordDecoder(file: name)
        decoder.defaultDataCutoff = dataCutoff
        decoder.defaultTimeZone = timeZone
        decoder.maxRecordBytes = maxRecordBytes
        decoder.eventTypesRead = eventTypesRead
        switch opened {
        case .folder(let folder):
            isFolder = true
            let detected: InputFormat
            if let format {
                detected = format
            } else {
                detected = try Self.detectFolder(folder)
            }
            self.format = detected
            switch detected {
            case .fhir: reader = FHIRReader(folder: folder, decoder: decoder)
            case .sdtm: reader = SDTMReader(folder: folder, decoder: decoder)
            case .ndjson, .json, .yaml:
                guard folder.fileNames.contains(where: { HistoryFolderReader.format(ofFile: $0) != nil }) else {
                    throw .unreadable(path: name, reason: "it is a folder with no patient-history files (.ndjson, .jsonl, .json, .yaml, .yml)")
                }
                reader = HistoryFolderReader(folder: folder, decoder: decoder)
            case .csv, .edc:
                throw .unreadable(path: name, reason: "it is a folder: a folder is read as 'fhir' (Bulk Data NDJSON files), 'sdtm' (datasets) or patient-history files ('ndjson', 'json', 'yaml'), not as 'csv'")
            }
        case .file(let source, let isStandardInput):
            isFolder = false
            let detected = try Self.fileFormat(
                name: name, given: format, hasMapping: mapping != nil, source: source, isStandardInput: isStandardInput
            )
            self.format = detected
            switch detected {
            case .ndjson: reader = NDJSONReader(source: source, decoder: decoder)
            case .json: reader = DocumentReader(source: source, decoder: decoder, isJSON: true)
            case .yaml: reader = DocumentReader(source: source, decoder: decoder, isJSON: false)
            case .csv: reader = CSVReader(source: source, decoder: decoder, separator: csvSeparator)
            case .fhir: reader = FHIRReader(source: source, decoder: decoder)
            case .sdtm:
                throw .unreadable(path: name, reason: "SDTM is read from a folder of datasets (dm.csv, ae.csv, ...); give the folder")
            case .edc:
                guard let mapping else {
                    throw .unreadable(path: name, reason: "an EDC export is read through a mapping file: give one (--mapping MAPPING.yaml)")
                }
                reader = MappedExportReader(source: source, decoder: decoder, mapping: mapping, separator: csvSeparator)
            }
        }
    }

    /// The format a file (or standard input) named `name` is read in: an EDC export with a
    /// mapping, else the format `given`, else the one its extension names (JSON naming a
    /// `resourceType` in its first bytes is FHIR), else the one its first bytes suggest.
    static func fileFormat(
        name: String, given format: InputFormat?, hasMapping: Bool, source: ByteSource, isStandardInput: Bool
    ) throws(InputError) -> InputFormat {
        if hasMapping { return .edc }
        if let format { return format }
        if !isStandardInput, let byExtension = InputFormat.fromExtension(of: name) {
            return InputFormat.refine(byExtension, prefix: try source.peek(4096))
        }
        return InputFormat.sniff(try source.peek(4096), isStandardInput: isStandardInput)
    }

    /// The format of a folder: SDTM if it holds a DM dataset; else, by content, FHIR Bulk
    /// Data if its first NDJSON record naming `"resourceType"` comes before any naming
    /// `"id"` with `"enrollment"` or `"events"` (a patient-history record), patient history
    /// otherwise (reported as `ndjson`, or `json`/`yaml` for a folder without NDJSON files).
    static func detectFolder(_ folder: FolderInput) throws(InputError) -> InputFormat {
        let lowered = folder.fileNames.map { $0.lowercased() }
        if lowered.contains("dm.csv") || lowered.contains("dm.xpt") { return .sdtm }
        let historyFiles = folder.fileNames.compactMap { name in HistoryFolderReader.format(ofFile: name).map { (name, $0) } }
        let hasNDJSON = historyFiles.contains { $0.1 == .ndjson }
        // NDJSON files first: a Bulk Data export's resources decide it quickest.
        for (name, format) in historyFiles.filter({ $0.1 == .ndjson }) + historyFiles.filter({ $0.1 != .ndjson }) {
            guard let source = try? ByteSource(path: folder.filePath(name)), let prefix = try? source.peek(4096) else { continue }
            if format != .yaml, InputFormat.mentionsResourceType(prefix) { return .fhir }
            if InputFormat.looksLikePatientHistory(prefix, format: format) { return hasNDJSON ? .ndjson : format }
        }
        if folder.fileNames.contains(where: { $0.lowercased().hasSuffix(".ndjson") }) { return .fhir }
        throw .unreadable(
            path: folder.path,
            reason: "the folder holds neither SDTM datasets (dm.csv or dm.xpt), FHIR Bulk Data files (Patient.ndjson, ...) nor patient-history files (.ndjson, .json, .yaml)"
        )
    }

    /// The protocol id a document's header names, if any.
    public var declaredProtocol: String? { reader.declaredProtocol }

    /// The SHA-256 of the input's bytes; complete once ``next()`` has returned `nil`. For
    /// a folder, that of the `sha256sum` manifest of the files read.
    public var sha256: String { reader.sha256 }

    /// What the input held that the format's mapping did not use (complete once
    /// ``next()`` has returned `nil`), such as "2 Encounter resources not mapped".
    public var notes: [String] { reader.notes }

    /// The next item, or `nil` at the end of the input.
    /// - Throws: ``InputError`` when the input cannot be read, or a YAML or JSON document
    ///   is malformed (nothing in it can then be trusted); ``InputError/empty`` at the end
    ///   of a file (or standard input) that held no record at all.
    public func next() throws(InputError) -> ReadItem? {
        guard let item = try reader.next() else {
            try requireRecords()
            return nil
        }
        recordsRead += 1
        return item
    }

    /// The next record, possibly not yet decoded: decode it with ``decoder`` on any thread.
    func nextRaw() throws(InputError) -> RawRecord? {
        guard let raw = try reader.nextRaw() else {
            try requireRecords()
            return nil
        }
        recordsRead += 1
        return raw
    }

    /// An input with no record is an error, whatever its format: an audit of nothing must
    /// not pass. (A reader that knows more, such as "only a header row", throws first.)
    private func requireRecords() throws(InputError) {
        guard recordsRead == 0, !isFolder else { return }
        throw .empty(path: path, found: nil)
    }

    /// The decoder for raw records (valid once the record was read).
    var decoder: PatientRecordDecoder { reader.recordDecoder }
}
