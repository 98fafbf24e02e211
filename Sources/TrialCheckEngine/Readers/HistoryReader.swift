import TrialCheckCore

/// One item read from an input: a patient to audit, or a record that cannot be audited.
public enum ReadItem: Sendable {
    case patient(PatientHistory)
    case rejected(RecordRejection)
}

/// Reads patient histories from one input, in input order, whatever its format.
///
/// NDJSON is read as a stream, one line at a time, in constant memory; a line that does
/// not parse is rejected alone and the stream goes on. YAML and JSON documents are read
/// whole (they are not streaming formats: use NDJSON for large cohorts).
public final class HistoryReader {
    /// The input path as given, or `<stdin>` for standard input (`-`).
    public let path: String
    /// The format being read.
    public let format: InputFormat
    private let reader: any FormatReader

    /// How standard input is named in reports and locations.
    public static let standardInputName = "<stdin>"

    /// Opens an input; `format` overrides detection from the extension and content, and
    /// `dataCutoff` is the cut-off of records whose file or record names none.
    /// - Throws: ``InputError/unreadable`` if the file cannot be opened.
    public init(path: String, format: InputFormat? = nil, dataCutoff: PartialDate? = nil) throws(InputError) {
        let name = path == "-" ? HistoryReader.standardInputName : path
        self.path = name
        let source = try ByteSource(path: path)
        let detected: InputFormat
        if let known = format ?? InputFormat.fromExtension(of: path) {
            detected = known
        } else {
            detected = InputFormat.sniff(try source.peek(4096), isStandardInput: path == "-")
        }
        self.format = detected
        var decoder = PatientRecordDecoder(file: name)
        decoder.defaultDataCutoff = dataCutoff
        switch detected {
        case .ndjson: reader = NDJSONReader(source: source, decoder: decoder)
        case .json: reader = DocumentReader(source: source, decoder: decoder, isJSON: true)
        case .yaml: reader = DocumentReader(source: source, decoder: decoder, isJSON: false)
        }
    }

    /// The protocol id a document's header names, if any.
    public var declaredProtocol: String? { reader.declaredProtocol }

    /// The SHA-256 of the input's bytes; complete once ``next()`` has returned `nil`.
    public var sha256: String { reader.sha256 }

    /// The next item, or `nil` at the end of the input.
    /// - Throws: ``InputError`` when the input cannot be read, or a YAML or JSON document
    ///   is malformed (nothing in it can then be trusted).
    public func next() throws(InputError) -> ReadItem? {
        try reader.next()
    }

    /// The next record, possibly not yet decoded: decode it with ``decoder`` on any thread.
    func nextRaw() throws(InputError) -> RawRecord? {
        try reader.nextRaw()
    }

    /// The decoder for raw records (valid once the record was read).
    var decoder: PatientRecordDecoder { reader.recordDecoder }
}
