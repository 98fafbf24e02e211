/// Merges JSON reports of sharded audits into the report one audit of all the shards'
/// inputs, in the same order, would give.
///
/// Inputs are concatenated in order, totals and per-check counts summed, findings and
/// rejections concatenated. The reports must come from the same tool version and the same
/// protocol (by SHA-256), without waivers or a baseline (which act on the whole audit).
///
/// A single audit rejects the second record of a patient id. The JSON report does not list
/// patients without findings, so a merge cannot see every id twice: shards must be
/// partitioned by patient id (each id in one shard only). The merge checks what it can see,
/// and fails when one id has findings in two shards.
public enum ReportMerger {
    /// Why reports cannot be merged.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// What is wrong, naming the reports at fault.
        public let description: String
    }

    /// Merges `reports` (each with the path it was read from, for messages), in order.
    public static func merge(_ reports: [(path: String, report: AuditReport)]) throws(Problem) -> AuditReport {
        guard var merged = reports.first?.report, let firstPath = reports.first?.path else {
            throw Problem(description: "no report to merge")
        }
        for (path, report) in reports {
            if report.waivers != nil || report.summary.waived != nil {
                throw Problem(description: "\(path) was written with --waivers; merge reports written without waivers, then audit with waivers")
            }
            if report.baseline != nil || report.summary.new != nil {
                throw Problem(description: "\(path) was written with --baseline; merge reports written without a baseline")
            }
        }
        merged.inputs = []
        merged.coverage = merged.coverage.map { coverage in
            DataCoverage(inputs: [], checks: coverage.checks.map { CheckCoverage(id: $0.id, patientsWithData: 0, evaluable: 0) })
        }
        merged.removeAllFindings()
        merged.rejected = []
        merged.summary = AuditReport.Summary(
            patients: 0, rejected: 0, deviation: 0, indeterminate: 0, notEvaluable: 0, patientsWithDeviations: 0)
        for index in merged.checks.indices {
            merged.checks[index].pass = 0
            merged.checks[index].deviation = 0
            merged.checks[index].indeterminate = 0
            merged.checks[index].notEvaluable = 0
        }

        var shardOfPatient: [String: Int] = [:]
        for (shard, (path, report)) in reports.enumerated() {
            guard report.protocol.sha256 == merged.protocol.sha256 else {
                throw Problem(description: "\(path) audits protocol \(report.protocol.id) (sha256 \(report.protocol.sha256)), but \(firstPath) audits \(merged.protocol.id) (sha256 \(merged.protocol.sha256)); merge reports of the same protocol file only")
            }
            guard report.idScheme == merged.idScheme else {
                throw Problem(description: "\(path) holds ids of another scheme (\(report.idScheme ?? "unrecorded")) than \(firstPath) (\(merged.idScheme ?? "unrecorded")); merge reports pseudonymized with one key, or none")
            }
            guard report.tool == merged.tool else {
                throw Problem(description: "\(path) was written by \(report.tool.name) \(report.tool.version), \(firstPath) by \(merged.tool.name) \(merged.tool.version); merge reports of one version only")
            }
            guard report.checks.map(\.id) == merged.checks.map(\.id) else {
                throw Problem(description: "\(path) lists other checks than \(firstPath)")
            }
            let findings = Array(report.allFindings)
            for finding in findings {
                if let other = shardOfPatient[finding.patient], other != shard {
                    throw Problem(description: "patient '\(finding.patient)' has findings in both \(reports[other].path) and \(path): shards must be partitioned by patient id (one audit would reject the second record as a duplicate)")
                }
                shardOfPatient[finding.patient] = shard
            }

            merged.inputs += report.inputs
            if var coverage = merged.coverage {
                guard let shardCoverage = report.coverage, shardCoverage.checks.map(\.id) == coverage.checks.map(\.id) else {
                    throw Problem(description: "\(path) has no data coverage for the same checks as \(firstPath); merge reports of one version only")
                }
                coverage.inputs += shardCoverage.inputs
                for (index, check) in shardCoverage.checks.enumerated() {
                    coverage.checks[index].patientsWithData += check.patientsWithData
                    coverage.checks[index].evaluable += check.evaluable
                }
                merged.coverage = coverage
            }
            merged.findings += findings
            merged.rejected += report.rejected
            let summary = report.summary
            merged.summary.patients += summary.patients
            merged.summary.rejected += summary.rejected
            merged.summary.deviation += summary.deviation
            merged.summary.indeterminate += summary.indeterminate
            merged.summary.notEvaluable += summary.notEvaluable
            merged.summary.patientsWithDeviations += summary.patientsWithDeviations
            merged.summary.deviationsBySeverity.merge(summary.deviationsBySeverity, uniquingKeysWith: +)
            for (index, check) in report.checks.enumerated() {
                merged.checks[index].pass += check.pass
                merged.checks[index].deviation += check.deviation
                merged.checks[index].indeterminate += check.indeterminate
                merged.checks[index].notEvaluable += check.notEvaluable
            }
        }
        return merged
    }
}
