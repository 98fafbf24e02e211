import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// A FHIR resource grouped through temporary files is read once: its tape (read in place,
/// or made from its parsed tree) is spilled and read back whole, the same tape; bytes that
/// are not a tape read back as none (a damaged temporary file).
@Suite("FHIR resources spilled as their tapes")
struct FHIRSpilledTapeTests {
    typealias Support = ReaderTestSupport

    /// The tape `tape` spills, read back.
    static func roundTrip(_ tape: JSONTape, file: String? = "Observation.ndjson") -> JSONTape? {
        var bytes: [UInt8] = []
        tape.spill(to: &bytes)
        return bytes.withUnsafeBufferPointer { buffer in
            var reader = CompactByteReader(buffer)
            let read = JSONTape(spilled: &reader, file: file)
            return reader.position == buffer.count ? read : nil
        }
    }

    @Test("Every resource of the FHIR fixtures and examples reads back as spilled, in place and parsed")
    func fixtures() throws {
        var read = 0
        for folder in [Support.fixture("fhir/bulk"), Support.repositoryRoot.appendingPathComponent("Examples/formats/fhir").path] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".ndjson") {
                let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
                for (offset, line) in text.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    let bytes = Array(line.utf8)
                    // Lines that are not JSON (the fixtures hold some) are rejected before they are spilled.
                    guard let parsed = try? JSONSyntaxParser.parse(bytes, firstLine: offset + 1, file: name) else { continue }
                    for tape in [JSONTape.read(bytes, line: offset + 1, file: name), JSONTape(parsed)].compactMap({ $0 }) {
                        let back = try #require(Self.roundTrip(tape, file: name))
                        #expect(JSONTapeTests.spelled(back.root.syntax) == JSONTapeTests.spelled(parsed))
                        #expect(back.bytes == tape.bytes)
                        read += 1
                    }
                }
            }
        }
        #expect(read > 200)
    }

    /// A small Observation's tape and its spilled bytes.
    private static func spilledObservation() throws -> (tape: JSONTape, bytes: [UInt8]) {
        let line = #"{"resourceType":"Observation","id":"o1","code":{"coding":[{"code":"x"}]},"valueInteger":3}"#
        let tape = try #require(JSONTape.read(Array(line.utf8), line: 1, file: nil))
        var bytes: [UInt8] = []
        tape.spill(to: &bytes)
        return (tape, bytes)
    }

    /// Whether `bytes` read back as a spilled tape.
    private static func readsBack(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = CompactByteReader(buffer)
            return JSONTape(spilled: &reader, file: nil) != nil
        }
    }

    @Test("Bytes that are not a spilled tape read back as none")
    func damaged() throws {
        let (tape, good) = try Self.spilledObservation()
        func reads(_ bytes: [UInt8]) -> Bool { Self.readsBack(bytes) }
        #expect(reads(good))
        // Cut short anywhere.
        for length in stride(from: 0, to: good.count, by: 7) { #expect(!reads(Array(good[..<length]))) }
        // An entry's kind, end, or next changed.
        let stride = MemoryLayout<JSONTape.Entry>.stride
        let entriesStart = good.count - tape.entries.count * stride
        func changed(_ entry: Int, _ field: PartialKeyPath<JSONTape.Entry>, _ value: [UInt8]) -> [UInt8] {
            var bytes = good
            let offset = entriesStart + entry * stride + (MemoryLayout<JSONTape.Entry>.offset(of: field) ?? 0)
            bytes.replaceSubrange(offset..<offset + value.count, with: value)
            return bytes
        }
        #expect(!reads(changed(1, \JSONTape.Entry.kind, [9])))
        #expect(!reads(changed(2, \JSONTape.Entry.end, [0xFF, 0xFF, 0, 0])))
        #expect(!reads(changed(3, \JSONTape.Entry.next, [1, 0, 0, 0])))
        #expect(!reads(changed(0, \JSONTape.Entry.next, [2, 0, 0, 0])))
        #expect(!reads(changed(3, \JSONTape.Entry.next, [0xFF, 0, 0, 0])))
    }

    @Test("A spilled tape's entries are checked as one test per field would check them")
    func wellFormedFields() throws {
        let (tape, good) = try Self.spilledObservation()
        #expect(good.count == tape.spilledSize)
        let stride = MemoryLayout<JSONTape.Entry>.stride
        let entriesStart = good.count - tape.entries.count * stride
        let textCount = tape.bytes.count
        // The checks spelled one by one: every range within the texts, every value ending
        // after itself and within the tape.
        func expected(_ entries: [JSONTape.Entry]) -> Bool {
            guard Int(entries[0].next) == entries.count else { return false }
            for (index, entry) in entries.enumerated() {
                guard entry.start >= 0, entry.start <= entry.end, Int(entry.end) <= textCount,
                      entry.keyStart >= 0, entry.keyStart <= entry.keyEnd, Int(entry.keyEnd) <= textCount,
                      Int(entry.next) > index, Int(entry.next) <= entries.count else { return false }
            }
            return true
        }
        let fields: [PartialKeyPath<JSONTape.Entry>] = [\.start, \.end, \.keyStart, \.keyEnd, \.next]
        let values: [Int32] = [0, 1, 2, 3, 5, 7, 8, 9, 12, 13, 14, Int32(textCount) - 1, Int32(textCount), Int32(textCount) + 1, -1, -2, Int32.min, Int32.max]
        var tried = 0
        for entry in 0..<tape.entries.count {
            for field in fields {
                for value in values {
                    var bytes = good
                    let offset = entriesStart + entry * stride + (MemoryLayout<JSONTape.Entry>.offset(of: field) ?? 0)
                    withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + 4, with: $0) }
                    var entries = tape.entries
                    switch field {
                    case \JSONTape.Entry.start: entries[entry].start = value
                    case \JSONTape.Entry.end: entries[entry].end = value
                    case \JSONTape.Entry.keyStart: entries[entry].keyStart = value
                    case \JSONTape.Entry.keyEnd: entries[entry].keyEnd = value
                    default: entries[entry].next = value
                    }
                    #expect(Self.readsBack(bytes) == expected(entries), "entry \(entry), \(field), \(value)")
                    tried += 1
                }
            }
        }
        #expect(tried > 500)
    }

    @Test("Odd lines among the resources read the same spilled and in memory")
    func oddLinesSpilled() throws {
        let lines = [
            #"{"resourceType":"Patient","id":"p1","birthDate":"1960-01-01"}"#,
            #"{"resourceType":"Pati\u0065nt","id":"p2","birthDate":"1961-01-01"}"#,
            #"{"resourceType":"ResearchSubject","id":"rs1","period":{"start":"2024-01-02"},"individual":{"reference":"Patient/p1"}}"#,
            #"{"resourceType":"ResearchSubject","id":"rs2","period":{"start":"2024-01-03"},"individual":{"reference":"Patient\/p2"}}"#,
            #"{"resourceType":"Condition","id":"c9","subject":{"reference":"Patient/p9"}}"#,
            #"{"resourceType":"Medication","id":"m1","code":{"text":"cisplatin"}}"#,
            #"{"resourceType":"Observation","id":"o1"}"#,
            #"{"resourceType":null}"#,
            #"{"resourceType":"Consent","patient":{"reference":"Patient/p1"},"dateTime":"2024-01-01"} junk"#,
            #"["#,
        ]
        let path = try Support.temporaryFile("odd.ndjson", lines.joined(separator: "\n") + "\n")
        let inMemory = try Support.read(path)
        #expect(inMemory.patients.map(\.id) == ["p1", "p2"])
        #expect(inMemory.rejections.count == 4)
        let folder = try GroupingSpillTests.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        GroupingSpillTests.expectSame(try GroupingSpillTests.read(path, budget: 0, folder: folder), inMemory)
    }
}
