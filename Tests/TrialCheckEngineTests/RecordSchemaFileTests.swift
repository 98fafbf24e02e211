import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The published JSON Schema of a record (docs/schema/patient-history-v1.schema.json)
/// against the model's key table: the same keys, both ways, at every level.
@Suite("Record schema file")
struct RecordSchemaFileTests {
    static func schema() throws -> [String: Any] {
        let url = TestSupport.packageRoot.appendingPathComponent("docs/schema/patient-history-v1.schema.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func properties(_ object: Any?) -> [String: Any] {
        (object as? [String: Any])?["properties"] as? [String: Any] ?? [:]
    }

    @Test("The schema names the table's record, enrollment and common event keys")
    func recordLevel() throws {
        let schema = try Self.schema()
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let record = Self.properties(schema)
        #expect(Set(record.keys) == RecordVocabulary.recordKeys)
        #expect(Set(Self.properties(record["enrollment"]).keys) == RecordVocabulary.enrollmentKeys)
        #expect(Set(Self.properties(definitions["event"]).keys) == RecordVocabulary.commonEventKeys)
    }

    @Test("The schema names the table's event types, each with the table's keys")
    func eventTypes() throws {
        let definitions = try #require(try Self.schema()["$defs"] as? [String: Any])
        let event = try #require(definitions["event"] as? [String: Any])
        let typeExamples = Self.properties(event)["type"].flatMap { ($0 as? [String: Any])?["examples"] as? [String] } ?? []
        #expect(Set(typeExamples) == Set(RecordVocabulary.eventTypes.map(\.rawValue)))
        // Each type's keys come from the definition its `if type == ...` clause refers to.
        let clauses = event["allOf"] as? [[String: Any]] ?? []
        var typed: [String: Set<String>] = [:]
        for clause in clauses {
            let type = ((Self.properties(clause["if"])["type"] as? [String: Any])?["const"] as? String) ?? ""
            let reference = ((clause["then"] as? [String: Any])?["$ref"] as? String) ?? ""
            typed[type] = Set(Self.properties(definitions[String(reference.dropFirst("#/$defs/".count))]).keys)
        }
        let table = Dictionary(uniqueKeysWithValues: RecordVocabulary.eventKeys.map { ($0.key.rawValue, $0.value) })
        #expect(typed == table)
    }

    @Test("Every quantity key of the table is a quantity in the schema")
    func quantities() throws {
        let definitions = try #require(try Self.schema()["$defs"] as? [String: Any])
        for (type, keys) in RecordVocabulary.quantityKeys {
            for key in keys {
                let property = Self.properties(definitions[type.rawValue])[key] as? [String: Any]
                #expect(property?["$ref"] as? String == "#/$defs/quantity", "\(type).\(key)")
            }
        }
    }
}
