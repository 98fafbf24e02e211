extension AuditReport {
    /// Every finding, in report order, wherever the audit kept it (on disk or in memory),
    /// with waivers, pseudonyms and baseline marks applied.
    public var allFindings: FindingSequence {
        FindingSequence(spilled: spilledFindings, inMemory: findings)
    }

    /// How many findings the report has.
    public var findingCount: Int {
        (spilledFindings?.count ?? 0) + findings.count
    }

    /// The report with every finding in ``findings`` (spilled findings read back), for
    /// reporters that go through findings more than once or out of order.
    public func withFindingsInMemory() -> AuditReport {
        guard spilledFindings != nil else { return self }
        var report = self
        report.findings = Array(allFindings)
        report.spilledFindings = nil
        return report
    }

    /// Applies `adjustment` to every finding: now to those in memory, as they are read back
    /// to those spilled.
    mutating func adjustFindings(_ adjustment: FindingAdjustment) {
        spilledFindings?.adjustments.append(adjustment)
        for index in findings.indices { adjustment.apply(to: &findings[index]) }
    }

    /// Drops every finding, wherever kept.
    mutating func removeAllFindings() {
        findings = []
        spilledFindings = nil
    }
}
