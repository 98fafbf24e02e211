import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

@Suite("FHIR reader")
struct FHIRReaderTests {
    typealias Support = ReaderTestSupport

    /// The published mCODE / FHIR / AE research example resources, unchanged, in a Bundle
    /// with the Patient and ResearchSubject they refer to.
    static func referenceBundle() throws -> String {
        let folder = Support.fixtures.appendingPathComponent("fhir/reference")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        var entries = [
            #"{"resource": {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1958-07-14"}}"#,
            #"{"resource": {"resourceType": "ResearchSubject", "id": "rs1", "status": "on-study", "period": {"start": "2025-05-06"}, "assignedArm": "A", "study": {"reference": "ResearchStudy/s1"}, "individual": {"reference": "Patient/p1"}}}"#,
        ]
        for name in names {
            let resource = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            entries.append("{\"resource\": \(resource)}")
        }
        let bundle = "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [\n" + entries.joined(separator: ",\n") + "\n]}\n"
        return try Support.temporaryFile("reference-bundle.json", bundle)
    }

    @Test("The published example resources map to the model")
    func referenceExamples() throws {
        let result = try Support.read(try Self.referenceBundle())
        #expect(result.format == .fhir)
        #expect(result.rejections.isEmpty, "\(result.rejections)")
        let patient = try result.patient("p1")
        #expect(patient.birthDate?.description == "1958-07-14")
        #expect(patient.enrollment.date.description == "2025-05-06")
        #expect(patient.enrollment.arm == "A")

        let course = try #require(patient.events(ofType: .radiotherapy).first)
        #expect(course.quantity("dose") == Quantity(5040, "cGy"))
        #expect(course.integer("fractions") == 28)
        #expect(course.string("technique") == "IMRT")
        #expect(course.intent == "definitive")
        #expect(course.start?.description == "2025-03-03")
        #expect(course.end?.description == "2025-04-09")

        let diagnosis = try #require(patient.events(ofType: .diagnosis).first)
        #expect(diagnosis.string("histology") == "squamous cell carcinoma")
        #expect(diagnosis.string("stage") == "III")
        #expect(diagnosis.date?.description == "2025-01-20")

        let ecog = try #require(patient.events(ofType: .performanceStatus).first)
        #expect(ecog.string("scale") == "ECOG")
        #expect(ecog.integer("score") == 1)

        let lab = try #require(patient.events(ofType: .lab).first)
        #expect(lab.string("test") == "anc")
        #expect(lab.number("value") == 2.1)
        #expect(lab.string("unit") == "10*9/L")
        #expect(lab.number("uln") == 6.3)
        #expect(lab.number("lln") == 1.8)
        #expect(lab.date?.description == "2025-04-28")

        let dose = try #require(patient.events(ofType: .administration).first)
        #expect(dose.string("drug") == "toripalimab")
        #expect(dose.quantity("dose") == Quantity(240, "mg"))
        #expect(dose.string("route") == "IV")
        #expect(dose.date?.description == "2025-05-06")

        let response = try #require(patient.events(ofType: .response).first)
        #expect(response.string("result") == "PD")

        let adverse = try #require(patient.events(ofType: .adverseEvent).first)
        #expect(adverse.string("term") == "Radiation pneumonitis")
        #expect(adverse.integer("grade") == 2)
        #expect(adverse.end?.description == "2025-05-20")

        // Not mapped, and said so: the volume, the T category, and the capecitabine order
        // (RxNorm-coded, with no ATC class or therapy category to say what it is).
        let notes = result.notes.joined(separator: "\n")
        #expect(notes.contains("1 BodyStructure resource(s) not mapped"))
        #expect(notes.contains("1 Observation resource(s) not mapped (a TNM category"))
        #expect(notes.contains("1 MedicationRequest resource(s) not mapped (no anticancer therapy class"))
    }

