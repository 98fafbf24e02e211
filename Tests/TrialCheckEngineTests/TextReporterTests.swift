import Testing
import TrialCheckCore
@testable import TrialCheckEngine

@Suite("TextReporter")
struct TextReporterTests {
    private func report() throws -> (AuditReport, cohort: String, stream: String) {
        let cohort = try TestSupport.fixture("audit/cohort.yaml")
        let stream = try TestSupport.fixture("audit/stream.ndjson")
        let report = Auditor(definition: try TestSupport.shippedProtocol()).audit(inputs: [cohort, stream])
        return (report, cohort, stream)
    }

    @Test("The text report lists inputs, findings per patient, rejections, manual criteria and totals")
    func content() throws {
        let (report, cohort, stream) = try report()
        let text = TextReporter().render(report)
        #expect(text.hasPrefix("NCT07177794 (version 2025-09-17): Consolidation of Toripalimab"))
        #expect(text.contains("Input: \(cohort) (yaml, 4 patients audited, 0 rejected)\n"))
        #expect(text.contains("Input: \(stream) (ndjson, 1 patient audited, 3 rejected)\n"))
        #expect(text.contains("DEVIANT · site S1 · arm B · \(cohort):10\n"))
        #expect(text.contains("  DEVIATION     age (major; Inclusion 5: age 18-75 years)\n"))
        #expect(text.contains("  INDETERMINATE age"))
        #expect(text.contains("  NOT EVALUABLE radiotherapy-dose"))
        #expect(text.contains("Rejected (not audited)\n  \(stream):1 [CLEAN]: duplicate id 'CLEAN'"))
        #expect(text.contains("\n  \(stream):2:"))
        #expect(text.contains("Not checked from data: not decidable from data\n  - Inclusion 6: estimated life expectancy > 6 months (clinical judgement)\n"))
        #expect(text.contains("Summary by check\n  check"))
        #expect(text.hasSuffix("5 patients audited, 3 rejected: 5 deviations in 2 patients (5 major), 1 indeterminate, 4 not evaluable.\n"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test("Findings appear in report order, one header per patient")
    func order() throws {
        let text = TextReporter().render(try report().0)
        let headers = text.split(separator: "\n").filter { line in
            ["DEVIANT", "PARTIAL", "EMPTY", "YOUNG"].contains { line.hasPrefix($0 + " ") || line == $0 }
        }
        #expect(headers.map { $0.split(separator: " ").first.map(String.init) } == ["DEVIANT", "PARTIAL", "EMPTY", "YOUNG"])
    }

    @Test("Colour only when asked")
    func colour() throws {
        let report = try report().0
        #expect(TextReporter(colour: true).render(report).contains("\u{1B}[31;1mDEVIATION"))
    }

    @Test("A clean audit says so")
    func clean() throws {
        let path = try TestSupport.writeTemporary(
            #"{"id": "OK", "birth_date": "1961-04-02", "enrollment": {"date": "2025-12-01"}, "events": [{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 Gy"}]}"#,
            name: "clean.ndjson"
        )
        let report = Auditor(definition: try TestSupport.shippedProtocol()).audit(inputs: [path])
        #expect(report.findings.isEmpty)
        #expect(TextReporter().render(report).contains("No findings: every check passed for every patient audited.\n"))
        #expect(report.exitStatus(failingOn: .notEvaluable) == .clean)
    }
}
