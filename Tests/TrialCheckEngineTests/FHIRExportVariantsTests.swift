import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// FHIR exports that differ from the examples in small, legal ways: contained resources
/// and `#id` references, Bundle-internal references, unit text without a UCUM code.
/// None may make data drop out so that a deviation becomes a pass.
@Suite("FHIR export variants")
struct FHIRExportVariantsTests {
    typealias Support = ReaderTestSupport

    static let patient = #"{"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1960-03-01"}"#
    static func subject(arm: String) -> String {
        #"{"resourceType": "ResearchSubject", "id": "rs1", "period": {"start": "2026-01-20"}, "assignedArm": "\#(arm)", "individual": {"reference": "Patient/p1"}}"#
    }

    /// A MedicationAdministration of toripalimab whose drug is a contained Medication.
    static let containedAdministration = #"""
        {"resourceType": "MedicationAdministration", "id": "ma1", "status": "completed",
         "contained": [{"resourceType": "Medication", "id": "med", "code": {"coding": [{"system": "http://www.whocc.no/atc", "code": "L01FF13", "display": "toripalimab"}]}}],
         "medicationReference": {"reference": "#med"}, "subject": {"reference": "Patient/p1"},
         "effectiveDateTime": "2026-01-22", "dosage": {"dose": {"value": 240, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}}}
        """#

    static func bundle(_ resources: [String], fullUrls: [String?]? = nil) -> String {
        let entries = resources.enumerated().map { offset, resource in
            let fullUrl = fullUrls?[offset].map { "\"fullUrl\": \"\($0)\", " } ?? ""
            return "{\(fullUrl)\"resource\": \(resource)}"
        }
        return "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [\n" + entries.joined(separator: ",\n") + "\n]}\n"
    }

    /// The verdict of one check of the shipped protocol for the input's only patient.
    static func verdict(_ check: String, _ path: String) throws -> Judgement {
        let definition = try TestSupport.loadProtocol(path: TestSupport.packageRoot.appendingPathComponent("Protocols/NCT07177794.yaml").path)
        let entry = try #require(definition.checks.first { $0.id == check })
        let result = try Support.read(path)
        #expect(result.rejections.isEmpty, "\(result.rejections)")
        let patient = try #require(result.patients.first)
        return entry.check.judge(patient)
    }

    @Test("A contained Medication in a Bundle names the drug: an arm-B patient given toripalimab deviates")
    func containedMedicationInBundle() throws {
        let path = try Support.temporaryFile("contained.json", Self.bundle([Self.patient, Self.subject(arm: "B"), Self.containedAdministration]))
        let result = try Support.read(path)
        let administration = try #require(try result.patient("p1").events(ofType: .administration).first)
        #expect(administration.string("drug") == "toripalimab")
        #expect(result.notes.isEmpty, "\(result.notes)")
        #expect(try Self.verdict("arm-b-no-study-drug", path).verdict == .deviation)
    }

    @Test("ResearchSubject.assignedArm carrying the arm's name or an alias is read as the arm", arguments: ["Observation", "Arm B", "b"])
    func assignedArmName(arm: String) throws {
        let path = try Support.temporaryFile("arm.json", Self.bundle([Self.patient, Self.subject(arm: arm), Self.containedAdministration]))
        #expect(try Self.verdict("arm-b-no-study-drug", path).verdict == .deviation)
    }

    @Test("An assignedArm that names no declared arm makes arm-scoped checks not evaluable")
    func assignedArmUndeclared() throws {
        let path = try Support.temporaryFile("arm.json", Self.bundle([Self.patient, Self.subject(arm: "Cohort 3"), Self.containedAdministration]))
        let judgement = try Self.verdict("arm-b-no-study-drug", path)
        #expect(judgement.verdict == .notEvaluable)
        #expect(judgement.message.contains("'Cohort 3'"))
    }

    @Test("A contained Medication in Bulk NDJSON names the drug")
    func containedMedicationInBulk() throws {
        let folder = try TestSupport.temporaryFolder()
        try Data((Self.patient + "\n").utf8).write(to: folder.appendingPathComponent("Patient.ndjson"))
        try Data((Self.subject(arm: "B") + "\n").utf8).write(to: folder.appendingPathComponent("ResearchSubject.ndjson"))
        let line = Self.containedAdministration.split(separator: "\n").map { $0.trimmingWhitespace() }.joined(separator: " ")
        try Data((line + "\n").utf8).write(to: folder.appendingPathComponent("MedicationAdministration.ndjson"))
        let result = try Support.read(folder.path)
        #expect(result.format == .fhir)
        #expect(try result.patient("p1").events(ofType: .administration).first?.string("drug") == "toripalimab")
        #expect(try Self.verdict("arm-b-no-study-drug", folder.path).verdict == .deviation)
    }

    @Test("Bundle-internal references: urn:uuid, absolute and versioned URLs, Type/id to a fullUrl'd entry", arguments: [
        "urn:uuid:1f3c9a7e-0000-4000-8000-000000000001", "https://ehr.example/fhir/Medication/m1",
        "Medication/m1/_history/3", "Medication/m1",
    ])
    func bundleReferences(reference: String) throws {
        let medication = #"{"resourceType": "Medication", "id": "m1", "code": {"text": "toripalimab"}}"#
        let administration = Self.containedAdministration
            .replacingOccurrences(of: ##""reference": "#med""##, with: #""reference": "\#(reference)""#)
        let path = try Support.temporaryFile("refs.json", Self.bundle(
            [Self.patient, Self.subject(arm: "B"), medication, administration],
            fullUrls: [nil, nil, reference.hasPrefix("urn:") ? reference : "https://ehr.example/fhir/Medication/m1", nil]
        ))
        let result = try Support.read(path)
        #expect(try result.patient("p1").events(ofType: .administration).first?.string("drug") == "toripalimab")
        #expect(result.notes.isEmpty, "\(result.notes)")
    }

    @Test("An unresolvable medicationReference is noted with where; its display, if any, names the drug")
    func unresolvedReference() throws {
        let dangling = Self.containedAdministration.replacingOccurrences(of: ##""reference": "#med""##, with: ##""reference": "#other""##)
        let path = try Support.temporaryFile("dangling.json", Self.bundle([Self.patient, Self.subject(arm: "B"), dangling]))
        let result = try Support.read(path)
        #expect(result.patients.count == 1)
        let note = try #require(result.notes.first { $0.contains("'#other'") })
        #expect(note.contains("name no Medication of the input"))
        #expect(note.contains(": 1 reference(s), first '#other' at \(path):"))

        let withDisplay = Self.containedAdministration
            .replacingOccurrences(of: ##""reference": "#med""##, with: #""reference": "Medication/gone", "display": "Toripalimab 240 mg""#)
        let displayed = try Support.read(try Support.temporaryFile("display.json", Self.bundle([Self.patient, Self.subject(arm: "B"), withDisplay])))
        #expect(try displayed.patient("p1").events(ofType: .administration).first?.string("drug") == "Toripalimab 240 mg")
        #expect(displayed.notes.contains { $0.contains("'Medication/gone'") && $0.contains("display is read as the drug") })
    }

    @Test("A patient link that names no Patient of the input rejects the resource")
    func unresolvedPatient() throws {
        let orphan = Self.containedAdministration.replacingOccurrences(of: "Patient/p1", with: "#p1")
        let result = try Support.read(try Support.temporaryFile("orphan.json", Self.bundle([Self.patient, Self.subject(arm: "B"), orphan])))
        #expect(result.rejections.contains { $0.reason.contains("#p1") })
    }

    /// A radiotherapy course whose dose is written `<value> <unit>` as free text (no code).
    static func course(_ dose: String, unit: String) -> String {
        #"""
        {"resourceType": "Procedure", "id": "rt1", "status": "completed",
         "code": {"coding": [{"system": "http://snomed.info/sct", "code": "1217123003"}]},
         "subject": {"reference": "Patient/p1"}, "performedPeriod": {"start": "2025-10-13", "end": "2025-11-19"},
         "extension": [{"url": "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-radiotherapy-dose-delivered-to-volume",
           "extension": [{"url": "totalDoseDelivered", "valueQuantity": {"value": \#(dose), "unit": "\#(unit)"}},
                         {"url": "fractionsDelivered", "valueUnsignedInt": 28}]}]}
        """#
    }

    @Test("Free-text dose units without a UCUM code convert exactly at the 50.4 Gy boundary", arguments: [
        ("5040", "centigray", Verdict.pass), ("5041", "centigray", .deviation), ("50.4", "Gray", .pass),
        ("50.4", "gray", .pass), ("50.41", "Gy", .deviation), ("5040", "cGy", .pass), ("4999", "CGY", .deviation),
    ])
    func doseUnitText(dose: String, unit: String, expected: Verdict) throws {
        let path = try Support.temporaryFile("rt.json", Self.bundle([Self.patient, Self.subject(arm: "A"), Self.course(dose, unit: unit)]))
        #expect(try Self.verdict("radiotherapy-dose", path).verdict == expected)
        #expect(try Support.read(path).notes.isEmpty)
    }

    @Test("A unit code without a system, or a UCUM code beside free text, is read too")
    func unitCodePaths() throws {
        let codeOnly = Self.course("5040", unit: "x").replacingOccurrences(of: #""unit": "x""#, with: #""code": "cGy""#)
        let path = try Support.temporaryFile("code.json", Self.bundle([Self.patient, Self.subject(arm: "A"), codeOnly]))
        #expect(try Self.verdict("radiotherapy-dose", path).verdict == .pass)
        let both = Self.course("5041", unit: "centigrays delivered")
            .replacingOccurrences(of: #""unit": "centigrays delivered""#, with: #""unit": "centigrays delivered", "system": "http://unitsofmeasure.org", "code": "cGy""#)
        let second = try Support.temporaryFile("both.json", Self.bundle([Self.patient, Self.subject(arm: "A"), both]))
        #expect(try Self.verdict("radiotherapy-dose", second).verdict == .deviation)
    }

    @Test("A unit the table does not know is not evaluable, never a pass, and is noted: the unit, how many, where first")
    func unknownUnit() throws {
        let path = try Support.temporaryFile("unknown.json", Self.bundle([Self.patient, Self.subject(arm: "A"), Self.course("5040", unit: "centigrays per course")]))
        #expect(try Self.verdict("radiotherapy-dose", path).verdict == .notEvaluable)
        let notes = try Support.read(path).notes
        let note = try #require(notes.first { $0.contains("'centigrays per course'") }, "\(notes)")
        #expect(note.contains("unit table does not know"))
        #expect(note.contains(": 1 value(s), first at \(path):"))
    }

    @Test("Lab values with free-text units convert; an unknown lab unit is noted", arguments: [
        ("x10³/µL", "75", Verdict.pass), ("×10^3/uL", "74", .deviation), ("10*3/uL", "180", .pass), ("thousand per microlitre", "180", .notEvaluable),
    ])
    func labUnitText(unit: String, value: String, expected: Verdict) throws {
        let observation = #"""
            {"resourceType": "Observation", "id": "o1", "status": "final",
             "category": [{"coding": [{"code": "laboratory"}]}],
             "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]},
             "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2026-01-15",
             "valueQuantity": {"value": \#(value), "unit": "\#(unit)"}}
            """#
        let path = try Support.temporaryFile("lab.json", Self.bundle([Self.patient, Self.subject(arm: "A"), observation]))
        #expect(try Self.verdict("lab-platelets", path).verdict == expected)
        let noted = try Support.read(path).notes.contains { $0.contains("'\(unit)'") }
        #expect(noted == (expected == .notEvaluable))
    }
}
