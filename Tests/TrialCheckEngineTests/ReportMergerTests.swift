import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// `ReportMerger`: sums and concatenations, and the reports it refuses.
@Suite("Merging sharded reports")
struct ReportMergerTests {
    /// The golden JSON report, without its waivers and baseline.
    static func plainReport() throws -> AuditReport {
        let path = try TestSupport.fixture("golden/report.json")
        var report = try JSONReporter.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
        report.waivers = nil
        report.baseline = nil
        report.summary.waived = nil
        report.summary.new = nil
        for index in report.findings.indices {
            report.findings[index].waiver = nil
            report.findings[index].isNew = nil
        }
        return report
    }

    /// The same report with every patient id renamed, as another shard's would be.
    static func otherShard(_ report: AuditReport) -> AuditReport {
        var other = report
        for index in other.findings.indices { other.findings[index].patient += "-B" }
        other.inputs = other.inputs.map { input in
            var renamed = input
            renamed.path += ".b"
            return renamed
        }
        return other
    }

    @Test("One report merges into itself")
    func single() throws {
        let report = try Self.plainReport()
        let merged = try ReportMerger.merge([("a.json", report)])
        #expect(JSONReporter().render(merged) == JSONReporter().render(report))
    }

    @Test("Totals and per-check counts are summed; inputs, findings and rejections concatenated")
    func sums() throws {
        let first = try Self.plainReport()
        let second = Self.otherShard(first)
        let merged = try ReportMerger.merge([("a.json", first), ("b.json", second)])
        #expect(merged.summary.patients == 2 * first.summary.patients)
        #expect(merged.summary.rejected == 2 * first.summary.rejected)
        #expect(merged.summary.deviation == 2 * first.summary.deviation)
        #expect(merged.summary.patientsWithDeviations == 2 * first.summary.patientsWithDeviations)
        #expect(merged.summary.deviationsBySeverity[.major] == 2 * (first.summary.deviationsBySeverity[.major] ?? 0))
        #expect(merged.checks.map(\.pass) == first.checks.map { 2 * $0.pass })
        #expect(merged.inputs == first.inputs + second.inputs)
        #expect(merged.findings == first.findings + second.findings)
        #expect(merged.rejected == first.rejected + second.rejected)
        #expect(merged.manual == first.manual)
    }

    @Test("Reports of another protocol or version, with waivers, or sharing a patient are refused")
    func refusals() throws {
        let report = try Self.plainReport()
        var otherProtocol = Self.otherShard(report)
        otherProtocol.protocol.sha256 = String(repeating: "0", count: 64)
        var otherVersion = Self.otherShard(report)
        otherVersion.tool.version = "0.0.0-other"
        var waived = Self.otherShard(report)
        waived.summary.waived = 0
        var baselined = Self.otherShard(report)
        baselined.summary.new = 0
        for (candidate, expected) in [(otherProtocol, "sha256"), (otherVersion, "version"), (waived, "--waivers"),
                                      (baselined, "--baseline"), (report, "partitioned by patient id")] {
            #expect {
                _ = try ReportMerger.merge([("a.json", report), ("b.json", candidate)])
            } throws: { error in
                (error as? ReportMerger.Problem)?.description.contains(expected) == true
            }
        }
        #expect(throws: ReportMerger.Problem.self) { _ = try ReportMerger.merge([]) }
    }
}
