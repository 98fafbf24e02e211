/// Reads NDJSON as a stream: one record per line, in constant memory. A line that does
/// not parse is rejected alone (with its line and column) and the stream goes on; a
/// blank line is skipped.
final class NDJSONReader: FormatReader {
    private let source: ByteSource
    private let decoder: PatientRecordDecoder
    private var lineBuffer: [UInt8] = []
    private var lineStart = 0
    private var nextLineNumber = 1

    init(source: ByteSource, decoder: PatientRecordDecoder) {
        self.source = source
        self.decoder = decoder
    }

    var sha256: String { source.sha256 }
    var declaredProtocol: String? { nil }

    func next() throws(InputError) -> ReadItem? {
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
            return decoder.item(for: try JSONSyntaxParser.parse(line, firstLine: number))
        } catch {
            return .rejected(RecordRejection(location: error.position.location(in: decoder.file), reason: "invalid JSON: \(error.message)"))
        }
    }
}
