import TrialCheckCore

/// JUnit XML for CI systems: one test suite per check, one test case per patient per
/// check. Deviations are failures; indeterminate, not-evaluable and waived verdicts are
/// skipped with the reason; rejected records are errors in an `input` suite.
///
/// The output validates against the strict Ant JUnit XSD (a `testsuites` root whose
/// suites carry `package`, `id`, `timestamp`, `hostname`, `properties`, `system-out`
/// and `system-err`), which every common CI consumer also accepts.
public struct JUnitReporter: Reporter {
    public static let identifier = "junit"

    /// The suites' timestamp (ISO 8601 date-time without zone); fixed by the caller so the
    /// output stays a pure function of the report.
    public let timestamp: String

    /// A JUnit reporter stamping suites with `timestamp` (`2026-11-25T00:00:00`).
    public init(timestamp: String) {
        self.timestamp = timestamp
    }

    public func render(_ report: AuditReport) -> String {
        ReportOutput.collecting { write(report, to: $0) }
    }

    /// Writes the report, a test case at a time.
    public func write(_ report: AuditReport, to output: ReportOutput) {
        let escape = MarkupEscaping.escape
        let package = report.protocol.id
        var findingsByCheck: [String: [String: AuditReport.Finding]] = [:]
        for finding in report.allFindings {
            findingsByCheck[finding.check, default: [:]][finding.patient] = finding
        }
        output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n")
        for (index, check) in report.checks.enumerated() {
            let findings = findingsByCheck[check.id] ?? [:]
            // The suite's totals come before its cases.
            var failures = 0
            var skipped = 0
            for patient in report.patientIDs {
                guard let finding = findings[patient] else { continue }
                if finding.waiver == nil && finding.status == .deviation { failures += 1 } else { skipped += 1 }
            }
            var out = "  <testsuite package=\"\(escape(package))\" id=\"\(index)\" name=\"\(escape(check.id))\" timestamp=\"\(timestamp)\" hostname=\"trialcheck\" tests=\"\(report.patientIDs.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"0\">\n"
            out += "    <properties>\n"
            out += "      <property name=\"criterion\" value=\"\(escape(check.criterion))\"/>\n"
            out += "      <property name=\"severity\" value=\"\(check.severity.rawValue)\"/>\n"
            out += "      <property name=\"kind\" value=\"\(escape(check.kind))\"/>\n"
            out += "    </properties>\n"
            output.write(out)
            for patient in report.patientIDs {
                let name = "name=\"\(escape(patient))\" classname=\"\(escape(package)).\(escape(check.id))\" time=\"0\""
                guard let finding = findings[patient] else {
                    output.write("    <testcase \(name)/>\n")
                    continue
                }
                let detail = escape(([finding.message] + finding.evidence.map { "\($0.name): \($0.value)" }
                    + [finding.location.map { "at \($0)" } ?? ""]).filter { !$0.isEmpty }.joined(separator: "\n"))
                if let waiver = finding.waiver {
                    output.write("    <testcase \(name)>\n      <skipped message=\"\(escape("waived: \(waiver.reason) (approved by \(waiver.approvedBy))"))\"/>\n    </testcase>\n")
                } else if finding.status == .deviation {
                    output.write("    <testcase \(name)>\n      <failure message=\"\(escape(finding.message))\" type=\"deviation\">\(detail)</failure>\n    </testcase>\n")
                } else {
                    output.write("    <testcase \(name)>\n      <skipped message=\"\(escape("\(finding.status.rawValue): \(finding.message)"))\"/>\n    </testcase>\n")
                }
            }
            output.write("    <system-out/>\n    <system-err/>\n  </testsuite>\n")
        }
        if !report.rejected.isEmpty {
            output.write("  <testsuite package=\"\(escape(package))\" id=\"\(report.checks.count)\" name=\"input\" timestamp=\"\(timestamp)\" hostname=\"trialcheck\" tests=\"\(report.rejected.count)\" failures=\"0\" errors=\"\(report.rejected.count)\" skipped=\"0\" time=\"0\">\n")
            output.write("    <properties/>\n")
            for rejection in report.rejected {
                let name = escape(rejection.patient ?? rejection.location.description)
                output.write("    <testcase name=\"\(name)\" classname=\"\(escape(package)).input\" time=\"0\">\n")
                output.write("      <error message=\"\(escape(rejection.reason))\" type=\"rejected-record\">\(escape(rejection.location.description))</error>\n")
                output.write("    </testcase>\n")
            }
            output.write("    <system-out/>\n    <system-err/>\n  </testsuite>\n")
        }
        output.write("</testsuites>\n")
    }
}
