import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The model's key table (``RecordKey``, ``EnrollmentKey``, ``EventKey``,
/// ``RecordVocabulary``) against the two record decoders and the data coverage: every key
/// of the table is read by both, and a key outside it is reported.
@Suite("Record key table")
struct RecordKeyTableTests {
    /// A value of each record key the decoders accept (a switch, so a new key needs one).
    static func value(of key: RecordKey) -> String {
        switch key {
        case .id: #""P1""#
        case .site: #""S1""#
        case .sex: #""female""#
        case .birthDate: #""1961-04""#
        case .age: "64"
        case .enrollment: #"{"date": "2026-01-20", "arm": "A"}"#
        case .events: #"[{"type": "consent", "date": "2026-01-10"}]"#
        case .dataCutoff: #""2026-06-30""#
        case .timezone: #""+08:00""#
        }
    }

    /// Whether `patient` holds what `key` gave it (``value(of:)``).
    static func holds(_ key: RecordKey, _ patient: PatientHistory) -> Bool {
        switch key {
        case .id: patient.id == "P1"
        case .site: patient.site == "S1"
        case .sex: patient.sex == "female"
        case .birthDate: patient.birthDate?.description == "1961-04"
        case .age: patient.age == 64
        case .enrollment: patient.enrollment.arm == "A"
        case .events: patient.events.count + patient.unreadEventTypes.count == 1
        case .dataCutoff: patient.dataCutoff?.description == "2026-06-30"
        case .timezone: patient.events.first?.date?.description == "2026-01-21"
        }
    }

