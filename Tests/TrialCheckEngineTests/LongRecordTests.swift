import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Long NDJSON lines and records of many keys: read in time linear in their length, and a
/// line past `--max-record-bytes` rejected, located, without being held whole.
@Suite("Long records")
struct LongRecordTests {
    /// A record of `events` lab events, each with a note of `noteBytes` bytes.
    static func record(_ id: String, events: Int, noteBytes: Int) -> String {
        let note = String(repeating: "x", count: noteBytes)
        let event = #"{"type":"lab","date":"2025-11-01","test":"platelets","value":100,"unit":"10^9/L","note":"\#(note)"}"#
        let list = Array(repeating: event, count: events).joined(separator: ",")
        return #"{"id":"\#(id)","enrollment":{"date":"2025-12-01","arm":"A"},"events":[\#(list)]}"#
    }

    /// Every item of the NDJSON file at `path`, read with `maxRecordBytes`, and the bytes
    /// the reader searched for line feeds.
    static func read(_ path: String, maxRecordBytes: Int = HistoryReader.defaultMaxRecordBytes) throws -> (items: [ReadItem], searched: Int) {
        var decoder = PatientRecordDecoder(file: path)
        decoder.maxRecordBytes = maxRecordBytes
        let reader = NDJSONReader(source: try ByteSource(path: path), decoder: decoder)
        var items: [ReadItem] = []
        while let item = try reader.next() { items.append(item) }
        return (items, reader.bytesSearched)
    }

    @Test("A 20 MB line is one patient, each byte searched for a line feed once")
    func twentyMegabyteLine() throws {
        let long = Self.record("P2", events: 10_000, noteBytes: 2_000)
        let text = Self.record("P1", events: 1, noteBytes: 10) + "\n" + long + "\n" + Self.record("P3", events: 1, noteBytes: 10) + "\n"
        #expect(long.utf8.count > 20_000_000)
        let path = try TestSupport.writeTemporary(text, name: "long.ndjson")
        let (items, searched) = try Self.read(path)
        let patients = items.compactMap { if case .patient(let patient) = $0 { patient } else { nil } }
        #expect(patients.map(\.id) == ["P1", "P2", "P3"])
        #expect(patients.dropFirst().first?.events.count == 10_000)
        // Searching the whole buffered line again for every block read is quadratic.
        #expect(searched <= text.utf8.count)
    }

    @Test("A line past the limit is rejected at its line, and the lines around it are read")
    func recordPastTheLimit() throws {
        let long = Self.record("P2", events: 50, noteBytes: 100)
        let lines = [Self.record("P1", events: 1, noteBytes: 10), long, Self.record("P3", events: 1, noteBytes: 10), long]
        // The last line has no line feed.
        let path = try TestSupport.writeTemporary(lines.joined(separator: "\n"), name: "capped.ndjson")
        let (items, _) = try Self.read(path, maxRecordBytes: 1_000)
        #expect(items.count == 4)
        let patients = items.compactMap { if case .patient(let patient) = $0 { patient.id } else { nil } }
        #expect(patients == ["P1", "P3"])
        let rejections = items.compactMap { if case .rejected(let rejection) = $0 { rejection } else { nil } }
        #expect(rejections.map(\.location) == [SourceLocation(file: path, line: 2), SourceLocation(file: path, line: 4)])
        #expect(rejections.first?.reason == "the record is \(long.utf8.count) bytes long, more than the limit of 1000 bytes (--max-record-bytes)")
        // At the limit, a record is read.
        let (atLimit, _) = try Self.read(path, maxRecordBytes: long.utf8.count)
        #expect(atLimit.allSatisfy { if case .patient = $0 { true } else { false } })
    }

    @Test("A line past the limit is dropped block by block, not held")
    func longLineSpanningBlocks() throws {
        let long = Self.record("P2", events: 2_000, noteBytes: 100)
        #expect(long.utf8.count > 3 << 16)
        let text = long + "\n" + Self.record("P3", events: 1, noteBytes: 10) + "\n"
        let path = try TestSupport.writeTemporary(text, name: "blocks.ndjson")
        let (items, searched) = try Self.read(path, maxRecordBytes: 1 << 16)
        #expect(searched <= text.utf8.count)
        guard items.count == 2, case .rejected(let rejection) = items[0], case .patient(let patient) = items[1] else {
            Issue.record("expected a rejection, then P3: \(items)")
            return
        }
        #expect(rejection.location == SourceLocation(file: path, line: 1))
        #expect(rejection.reason.hasPrefix("the record is \(long.utf8.count) bytes long"))
        #expect(patient.id == "P3")
        #expect(patient.location == SourceLocation(file: path, line: 2))
    }

    @Test("An event of thousands of keys reads directly; a key repeated among them is rejected at the repeat")
    func manyKeys() throws {
        let keys = (0..<5_000).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let record = #"{"id":"P1","enrollment":{"date":"2025-12-01","arm":"A"},"events":[{"type":"lab","date":"2025-11-01",\#(keys)}]}"#
        let defaults = PatientRecordDecoder(file: "keys.ndjson")
        let patient = try #require(DirectRecordDecoder.patient(in: Array(record.utf8), lineNumber: 1, defaults: defaults))
        #expect(patient.events.first?["k4999"] == .number("4999"))

        let repeated = record.replacingOccurrences(of: #""k4999":4999"#, with: #""k4999":4999,"k17":1"#)
        #expect(DirectRecordDecoder.patient(in: Array(repeated.utf8), lineNumber: 1, defaults: defaults) == nil)
        guard case .rejected(let rejection) = RawRecord.jsonLine(Array(repeated.utf8), line: 1).decode(with: defaults) else {
            Issue.record("a repeated key was read")
            return
        }
        #expect(rejection.reason.contains("duplicate key 'k17'"))
    }
}