    @Test("A Bundle of several patients is grouped by reference, fullUrl or Patient/id")
    func severalPatients() throws {
        let result = try Support.read(Support.fixture("fhir/two-patients-bundle.json"))
        #expect(result.rejections.isEmpty)
        #expect(result.patients.map(\.id) == ["S-101", "a2"])
        let first = try result.patient("S-101")
        #expect(first.site == "SITE2")
        let induction = first.events(ofType: .chemotherapy)
        #expect(induction.count == 1)
        #expect(induction.first?.strings("agents") == ["paclitaxel", "cisplatin"])
        #expect(induction.first?.phase == "induction")
        #expect(first.events(ofType: .immunotherapy).first?.strings("agents") == ["toripalimab"])
        let second = try result.patient("a2")
        #expect(second.birthDate?.description == "1949")
        let adjuvant = try #require(second.events(ofType: .chemotherapy).first)
        #expect(adjuvant.phase == "adjuvant")
        #expect(adjuvant.strings("agents") == ["capecitabine"])
        let notes = result.notes.joined(separator: "\n")
        #expect(notes.contains("1 MedicationStatement resource(s) not mapped (status entered-in-error)"))
        #expect(notes.contains("1 Encounter resource(s) not mapped"))
        #expect(notes.contains("1 Practitioner resource(s) not mapped (no patient reference)"))
    }

    @Test("A truncated Bundle is malformed, located where the JSON ends")
    func truncated() throws {
        let error = try #require(Support.inputError(Support.fixture("fhir/truncated.json")))
        guard case .malformed(let location, let reason) = error else {
            Issue.record("expected malformed, got \(error)")
            return
        }
        #expect(location.file.hasSuffix("truncated.json"))
        #expect(location.line == 13)
        #expect(location.column != nil)
        #expect(reason.contains("invalid JSON"))
    }

    @Test("A JSON document whose top is not a Bundle is malformed, located at its resourceType")
    func wrongResourceType() throws {
        let error = try #require(Support.inputError(Support.fixture("fhir/observation-top.json")))
        #expect(error.location.line == 2)
        #expect(error.location.column == 19)
        #expect(error.reason.contains("found resourceType 'Observation'"))
    }

    @Test("A Bulk Data folder: a bad line and an unknown patient are rejected alone, the rest is read")
    func bulkFolder() throws {
        let folder = Support.fixture("fhir/bulk")
        let result = try Support.read(folder)
        #expect(result.format == .fhir)
        #expect(result.patients.map(\.id) == ["b1", "b2"])
        let first = try result.patient("b1")
        #expect(first.events(ofType: .radiotherapy).first?.quantity("dose") == Quantity(5040, "cGy"))
        #expect(first.events(ofType: .performanceStatus).first?.integer("score") == 1)
        #expect(try result.patient("b2").events(ofType: .radiotherapy).first?.quantity("dose") == Quantity(60, "Gy"))

        #expect(result.rejections.count == 3)
        let badLine = try #require(result.rejections.first { $0.reason.contains("invalid JSON") })
        #expect(badLine.location.file == folder + "/Observation.ndjson")
        #expect(badLine.location.line == 2)
        let noSubject = try #require(result.rejections.first { $0.patient == "b3" })
        #expect(noSubject.reason.contains("no ResearchSubject with period.start"))
        let orphan = try #require(result.rejections.first { $0.patient == "Patient/b9" })
        #expect(orphan.location.file == folder + "/Procedure.ndjson")
        #expect(orphan.location.line == 3)

        let notes = result.notes.joined(separator: "\n")
        #expect(notes.contains("export-manifest.json"))
        #expect(notes.contains("2 Encounter resource(s) not mapped"))
        #expect(notes.contains("1 Procedure resource(s) not mapped (neither a radiotherapy course summary nor a surgical procedure)"))
        #expect(notes.contains("LOINC 29463-7"))
    }

    @Test("A folder's digest is the sha256sum manifest of the files read")
    func folderDigest() throws {
        let result = try Support.read(Support.fixture("fhir/bulk"))
        #expect(result.sha256.count == 64)
        #expect(try Support.read(Support.fixture("fhir/bulk")).sha256 == result.sha256)
    }

    @Test("The audit goes on past a malformed FHIR input")
    func auditContinues() throws {
        let definition = try ConvertedCohortTests.designProtocol()
        let report = Auditor(definition: definition).audit(inputs: [Support.fixture("fhir/truncated.json"), Support.fixture("fhir/bulk")])
        #expect(report.summary.patients == 2)
        #expect(report.inputs.map(\.format) == ["fhir", "fhir"])
        #expect(report.rejected.first?.location.file.hasSuffix("truncated.json") == true)
    }
}
