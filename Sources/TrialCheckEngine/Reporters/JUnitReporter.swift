import TrialCheckCore

/// JUnit XML for CI systems, agreeing with the exit code: a test case fails exactly when a
/// finding in it fails the audit at the `--fail-on` level (not waived, new since the baseline
/// when there is one; see ``AuditReport/fails(_:at:)``), and rejected records are errors in
/// an `input` suite (exit code 2). Findings that do not fail the gate are skipped cases
/// with the reason (waived, unchanged since the baseline, or below the fail level).
///
/// One test suite per check, with one case per patient (``Cases/perPatient``: passes are
/// cases too) or one case per check (``Cases/perCheck``: the patients that fail it listed
/// in the failure, the other findings in the suite's `system-out`). With a baseline, a
/// `baseline` suite lists the findings resolved since it as passing cases; with waivers, a
/// `waivers` suite lists expired and unmatched waivers as skipped cases.
///
/// The output validates against the strict Ant JUnit XSD (a `testsuites` root whose
/// suites carry `package`, `id`, `timestamp`, `hostname`, `properties`, `system-out`
/// and `system-err`), which every common CI consumer also accepts.
public struct JUnitReporter: Reporter {
    public static let identifier = "junit"

    /// How findings become test cases.
    public enum Cases: String, Sendable, CaseIterable {
        /// One case per check and patient: every patient audited, passes included.
        case perPatient = "per-patient"
        /// One case per check: small at any cohort size.
        case perCheck = "per-check"
    }

    /// The suites' timestamp (ISO 8601 date-time without zone); fixed by the caller so the
    /// output stays a pure function of the report.
    public let timestamp: String
    /// The level the audit fails at.
    public let failOn: FailLevel
    /// One case per check or per check and patient.
    public let cases: Cases

    /// A JUnit reporter stamping suites with `timestamp` (`2026-11-25T00:00:00`).
    public init(timestamp: String, failOn: FailLevel = .deviation, cases: Cases = .perPatient) {
        self.timestamp = timestamp
        self.failOn = failOn
        self.cases = cases
    }

    public func render(_ report: AuditReport) -> String {
        ReportOutput.collecting { write(report, to: $0) }
    }

    private func e(_ text: String) -> String { MarkupEscaping.escape(text) }

    /// Writes the report, a test case at a time.
    public func write(_ report: AuditReport, to output: ReportOutput) {
        var findingsByCheck: [String: [AuditReport.Finding]] = [:]
        for finding in report.allFindings {
            findingsByCheck[finding.check, default: []].append(finding)
        }
        output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n")
        var id = 0
        for check in report.checks {
            let findings = findingsByCheck[check.id] ?? []
            switch cases {
            case .perPatient: writePerPatient(check, findings: findings, report: report, id: id, to: output)
            case .perCheck: writePerCheck(check, findings: findings, report: report, id: id, to: output)
            }
            id += 1
        }
        if let quality = report.quality {
            writeQuality(quality, report: report, id: id, to: output)
            id += 1
        }
        if let resolved = report.baseline?.resolvedFindings, !resolved.isEmpty {
            output.write(suiteHead(report, id: id, name: "baseline", tests: resolved.count, failures: 0, errors: 0, skipped: 0))
            output.write("    <properties>\n      <property name=\"baseline\" value=\"\(e(report.baseline?.path ?? ""))\"/>\n    </properties>\n")
            for finding in resolved {
                output.write("    <testcase name=\"\(e("resolved: \(finding.patient) \(finding.check) (\(finding.status.rawValue))"))\" classname=\"\(e(report.protocol.id)).baseline\" time=\"0\"/>\n")
            }
            output.write("    <system-out/>\n    <system-err/>\n  </testsuite>\n")
            id += 1
        }
        let waiverNotes = (report.waivers ?? []).filter { $0.status != .applied }
        if !waiverNotes.isEmpty {
            output.write(suiteHead(report, id: id, name: "waivers", tests: waiverNotes.count, failures: 0, errors: 0, skipped: waiverNotes.count))
            output.write("    <properties/>\n")
            for outcome in waiverNotes {
                let waiver = outcome.waiver
                let why = outcome.status == .expired ? "expired: the finding counts again" : "unmatched: no finding of that patient and check"
                let at = waiver.location.map { "; written at \($0)" } ?? ""
                output.write("    <testcase name=\"\(e("\(waiver.patient) \(waiver.check)"))\" classname=\"\(e(report.protocol.id)).waivers\" time=\"0\">\n")
                output.write("      <skipped message=\"\(e("waiver \(why) (\(waiver.reason); approved by \(waiver.approvedBy)\(at))"))\"/>\n    </testcase>\n")
            }
            output.write("    <system-out/>\n    <system-err/>\n  </testsuite>\n")
            id += 1
        }
        if !report.rejected.isEmpty {
            output.write(suiteHead(report, id: id, name: "input", tests: report.rejected.count, failures: 0, errors: report.rejected.count, skipped: 0))
            output.write("    <properties/>\n")
            for rejection in report.rejected {
                let name = e(rejection.patient ?? rejection.location.description)
                output.write("    <testcase name=\"\(name)\" classname=\"\(e(report.protocol.id)).input\" time=\"0\">\n")
                output.write("      <error message=\"\(e(rejection.reason))\" type=\"rejected-record\">\(e(rejection.location.description))</error>\n")
                output.write("    </testcase>\n")
            }
            output.write("    <system-out/>\n    <system-err/>\n  </testsuite>\n")
        }
        output.write("</testsuites>\n")
    }

