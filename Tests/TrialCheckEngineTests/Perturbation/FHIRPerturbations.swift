import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// One patient's FHIR resources, written as a Bulk Data export folder (one NDJSON file per
/// resource type).
struct FHIRPatient: PerturbableInput {
    var resources: [[String: Any]]

    func write(into folder: URL) throws -> String {
        let export = folder.appendingPathComponent("fhir", isDirectory: true)
        try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
        let byType = Dictionary(grouping: resources) { $0["resourceType"] as? String ?? "Unknown" }
        for (type, resources) in byType {
            let lines = try resources.map(NativeRecord.json)
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: export.appendingPathComponent("\(type).ndjson"))
        }
        return export.path
    }

    /// The resources of a Bulk Data export folder, by the id of the patient they are about.
    static func load(_ folder: URL) throws -> [String: FHIRPatient] {
        var byPatient: [String: [[String: Any]]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".ndjson") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.isEmpty {
                let resource = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let patient: String?
                if resource["resourceType"] as? String == "Patient" {
                    patient = resource["id"] as? String
                } else {
                    let reference = ["subject", "patient", "individual"].lazy.compactMap { (resource[$0] as? [String: Any])?["reference"] as? String }.first
                    patient = reference.map { String($0.split(separator: "/").last ?? "") }
                }
                byPatient[try #require(patient, "a resource without a patient in \(name)"), default: []].append(resource)
            }
        }
        return byPatient.mapValues(FHIRPatient.init)
    }

    /// The patient with `change` applied to each resource `matching` selects, or `nil` if it changed none.
    func changing(where matching: ([String: Any]) -> Bool, _ change: (inout [String: Any]) -> Bool) -> FHIRPatient? {
        var copy = self
        var changed = false
        for index in resources.indices where matching(resources[index]) {
            var resource = resources[index]
            if change(&resource) {
                copy.resources[index] = resource
                changed = true
            }
        }
        return changed ? copy : nil
    }
}

/// Edits of FHIR JSON: extensions by URL, nested members.
enum FHIRJSON {
    /// Applies `change` to every object (at any depth) whose `url` ends with `suffix`;
    /// `change` returns `nil` to remove the object from its array.
    static func editExtensions(_ value: Any, urlSuffix suffix: String, _ change: ([String: Any]) -> [String: Any]?) -> (Any, Bool) {
        if var object = value as? [String: Any] {
            var changed = false
            for (key, member) in object {
                let (edited, didChange) = editExtensions(member, urlSuffix: suffix, change)
                if didChange {
                    object[key] = edited
                    changed = true
                }
            }
            return (object, changed)
        }
        if let array = value as? [Any] {
            var changed = false
            var result: [Any] = []
            for element in array {
                if let object = element as? [String: Any], (object["url"] as? String)?.hasSuffix(suffix) == true {
                    changed = true
                    if let edited = change(object) { result.append(edited) }
                    continue
                }
                let (edited, didChange) = editExtensions(element, urlSuffix: suffix, change)
                changed = changed || didChange
                result.append(edited)
            }
            return (result, changed)
        }
        return (value, false)
    }

    /// The resource with the extensions whose URL ends with `suffix` changed by `change`.
    static func editing(_ resource: inout [String: Any], urlSuffix suffix: String, _ change: ([String: Any]) -> [String: Any]?) -> Bool {
        let (edited, changed) = editExtensions(resource, urlSuffix: suffix, change)
        if changed, let object = edited as? [String: Any] { resource = object }
        return changed
    }

    /// Removes the member at `path` (`["dosage", "dose"]`); whether it was there.
    static func remove(_ path: [String], from object: inout [String: Any]) -> Bool {
        guard let first = path.first else { return false }
        if path.count == 1 { return object.removeValue(forKey: first) != nil }
        guard var child = object[first] as? [String: Any] else { return false }
        let removed = remove(Array(path.dropFirst()), from: &child)
        if removed { object[first] = child }
        return removed
    }

    /// A Quantity with its unit as free text and no code (or, with `text` nil, its code
    /// and system removed and its human-readable unit kept).
    static func uncoded(_ quantity: [String: Any], text: String?) -> [String: Any] {
        var quantity = quantity
        quantity.removeValue(forKey: "code")
        quantity.removeValue(forKey: "system")
        if let text { quantity["unit"] = text }
        return quantity
    }

