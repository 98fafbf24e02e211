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

    /// Every field of an entry, to compare entries whole.
    static func fields(_ entry: JSONTape.Entry) -> [Int] {
        [entry.line, entry.keyLine, Int(entry.start), Int(entry.end), Int(entry.next), Int(entry.column),
         Int(entry.keyStart), Int(entry.keyEnd), Int(entry.keyColumn), Int(entry.kind.rawValue)]
    }

    @Test("A tape's entries read back field for field: lines, columns, keys and texts far apart too")
    func entriesReadBackWhole() throws {
        let pretty = #"""
        {
          "resourceType": "Observation", "id": "o\u00e9",
          "code": {"coding": [{"system": "http://loinc.org", "code": "718-7"}], "text": ""},

              "valueQuantity": {"value": -12.5e3, "unit": "g/dL"}, "": [true, false, null, [], {}]
        }
        """#
        let parsed = try JSONSyntaxParser.parse(Array(pretty.utf8), firstLine: 40, file: "x.json")
        let line = #"{"resourceType":"Patient","id":"p1","name":[{"given":["Zoë","Åsa"]}],"deceasedBoolean":false,"x":[0,-1,2.5e-3]}"#
        var tapes = [JSONTape(parsed), try #require(JSONTape.read(Array(line.utf8), line: 3_000_000_000, file: nil))]
        // Numbers far from their neighbours: a line before the first, columns and ranges that jump.
        var entries = tapes[0].entries
        entries[1].line = 1
        entries[2].keyLine = Int.max
        entries[3].column = Int32.max
        entries[4].keyColumn = 0
        tapes.append(JSONTape(bytes: tapes[0].bytes, entries: entries, file: "x.json"))
        for tape in tapes {
            let back = try #require(Self.roundTrip(tape))
            #expect(back.bytes == tape.bytes)
            #expect(back.entries.map(Self.fields) == tape.entries.map(Self.fields))
            var bytes: [UInt8] = []
            tape.spill(to: &bytes)
            // A few bytes an entry, against the 48 it takes in memory.
            #expect(bytes.count - tape.bytes.count < tape.entries.count * 16)
        }
    }

    /// A small Observation's tape.
    private static func observation() throws -> JSONTape {
        let line = #"{"resourceType":"Observation","id":"o1","code":{"coding":[{"code":"x"}]},"valueInteger":3}"#
        return try #require(JSONTape.read(Array(line.utf8), line: 1, file: nil))
    }

    /// Whether `bytes` read back as a spilled tape, all of them.
    private static func readsBack(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = CompactByteReader(buffer)
            return JSONTape(spilled: &reader, file: nil) != nil && reader.position == buffer.count
        }
    }

    /// The bytes `tape` spills.
    private static func spilled(_ tape: JSONTape) -> [UInt8] {
        var bytes: [UInt8] = []
        tape.spill(to: &bytes)
        return bytes
    }

    @Test("Bytes that are not a spilled tape read back as none, and no bytes crash the reading")
    func damaged() throws {
        let tape = try Self.observation()
        let good = Self.spilled(tape)
        #expect(Self.readsBack(good))
        // Cut short anywhere.
        for length in 0..<good.count { #expect(!Self.readsBack(Array(good[..<length]))) }
        // The first entry's kind made one no value has (its flags follow the texts' length,
        // the texts, the entries' count and the first line, the numbers a byte each).
        let firstFlags = 1 + tape.bytes.count + 2
        for kind: UInt8 in [6, 7] {
            var bytes = good
            bytes[firstFlags] = bytes[firstFlags] & ~0x07 | kind
            #expect(!Self.readsBack(bytes))
        }
        // Any byte changed: read back as none, or as a tape whose entries stay within it.
        for offset in good.indices {
            for change: UInt8 in [0x01, 0x10, 0x7F, 0x80, 0xFF] {
                var bytes = good
                bytes[offset] ^= change
                bytes.withUnsafeBufferPointer { buffer in
                    var reader = CompactByteReader(buffer)
                    guard let read = JSONTape(spilled: &reader, file: nil) else { return }
                    for (index, entry) in read.entries.enumerated() {
                        #expect(entry.start >= 0 && entry.start <= entry.end && Int(entry.end) <= read.bytes.count)
                        #expect(Int(entry.next) > index && Int(entry.next) <= read.entries.count)
                    }
                }
            }
        }
    }

    @Test("A tape read back from bytes the fuzzer made can be walked: a Boolean of no text is false")
    func walkedAfterFuzzing() throws {
        // No texts, one entry on line 63: a short Boolean at column 43 with no text.
        let bytes: [UInt8] = [0x00, 0x01, 0x3F, 0x61, 0x2B]
        let tape = try #require(bytes.withUnsafeBufferPointer { buffer in
            var reader = CompactByteReader(buffer)
            return JSONTape(spilled: &reader, file: nil)
        })
        let root = tape.root.syntax
        guard case .bool(let flag) = root.content else {
            Issue.record("expected a Boolean, found \(root.content)")
            return
        }
        #expect(!flag)
        #expect(root.position.line == 63 && root.position.column == 43)
    }

    @Test("A spilled tape's entries are checked as one test per field would check them")
    func wellFormedFields() throws {
        let tape = try Self.observation()
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
        let fields: [WritableKeyPath<JSONTape.Entry, Int32>] = [\.start, \.end, \.keyStart, \.keyEnd, \.next]
        let values: [Int32] = [0, 1, 2, 3, 5, 7, 8, 9, 12, 13, 14, Int32(textCount) - 1, Int32(textCount), Int32(textCount) + 1, -1, -2, Int32.min, Int32.max]
        var tried = 0
        for entry in 0..<tape.entries.count {
            for field in fields {
                for value in values {
                    var entries = tape.entries
                    entries[entry][keyPath: field] = value
                    let changed = JSONTape(bytes: tape.bytes, entries: entries, file: nil)
                    #expect(Self.readsBack(Self.spilled(changed)) == expected(entries), "entry \(entry), \(field), \(value)")
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