    static func record(_ keys: [RecordKey]) -> [UInt8] {
        var members = keys.map { #""\#($0.rawValue)": \#(value(of: $0))"# }
        if keys.contains(.timezone) {
            // What a record's own time zone changes: the day of a UTC instant.
            members.removeAll { $0.hasPrefix(#""events""#) }
            members.append(#""events": [{"type": "consent", "date": "2026-01-20T23:30:00Z"}]"#)
        }
        return Array("{\(members.joined(separator: ", "))}".utf8)
    }

    @Test("Every record key of the table is read into the model by both decoders, none kept as an attribute")
    func recordKeys() throws {
        for key in RecordKey.allCases {
            let keys = key == .id || key == .enrollment ? [.id, .enrollment] : [.id, .enrollment, key]
            let line = Self.record(keys)
            let general = try #require(DirectRecordDecoderTests.general(line)).get()
            #expect(Self.holds(key, general), "\(key.rawValue)")
            #expect(general.attributes.isEmpty, "\(key.rawValue)")
            if key == .timezone {
                // The direct decoder leaves a record with its own time zone to the general one.
                #expect(DirectRecordDecoderTests.direct(line) == nil)
            } else {
                #expect(DirectRecordDecoderTests.direct(line) == general, "\(key.rawValue)")
            }
        }
    }

    @Test("Every enrollment key of the table is read by both decoders")
    func enrollmentKeys() throws {
        let line = Self.record([.id, .enrollment])
        let general = try #require(DirectRecordDecoderTests.general(line)).get()
        #expect(general.enrollment.date.description == "2026-01-20")
        #expect(general.enrollment.arm == "A")
        #expect(DirectRecordDecoderTests.direct(line) == general)
        #expect(RecordVocabulary.enrollmentKeys == ["date", "arm"])
    }

    @Test("The direct decoder's byte matchers recognise exactly the table's keys")
    func byteMatchers() {
        let keys = DirectRecordDecoder.keys
        let eventKeys = EventKey.allCases.map(\.rawValue) + [RecordVocabulary.onsetKey]
        let spellings = RecordVocabulary.recordKeys.union(RecordVocabulary.enrollmentKeys).union(eventKeys)
        func match(_ text: String) -> (RecordKey?, EnrollmentKey?, ModelKeyMatchers.EventMember?) {
            Array(text.utf8).withUnsafeBufferPointer { bytes in
                (keys.record.key(bytes, 0..<bytes.count), keys.enrollment.key(bytes, 0..<bytes.count), keys.event.key(bytes, 0..<bytes.count))
            }
        }
        for key in RecordKey.allCases { #expect(match(key.rawValue).0 == key) }
        for key in EnrollmentKey.allCases { #expect(match(key.rawValue).1 == key) }
        for key in EventKey.allCases { #expect(match(key.rawValue).2 == .common(key)) }
        #expect(match(RecordVocabulary.onsetKey).2 == .onset)
        // Near spellings of every key: none is taken for a key of the table.
        for text in spellings {
            let near = [String(text.dropLast()), text + "s", "_" + text, text.uppercased(), String(text.dropFirst()) + String(text.prefix(1))]
            for other in near where !spellings.contains(other) {
                let (record, enrollment, event) = match(other)
                #expect(record == nil && enrollment == nil && event == nil, "\(other)")
            }
        }
        #expect(match("").0 == nil && match("").2 == nil)
    }

    /// One event of each type of the table, with every key the table names for it.
    static var everyEventKey: String {
        let events = RecordVocabulary.eventTypes.map { type in
            let keys = (RecordVocabulary.eventKeys[type] ?? []).sorted().map { key in
                let value = key == RecordVocabulary.onsetKey ? #""2025-01-01""# : #""1 x""#
                return #""\#(key)": \#(value)"#
            }
            return (["\"type\": \"\(type.rawValue)\"", #""date": "2026-01-01""#] + keys).joined(separator: ", ")
        }
        return "[" + events.map { "{\($0)}" }.joined(separator: ", ") + "]"
    }

    @Test("Every event key of the table is kept by both decoders")
    func eventKeys() throws {
        let line = Array(#"{"id": "P1", "enrollment": {"date": "2026-01-20"}, "events": \#(Self.everyEventKey)}"#.utf8)
        let general = try #require(DirectRecordDecoderTests.general(line)).get()
        let direct = try #require(DirectRecordDecoderTests.direct(line))
        #expect(direct == general)
        #expect(general.events.map(\.type) == RecordVocabulary.eventTypes)
        for (fast, slow) in zip(direct.events, general.events) {
            #expect(fast.date?.description == "2026-01-01")
            for key in RecordVocabulary.eventKeys[slow.type] ?? [] {
                #expect(slow[key] != nil && fast[key] == slow[key], "\(slow.type).\(key)")
            }
        }
    }

    /// Keys are compared on events of the types some check reads (the others are counted
    /// by type), so the key outside the table is on a performance status.
    @Test("The coverage knows every key of the table and reports a key outside it")
    func coverage() throws {
        let definition = try ProtocolLoader(registry: TestSupport.registry).load(yaml: """
            id: KEYS
            title: Key table
            version: "1"
            checks:
              - {id: ecog, kind: performance-status, criterion: "ECOG <= 1", severity: major, scale: ECOG, max: 1}
            """, path: "keys.yaml")
        let known = #"{"id": "P1", "site": "S1", "sex": "female", "age": 64, "data_cutoff": "2026-06-30", "timezone": "UTC", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": \#(Self.everyEventKey)}"#
        let outside = #"{"id": "P2", "age": 64, "weight_kg": 70, "enrollment": {"date": "2026-01-20"}, "events": [{"type": "performance-status", "date": "2026-01-10", "signed_by": "x"}]}"#
        let path = try TestSupport.writeTemporary(known + "\n" + outside + "\n", name: "keys.ndjson")
        let coverage = try #require(Auditor(definition: definition).audit(inputs: [path], jobs: 1).coverage)
        // Units and arm labels are the unit table's and the protocol's to know, not the key table's.
        let keyKinds: Set<CoverageElement.Kind> = [.eventType, .eventKey, .recordKey]
        let unknown = coverage.inputs.flatMap(\.elements).filter { $0.status == .unknown && keyKinds.contains($0.kind) }
        #expect(unknown.map(\.value).sorted() == ["performance-status.signed_by", "weight_kg"])
        #expect(unknown.allSatisfy { $0.first?.line == 2 })
    }
}
