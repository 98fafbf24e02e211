/// A record read from an input but not yet decoded, so that decoding (the costly part) can
/// run on any thread while reading stays in input order.
enum RawRecord: Sendable {
    /// One line of an NDJSON stream, with its line number.
    case jsonLine([UInt8], line: Int)
    /// One record of a parsed YAML or JSON document.
    case node(SyntaxNode)
    /// A record its reader has already decoded.
    case decoded(ReadItem)
    /// A record to decode with its own file's decoder (in a folder of files, whose records
    /// share waves), not the input's.
    indirect case withDecoder(RawRecord, PatientRecordDecoder)

    /// The record as an item, decoded with `decoder`.
    func decode(with decoder: PatientRecordDecoder) -> ReadItem {
        switch self {
        case .jsonLine(let bytes, let line):
            if let patient = DirectRecordDecoder.patient(in: bytes, lineNumber: line, defaults: decoder) {
                return .patient(patient)
            }
            do {
                return decoder.item(for: try JSONSyntaxParser.parse(bytes, firstLine: line))
            } catch {
                return .rejected(RecordRejection(location: error.position.location(in: decoder.file), reason: "invalid JSON: \(error.message)"))
            }
        case .node(let node):
            return decoder.item(for: node)
        case .decoded(let item):
            return item
        case .withDecoder(let raw, var own):
            own.eventTypesRead = decoder.eventTypesRead
            return raw.decode(with: own)
        }
    }
}