    static func hasCoding(_ value: Any?, code: String) -> Bool {
        guard let concept = value as? [String: Any] else { return false }
        return (concept["coding"] as? [[String: Any]] ?? []).contains { $0["code"] as? String == code }
    }
}

/// The FHIR perturbations of one check: the resources that carry what it reads moved to an
/// unmapped type, their medication moved into `contained`, their elements dropped, their
/// Quantities uncoded or given free-text units, their codes changed, the arm relabelled.
enum FHIRPerturbations {
    /// How an event type of the model is carried in FHIR.
    private struct Carrier {
        /// Selects the resources of the type.
        var selects: ([String: Any]) -> Bool
        /// The resource type it becomes when moved to an unmapped type.
        var movedType: String
        /// Per key: how to drop it from a resource.
        var drops: [String: (inout [String: Any]) -> Bool]
        /// Where its Quantities are: an extension URL suffix (`nil` for a member) and the
        /// member path of the Quantity within.
        var quantity: (url: String?, path: [String])?
        /// Whether it names its drug through `medicationCodeableConcept`.
        var hasMedication = false
        /// Whether its kind is told by an Observation code (`code.coding[0].code`).
        var isCoded = false
    }

    private static func type(_ name: String) -> ([String: Any]) -> Bool { { $0["resourceType"] as? String == name } }
    private static func member(_ path: String...) -> (inout [String: Any]) -> Bool { { FHIRJSON.remove(path, from: &$0) } }
    private static func extensionDrop(_ suffix: String) -> (inout [String: Any]) -> Bool { { FHIRJSON.editing(&$0, urlSuffix: suffix) { _ in nil } } }
    private static let ecog = "89247-1"
    private static let diseaseStatus = "97509-4"

    private static var carriers: [EventType: Carrier] {
        let isObservation = type("Observation")
        func observation(coded code: String) -> ([String: Any]) -> Bool {
            { isObservation($0) && FHIRJSON.hasCoding($0["code"], code: code) }
        }
        let isLab: ([String: Any]) -> Bool = { resource in
            isObservation(resource) && (resource["category"] as? [Any] ?? []).contains { FHIRJSON.hasCoding($0, code: "laboratory") }
        }
        let therapy: Carrier = Carrier(
            selects: type("MedicationStatement"), movedType: "MedicationDispense",
            drops: ["agents": member("medicationCodeableConcept"), "phase": { resource in
                guard let categories = resource["category"] as? [[String: Any]], categories.count > 1 else { return false }
                resource["category"] = Array(categories.prefix(1))
                return true
            }],
            hasMedication: true
        )
        let condition = type("Condition")
        let isPrimary: ([String: Any]) -> Bool = { resource in
            condition(resource) && (resource["extension"] as? [[String: Any]] ?? []).contains { ($0["url"] as? String)?.hasSuffix("histology-morphology-behavior") == true }
                || ((resource["meta"] as? [String: Any])?["profile"] as? [String])?.contains { $0.hasSuffix("mcode-primary-cancer-condition") } == true
        }
        return [
            .administration: Carrier(
                selects: type("MedicationAdministration"), movedType: "MedicationDispense",
                drops: ["drug": member("medicationCodeableConcept"), "dose": member("dosage", "dose"), "route": member("dosage", "route")],
                quantity: (nil, ["dosage", "dose"]), hasMedication: true
            ),
            .chemotherapy: therapy, .immunotherapy: therapy, .targetedTherapy: therapy,
            .radiotherapy: Carrier(
                selects: { type("Procedure")($0) && ((($0["meta"] as? [String: Any])?["profile"] as? [String])?.contains { $0.hasSuffix("radiotherapy-course-summary") } ?? false) },
                movedType: "ProcedureRequest",
                drops: ["dose": extensionDrop("totalDoseDelivered"), "fractions": { resource in
                    let sessions = extensionDrop("mcode-radiotherapy-sessions")(&resource)
                    return extensionDrop("fractionsDelivered")(&resource) || sessions
                }, "technique": extensionDrop("mcode-radiotherapy-modality-and-technique")],
                quantity: ("totalDoseDelivered", ["valueQuantity"])
            ),
            .lab: Carrier(
                selects: isLab, movedType: "DiagnosticReport",
                drops: ["value": member("valueQuantity"), "unit": { resource in
                    let unit = FHIRJSON.remove(["valueQuantity", "unit"], from: &resource)
                    return FHIRJSON.remove(["valueQuantity", "code"], from: &resource) || unit
                }, "uln": { resource in
                    guard var ranges = resource["referenceRange"] as? [[String: Any]], ranges.first?["high"] != nil else { return false }
                    ranges[0].removeValue(forKey: "high")
                    resource["referenceRange"] = ranges
                    return true
                }, "test": member("code")],
                quantity: (nil, ["valueQuantity"]), isCoded: true
            ),
            .performanceStatus: Carrier(
                selects: observation(coded: ecog), movedType: "ClinicalImpression",
                drops: ["score": { resource in
                    let integer = FHIRJSON.remove(["valueInteger"], from: &resource)
                    return FHIRJSON.remove(["valueQuantity"], from: &resource) || integer
                }],
                isCoded: true
            ),
            .response: Carrier(selects: observation(coded: diseaseStatus), movedType: "ClinicalImpression", drops: ["result": member("valueCodeableConcept")], isCoded: true),
            .adverseEvent: Carrier(
                selects: type("AdverseEvent"), movedType: "ClinicalImpression",
                drops: ["term": member("event"), "grade": extensionDrop("ae-grade"), "immune_related": member("category")]
            ),
            .condition: Carrier(
                selects: { condition($0) && !isPrimary($0) }, movedType: "ClinicalImpression",
                drops: ["term": member("code"), "status": member("clinicalStatus"), "onset": member("onsetDateTime")]
            ),
            .diagnosis: Carrier(
                selects: isPrimary, movedType: "ClinicalImpression",
                drops: ["histology": extensionDrop("histology-morphology-behavior"), "stage": member("stage")]
            ),
            .consent: Carrier(selects: type("Consent"), movedType: "Contract", drops: ["date": member("dateTime")]),
        ]
    }

