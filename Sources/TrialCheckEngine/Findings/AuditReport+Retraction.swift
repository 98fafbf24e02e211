extension AuditReport {
    /// Takes back every verdict of `patients`, recorded before they were found not to be
    /// auditable (a CSV patient whose rows turned out not to be contiguous): their findings
    /// go, wherever kept, and every count they were in is made as if they were never judged.
    ///
    /// Each patient had one verdict per check: a finding for each non-pass, a pass for the
    /// rest. One pass over the findings (read back from disk if spilled) finds them.
    /// - Parameter keepingIDs: whether the report lists patient ids (to take theirs out).
    mutating func retractVerdicts(of patients: Set<String>, keepingIDs: Bool) {
        guard !patients.isEmpty else { return }
        var checkIndex: [String: Int] = [:]
        for index in checks.indices where checkIndex[checks[index].id] == nil { checkIndex[checks[index].id] = index }
        for index in checks.indices { checks[index].pass -= patients.count }
        var deviated = Set<String>()
        let rewriter: FindingSpillWriter? = spilledFindings == nil ? nil : FindingSpillWriter()
        var kept: [Finding] = []
        for finding in allFindings {
            guard patients.contains(finding.patient) else {
                if let rewriter { kept += rewriter.append(finding) } else { kept.append(finding) }
                continue
            }
            if let index = checkIndex[finding.check] {
                checks[index].pass += 1
                switch finding.status {
                case .pass: checks[index].pass -= 1
                case .deviation: checks[index].deviation -= 1
                case .indeterminate: checks[index].indeterminate -= 1
                case .notEvaluable: checks[index].notEvaluable -= 1
                }
            }
            switch finding.status {
            case .pass: break
            case .deviation:
                summary.deviation -= 1
                let left = (summary.deviationsBySeverity[finding.severity] ?? 1) - 1
                summary.deviationsBySeverity[finding.severity] = left > 0 ? left : nil
                deviated.insert(finding.patient)
            case .indeterminate: summary.indeterminate -= 1
            case .notEvaluable: summary.notEvaluable -= 1
            }
        }
        summary.patientsWithDeviations -= deviated.count
        if let rewriter {
            let (spilled, unwritten) = rewriter.finish()
            spilledFindings = spilled
            findings = kept + unwritten
        } else {
            spilledFindings = nil
            findings = kept
        }
        if keepingIDs { patientIDs.removeAll { patients.contains($0) } }
        patientRows.removeAll { patients.contains($0.patient) }
        for id in patients { timelines[id] = nil }
    }
}
