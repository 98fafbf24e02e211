import BuiltinPlugins
import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

@Suite("SDTM reader")
struct SDTMReaderTests {
    typealias Support = ReaderTestSupport

    @Test("The CDISC pilot study's datasets map to the model")
    func cdiscPilot() throws {
        let folder = Support.fixture("sdtm/cdiscpilot01")
        let result = try Support.read(folder)
        #expect(result.format == .sdtm)
        #expect(result.rejections.isEmpty)
        #expect(result.patients.map(\.id) == ["01-701-1015", "01-701-1023", "01-701-1028", "01-701-1033", "01-701-1034"])
        let patient = try result.patient("01-701-1015")
        #expect(patient.age == 63)
        #expect(patient.sex == "female")
        #expect(patient.site == "701")
        #expect(patient.enrollment.date.description == "2014-01-02")
        #expect(patient.enrollment.arm == "Pbo")
        #expect(patient.location == SourceLocation(file: folder + "/dm.csv", line: 2))

        let doses = patient.events(ofType: .administration)
        #expect(doses.count == 3)
        #expect(doses.first?.string("drug") == "PLACEBO")
        #expect(doses.first?.quantity("dose") == Quantity(0, "mg"))
        #expect(doses.first?.string("route") == "transdermal")
        #expect(doses.first?.start?.description == "2014-01-02")
        #expect(doses.first?.location?.file == folder + "/ex.csv")

        let diagnosis = try #require(patient.events(ofType: .diagnosis).first)
        // MHTERM names a disease, not a histology: the diagnosis has none (and a note says so).
        #expect(diagnosis.string("histology") == nil)
        #expect(result.notes.contains { $0.contains("MHTERM names no histology") && $0.contains("first 'ALZHEIMER'S DISEASE' at") })
        #expect(diagnosis.date?.description == "2010-04-30")
        #expect(patient.events(ofType: .condition).count > 5)

        let albumin = try #require(patient.events(ofType: .lab).first { $0.string("test") == "albumin" })
        #expect(albumin.number("value") == 38)
        #expect(albumin.string("unit") == "g/L")
        #expect(albumin.number("uln") == 49)
        #expect(albumin.location?.file == folder + "/lbch.csv")
        #expect(patient.events(ofType: .lab).contains { $0.location?.file == folder + "/lbhe.csv" })

        let adverse = try #require(patient.events(ofType: .adverseEvent).first)
        #expect(adverse.string("term") == "APPLICATION SITE ERYTHEMA")
        #expect(adverse.start?.description == "2014-01-03")

        let notes = result.notes.joined(separator: "\n")
        #expect(notes.contains("ti.csv"))
        #expect(notes.contains("dm.csv: 1 record(s) not mapped (never enrolled: ARMCD Scrnfail"))
        #expect(notes.contains("cm.csv: 229 record(s) not mapped (not an anticancer therapy"))
    }

    @Test("SAS XPORT v5 datasets read as their CSV twins do")
    func xport() throws {
        let xpt = try Support.read(Support.fixture("sdtm/cdiscpilot01-xpt"))
        let csv = try Support.read(Support.fixture("sdtm/cdiscpilot01"))
        #expect(xpt.patients.map(\.id) == csv.patients.map(\.id))
        for (fromXPORT, fromCSV) in zip(xpt.patients, csv.patients) {
            #expect(fromXPORT.age == fromCSV.age)
            #expect(fromXPORT.enrollment == fromCSV.enrollment)
            #expect(fromXPORT.sex == fromCSV.sex)
            let termsXPORT = fromXPORT.events(ofType: .adverseEvent).map { "\($0.string("term") ?? "") \($0.datesDescription)" }
            let termsCSV = fromCSV.events(ofType: .adverseEvent).map { "\($0.string("term") ?? "") \($0.datesDescription)" }
            #expect(termsXPORT == termsCSV)
        }
        #expect(xpt.patients.first?.location?.file.hasSuffix("dm.xpt") == true)
    }

    @Test("IBM floating point: whole numbers, fractions, negatives and missing values")
    func ibmFloat() {
        #expect(XPORTReader.number([0x42, 0x3F, 0, 0, 0, 0, 0, 0]) == "63")
        #expect(XPORTReader.number([0x40, 0xA0, 0, 0, 0, 0, 0, 0]) == "0.625")
        #expect(XPORTReader.number([0xC1, 0x10, 0, 0, 0, 0, 0, 0]) == "-1")
        #expect(XPORTReader.number([0, 0, 0, 0, 0, 0, 0, 0]) == "0")
        #expect(XPORTReader.number([0x2E, 0, 0, 0, 0, 0, 0, 0]) == "")
    }

