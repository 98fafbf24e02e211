import TrialCheckCore

/// Reads a YAML or JSON document whole: a list of records, or a mapping with `patients:`
/// and the optional header keys `format`, `protocol`, `site`, `data_cutoff` and `timezone`.
/// A document with no record (empty, comments only, an empty list) is
/// ``InputError/empty``; a header key written twice is malformed.
final class DocumentReader: FormatReader {
    private let source: ByteSource
    private var decoder: PatientRecordDecoder
    private let isJSON: Bool
    private var pendingNodes: [SyntaxNode] = []
    private var documentRead = false
    private(set) var declaredProtocol: String?

    init(source: ByteSource, decoder: PatientRecordDecoder, isJSON: Bool) {
        self.source = source
        self.decoder = decoder
        self.isJSON = isJSON
    }

    var sha256: String { source.sha256 }
    var recordDecoder: PatientRecordDecoder { decoder }

    func next() throws(InputError) -> ReadItem? {
        try nextRaw().map { $0.decode(with: decoder) }
    }

    func nextRaw() throws(InputError) -> RawRecord? {
        if !documentRead {
            documentRead = true
            pendingNodes = try readDocument().reversed()
        }
        return pendingNodes.popLast().map(RawRecord.node)
    }

    private func readDocument() throws(InputError) -> [SyntaxNode] {
        let bytes = try source.readAll()
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw InputError.empty(path: decoder.file, found: nil)
        }
        let parsed: ParsedDocument
        switch DocumentPrefetch.take(path: source.path, bytes: bytes, isJSON: isJSON) ?? ParsedDocument.parse(bytes, isJSON: isJSON) {
        case .success(let document): parsed = document
        case .failure(let error): throw InputError.malformed(location: error.position.location(in: decoder.file), reason: error.message)
        }
        let root = parsed.tree
        // The records' mappings were looked at for repeated keys as they were read.
        if parsed.keysAreUnique { decoder.checksRepeatedKeys = false }
        switch root.content {
        case .array(let records):
            guard !records.isEmpty else { throw InputError.empty(path: decoder.file, found: "an empty list") }
            return records
        case .null:
            throw InputError.empty(path: decoder.file, found: nil)
        case .object(let members):
            try rejectRepeatedKeys(members)
            guard let patients = root["patients"] else {
                throw malformed(root, "expected a list of patient records, or a mapping with 'patients:', found a mapping without 'patients'")
            }
            if let format = root["format"], format.scalarText != "patient-history/1" {
                throw malformed(format, "unsupported format \(format.kindDescription): this reader reads 'patient-history/1'")
            }
            declaredProtocol = root["protocol"]?.scalarText
            decoder.defaultSite = root["site"]?.scalarText
            decoder.defaultSiteLocation = root["site"]?.position.location(in: decoder.file)
            if let cutoff = root["data_cutoff"], !cutoff.content.isNull {
                guard let text = cutoff.scalarText, let date = PartialDate(iso8601: text) else {
                    throw malformed(cutoff, "'data_cutoff': expected an ISO 8601 date such as 2026-11-01, found \(cutoff.kindDescription)")
                }
                decoder.defaultDataCutoff = date
                decoder.defaultDataCutoffLocation = cutoff.position.location(in: decoder.file)
            }
            if let zone = root["timezone"], !zone.content.isNull {
                do throws(RecordRejection) {
                    decoder.defaultTimeZone = try PatientRecordDecoder.timeZone(zone, file: decoder.file, patient: nil)
                } catch {
                    throw InputError.malformed(location: error.location, reason: error.reason)
                }
            }
            switch patients.content {
            case .array(let records):
                guard !records.isEmpty else { throw InputError.empty(path: decoder.file, found: "only a header: 'patients' is an empty list") }
                return records
            default: throw malformed(patients, "'patients': expected a list of patient records, found \(patients.kindDescription)")
            }
        default:
            throw malformed(root, "expected a list of patient records, or a mapping with 'patients:', found \(root.kindDescription)")
        }
    }

    /// A header key written twice makes the document ambiguous (which `patients` list is
    /// meant?): malformed at the repeat. (JSON allows it; YAML's parser rejects it itself.)
    private func rejectRepeatedKeys(_ members: [(key: String, keyPosition: TextPosition, value: SyntaxNode)]) throws(InputError) {
        var first: [String: TextPosition] = [:]
        for member in members {
            if let earlier = first[member.key] {
                throw InputError.malformed(
                    location: member.keyPosition.location(in: decoder.file),
                    reason: "duplicate key '\(member.key)' (first at line \(earlier.line), column \(earlier.column)): expected each header key once"
                )
            }
            first[member.key] = member.keyPosition
        }
    }

    private func malformed(_ node: SyntaxNode, _ reason: String) -> InputError {
        .malformed(location: node.position.location(in: decoder.file), reason: reason)
    }
}
