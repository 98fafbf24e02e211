import TrialCheckCore

/// Reads FHIR R4 (mCODE) patient data: a JSON Bundle (of one patient or several), an
/// NDJSON file of resources, or a Bulk Data export folder of NDJSON files (one per
/// resource type, such as `Patient.ndjson`, `Observation.ndjson`).
///
/// Resources are grouped by the patient they reference, so the whole input is read
/// before the first patient is returned: in memory when the input's resources, parsed, fit
/// the ``GroupingBudget`` (and always for a Bundle, one JSON document), otherwise, for
/// NDJSON, through temporary files (``FHIRSpilledGrouping``), with the same items and
/// notes. A line of NDJSON that does not parse, or is not a resource, is rejected alone; a
/// JSON document that does not parse, or whose top is not a Bundle, is malformed.
/// Patients come in the order of their Patient resources.
final class FHIRReader: FormatReader {
    private let source: ByteSource?
    private let folder: FolderInput?
    private let decoder: PatientRecordDecoder
    var recordDecoder: PatientRecordDecoder { decoder }
    private var pending: [ReadItem] = []
    private var loaded = false
    private var readerNotes: [String] = []
    private let budget = GroupingBudget.current
    private var spilled: FHIRSpilledGrouping?
    private let readsLinesInPlace = FHIRReader.linesReadInPlace

    /// How many times its NDJSON text a resource held in memory is, at most: a parsed tree's
    /// expansion (a resource read in place, on a ``JSONTape``, takes a fraction of it).
    static let parsedExpansion = 24

    /// A reader of one file (or standard input).
    init(source: ByteSource, decoder: PatientRecordDecoder) {
        self.source = source
        folder = nil
        self.decoder = decoder
    }

    /// A reader of a Bulk Data export folder.
    init(folder: FolderInput, decoder: PatientRecordDecoder) {
        source = nil
        self.folder = folder
        self.decoder = decoder
    }

    var sha256: String { folder?.sha256 ?? source?.sha256 ?? "" }
    var declaredProtocol: String? { nil }
    var notes: [String] { readerNotes + (spilled?.notes ?? []) }

    func next() throws(InputError) -> ReadItem? {
        if !loaded {
            loaded = true
            try load()
        }
        if let spilled { return try spilled.next() }
        return pending.popLast()
    }

    private func load() throws(InputError) {
            if let folder {
                let files = folder.fileNames.filter { $0.lowercased().hasSuffix(".ndjson") }
                let sizes = files.map(folder.size(of:))
                let total = sizes.contains { $0 == nil } ? nil : sizes.reduce(0) { $0 + ($1 ?? 0) }
                if !budget.holds(inputBytes: total, expansion: Self.parsedExpansion) {
                    try loadSpilled(folder: folder, files: files)
                    return
                }
            } else if let source, isNDJSONFile, !budget.holds(inputBytes: source.size, expansion: Self.parsedExpansion) {
                let grouping = try FHIRSpilledGrouping(decoder: decoder, budget: budget)
                try grouping.addLines(of: source, file: nil)
                spilled = grouping
                return
            }
            var resources: [FHIRResource] = []
            var rejections: [ReadItem] = []
            if let folder {
                let files = folder.fileNames.filter { $0.lowercased().hasSuffix(".ndjson") }
                let others = folder.fileNames.filter { !$0.lowercased().hasSuffix(".ndjson") }
                if !others.isEmpty {
                    readerNotes.append("\(others.count) file(s) in the folder not read (not NDJSON): \(others.joined(separator: ", "))")
                }
                for name in files {
                    let path = folder.filePath(name)
                    readLines(try folder.open(name).readAll(), file: path, into: &resources, rejections: &rejections)
                }
            } else if let source {
                let bytes = try source.readAll()
                if isNDJSONFile {
                    readLines(bytes, file: nil, into: &resources, rejections: &rejections)
                } else {
                    try readDocumentOrLines(bytes, into: &resources, rejections: &rejections)
                }
            }
            var mapper = FHIRMapper(decoder: decoder)
            pending = (rejections + mapper.map(resources)).reversed()
            readerNotes += mapper.notes
    }

