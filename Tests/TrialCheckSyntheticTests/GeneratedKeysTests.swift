import Foundation
import Testing
import TrialCheckCore
import TrialCheckSynthetic

/// The synthetic writer against the model's key table: every key it writes, at every level
/// and on every event type, is one the table names.
struct GeneratedKeysTests {
    @Test func everyKeyWrittenIsInTheKeyTable() throws {
        let bytes = CohortGenerator(seed: 7, patients: 1500, deviationRate: 0.5).bytes()
        var recordKeys: Set<String> = []
        var enrollmentKeys: Set<String> = []
        var eventKeys: [EventType: Set<String>] = [:]
        for line in bytes.split(separator: 0x0A) {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            recordKeys.formUnion(record.keys)
            enrollmentKeys.formUnion(Array((record["enrollment"] as? [String: Any])?.keys ?? [:].keys))
            for event in record["events"] as? [[String: Any]] ?? [] {
                let type = EventType(rawValue: event["type"] as? String ?? "")
                eventKeys[type, default: []].formUnion(event.keys)
            }
        }
        // Every record key but `timezone` (the generated sites' dates carry no time).
        #expect(recordKeys == RecordVocabulary.recordKeys.subtracting([RecordKey.timezone.rawValue]))
        #expect(enrollmentKeys == RecordVocabulary.enrollmentKeys)
        #expect(Set(eventKeys.keys).isSubset(of: RecordVocabulary.eventTypes))
        for (type, keys) in eventKeys {
            let named = RecordVocabulary.commonEventKeys.union(RecordVocabulary.eventKeys[type] ?? [])
            #expect(keys.subtracting(named).isEmpty, "\(type): \(keys.subtracting(named).sorted())")
        }
    }
}