    @Test("Randomisation, supplemental qualifiers, split and partial dates, screen failures and orphans")
    func edgeCases() throws {
        let folder = Support.fixture("sdtm/edge")
        let result = try Support.read(folder)
        #expect(result.patients.map(\.id) == ["T1-001", "T1-002"])
        let first = try result.patient("T1-001")
        #expect(first.enrollment.date.description == "2026-01-20", "DS RANDOMIZED wins over RFSTDTC")
        #expect(first.birthDate?.description == "1961-04")
        #expect(first.sex == "male")
        #expect(first.events(ofType: .consent).first?.date?.description == "2026-01-10")
        let course = try #require(first.events(ofType: .radiotherapy).first)
        #expect(course.quantity("dose") == Quantity(50.4, "Gy"))
        #expect(course.intent == "definitive")
        #expect(course.string("technique") == "IMRT")
        let induction = try #require(first.events(ofType: .chemotherapy).first)
        #expect(induction.strings("agents") == ["PACLITAXEL", "CISPLATIN"])
        #expect(induction.phase == "induction")
        let adverse = first.events(ofType: .adverseEvent)
        #expect(adverse.first?.start?.description == "2025", "YYYY---DD reads as the year")
        #expect(adverse.first?.flag("immune_related") == false, "SUPPAE AEIRAE")
        #expect(adverse.last?.flag("immune_related") == true, "AECAT IMMUNE-RELATED")
        let bilirubin = try #require(first.events(ofType: .lab).first { $0.string("test") == "bilirubin" })
        #expect(bilirubin.number("value") == 20.5)
        #expect(bilirubin.string("unit") == "umol/L")
        #expect(bilirubin.number("uln") == 21)
        #expect(first.events(ofType: .lab).contains { $0.string("test") == "HBA1C" && $0.number("value") == 6.1 })
        #expect(first.events(ofType: .performanceStatus).first?.integer("score") == 1)

        let second = try result.patient("T1-002")
        #expect(second.age == 64)
        let vmat = try #require(second.events(ofType: .radiotherapy).first)
        #expect(vmat.integer("fractions") == 28, "SUPPPR IDVARVAL 1.0 matches PRSEQ 1")
        #expect(vmat.string("technique") == "VMAT")
        #expect(second.events(ofType: .surgery).first?.string("procedure") == "ESOPHAGECTOMY")
        #expect(second.events(ofType: .response).first?.string("result") == "PD")
        #expect(second.events(ofType: "criterion-not-met").first?.string("criterion") == "INCL05")

        let noDate = try #require(result.rejections.first { $0.patient == "T1-003" })
        #expect(noDate.location == SourceLocation(file: folder + "/DM.CSV", line: 4))
        #expect(noDate.reason.contains("no enrollment date"))
        let orphan = try #require(result.rejections.first { $0.patient == "T1-009" })
        #expect(orphan.location == SourceLocation(file: folder + "/ae.csv", line: 4))
        #expect(orphan.reason.contains("2 record(s)"))
        let notes = result.notes.joined(separator: "\n")
        #expect(notes.contains("readme.txt"))
        #expect(notes.contains("DM.CSV: 1 record(s) not mapped (never enrolled: ARMCD SCRNFAIL"))
        #expect(notes.contains("lb.csv: 1 record(s) not mapped (LBSTAT NOT DONE)"))
        #expect(notes.contains("pr.csv: 1 record(s) not mapped (neither radiotherapy nor surgery"))
    }

    @Test("A dataset without USUBJID is malformed, located at its header")
    func missingVariable() throws {
        let error = try #require(Support.inputError(Support.fixture("sdtm/missing-usubjid")))
        guard case .malformed(let location, let reason) = error else {
            Issue.record("expected malformed, got \(error)")
            return
        }
        #expect(location.file.hasSuffix("missing-usubjid/ae.csv"))
        #expect(location.line == 1)
        #expect(reason.contains("'USUBJID'"))
    }

    @Test("CDISCPILOT01's own protocol over the pilot subjects: every data-decidable criterion passes")
    func pilotProtocol() throws {
        let registry = CheckRegistry(kinds: BuiltinPlugins.kinds)
        let path = Support.repositoryRoot.appendingPathComponent("Protocols/CDISCPILOT01.yaml").path
        let definition = try ProtocolLoader(registry: registry).load(path: path)
        let report = Auditor(definition: definition).audit(inputs: [Support.fixture("sdtm/cdiscpilot01")])
        #expect(report.summary.patients == 5)
        #expect(report.summary.rejected == 0)
        #expect(report.findings.isEmpty)
        #expect(report.checks.map(\.pass) == [5, 5])
        #expect(report.inputs.first?.notes?.isEmpty == false)
    }
}