    /// Whether the input is one file named as NDJSON.
    private var isNDJSONFile: Bool {
        let lowered = decoder.file.lowercased()
        return lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".jsonl")
    }

    private func loadSpilled(folder: FolderInput, files: [String]) throws(InputError) {
        let others = folder.fileNames.filter { !$0.lowercased().hasSuffix(".ndjson") }
        if !others.isEmpty {
            readerNotes.append("\(others.count) file(s) in the folder not read (not NDJSON): \(others.joined(separator: ", "))")
        }
        let grouping = try FHIRSpilledGrouping(decoder: decoder, budget: budget)
        for name in files {
            try grouping.addLines(of: try folder.open(name), file: folder.filePath(name))
        }
        spilled = grouping
    }

    /// A JSON document (a Bundle), or, if the text is not one JSON value but its first
    /// line is, NDJSON.
    private func readDocumentOrLines(_ bytes: [UInt8], into resources: inout [FHIRResource], rejections: inout [ReadItem]) throws(InputError) {
        let root: SyntaxNode
        do throws(SyntaxError) {
            root = try JSONSyntaxParser.parse(bytes, strings: JSONStringTable())
        } catch {
            let firstLineEnd = bytes.firstIndex(of: 0x0A) ?? bytes.count
            if firstLineEnd < bytes.count, (try? JSONSyntaxParser.parse(Array(bytes[..<firstLineEnd]))) != nil {
                readLines(bytes, file: nil, into: &resources, rejections: &rejections)
                return
            }
            throw .malformed(location: error.position.location(in: decoder.file), reason: "invalid JSON: \(error.message)")
        }
        guard case .object = root.content else {
            throw .malformed(location: root.position.location(in: decoder.file), reason: "expected a FHIR Bundle (a JSON object with \"resourceType\": \"Bundle\"), found \(root.kindDescription)")
        }
        guard let typeNode = root["resourceType"], let type = typeNode.text else {
            throw .malformed(location: root.position.location(in: decoder.file), reason: "expected a FHIR Bundle: the JSON object has no 'resourceType'")
        }
        guard type == "Bundle" else {
            throw .malformed(
                location: typeNode.position.location(in: decoder.file),
                reason: "expected a FHIR Bundle at the top of the document, found resourceType '\(type)' (give a Bundle, or NDJSON with one resource per line)"
            )
        }
        readBundle(root, into: &resources, rejections: &rejections)
    }

    private func readBundle(_ bundle: SyntaxNode, into resources: inout [FHIRResource], rejections: inout [ReadItem]) {
        var empty = 0
        for entry in bundle["entry"]?.elements ?? [] {
            guard let node = entry["resource"] else {
                empty += 1
                continue
            }
            if let resource = resource(JSONTape(node).root, fullUrl: entry["fullUrl"]?.text, rejections: &rejections) {
                if resource.type == "Bundle" {
                    readBundle(node, into: &resources, rejections: &rejections)
                } else {
                    resources.append(resource)
                }
            }
        }
        if empty > 0 { readerNotes.append("\(empty) Bundle entr\(empty == 1 ? "y" : "ies") without a resource not mapped") }
    }

    /// Splits NDJSON into resources; a line that does not parse or is not a resource is
    /// rejected alone.
    private func readLines(_ bytes: [UInt8], file: String?, into resources: inout [FHIRResource], rejections: inout [ReadItem]) {
        var lineNumber = 0
        var start = 0
        let strings = JSONStringTable()
        while start <= bytes.count {
            let end = bytes.indexOfLineFeed(from: start) ?? bytes.count
            lineNumber += 1
            let line = Array(bytes[start..<end])
            start = end + 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            do throws(SyntaxError) {
                let node = try Self.node(ofLine: line, number: lineNumber, file: file, strings: strings, inPlace: readsLinesInPlace)
                if let resource = resource(node, fullUrl: nil, rejections: &rejections) { resources.append(resource) }
            } catch {
                rejections.append(.rejected(RecordRejection(location: error.position.location(in: decoder.file), reason: "invalid JSON: \(error.message)")))
            }
        }
    }

    private func resource(_ node: FHIRNode, fullUrl: String?, rejections: inout [ReadItem]) -> FHIRResource? {
        Self.resource(node, fullUrl: fullUrl, inputName: decoder.file, rejections: &rejections)
    }

    /// Whether readers made now read each NDJSON line's resource in place
    /// (``JSONTape/read(_:line:file:)``), parsing only what that gives up on; off, every
    /// line is parsed (tests compare both).
    @TaskLocal static var linesReadInPlace = true

    /// The JSON value on one NDJSON line: read in place if `inPlace` and the read does not
    /// give up, else parsed, which gives the located error of a line that is not JSON.
    static func node(
        ofLine line: [UInt8], number: Int, file: String?, strings: JSONStringTable, inPlace: Bool
    ) throws(SyntaxError) -> FHIRNode {
        if inPlace, let tape = JSONTape.read(line, line: number, file: file) { return tape.root }
        return JSONTape(try JSONSyntaxParser.parse(line, firstLine: number, file: file, strings: strings)).root
    }

    /// The resource `node` is, or `nil` with a rejection located in `inputName` if it is
    /// not a JSON object with a `resourceType`.
    static func resource(_ node: FHIRNode, fullUrl: String?, inputName: String, rejections: inout [ReadItem]) -> FHIRResource? {
        guard node.isObject, let type = node["resourceType"]?.text else {
            rejections.append(.rejected(RecordRejection(
                location: node.position.location(in: inputName),
                reason: "expected a FHIR resource (a JSON object with 'resourceType'), found \(node.syntax.kindDescription)\(node["resourceType"] == nil ? "" : " whose resourceType is not text")"
            )))
            return nil
        }
        return FHIRResource(node: node, type: type, fullUrl: fullUrl)
    }
}