    /// One case per quality tolerance limit: a failure when it is breached (over the study
    /// or at a site) and the fail level fails on breached limits, else skipped when breached.
    private func writeQuality(_ quality: QualityReport, report: AuditReport, id: Int, to output: ReportOutput) {
        let breached = quality.limits.filter(\.isBreached)
        let failures = failOn.failsOnBreachedLimits ? breached.count : 0
        output.write(suiteHead(report, id: id, name: "quality-tolerance-limits", tests: quality.limits.count, failures: failures, errors: 0, skipped: breached.count - failures))
        output.write("    <properties>\n      <property name=\"fail-on\" value=\"\(failOn.rawValue)\"/>\n    </properties>\n")
        let breaches = quality.breaches
        for limit in quality.limits {
            output.write("    <testcase name=\"\(e(limit.ruleID))\" classname=\"\(e(report.protocol.id)).quality-tolerance-limits\" time=\"0\"")
            let messages = breaches.filter { $0.limit.id == limit.id }.map(\.message)
            if messages.isEmpty {
                output.write("/>\n")
            } else if failOn.failsOnBreachedLimits {
                let summary = "\(limit.title): breached at \(messages.count == 1 ? "one place" : "\(messages.count) places")"
                output.write(">\n      <failure message=\"\(e(summary))\" type=\"quality-tolerance-limit\">\(e(messages.joined(separator: "\n")))</failure>\n    </testcase>\n")
            } else {
                output.write(">\n      <skipped message=\"\(e("breached, but --fail-on never: " + messages.joined(separator: "; ")))\"/>\n    </testcase>\n")
            }
        }
        output.write("    <system-out/>\n    <system-err/>\n  </testsuite>\n")
    }

    private func suiteHead(_ report: AuditReport, id: Int, name: String, tests: Int, failures: Int, errors: Int, skipped: Int) -> String {
        "  <testsuite package=\"\(e(report.protocol.id))\" id=\"\(id)\" name=\"\(e(name))\" timestamp=\"\(timestamp)\" hostname=\"trialcheck\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"0\">\n"
    }

    private func properties(_ check: AuditReport.CheckSummary) -> String {
        "    <properties>\n"
            + "      <property name=\"criterion\" value=\"\(e(check.criterion))\"/>\n"
            + "      <property name=\"severity\" value=\"\(check.severity.rawValue)\"/>\n"
            + "      <property name=\"kind\" value=\"\(e(check.kind))\"/>\n"
            + "      <property name=\"fail-on\" value=\"\(failOn.rawValue)\"/>\n"
            + "    </properties>\n"
    }

