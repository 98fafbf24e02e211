@testable import TrialCheckEngine

/// The tape a FHIR resource is spilled as (``JSONTape/spill(to:)``): a tape read from any
/// JSON reads back from its spilled bytes field for field, and any bytes read as a spilled
/// tape give none or a tape whose values stay within it.
enum FuzzTapes {
    static func run(_ bytes: [UInt8]) {
        var tapes: [JSONTape] = []
        if let tape = JSONTape.read(bytes, line: 1, file: nil) { tapes.append(tape) }
        if let parsed = try? JSONSyntaxParser.parse(bytes) { tapes.append(JSONTape(parsed)) }
        for tape in tapes {
            var spilled: [UInt8] = []
            tape.spill(to: &spilled)
            guard let back = read(spilled), back.bytes == tape.bytes,
                  back.entries.count == tape.entries.count,
                  zip(back.entries, tape.entries).allSatisfy(same) else {
                fatalError("a spilled tape did not read back as written")
            }
        }
        // The input itself as spilled bytes: every value of a tape read back can be walked.
        if let tape = read(bytes) { _ = tape.root.syntax }
    }

    /// The tape `bytes` hold, all of them; `nil` if they are not one.
    private static func read(_ bytes: [UInt8]) -> JSONTape? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = CompactByteReader(buffer)
            let tape = JSONTape(spilled: &reader, file: nil)
            return reader.position == buffer.count ? tape : nil
        }
    }

    private static func same(_ pair: (JSONTape.Entry, JSONTape.Entry)) -> Bool {
        let (a, b) = pair
        return a.line == b.line && a.keyLine == b.keyLine && a.start == b.start && a.end == b.end && a.next == b.next
            && a.column == b.column && a.keyStart == b.keyStart && a.keyEnd == b.keyEnd && a.keyColumn == b.keyColumn
            && a.kind == b.kind
    }
}
