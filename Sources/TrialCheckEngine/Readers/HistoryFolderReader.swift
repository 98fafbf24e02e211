/// Reads a folder of patient-history files (`.ndjson`, `.jsonl`, `.json`, `.yaml`,
/// `.yml`), in file-name order, each as the input it would be alone: NDJSON streamed, YAML
/// and JSON documents whole, and every location naming its own file.
///
/// An empty file in the folder is an empty input (``InputError/empty``), as it would be
/// given alone; files of other kinds are noted, not read.
final class HistoryFolderReader: FormatReader {
    /// The extensions of the files read, and the format each is read as.
    static func format(ofFile name: String) -> InputFormat? {
        guard let format = InputFormat.fromExtension(of: name), format != .csv else { return nil }
        return format
    }

    private let folder: FolderInput
    private let decoder: PatientRecordDecoder
    private var files: [String]
    private var current: (any FormatReader)?
    private var currentHasRecords = false
    private var currentPath = ""
    private var declared: String?
    private let skipped: [String]

    init(folder: FolderInput, decoder: PatientRecordDecoder) {
        self.folder = folder
        self.decoder = decoder
        files = folder.fileNames.filter { Self.format(ofFile: $0) != nil }.reversed()
        skipped = folder.fileNames.filter { Self.format(ofFile: $0) == nil }
    }

    var sha256: String { folder.sha256 }
    var declaredProtocol: String? { declared }
    var recordDecoder: PatientRecordDecoder { current?.recordDecoder ?? decoder }
    var notes: [String] {
        skipped.isEmpty ? [] : ["\(skipped.count) file(s) in the folder not read (not patient-history files): \(skipped.joined(separator: ", "))"]
    }

    func next() throws(InputError) -> ReadItem? {
        guard let raw = try nextRaw() else { return nil }
        return raw.decode(with: decoder)
    }

    func nextRaw() throws(InputError) -> RawRecord? {
        while true {
            if let reader = current {
                if let raw = try reader.nextRaw() {
                    currentHasRecords = true
                    declared = declared ?? reader.declaredProtocol
                    // Records of several files share a wave: each carries its file's decoder.
                    return .withDecoder(raw, reader.recordDecoder)
                }
                if !currentHasRecords { throw .empty(path: currentPath, found: nil) }
                current = nil
            }
            guard let name = files.popLast() else { return nil }
            current = try open(name)
        }
    }

    private func open(_ name: String) throws(InputError) -> any FormatReader {
        let source = try folder.open(name)
        var fileDecoder = PatientRecordDecoder(file: folder.filePath(name))
        fileDecoder.defaultDataCutoff = decoder.defaultDataCutoff
        fileDecoder.defaultTimeZone = decoder.defaultTimeZone
        fileDecoder.maxRecordBytes = decoder.maxRecordBytes
        currentPath = fileDecoder.file
        currentHasRecords = false
        switch Self.format(ofFile: name) {
        case .ndjson: return NDJSONReader(source: source, decoder: fileDecoder)
        case .json: return DocumentReader(source: source, decoder: fileDecoder, isJSON: true)
        default: return DocumentReader(source: source, decoder: fileDecoder, isJSON: false)
        }
    }
}