    /// Why a finding that does not fail the gate does not.
    private func skipReason(_ finding: AuditReport.Finding) -> String {
        if let waiver = finding.waiver { return "waived: \(waiver.reason) (approved by \(waiver.approvedBy))" }
        if finding.isNew == false { return "unchanged since the baseline: \(finding.status.rawValue): \(finding.message)" }
        return "\(finding.status.rawValue), below --fail-on \(failOn.rawValue): \(finding.message)"
    }

    private func detail(_ finding: AuditReport.Finding) -> String {
        ([finding.message] + finding.evidence.map { "\($0.name): \($0.value)" } + [finding.location.map { "at \($0)" } ?? ""])
            .filter { !$0.isEmpty }.joined(separator: "\n")
    }

    private func writePerPatient(_ check: AuditReport.CheckSummary, findings: [AuditReport.Finding], report: AuditReport, id: Int, to output: ReportOutput) {
        let package = e(report.protocol.id)
        var byPatient: [String: AuditReport.Finding] = [:]
        for finding in findings where byPatient[finding.patient] == nil { byPatient[finding.patient] = finding }
        var failures = 0
        var skipped = 0
        for patient in report.patientIDs {
            guard let finding = byPatient[patient] else { continue }
            if report.fails(finding, at: failOn) { failures += 1 } else { skipped += 1 }
        }
        output.write(suiteHead(report, id: id, name: check.id, tests: report.patientIDs.count, failures: failures, errors: 0, skipped: skipped))
        output.write(properties(check))
        for patient in report.patientIDs {
            let name = "name=\"\(e(patient))\" classname=\"\(package).\(e(check.id))\" time=\"0\""
            guard let finding = byPatient[patient] else {
                output.write("    <testcase \(name)/>\n")
                continue
            }
            if report.fails(finding, at: failOn) {
                output.write("    <testcase \(name)>\n      <failure message=\"\(e(finding.message))\" type=\"\(finding.status.rawValue)\">\(e(detail(finding)))</failure>\n    </testcase>\n")
            } else {
                output.write("    <testcase \(name)>\n      <skipped message=\"\(e(skipReason(finding)))\"/>\n    </testcase>\n")
            }
        }
        output.write("    <system-out/>\n    <system-err/>\n  </testsuite>\n")
    }

    private func writePerCheck(_ check: AuditReport.CheckSummary, findings: [AuditReport.Finding], report: AuditReport, id: Int, to output: ReportOutput) {
        let failing = findings.filter { report.fails($0, at: failOn) }
        let others = findings.filter { !report.fails($0, at: failOn) }
        output.write(suiteHead(report, id: id, name: check.id, tests: 1, failures: failing.isEmpty ? 0 : 1, errors: 0, skipped: 0))
        output.write(properties(check))
        let name = "name=\"\(e(check.id))\" classname=\"\(e(report.protocol.id)).\(e(check.id))\" time=\"0\""
        if failing.isEmpty {
            output.write("    <testcase \(name)/>\n")
        } else {
            let patients = Set(failing.map(\.patient)).count
            let message = "\(patients) of \(check.evaluated) patient\(check.evaluated == 1 ? "" : "s") fail at --fail-on \(failOn.rawValue)"
            let text = failing.map { "\($0.patient): \($0.status.rawValue): \(detail($0))" }.joined(separator: "\n\n")
            output.write("    <testcase \(name)>\n      <failure message=\"\(e(message))\" type=\"\(failOn.rawValue)\">\(e(text))</failure>\n    </testcase>\n")
        }
        if others.isEmpty {
            output.write("    <system-out/>\n")
        } else {
            let text = others.map { "\($0.patient): \(skipReason($0))" }.joined(separator: "\n")
            output.write("    <system-out>\(e(text))</system-out>\n")
        }
        output.write("    <system-err/>\n  </testsuite>\n")
    }
}