    static func make(_ check: ConfiguredCheck, _ patient: FHIRPatient) -> [Perturbation<FHIRPatient>] {
        var result: [Perturbation<FHIRPatient>] = []
        var details: Set<String> = []
        func add(_ operatorName: String, _ detail: String, _ mentions: [String], _ changed: FHIRPatient?) {
            guard let changed, details.insert(detail).inserted else { return }
            result.append(Perturbation(operatorName: operatorName, detail: detail, mentions: mentions, input: changed))
        }
        let inputs = check.check.inputs
        let carriers = Self.carriers
        for eventType in inputs.eventTypes {
            guard let carrier = carriers[eventType], patient.resources.contains(where: carrier.selects) else { continue }
            let keys = inputs.events[eventType, default: []]
            // A reader note about the resource type (one not mapped) names the change too.
            let carried = patient.resources.first(where: carrier.selects)?["resourceType"] as? String
            let noted = carried.map { [$0] } ?? []
            // The therapy types share their resources (MedicationStatement): one set of perturbations.
            let name = EventType.systemicTherapies.contains(eventType) ? "therapy" : eventType.rawValue
            add("resource-type", "\(name) resources → \(carrier.movedType)", [carrier.movedType], patient.changing(where: carrier.selects) { $0["resourceType"] = carrier.movedType; return true })
            if carrier.hasMedication {
                var counter = 0
                add("contained", "\(name) medication moved into contained with a #reference", noted, patient.changing(where: carrier.selects) { resource in
                    guard let concept = resource.removeValue(forKey: "medicationCodeableConcept") else { return false }
                    counter += 1
                    resource["contained"] = [["resourceType": "Medication", "id": "med\(counter)", "code": concept]]
                    resource["medicationReference"] = ["reference": "#med\(counter)"]
                    return true
                })
            }
            for key in keys.sorted() {
                guard let drop = carrier.drops[key] else { continue }
                add("drop-key", "\(name).\(key) element removed", noted, patient.changing(where: carrier.selects, drop))
            }
            if let (url, path) = carrier.quantity, keys.contains("dose") || keys.contains("unit") || keys.contains("value") {
                for perturbation in quantityPerturbations(patient, name: name, selects: carrier.selects, url: url, path: path) {
                    add(perturbation.operatorName, perturbation.detail, perturbation.mentions, perturbation.input)
                }
            }
            if carrier.isCoded {
                add("rename-code", "\(name) Observation code → 00000-0", ["00000-0"], patient.changing(where: carrier.selects) { resource in
                    guard var code = resource["code"] as? [String: Any], var codings = code["coding"] as? [[String: Any]], !codings.isEmpty else { return false }
                    codings[0]["code"] = "00000-0"
                    code["coding"] = codings
                    code["text"] = "unnamed test"
                    resource["code"] = code
                    return true
                })
            }
        }
        let subject = type("ResearchSubject")
        if inputs.fields.contains(.arm) {
            for label in ["Arm Z", "Observation group"] {
                add("arm-label", "ResearchSubject.assignedArm → \(label)", [label], patient.changing(where: subject) { resource in
                    guard resource["assignedArm"] != nil else { return false }
                    resource["assignedArm"] = label
                    return true
                })
            }
            add("drop-key", "ResearchSubject.assignedArm removed", [], patient.changing(where: subject) { $0.removeValue(forKey: "assignedArm") != nil })
        }
        if inputs.fields.contains(.birthDate) {
            add("drop-key", "Patient.birthDate removed", [], patient.changing(where: type("Patient")) { $0.removeValue(forKey: "birthDate") != nil })
        }
        return result
    }

