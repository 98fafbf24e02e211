import TrialCheckCore

/// One item read from an input: a patient to audit, or a record that cannot be audited.
public enum ReadItem: Sendable {
    case patient(PatientHistory)
    case rejected(RecordRejection)
}

/// Reads patient-history v1 records from one input, in input order.
///
/// NDJSON is read as a stream, one line at a time, in constant memory; a line that does
/// not parse is rejected alone and the stream goes on. YAML and JSON documents are read
/// whole (they are not streaming formats: use NDJSON for large cohorts).
public final class HistoryReader {
    /// The input path as given, or `<stdin>` for standard input (`-`).
    public let path: String
    /// The format being read.
    public let format: InputFormat
    /// The protocol id a document's header names, if any.
    public private(set) var declaredProtocol: String?

    private let source: ByteSource
    private var decoder: PatientRecordDecoder
    private var pendingNodes: [SyntaxNode] = []
    private var documentRead = false
    private var lineBuffer: [UInt8] = []
    private var lineStart = 0
    private var nextLineNumber = 1

    /// Opens an input; `format` overrides detection from the extension and content.
    /// - Throws: ``InputError/unreadable`` if the file cannot be opened.
    public init(path: String, format: InputFormat? = nil) throws(InputError) {
        self.path = path == "-" ? HistoryReader.standardInputName : path
        source = try ByteSource(path: path)
        decoder = PatientRecordDecoder(file: self.path)
        if let format = format ?? InputFormat.fromExtension(of: path) {
            self.format = format
        } else {
            self.format = InputFormat.sniff(try source.peek(4096))
        }
    }

    /// How standard input is named in reports and locations.
    public static let standardInputName = "<stdin>"

    /// The SHA-256 of the input's bytes; complete once ``next()`` has returned `nil`.
    public var sha256: String { source.sha256 }

    /// The next item, or `nil` at the end of the input.
    /// - Throws: ``InputError`` when the input cannot be read, or a YAML or JSON document
    ///   is malformed (nothing in it can then be trusted).
    public func next() throws(InputError) -> ReadItem? {
        switch format {
        case .ndjson: return try nextLine()
        case .yaml, .json: return try nextDocumentRecord()
        }
    }

    private func item(for node: SyntaxNode) -> ReadItem {
        switch decoder.decode(node) {
        case .success(let patient): .patient(patient)
        case .failure(let rejection): .rejected(rejection)
        }
    }

    // MARK: NDJSON

    private func nextLine() throws(InputError) -> ReadItem? {
        while true {
            if let newline = lineBuffer[lineStart...].firstIndex(of: 0x0A) {
                let line = Array(lineBuffer[lineStart..<newline])
                lineStart = newline + 1
                if let item = parseLine(line) { return item }
                continue
            }
            lineBuffer.removeSubrange(..<lineStart)
            lineStart = 0
            if let block = try source.next() {
                lineBuffer.append(contentsOf: block)
                continue
            }
            guard !lineBuffer.isEmpty else { return nil }
            let line = lineBuffer
            lineBuffer = []
            if let item = parseLine(line) { return item }
            return nil
        }
    }

    /// Parses one line; `nil` for a blank line.
    private func parseLine(_ line: [UInt8]) -> ReadItem? {
        let number = nextLineNumber
        nextLineNumber += 1
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        do {
            return item(for: try JSONSyntaxParser.parse(line, firstLine: number))
        } catch {
            return .rejected(RecordRejection(location: error.position.location(in: path), reason: "invalid JSON: \(error.message)"))
        }
    }

    // MARK: Documents

    private func nextDocumentRecord() throws(InputError) -> ReadItem? {
        if !documentRead {
            documentRead = true
            pendingNodes = try readDocument().reversed()
        }
        guard let node = pendingNodes.popLast() else { return nil }
        return item(for: node)
    }

    private func readDocument() throws(InputError) -> [SyntaxNode] {
        let bytes = try source.readAll()
        let root: SyntaxNode
        do throws(SyntaxError) {
            switch format {
            case .json:
                root = try JSONSyntaxParser.parse(bytes)
            case .yaml, .ndjson:
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw SyntaxError(message: "the file is not UTF-8 text", position: TextPosition(line: 1, column: 1))
                }
                root = try YAMLSyntaxParser.parse(text)
            }
        } catch {
            throw InputError.malformed(location: error.position.location(in: path), reason: error.message)
        }
        switch root.content {
        case .array(let records):
            return records
        case .null:
            return []
        case .object:
            guard let patients = root["patients"] else {
                throw malformed(root, "expected a list of patient records, or a mapping with 'patients:', found a mapping without 'patients'")
            }
            if let format = root["format"], format.scalarText != "patient-history/1" {
                throw malformed(format, "unsupported format \(format.kindDescription): this reader reads 'patient-history/1'")
            }
            declaredProtocol = root["protocol"]?.scalarText
            decoder.defaultSite = root["site"]?.scalarText
            switch patients.content {
            case .array(let records): return records
            case .null: return []
            default: throw malformed(patients, "'patients': expected a list of patient records, found \(patients.kindDescription)")
            }
        default:
            throw malformed(root, "expected a list of patient records, or a mapping with 'patients:', found \(root.kindDescription)")
        }
    }

    private func malformed(_ node: SyntaxNode, _ reason: String) -> InputError {
        .malformed(location: node.position.location(in: path), reason: reason)
    }
}
