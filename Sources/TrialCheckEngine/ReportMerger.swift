/// Merges JSON reports (or rows streams) of sharded audits into the report one audit of all
/// the shards' inputs, in the same order, would give.
///
/// Inputs are concatenated in order (an input in several reports, audited in parts, is
/// one entry: its entries combined), totals and per-check counts summed,
/// findings, rejections and diagnostics concatenated, quality tolerance limits recomputed
/// from each site's summed counts. The reports must come from the same tool
/// version and the same protocol (by SHA-256), without waivers or a baseline (which act on
/// the whole audit).
///
/// A single audit rejects the second record of a patient id. The JSON report does not list
/// patients without findings, so a merge cannot see every id twice: shards must be
/// partitioned by patient id (each id in one shard only). The merge checks what it can see,
/// and fails when one id has findings in two shards.
///
/// Reports are added one at a time (``add(_:path:)``), so only one is in memory at once;
/// with ``FindingStorage/temporaryFile`` the merged findings wait on disk.
public struct ReportMerger {
    /// Why reports cannot be merged.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// What is wrong, naming the reports at fault.
        public let description: String
    }

    private var merged: AuditReport?
    private var firstPath = ""
    private var shardOfPatient: [String: Int] = [:]
    private var shards = 0
    private var shardPaths: [String] = []
    private let spill: FindingSpillWriter?

    /// An empty merge; `findingStorage` says where the merged findings wait.
    public init(findingStorage: FindingStorage = .memory) {
        spill = findingStorage == .temporaryFile ? FindingSpillWriter() : nil
    }

    /// Merges `reports` (each with the path it was read from, for messages), in order.
    public static func merge(_ reports: [(path: String, report: AuditReport)]) throws(Problem) -> AuditReport {
        var merger = ReportMerger()
        for (path, report) in reports { try merger.add(report, path: path) }
        return try merger.finish()
    }

    /// Adds the next shard's report, read from `path`.
    public mutating func add(_ report: AuditReport, path: String) throws(Problem) {
        if report.waivers != nil || report.summary.waived != nil {
            throw Problem(description: "\(path) was written with --waivers; merge reports written without waivers, then audit with waivers")
        }
        if report.baseline != nil || report.summary.new != nil {
            throw Problem(description: "\(path) was written with --baseline; merge reports written without a baseline")
        }
        var merged = self.merged ?? Self.empty(like: report)
        if self.merged == nil { firstPath = path }
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
        let shard = shards
        shards += 1
        shardPaths.append(path)
        for finding in report.allFindings {
            if let other = shardOfPatient[finding.patient], other != shard {
                throw Problem(description: "patient '\(finding.patient)' has findings in both \(shardPaths[other]) and \(path): shards must be partitioned by patient id (one audit would reject the second record as a duplicate)")
            }
            shardOfPatient[finding.patient] = shard
            if let spill {
                merged.findings += spill.append(finding)
            } else {
                merged.findings.append(finding)
            }
        }

        for input in report.inputs { merged.inputs.appendCombining(input) }
        if var coverage = merged.coverage {
            guard let shardCoverage = report.coverage, shardCoverage.checks.map(\.id) == coverage.checks.map(\.id) else {
                throw Problem(description: "\(path) has no data coverage for the same checks as \(firstPath); merge reports of one version only")
            }
            for input in shardCoverage.inputs { coverage.inputs.appendCombining(input) }
            for (index, check) in shardCoverage.checks.enumerated() {
                coverage.checks[index].patientsWithData += check.patientsWithData
                coverage.checks[index].evaluable += check.evaluable
            }
            merged.coverage = coverage
        }
        if let quality = merged.quality {
            guard let shardQuality = report.quality, shardQuality.limits.map(\.id) == quality.limits.map(\.id) else {
                throw Problem(description: "\(path) has no quality tolerance limits like \(firstPath)'s; merge reports of one version only")
            }
            merged.quality = quality.merging(shardQuality)
        }
        merged.rejected += report.rejected
        if let diagnostics = report.diagnostics, !diagnostics.isEmpty {
            merged.diagnostics = (merged.diagnostics ?? []) + diagnostics
        }
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
        self.merged = merged
    }

    /// The merged report.
    public func finish() throws(Problem) -> AuditReport {
        guard var merged else { throw Problem(description: "no report to merge") }
        if let spill {
            let (spilled, unwritten) = spill.finish()
            merged.spilledFindings = spilled
            merged.findings += unwritten
        }
        return merged
    }

    /// `report` with nothing counted: the header a merge starts from.
    private static func empty(like report: AuditReport) -> AuditReport {
        var merged = report
        merged.inputs = []
        merged.coverage = merged.coverage.map { coverage in
            DataCoverage(inputs: [], checks: coverage.checks.map { CheckCoverage(id: $0.id, patientsWithData: 0, evaluable: 0) })
        }
        merged.removeAllFindings()
        merged.rejected = []
        merged.quality = report.quality.map { QualityReport.assemble(limits: $0.limits, sites: [], enrollmentAnchor: $0.enrollmentAnchor, rejected: 0) }
        merged.diagnostics = nil
        merged.summary = AuditReport.Summary(
            patients: 0, rejected: 0, deviation: 0, indeterminate: 0, notEvaluable: 0, patientsWithDeviations: 0)
        for index in merged.checks.indices {
            merged.checks[index].pass = 0
            merged.checks[index].deviation = 0
            merged.checks[index].indeterminate = 0
            merged.checks[index].notEvaluable = 0
        }
        return merged
    }
}
