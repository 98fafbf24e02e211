import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The generated perturbation suite: for each (patient, check) of the example cohort whose
/// verdict is not a pass, what the check reads is renamed, re-cased, dropped, given a
/// free-text unit or an undeclared arm, and the patient is audited again alone. Each
/// perturbation must leave the check not passing, or be named by the report (a coverage
/// element or a reader note). A silent pass fails the test, naming patient, check, format
/// and perturbation.
@Suite("Perturbation")
struct PerturbationTests {
    /// Perturbations that are silent today only because a fix pending on another branch
    /// has not landed; each says which. Empty this list as the fixes merge: an entry that no
    /// longer occurs fails the test.
    static let knownGaps: [KnownGap] = []

    static let cohort = PerturbationHarness.repositoryRoot.appendingPathComponent("Examples/NCT07177794/site-records.ndjson")
    static let formats = PerturbationHarness.repositoryRoot.appendingPathComponent("Examples/formats")

    /// The cohort's records, by id.
    static func nativeRecords(yaml: Bool) throws -> [String: NativeRecord] {
        let text = try String(contentsOf: cohort, encoding: .utf8)
        var records: [String: NativeRecord] = [:]
        for line in text.split(separator: "\n") where !line.isEmpty {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let record = NativeRecord(object: object, yaml: yaml)
            records[record.id] = record
        }
        return records
    }

    @Test("NDJSON records: no silent pass")
    func ndjson() throws {
        let harness = try PerturbationHarness(knownGaps: Self.knownGaps)
        let baseline = harness.audit(Self.cohort.path)
        let tally = try harness.run(format: "ndjson", baseline: baseline, inputs: try Self.nativeRecords(yaml: false), limit: 2, perturbations: NativePerturbations.make)
        harness.report(tally, format: "ndjson")
        #expect(tally.checks.count == baseline.checks.filter { $0.pass < $0.evaluated }.count)
    }

    @Test("YAML records: no silent pass")
    func yaml() throws {
        let harness = try PerturbationHarness(knownGaps: Self.knownGaps)
        let baseline = harness.audit(Self.cohort.path)
        let tally = try harness.run(format: "yaml", baseline: baseline, inputs: try Self.nativeRecords(yaml: true), limit: 1, oneCheckPerKind: true, perturbations: NativePerturbations.make)
        harness.report(tally, format: "yaml")
        #expect(Set(tally.checks.compactMap { harness.check($0)?.kind }) == Set(harness.definition.checks.map(\.kind)))
    }
}

extension PerturbationTests {
    @Test("CSV rows: no silent pass")
    func csv() throws {
        let harness = try PerturbationHarness(knownGaps: Self.knownGaps)
        let path = Self.formats.appendingPathComponent("csv/site-records.csv")
        let baseline = harness.audit(path.path)
        let patients = try CSVPatient.split(try CSVTable.parse(try String(contentsOf: path, encoding: .utf8)))
        let tally = try harness.run(format: "csv", baseline: baseline, inputs: patients, limit: 2, perturbations: CSVPerturbations.make)
        harness.report(tally, format: "csv")
        #expect(tally.checks.count == baseline.checks.filter { $0.pass < $0.evaluated }.count)
    }
}

extension PerturbationTests {
    @Test("FHIR resources: no silent pass")
    func fhir() throws {
        let harness = try PerturbationHarness(knownGaps: Self.knownGaps)
        let folder = Self.formats.appendingPathComponent("fhir")
        let baseline = harness.audit(folder.path)
        let tally = try harness.run(format: "fhir", baseline: baseline, inputs: try FHIRPatient.load(folder), limit: 2, perturbations: FHIRPerturbations.make)
        harness.report(tally, format: "fhir")
        #expect(tally.checks.count == baseline.checks.filter { $0.pass < $0.evaluated }.count)
    }

    @Test("SDTM datasets: no silent pass")
    func sdtm() throws {
        let harness = try PerturbationHarness(knownGaps: Self.knownGaps)
        let folder = Self.formats.appendingPathComponent("sdtm")
        let baseline = harness.audit(folder.path)
        let tally = try harness.run(format: "sdtm", baseline: baseline, inputs: try SDTMPatient.load(folder), limit: 2, perturbations: SDTMPerturbations.make)
        harness.report(tally, format: "sdtm")
        #expect(tally.checks.count == baseline.checks.filter { $0.pass < $0.evaluated }.count)
    }
}
