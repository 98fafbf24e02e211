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
        #expect(Set(tally.checks.compactMap { harness.check($0) }.flatMap(harness.kinds)) == Set(harness.definition.checks.flatMap(harness.kinds)))
    }
}

extension PerturbationTests {
    /// The converted cohorts: Examples/formats (20 patients) and a fixture of 14 more whose
    /// non-pass verdicts cover the check kinds the first leaves out.
    static let convertedCohorts = [formats, ReaderTestSupport.fixtures.appendingPathComponent("perturbation-cohort")]

    /// Runs one converted format over both cohorts and checks every kind was perturbed.
    private func converted<Input: PerturbableInput>(
        _ format: String, path: String, load: (URL) throws -> [String: Input], perturbations: (ConfiguredCheck, Input) -> [Perturbation<Input>]
    ) throws {
        let harness = try PerturbationHarness(knownGaps: Self.knownGaps)
        var tally = PerturbationTally()
        for cohort in Self.convertedCohorts {
            let input = cohort.appendingPathComponent(path)
            let baseline = harness.audit(input.path)
            #expect(baseline.rejected.isEmpty, "\(input.path): \(baseline.rejected.map(\.reason))")
            tally.add(try harness.run(format: format, baseline: baseline, inputs: try load(input), limit: 2, perturbations: perturbations))
        }
        harness.report(tally, format: format)
        #expect(Set(tally.checks.compactMap { harness.check($0) }.flatMap(harness.kinds)) == Set(harness.definition.checks.flatMap(harness.kinds)))
    }

    @Test("CSV rows: no silent pass")
    func csv() throws {
        try converted("csv", path: "csv/site-records.csv", load: { try CSVPatient.split(try CSVTable.parse(try String(contentsOf: $0, encoding: .utf8))) }, perturbations: CSVPerturbations.make)
    }

    @Test("FHIR resources: no silent pass")
    func fhir() throws {
        try converted("fhir", path: "fhir", load: FHIRPatient.load, perturbations: FHIRPerturbations.make)
    }

    @Test("SDTM datasets: no silent pass")
    func sdtm() throws {
        try converted("sdtm", path: "sdtm", load: SDTMPatient.load, perturbations: SDTMPerturbations.make)
    }
}

extension PerturbationTests {
    @Test("The harness reports a silent pass, and a known gap instead when one matches")
    func harnessCatchesSilence() throws {
        let records = try Self.nativeRecords(yaml: false)
        let base = try PerturbationHarness(knownGaps: [])
        let baseline = base.audit(Self.cohort.path)
        // Fixing the data is the silent pass the harness must see: the age check passes and
        // nothing in the report names the change.
        let fix: (ConfiguredCheck, NativeRecord) -> [Perturbation<NativeRecord>] = { check, record in
            guard check.id == "age" else { return [] }
            var fixed = record
            fixed.object["birth_date"] = "1960-01-01"
            fixed.object["age"] = nil
            return [Perturbation(operatorName: "fix-data", detail: "birth_date → 1960-01-01", mentions: ["1960-01-01"], input: fixed)]
        }
        let silent = try base.run(format: "ndjson", baseline: baseline, inputs: records, limit: 1, perturbations: fix)
        #expect(silent.silent.count == 1)
        #expect(silent.silent.first?.contains("check age") == true)
        let gap = KnownGap(format: "ndjson", operatorName: "fix-data", detail: "birth_date", check: "age", reason: "a test of the harness")
        let known = try PerturbationHarness(knownGaps: [gap]).run(format: "ndjson", baseline: baseline, inputs: records, limit: 1, perturbations: fix)
        #expect(known.silent.isEmpty)
        #expect(known.known == [0: 1])
    }
}
