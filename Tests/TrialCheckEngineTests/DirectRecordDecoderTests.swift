import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The direct NDJSON decoder against the general path (positioned syntax tree, then
/// ``PatientRecordDecoder``): where the direct path gives a patient, it must be the one the
/// general path gives; where the general path rejects a record, the direct path must give
/// up, so the rejection (with its line and column) is the general path's.
struct DirectRecordDecoderTests {
    static let defaults = PatientRecordDecoder(file: "cohort.ndjson")

    static func general(_ line: [UInt8], defaults: PatientRecordDecoder = defaults) -> Result<PatientHistory, RecordRejection>? {
        guard let node = try? JSONSyntaxParser.parse(line, firstLine: 7) else { return nil }
        return defaults.decode(node)
    }

    static func direct(_ line: [UInt8], defaults: PatientRecordDecoder = defaults) -> PatientHistory? {
        DirectRecordDecoder.patient(in: line, lineNumber: 7, defaults: defaults)
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Every key of every event reads the same through the event's source as through the
    /// general path's dictionary, and a key the event lacks reads as absent.
    static func expectSameAttributes(_ direct: PatientHistory, _ general: PatientHistory) {
        #expect(direct.events.count == general.events.count)
        for (fast, slow) in zip(direct.events, general.events) {
            #expect(fast.attributes == slow.attributes)
            for key in slow.attributes.keys { #expect(fast[key] == slow[key], "key \(key)") }
            #expect(fast["no-such-key"] == nil)
        }
    }

    static let exampleLines: [[UInt8]] = {
        let url = ReaderTestSupport.repositoryRoot.appendingPathComponent("Examples/NCT07177794/site-records.ndjson")
        let data = (try? Data(contentsOf: url)) ?? Data()
        return data.split(separator: 0x0A).map { Array($0) }.filter { !$0.isEmpty }
    }()

    @Test func everyExampleRecordDecodesDirectlyToTheSamePatient() throws {
        #expect(Self.exampleLines.count == 242)
        for line in Self.exampleLines {
            let direct = try #require(Self.direct(line), "\(String(decoding: line.prefix(40), as: UTF8.self))")
            let general = try #require(try Self.general(line)?.get())
            #expect(direct == general)
            Self.expectSameAttributes(direct, general)
        }
    }

    /// An attribute is found among keys of the same length or the same first byte.
    @Test func attributesAreFoundAmongKeysAlike() throws {
        let line = Self.bytes(#"{"id":"P","enrollment":{"date":"2026-01-20"},"events":[{"type":"lab","date":"2026-01-02","dose":"1","dost":"2","drug":"x","d":"3","tose":4}]}"#)
        let direct = try #require(Self.direct(line))
        let general = try #require(try Self.general(line)?.get())
        Self.expectSameAttributes(direct, general)
        let event = try #require(direct.events.first)
        #expect(event["dost"] == .string("2"))
        #expect(event["tose"] == .number("4"))
        #expect(event["d"] == .string("3"))
        #expect(event["dos"] == nil)
        #expect(event["dosex"] == nil)
        #expect(event[String(["d", "o", "s", "e"])] == .string("1"))
    }

    /// A value is decoded once and remembered: asked for again, on this thread or on many
    /// at once, it reads the same as the general path's.
    @Test func attributeValuesReadAgainAndAcrossThreadsStayTheSame() throws {
        for line in Self.exampleLines.prefix(20) {
            let direct = try #require(Self.direct(line))
            let general = try #require(try Self.general(line)?.get())
            let keys = general.events.map { $0.attributes.keys.sorted() }
            let reads = Array(0..<4).parallelMap(jobs: 4) { _ in
                zip(direct.events, keys).map { event, keys in keys.map { event[$0] } }
            }
            let expected = zip(general.events, keys).map { event, keys in keys.map { event[$0] } }
            for read in reads { #expect(read == expected) }
            Self.expectSameAttributes(direct, general)
        }
    }

    @Test(arguments: [
        // Values the model reads leniently, as the general path does.
        #"{"id":" 42 ","site":null,"enrollment":{"date":"2026-01-20","arm":null,"note":[1,{"a":true}]},"events":null}"#,
        #"{"id":17,"sex":"female","age":"65","enrollment":{"date":"2026-01"},"data_cutoff":null}"#,
        // Times: local, with an offset, and in UTC (a span of days without the site's zone).
        #"{"id":"T","enrollment":{"date":"2026-01-20T09:30"},"events":[{"type":"x","date":"2026-01-21T07:30:00+08:00"},{"type":"y","start":"2026-01-20T23:30:00Z"}]}"#,
        #"{"id":"P","age":64.0,"birth_date":1960,"enrollment":{"date":"2026"},"events":[]}"#,
        #"{"events":[{"type":" lab ","date":null,"value":-1.5e3,"unit":"g/L","flags":[],"extra":{}}],"enrollment":{"date":"2026-01-20"},"id":"P"}"#,
        // A repeated key below the event level: the first wins, as in the general path.
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"events":[{"type":"x","dose":{"value":1,"value":2}}]}"#,
        // onset as the model writes it is kept as written.
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"events":[{"type":"condition","onset":"2020-03"},{"type":"condition","onset":null}]}"#,
        // Non-ASCII text, unknown record keys, spaces and carriage returns between tokens.
        "{ \"id\" : \"Zoë\" ,\t\"site\":\"Zürich\",\"registry\":{\"n\":[null,false]},\"enrollment\":{\"date\":\"2026-01-20\"} }\r",
        // Ongoing span, dates with a time part.
        #"{"id":"P","enrollment":{"date":"2026-01-20T08:00"},"events":[{"type":"radiotherapy","start":"2025-07-17T09:30","end":null,"dose":"50.4 Gy"}]}"#,
    ])
    func decodesLikeTheGeneralPath(_ record: String) throws {
        let line = Self.bytes(record)
        let direct = try #require(Self.direct(line))
        let general = try #require(try Self.general(line)?.get())
        #expect(direct == general)
        Self.expectSameAttributes(direct, general)
    }

    @Test(arguments: [
        // Escapes, non-ASCII keys, and onsets the model rewrites are left to the general path.
        #"{"id":"P\u00e9","enrollment":{"date":"2026-01-20"}}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"events":[{"type":"x","note":"a\"b"}]}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"events":[{"type":"x","cl\u00e9":1}]}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"événement":1}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"events":[{"type":"condition","onset":"2020-03-04T10:00"}]}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"events":[{"type":"condition","onset":2020}]}"#,
    ])
    func leavesWhatItDoesNotHandleToTheGeneralPath(_ record: String) throws {
        let line = Self.bytes(record)
        #expect(Self.direct(line) == nil)
        // The record is still audited, through the general path.
        guard case .patient(let patient) = RawRecord.jsonLine(line, line: 7).decode(with: Self.defaults) else {
            Issue.record("the general path should accept \(record)")
            return
        }
        #expect(patient == (try Self.general(line)?.get()))
    }

    @Test(arguments: [
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"id":"Q"}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20","date":"2026-01-21"}}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"events":[{"type":"x","type":"y"}]}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"events":[{"type":"x","start":"2026-02-01","end":"2026-01-01"}]}"#,
        #"{"id":"P","enrollment":{"date":"2026-02-30"}}"#,
        #"{"id":"","enrollment":{"date":"2026-01-20"}}"#,
        #"{"id":"P"}"#,
        #"{"id":"P","enrollment":{"date":null}}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"age":150}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"age":true}"#,
        // An id must be text (or a number read as its text); a date is written as it is meant.
        #"{"id":true,"enrollment":{"date":"2026-01-20"}}"#,
        #"{"id":false,"enrollment":{"date":"2026-01-20"}}"#,
        #"{"id":"P","enrollment":{"date":" 2026-01-20 "}}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20Tgarbage"}}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20T25:00"}}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"events":[{"type":"x","date":"2026-01-21 "}]}"#,
        #"{"id":"P","timezone":"Mars/Olympus","enrollment":{"date":"2026-01-20"}}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"events":{}}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"events":[{"date":"2026-01-01"}]}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"site":["A"]}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"x":01}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"x":1.}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},"x":tru}"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"}} x"#,
        #"{"id":"P","enrollment":{"date":"2026-01-20"},}"#,
        #"[{"id":"P","enrollment":{"date":"2026-01-20"}}]"#,
    ])
    func givesUpWhereTheGeneralPathRejects(_ record: String) throws {
        let line = Self.bytes(record)
        #expect(Self.direct(line) == nil)
        guard case .rejected = RawRecord.jsonLine(line, line: 7).decode(with: Self.defaults) else {
            Issue.record("the general path should reject \(record)")
            return
        }
    }

    @Test func invalidUTF8AndControlCharactersAreLeftToTheGeneralPath() {
        var line = Self.bytes(#"{"id":"P","enrollment":{"date":"2026-01-20"},"note":"ab"}"#)
        let quote = line.lastIndex(of: UInt8(ascii: "b")) ?? 0
        line[quote] = 0xFF
        #expect(Self.direct(line) == nil)
        line[quote] = 0x01
        #expect(Self.direct(line) == nil)
    }

    @Test func usesTheInputsDefaults() throws {
        var defaults = PatientRecordDecoder(file: "site.ndjson")
        defaults.defaultSite = "S01"
        defaults.defaultDataCutoff = PartialDate(iso8601: "2026-10-31")
        for record in [
            #"{"id":"P","enrollment":{"date":"2026-01-20"}}"#,
            #"{"id":"P","site":null,"data_cutoff":null,"enrollment":{"date":"2026-01-20"}}"#,
            #"{"id":"P","site":"S02","data_cutoff":"2026-06","enrollment":{"date":"2026-01-20"}}"#,
        ] {
            let line = Self.bytes(record)
            let direct = try #require(Self.direct(line, defaults: defaults))
            #expect(direct == (try Self.general(line, defaults: defaults)?.get()))
            #expect(direct.location == SourceLocation(file: "site.ndjson", line: 7))
        }
    }

    /// Random edits of example records (bytes deleted, inserted, replaced): whatever the
    /// direct path accepts, the general path accepts as the same patient.
    @Test func mutatedRecordsNeverDecodeDifferently() throws {
        var random = SeededGenerator(seed: 0x5EED)
        let interesting = Array(#"{}[]":,\ 0123456789.-+eEtfnul"#.utf8) + [0x09, 0x0D, 0x01, 0xC3, 0xA9, 0xFF]
        var acceptedByBoth = 0
        var leftToGeneral = 0
        for round in 0..<4000 {
            var line = Self.exampleLines[round % Self.exampleLines.count]
            for _ in 0..<(1 + Int.random(in: 0..<3, using: &random)) {
                let position = Int.random(in: 0..<line.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: line.remove(at: position)
                case 1: line.insert(interesting[Int.random(in: 0..<interesting.count, using: &random)], at: position)
                default: line[position] = interesting[Int.random(in: 0..<interesting.count, using: &random)]
                }
            }
            let general = Self.general(line)
            guard let direct = Self.direct(line) else {
                leftToGeneral += 1
                continue
            }
            let expected = try #require(try general?.get(), "\(String(decoding: line, as: UTF8.self))")
            #expect(direct == expected, "\(String(decoding: line, as: UTF8.self))")
            Self.expectSameAttributes(direct, expected)
            acceptedByBoth += 1
        }
        // Both outcomes occur, so the comparison above is exercised.
        #expect(acceptedByBoth > 500)
        #expect(leftToGeneral > 500)
    }

    @Test func eventsFromBothPathsAreEqualAndHashAlike() throws {
        let line = try #require(Self.exampleLines.first)
        let direct = try #require(Self.direct(line))
        let general = try #require(try Self.general(line)?.get())
        #expect(Set(direct.events) == Set(general.events))
        #expect(direct.events.first.map { $0 == direct.events[0] } == true)
        if direct.events.count > 1 { #expect(direct.events[0] != direct.events[1]) }
    }

    /// A type spelled as the model spells it is taken as that type; any other spelling (case,
    /// spaces, an unknown type, a number) is read as the general path reads it.
    @Test(arguments: RecordVocabulary.eventTypes.map(\.rawValue) + [
        "Radiotherapy", " lab ", "ADVERSE-EVENT", "targeted therapy", "lab-x", "labs", "l", "7", "performance-status ",
    ])
    func eventTypesReadAsTheGeneralPathReadsThem(type: String) throws {
        let written = type == "7" ? "7" : "\"\(type)\""
        let line = Self.bytes(#"{"id":"P","enrollment":{"date":"2026-01-20"},"events":[{"type":"# + written + #","date":"2026-01-21"}]}"#)
        let direct = try #require(Self.direct(line))
        let general = try #require(try Self.general(line)?.get())
        #expect(direct == general)
        #expect(direct.events.first?.type == general.events.first?.type)
        #expect(direct.events.first?.type == EventType(recorded: type.trimmingWhitespace()))
    }
}
