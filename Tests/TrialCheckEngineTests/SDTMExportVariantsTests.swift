import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// SDTM exports that differ from the example in small, legal ways: performance status in
/// RS (where SDTMIG 3.3+ puts ECOG) or Karnofsky in QS, and a primary diagnosis whose
/// MHTERM names no histology.
@Suite("SDTM export variants")
struct SDTMExportVariantsTests {
    typealias Support = ReaderTestSupport

    static let example = Support.repositoryRoot.appendingPathComponent("Examples/formats/sdtm")

    /// A copy of the example SDTM folder, with `change` applied to its files' text by name.
    static func copy(_ change: (inout [String: String]) -> Void) throws -> String {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: example.path) where name.hasSuffix(".csv") {
            files[name] = try String(contentsOf: example.appendingPathComponent(name), encoding: .utf8)
        }
        change(&files)
        let folder = try TestSupport.temporaryFolder()
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder.path
    }

    static func protocolDefinition() throws -> ProtocolDefinition {
        try TestSupport.loadProtocol(path: TestSupport.packageRoot.appendingPathComponent("Protocols/NCT07177794.yaml").path)
    }

    /// Each check's verdict counts and every finding of the shipped protocol.
    static func findings(_ path: String) throws -> [String] {
        let report = Auditor(definition: try protocolDefinition()).audit(inputs: [path], jobs: 1)
        #expect(report.rejected.isEmpty, "\(report.rejected)")
        let counts = report.checks.map { "\($0.id): \($0.pass) pass, \($0.deviation) deviation, \($0.notEvaluable) not evaluable" }
        return counts + report.findings.map { "\($0.patient) \($0.check) \($0.status.rawValue) \($0.message)" }.sorted()
    }

    /// The QS records of the example (`ECOG101`, QSCAT `ECOG`) rewritten as RS records.
    static func ecogAsRS(_ qs: String) -> String {
        let lines = qs.split(separator: "\n").map(String.init)
        let body = lines.dropFirst().map { line -> String in
            // STUDYID,DOMAIN,USUBJID,QSSEQ,QSTESTCD,QSTEST,QSCAT,QSORRES,QSSTRESN,QSDTC
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return [cells[0], "RS", cells[2], "10\(cells[3])", "ECOG101", "ECOG1-Performance Status", "ECOG", cells[7], cells[8], cells[8], cells[9]]
                .joined(separator: ",")
        }
        return body.joined(separator: "\n") + "\n"
    }

    @Test("ECOG in RS (SDTMIG 3.3+) gives the findings of ECOG in QS")
    func ecogInRS() throws {
        let expected = try Self.findings(Self.example.path)
        let ecog = try #require(expected.first { $0.hasPrefix("ecog: ") })
        #expect(!ecog.hasPrefix("ecog: 0 pass"), "\(ecog)")
        let folder = try Self.copy { files in
            let qs = files.removeValue(forKey: "qs.csv") ?? ""
            let rs = files["rs.csv"] ?? ""
            var lines = rs.split(separator: "\n").map(String.init)
            lines[0] = "STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSTEST,RSCAT,RSORRES,RSSTRESC,RSSTRESN,RSDTC"
            for index in lines.indices.dropFirst() {
                var cells = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                cells.insert("", at: 9)
                lines[index] = cells.joined(separator: ",")
            }
            files["rs.csv"] = lines.joined(separator: "\n") + "\n" + Self.ecogAsRS(qs)
        }
        let result = try Support.read(folder)
        let status = try #require(try result.patient("BJ-0001").events(ofType: .performanceStatus).first)
        #expect(status.string("scale") == "ECOG")
        #expect(status.integer("score") == 0)
        #expect(status.date?.description == "2025-09-24")
        #expect(try result.patient("BJ-0001").events(ofType: .response).allSatisfy { $0.string("test") != "ECOG101" })
        #expect(try Self.findings(folder) == expected)
    }

    @Test("Karnofsky in QS or RS is a performance status on that scale")
    func karnofsky() throws {
        let folder = try Self.copy { files in
            files["qs.csv", default: ""] += "NCT07177794,QS,BJ-0001,2,KPS101,KPS1-Karnofsky Performance Status,KARNOFSKY,80,80,2025-09-20\n"
            files["rs.csv", default: ""] += "NCT07177794,RS,BJ-0002,9,KPS101,KPS1-Karnofsky Performance Status,KARNOFSKY,70,70,2025-09-18\n"
        }
        let result = try Support.read(folder)
        let first = try result.patient("BJ-0001").events(ofType: .performanceStatus).filter { $0.string("scale") == "Karnofsky" }
        #expect(first.map { $0.integer("score") } == [80])
        let second = try result.patient("BJ-0002").events(ofType: .performanceStatus).filter { $0.string("scale") == "Karnofsky" }
        #expect(second.map { $0.date?.description } == ["2025-09-18"])
    }

    /// The example with BJ-0001's primary diagnosis term replaced (and no MHHISTOL).
    static func diagnosisTerm(_ term: String) throws -> String {
        try copy { files in
            files["mh.csv"] = files["mh.csv"]?.replacingOccurrences(
                of: "BJ-0001,2,squamous cell carcinoma,PRIMARY DIAGNOSIS", with: "BJ-0001,2,\(term),PRIMARY DIAGNOSIS"
            )
        }
    }

    static func histologyVerdict(_ folder: String) throws -> Verdict {
        let definition = try protocolDefinition()
        let check = try #require(definition.checks.first { $0.id == "histology" })
        return check.check.judge(try Support.read(folder).patient("BJ-0001")).verdict
    }

    @Test("A primary diagnosis whose MHTERM names no histology has none: not evaluable, never a false deviation", arguments: [
        ("Esophageal carcinoma", Verdict.notEvaluable), ("Oesophageal cancer", .notEvaluable),
        ("Esophageal squamous cell carcinoma", .pass), ("ESCC", .pass), ("Adenocarcinoma of the esophagus", .deviation),
        ("Carcinoma 8070/3", .pass), ("Carcinoma 8010/3", .notEvaluable), ("small cell carcinoma", .deviation),
    ])
    func histologyFromTerm(term: String, expected: Verdict) throws {
        let folder = try Self.diagnosisTerm(term)
        #expect(try Self.histologyVerdict(folder) == expected)
        let noted = try Support.read(folder).notes.contains { $0.contains("MHTERM names no histology") && $0.contains("first '\(term)' at") }
        #expect(noted == (expected == .notEvaluable))
    }

    @Test("A lab or dose unit the table does not know is not evaluable and noted: the unit, the variable, how many, where first")
    func unknownUnit() throws {
        let folder = try Self.copy { files in
            files["lb.csv"] = files["lb.csv"]?.replacingOccurrences(of: "4.9,10^9/L,3.5,9.5,2025-09-24", with: "4.9,G per litre,3.5,9.5,2025-09-24")
        }
        let notes = try Support.read(folder).notes
        #expect(notes.contains {
            $0.hasPrefix("lb.csv: unit 'G per litre' in LBSTRESU, which the unit table does not know: checks of these values are not evaluable: 1 record(s), first at \(folder)/lb.csv:2:")
        }, "\(notes)")
        let check = try #require(try Self.protocolDefinition().checks.first { $0.id == "lab-wbc" })
        #expect(check.check.judge(try Support.read(folder).patient("BJ-0001")).verdict == .notEvaluable)
    }

    @Test("Histology words, abbreviations and ICD-O-3 codes name a histology; organ and disease words do not")
    func histologyText() {
        for term in ["squamous cell carcinoma", "Adenosquamous carcinoma", "ESCC", "8070/3", "small cell carcinoma", "Neuroendocrine carcinoma"] {
            #expect(HistologyText.names(term), "\(term)")
        }
        for term in ["Esophageal carcinoma", "esophageal cancer", "carcinoma", "tumour of oesophagus", "ALZHEIMER'S DISEASE", "18070/31", "8010/3"] {
            #expect(!HistologyText.names(term), "\(term)")
        }
        #expect(HistologyText.histology(in: "C15.4 8071/3") == "squamous cell carcinoma")
        #expect(HistologyText.histology(in: "Esophageal squamous cell carcinoma") == "Esophageal squamous cell carcinoma")
    }
}
