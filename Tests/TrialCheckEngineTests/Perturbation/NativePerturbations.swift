import Foundation
import TrialCheckCore
@testable import TrialCheckEngine

/// One patient record of patient-history v1 as a JSON object, written as NDJSON or YAML.
struct NativeRecord: PerturbableInput {
    var object: [String: Any]
    /// Whether to write YAML (with the file header) instead of NDJSON.
    var yaml = false

    var id: String { object["id"] as? String ?? "" }

    var events: [[String: Any]] {
        get { object["events"] as? [[String: Any]] ?? [] }
        set { object["events"] = newValue }
    }

    func write(into folder: URL) throws -> String {
        let url = folder.appendingPathComponent(yaml ? "records.yaml" : "records.ndjson")
        let text = yaml ? try yamlText() : try Self.json(object) + "\n"
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A value as compact JSON (also a YAML flow value).
    static func json(_ value: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The record as a patient-history YAML file: block keys, one flow mapping per event.
    private func yamlText() throws -> String {
        var lines = ["format: patient-history/1", "protocol: NCT07177794", "patients:"]
        var first = true
        for key in object.keys.sorted() where key != "events" {
            lines.append("\(first ? "  - " : "    ")\(try Self.json(key)): \(try Self.json(object[key] ?? NSNull()))")
            first = false
        }
        lines.append("    events:")
        for event in events { lines.append("      - \(try Self.json(event))") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The record with each event of `type` (case-insensitive) changed by `change`, or `nil`
    /// when the record has no event of the type that `change` alters.
    func changingEvents(ofType type: String, _ change: (inout [String: Any]) -> Bool) -> NativeRecord? {
        var copy = self
        var changed = false
        copy.events = events.map { event in
            var event = event
            if (event["type"] as? String)?.lowercased() == type, change(&event) { changed = true }
            return event
        }
        return changed ? copy : nil
    }

    /// Whether some event of `type` (case-insensitive) has `key` (or exists, without one).
    func hasEvents(ofType type: String, withKey key: String? = nil) -> Bool {
        events.contains { event in
            (event["type"] as? String)?.lowercased() == type && (key.map { event[$0] != nil } ?? true)
        }
    }
}

/// The native perturbations of one check on one record: what its declared inputs name,
/// renamed, re-cased, dropped or given a free-text unit.
enum NativePerturbations {
    static func make(_ check: ConfiguredCheck, _ record: NativeRecord) -> [Perturbation<NativeRecord>] {
        var result: [Perturbation<NativeRecord>] = []
        func add(_ operatorName: String, _ detail: String, _ mentions: [String], _ input: NativeRecord?) {
            if let input { result.append(Perturbation(operatorName: operatorName, detail: detail, mentions: mentions, input: input)) }
        }
        let inputs = check.check.inputs
        for type in inputs.eventTypes.map(\.rawValue) where record.hasEvents(ofType: type) {
            for renamed in [Misspelling.type(type), Misspelling.alternative(type)] {
                add("rename-type", "\(type) → \(renamed)", [renamed], record.changingEvents(ofType: type) { $0["type"] = renamed; return true })
            }
            for cased in [Misspelling.capitalized(type), type.uppercased()] {
                add("type-case", "\(type) → \(cased)", [], record.changingEvents(ofType: type) { $0["type"] = cased; return true })
            }
            for key in inputs.events[EventType(rawValue: type), default: []].sorted() where record.hasEvents(ofType: type, withKey: key) {
                if !MeaningfulAbsence.contains(type: type, key: key) {
                    add("drop-key", "\(type).\(key) dropped", [], record.changingEvents(ofType: type) { $0.removeValue(forKey: key) != nil })
                }
                for renamed in [Misspelling.key(key), Misspelling.capitalized(key)] {
                    add("rename-key", "\(type).\(key) → \(renamed)", ["\(type).\(renamed)"], record.changingEvents(ofType: type) { event in
                        guard let value = event.removeValue(forKey: key) else { return false }
                        event[renamed] = value
                        return true
                    })
                }
                if RecordVocabulary.quantityKeys[EventType(rawValue: type)]?.contains(key) == true || (type == "lab" && key == "unit") {
                    result += unitPerturbations(record, type: type, key: key)
                }
            }
        }
        if inputs.fields.contains(.arm), let enrollment = record.object["enrollment"] as? [String: Any], enrollment["arm"] != nil {
            for label in ["Arm Z", "Observation group"] {
                var copy = record
                var changed = enrollment
                changed["arm"] = label
                copy.object["enrollment"] = changed
                add("arm-label", "arm → \(label)", [label], copy)
            }
            var copy = record
            var changed = enrollment
            changed.removeValue(forKey: "arm")
            copy.object["enrollment"] = changed
            add("drop-key", "enrollment.arm dropped", [], copy)
        }
        if inputs.fields.contains(.birthDate) || inputs.fields.contains(.age) {
            for key in ["birth_date", "age"] where record.object[key] != nil {
                var dropped = record
                dropped.object.removeValue(forKey: key)
                add("drop-key", "\(key) dropped", [], dropped)
                var renamed = record
                let value = renamed.object.removeValue(forKey: key)
                renamed.object[Misspelling.key(key)] = value
                add("rename-key", "\(key) → \(Misspelling.key(key))", [Misspelling.key(key)], renamed)
            }
        }
        return result
    }

    /// The unit of each event's `key` turned into free text: a quantity's (`50.4 Gy` or
    /// `{value, unit}`), or a lab result's `unit`.
    private static func unitPerturbations(_ record: NativeRecord, type: String, key: String) -> [Perturbation<NativeRecord>] {
        let units = Set(record.events.filter { ($0["type"] as? String)?.lowercased() == type }.compactMap { unit(of: $0[key], isUnitKey: key == "unit") })
        return units.sorted().flatMap { unit in
            Misspelling.unitText(unit).compactMap { text -> Perturbation<NativeRecord>? in
                guard let changed = record.changingEvents(ofType: type, { event in
                    guard let value = event[key], Self.unit(of: value, isUnitKey: key == "unit") == unit else { return false }
                    event[key] = replacingUnit(of: value, with: text, isUnitKey: key == "unit")
                    return true
                }) else { return nil }
                return Perturbation(operatorName: "unit-text", detail: "\(type).\(key) unit \(unit) → \(text)", mentions: [text], input: changed)
            }
        }
    }

    /// The unit of a quantity value (`"50.4 Gy"`, `{value: 50.4, unit: Gy}`) or of a unit key.
    static func unit(of value: Any?, isUnitKey: Bool) -> String? {
        if isUnitKey { return value as? String }
        if let text = value as? String, let space = text.firstIndex(of: " ") { return String(text[text.index(after: space)...]) }
        if let mapping = value as? [String: Any] { return mapping["unit"] as? String }
        return nil
    }

    static func replacingUnit(of value: Any, with unit: String, isUnitKey: Bool) -> Any {
        if isUnitKey { return unit }
        if let text = value as? String, let space = text.firstIndex(of: " ") { return String(text[..<space]) + " " + unit }
        if var mapping = value as? [String: Any] {
            mapping["unit"] = unit
            return mapping
        }
        return value
    }
}