    /// The resources' Quantities without a code (human-readable unit kept), and with a
    /// free-text unit and no code.
    private static func quantityPerturbations(
        _ patient: FHIRPatient, name: String, selects: @escaping ([String: Any]) -> Bool, url: String?, path: [String]
    ) -> [Perturbation<FHIRPatient>] {
        func edit(_ resource: inout [String: Any], _ change: ([String: Any]) -> [String: Any]?) -> Bool {
            func editPath(_ object: inout [String: Any], _ path: [String]) -> Bool {
                guard let first = path.first else { return false }
                if path.count == 1 {
                    guard let quantity = object[first] as? [String: Any], let edited = change(quantity) else { return false }
                    object[first] = edited
                    return true
                }
                guard var child = object[first] as? [String: Any], editPath(&child, Array(path.dropFirst())) else { return false }
                object[first] = child
                return true
            }
            guard let url else { return editPath(&resource, path) }
            var changed = false
            _ = FHIRJSON.editing(&resource, urlSuffix: url) { entry in
                var entry = entry
                if editPath(&entry, path) { changed = true }
                return entry
            }
            return changed
        }
        func units(_ resource: [String: Any]) -> [String] {
            var resource = resource
            var found: [String] = []
            _ = edit(&resource) { quantity in
                if let unit = (quantity["unit"] ?? quantity["code"]) as? String { found.append(unit) }
                return nil
            }
            return found
        }
        var result: [Perturbation<FHIRPatient>] = []
        if let uncoded = patient.changing(where: selects, { edit(&$0) { $0["code"] == nil ? nil : FHIRJSON.uncoded($0, text: nil) } }) {
            let shown = Set(patient.resources.filter(selects).flatMap(units)).sorted()
            result.append(Perturbation(operatorName: "quantity-uncoded", detail: "\(name) Quantity code removed, unit text kept", mentions: shown, input: uncoded))
        }
        for unit in Set(patient.resources.filter(selects).flatMap(units)).sorted() {
            for text in Misspelling.unitText(unit) {
                let changed = patient.changing(where: selects) { edit(&$0) { quantity in
                    (quantity["unit"] ?? quantity["code"]) as? String == unit ? FHIRJSON.uncoded(quantity, text: text) : nil
                } }
                if let changed {
                    result.append(Perturbation(operatorName: "unit-text", detail: "\(name) Quantity \(unit) → unit text '\(text)' without code", mentions: [text], input: changed))
                }
            }
        }
        return result
    }
}
