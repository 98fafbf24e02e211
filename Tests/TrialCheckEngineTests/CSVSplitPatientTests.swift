import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// A streamed CSV patient whose rows are not contiguous is rejected once, naming every
/// block of its rows, and none of its verdicts stand, though its first block was judged
/// before the split was seen: patients in = audited + rejected, with every count exact.
@Suite("CSV: a patient whose rows are not contiguous")
struct CSVSplitPatientTests {
    static let header = "patient_id,type,birth_date,enrollment_date,arm,start,end,dose,intent\n"

    static func patient(_ id: String, born: String = "1961-04-02") -> String {
        "\(id),patient,\(born),2025-12-01,A,,,,\n"
    }

    static func radiotherapy(_ id: String, dose: String = "50.4 Gy") -> String {
        "\(id),radiotherapy,,,,2025-10-13,2025-11-19,\(dose),definitive\n"
    }

    /// Every count of the report agrees with its findings and its patients.
    static func expectConsistent(_ report: AuditReport, patients: Int, rejected: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(report.summary.patients == patients, sourceLocation: sourceLocation)
        #expect(report.summary.rejected == rejected, sourceLocation: sourceLocation)
        #expect(report.inputs.map(\.patients).reduce(0, +) == patients, sourceLocation: sourceLocation)
        #expect(report.inputs.map(\.rejected).reduce(0, +) == rejected, sourceLocation: sourceLocation)
        let findings = Array(report.allFindings)
        for check in report.checks {
            #expect(check.pass + check.deviation + check.indeterminate + check.notEvaluable == patients, "\(check.id)", sourceLocation: sourceLocation)
            #expect(findings.filter { $0.check == check.id && $0.status == .deviation }.count == check.deviation, sourceLocation: sourceLocation)
            #expect(findings.filter { $0.check == check.id && $0.status == .notEvaluable }.count == check.notEvaluable, sourceLocation: sourceLocation)
        }
        #expect(report.summary.deviation == findings.filter { $0.status == .deviation }.count, sourceLocation: sourceLocation)
        #expect(report.summary.notEvaluable == findings.filter { $0.status == .notEvaluable }.count, sourceLocation: sourceLocation)
        #expect(report.summary.indeterminate == findings.filter { $0.status == .indeterminate }.count, sourceLocation: sourceLocation)
        #expect(report.summary.patientsWithDeviations == Set(findings.filter { $0.status == .deviation }.map(\.patient)).count, sourceLocation: sourceLocation)
        #expect(report.summary.deviationsBySeverity.values.reduce(0, +) == report.summary.deviation, sourceLocation: sourceLocation)
        #expect(report.findingCount == findings.count, sourceLocation: sourceLocation)
    }

    static func audit(_ text: String, jobs: Int = 1, storage: FindingStorage = .memory) throws -> AuditReport {
        let path = try TestSupport.writeTemporary(text, name: "site.csv")
        return Auditor(definition: try TestSupport.shippedProtocol()).audit(inputs: [path], jobs: jobs, findingStorage: storage)
    }

    @Test("The split patient is rejected once, naming both blocks; its first block's findings are taken back", arguments: [
        (1, FindingStorage.memory), (2, FindingStorage.memory), (1, FindingStorage.temporaryFile), (3, FindingStorage.temporaryFile),
    ])
    func split(jobs: Int, storage: FindingStorage) throws {
        // X, born 1940, would deviate on age and have no radiotherapy in its first block.
        let text = Self.header + Self.patient("X", born: "1940-01-01") + Self.patient("Y") + Self.radiotherapy("Y", dose: "60 Gy")
            + Self.radiotherapy("X") + Self.patient("Z") + Self.radiotherapy("Z")
        let report = try Self.audit(text, jobs: jobs, storage: storage)
        Self.expectConsistent(report, patients: 2, rejected: 1)
        #expect(!report.allFindings.contains { $0.patient == "X" })
        #expect(report.allFindings.contains { $0.patient == "Y" && $0.status == .deviation })
        #expect(report.patientIDs == ["Y", "Z"])
        #expect(report.timelines["X"] == nil)
        let rejection = try #require(report.rejected.first)
        #expect(rejection.patient == "X")
        #expect(rejection.location.line == 5)
        #expect(rejection.reason.hasPrefix("rows of patient 'X' are not contiguous: lines 2 and 5; expected each patient's rows together"))
    }

    @Test("A third block replaces the rejection with one naming all three")
    func threeBlocks() throws {
        let text = Self.header + Self.patient("X") + Self.patient("Y") + Self.radiotherapy("Y", dose: "60 Gy")
            + Self.radiotherapy("X") + Self.patient("Z") + Self.radiotherapy("X") + Self.radiotherapy("X")
        let report = try Self.audit(text)
        Self.expectConsistent(report, patients: 2, rejected: 1)
        #expect(report.rejected.first?.reason.hasPrefix("rows of patient 'X' are not contiguous: lines 2, 5 and 7-8") == true)
        #expect(report.rejected.first?.location.line == 7)
    }

    @Test("A split patient whose first block was rejected is still one rejection")
    func firstBlockRejected() throws {
        // X's first block has no 'patient' row: rejected; its patient row comes later.
        let text = Self.header + Self.radiotherapy("X") + Self.patient("Y") + Self.patient("X")
        let report = try Self.audit(text)
        Self.expectConsistent(report, patients: 1, rejected: 1)
        #expect(report.rejected.first?.reason.hasPrefix("rows of patient 'X' are not contiguous: lines 2 and 4") == true)
    }

    @Test("A file sorted by anything but the patient: every count stays exact", arguments: [FindingStorage.memory, .temporaryFile])
    func unsorted(storage: FindingStorage) throws {
        var generator = SeededGenerator(seed: 11)
        var rows: [String] = []
        for index in 0..<60 {
            let id = "P\(index)"
            rows.append(Self.patient(id, born: index % 3 == 0 ? "1940-01-01" : "1961-04-02"))
            rows.append(Self.radiotherapy(id, dose: index % 4 == 0 ? "60 Gy" : "50.4 Gy"))
        }
        // Rows of a third of the patients moved to the end: those patients are split.
        var moved: [String] = []
        for index in stride(from: 0, to: 60, by: 3) {
            moved.append(rows[index * 2 + 1])
            rows[index * 2 + 1] = ""
        }
        moved.shuffle(using: &generator)
        let report = try Self.audit(Self.header + (rows + moved).joined(), jobs: 2, storage: storage)
        Self.expectConsistent(report, patients: 40, rejected: 20)
        #expect(Set(report.rejected.compactMap(\.patient)) == Set(stride(from: 0, to: 60, by: 3).map { "P\($0)" }))
        #expect(!report.allFindings.contains { finding in report.rejected.contains { $0.patient == finding.patient } })
    }
}
