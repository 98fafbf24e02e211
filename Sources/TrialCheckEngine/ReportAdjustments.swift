import Foundation
import Crypto
import TrialCheckCore

extension AuditReport {
    /// Marks the findings that valid waivers cover, and records what came of each waiver.
    ///
    /// A waiver covers every finding of its patient and check. One that expired before
    /// `asOf` covers nothing (the finding counts again) and is reported as expired; one
    /// that matches no finding is reported as unmatched.
    public mutating func apply(waivers: [Waiver], asOf: CalendarDay) {
        var outcomes: [WaiverOutcome] = []
        var waived = 0
        for waiver in waivers {
            let matching = findings.indices.filter { findings[$0].patient == waiver.patient && findings[$0].check == waiver.check }
            let expired = waiver.expires.flatMap { PartialDate(iso8601: $0) }.map { $0.span.last < asOf } ?? false
            if matching.isEmpty {
                outcomes.append(WaiverOutcome(waiver: waiver, status: .unmatched))
            } else if expired {
                outcomes.append(WaiverOutcome(waiver: waiver, status: .expired))
            } else {
                for index in matching where findings[index].waiver == nil {
                    findings[index].waiver = waiver
                    waived += 1
                }
                outcomes.append(WaiverOutcome(waiver: waiver, status: .applied))
            }
        }
        self.waivers = outcomes
        summary.waived = waived
    }

    /// Marks each finding new or not against a baseline report (by patient, check and
    /// status), and counts the baseline's findings this audit no longer has.
    public mutating func compare(toBaseline baseline: AuditReport, path: String) {
        let before = Set(baseline.findings.map(\.key))
        let now = Set(findings.map(\.key))
        var new = 0
        for index in findings.indices {
            let isNew = !before.contains(findings[index].key)
            findings[index].isNew = isNew
            if isNew { new += 1 }
        }
        summary.new = new
        self.baseline = BaselineSummary(path: path, new: new, resolved: before.subtracting(now).count)
    }

    /// Replaces every patient id with a keyed hash (HMAC-SHA256, 16 hex digits), so the
    /// report can leave the site. The same key gives the same pseudonyms, so reports stay
    /// comparable (baselines, merges) without revealing ids.
    public mutating func pseudonymize(key: [UInt8]) {
        let symmetricKey = SymmetricKey(data: key)
        func pseudonym(_ id: String) -> String {
            let code = HMAC<SHA256>.authenticationCode(for: Array(id.utf8), using: symmetricKey)
            return "P-" + code.prefix(8).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
        }
        for index in findings.indices {
            findings[index].patient = pseudonym(findings[index].patient)
            if let waiver = findings[index].waiver {
                findings[index].waiver?.patient = pseudonym(waiver.patient)
            }
        }
        rejected = rejected.map { rejection in
            RecordRejection(location: rejection.location, reason: rejection.reason.replacingPatient(rejection.patient, with: pseudonym),
                            patient: rejection.patient.map(pseudonym))
        }
        waivers = waivers?.map { outcome in
            var outcome = outcome
            outcome.waiver.patient = pseudonym(outcome.waiver.patient)
            return outcome
        }
        diagnostics = diagnostics.map { Self.pseudonymized($0, with: pseudonym) }
        patientIDs = patientIDs.map(pseudonym)
        timelines = Dictionary(timelines.map { (pseudonym($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Diagnostics with patient ids replaced. A plugin's standard error may name patients
    /// in any form, so its lines are withheld (one note per check says how many).
    private static func pseudonymized(_ diagnostics: [Diagnostic], with pseudonym: (String) -> String) -> [Diagnostic] {
        var result: [Diagnostic] = []
        var withheld: [String?: Int] = [:]
        for diagnostic in diagnostics {
            guard diagnostic.source != .stderr else {
                if withheld[diagnostic.check] == nil {
                    result.append(Diagnostic(check: diagnostic.check, level: .note, source: .stderr, message: ""))
                }
                withheld[diagnostic.check, default: 0] += 1
                continue
            }
            var diagnostic = diagnostic
            diagnostic.message = diagnostic.message.replacingPatient(diagnostic.patient, with: pseudonym)
            diagnostic.patient = diagnostic.patient.map(pseudonym)
            result.append(diagnostic)
        }
        return result.map { diagnostic in
            guard diagnostic.source == .stderr, let count = withheld[diagnostic.check] else { return diagnostic }
            var note = diagnostic
            note.message = "\(count) line\(count == 1 ? "" : "s") of the plugin's standard error withheld: the report is pseudonymized."
            return note
        }
    }

    /// Whether a finding fails the audit at `level`: not waived, new (when compared to a
    /// baseline), and at or above the level.
    public func fails(_ finding: Finding, at level: FailLevel) -> Bool {
        finding.waiver == nil && finding.isNew != false && level.fails(finding.status)
    }
}

extension String {
    /// The text with a patient id (quoted as `'id'`) replaced by its pseudonym.
    fileprivate func replacingPatient(_ id: String?, with pseudonym: (String) -> String) -> String {
        guard let id, !id.isEmpty else { return self }
        return replacingOccurrences(of: "'\(id)'", with: "'\(pseudonym(id))'")
    }
}
