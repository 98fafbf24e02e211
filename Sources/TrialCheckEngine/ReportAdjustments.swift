import Foundation
import TrialCheckCore

extension AuditReport {
    /// Marks the findings that valid waivers cover, and records what came of each waiver.
    ///
    /// A waiver covers every finding of its patient and check. One that expired before
    /// `asOf` covers nothing (the finding counts again) and is reported as expired; one
    /// that matches no finding is reported as unmatched.
    public mutating func apply(waivers: [Waiver], asOf: CalendarDay) {
        // One pass over the findings: which waivers match a finding, and how many findings
        // of each match have no waiver yet.
        let wanted = Set(waivers.map { Waiver.key(patient: $0.patient, check: $0.check) })
        var unwaived: [String: Int] = [:]
        for finding in allFindings {
            let key = finding.waiverKey
            guard wanted.contains(key) else { continue }
            unwaived[key, default: 0] += finding.waiver == nil ? 1 : 0
        }
        var outcomes: [WaiverOutcome] = []
        var applying: [String: Waiver] = [:]
        for waiver in waivers {
            let key = Waiver.key(patient: waiver.patient, check: waiver.check)
            let expired = waiver.expires.flatMap { PartialDate(iso8601: $0) }.map { $0.span.last < asOf } ?? false
            if unwaived[key] == nil {
                outcomes.append(WaiverOutcome(waiver: waiver, status: .unmatched))
            } else if expired {
                outcomes.append(WaiverOutcome(waiver: waiver, status: .expired))
            } else {
                // The first valid waiver of a patient and check covers its findings.
                if applying[key] == nil { applying[key] = waiver }
                outcomes.append(WaiverOutcome(waiver: waiver, status: .applied))
            }
        }
        adjustFindings(.waive(applying))
        self.waivers = outcomes
        summary.waived = applying.keys.reduce(0) { $0 + (unwaived[$1] ?? 0) }
    }

    /// Marks each finding new or not against a baseline report (by patient, check and
    /// status), and counts the baseline's findings this audit no longer has.
    ///
    /// Call ``baselineMismatch(_:)`` first: a baseline of another protocol or id scheme
    /// would mark every finding new and every baseline finding resolved.
    public mutating func compare(toBaseline baseline: AuditReport, path: String) {
        let before = Set(baseline.allFindings.map(\.key))
        var kept: Set<String> = []
        var new = 0
        var unchanged = 0
        for finding in allFindings {
            let key = finding.key
            if before.contains(key) {
                kept.insert(key)
                unchanged += 1
            } else {
                new += 1
            }
        }
        adjustFindings(.compare(baselineKeys: before))
        summary.new = new
        var resolved: [Finding] = []
        var listed: Set<String> = []
        for finding in baseline.allFindings where !kept.contains(finding.key) && listed.insert(finding.key).inserted {
            var finding = finding
            finding.isNew = nil
            resolved.append(finding)
        }
        self.baseline = BaselineSummary(path: path, new: new, resolved: resolved.count, resolvedFindings: resolved, unchanged: unchanged)
    }

    /// Why `baseline` cannot be compared with an audit of `protocolID` whose ids follow
    /// `idScheme` (``IDScheme``): another protocol, or other ids (raw against pseudonymized,
    /// or another key). `nil` when it can. A baseline written before reports recorded
    /// their id scheme is compared on its protocol alone.
    public static func baselineMismatch(_ baseline: AuditReport, protocolID: String, idScheme: String) -> String? {
        if baseline.protocol.id != protocolID {
            return "the baseline is a report of protocol \(baseline.protocol.id), this audit is of \(protocolID): compare reports of one protocol"
        }
        if let theirs = baseline.idScheme, theirs != idScheme {
            return "the baseline's patient ids are \(IDScheme.describe(theirs)), this audit's are \(IDScheme.describe(idScheme)): no finding could match (audit with the baseline's pseudonymization key, or without one)"
        }
        return nil
    }

    /// Replaces every patient id with a keyed hash (HMAC-SHA256, 16 hex digits), so the
    /// report can leave the site. The same key gives the same pseudonyms, so reports stay
    /// comparable (baselines, merges) without revealing ids.
    ///
    /// Every raw id the audit met (patients audited, rejected, waived or named by a
    /// diagnostic, and the ids FHIR references name: `Patient/<id>`, `urn:uuid:<uuid>`) is
    /// also replaced wherever it stands as a whole token in the report's text: finding
    /// messages and evidence, rejection reasons, input notes, data coverage, diagnostics
    /// and waiver reasons (see ``IDScrubber``).
    public mutating func pseudonymize(key: [UInt8]) {
        let pseudonymizer = Pseudonymizer(key: key)
        idScheme = IDScheme.pseudonymized(key: key)
        let pseudonym = pseudonymizer.pseudonym
        let scrubber = IDScrubber(ids: rawIDs(), pseudonym: pseudonym)
        adjustFindings(.pseudonymize(pseudonymizer, scrubber))
        adjustResolvedFindings(.pseudonymize(pseudonymizer, scrubber))
        rejected = rejected.map { rejection in
            RecordRejection(location: rejection.location, reason: scrubber.scrub(rejection.reason),
                            patient: rejection.patient.map(pseudonym))
        }
        waivers = waivers?.map { outcome in
            var outcome = outcome
            outcome.waiver.patient = pseudonym(outcome.waiver.patient)
            outcome.waiver.reason = scrubber.scrub(outcome.waiver.reason)
            return outcome
        }
        inputs = inputs.map { input in
            var input = input
            input.notes = input.notes?.map(scrubber.scrub)
            return input
        }
        if var scrubbed = coverage {
            for input in scrubbed.inputs.indices {
                for element in scrubbed.inputs[input].elements.indices {
                    scrubbed.inputs[input].elements[element].value = scrubber.scrub(scrubbed.inputs[input].elements[element].value)
                    scrubbed.inputs[input].elements[element].reason = scrubber.scrub(scrubbed.inputs[input].elements[element].reason)
                    scrubbed.inputs[input].elements[element].suggestion = scrubbed.inputs[input].elements[element].suggestion.map(scrubber.scrub)
                }
            }
            coverage = scrubbed
        }
        diagnostics = diagnostics.map { Self.pseudonymized($0, with: pseudonym, scrubber: scrubber) }
        patientIDs = patientIDs.map(pseudonym)
        timelines = Dictionary(timelines.map { (pseudonym($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every raw patient id the report holds or names (see ``pseudonymize(key:)``).
    private func rawIDs() -> Set<String> {
        var ids = Set(patientIDs)
        ids.formUnion(timelines.keys)
        var texts: [String] = []
        for rejection in rejected {
            texts.append(rejection.reason)
            if let patient = rejection.patient {
                ids.insert(patient)
                texts.append(patient)
            }
        }
        for waiver in waivers ?? [] { ids.insert(waiver.waiver.patient) }
        for diagnostic in diagnostics ?? [] {
            if let patient = diagnostic.patient { ids.insert(patient) }
            texts.append(diagnostic.message)
        }
        for input in inputs { texts += input.notes ?? [] }
        for input in coverage?.inputs ?? [] {
            for element in input.elements { texts += [element.value, element.reason] }
        }
        for finding in Array(allFindings) + (baseline?.resolvedFindings ?? []) {
            ids.insert(finding.patient)
            texts.append(finding.message)
            texts += finding.evidence.map(\.value)
        }
        for text in texts { ids.formUnion(IDScrubber.referencedIDs(in: text)) }
        return ids
    }

    /// Generalizes the dates in every finding's evidence (``DateGeneralization``), so a
    /// pseudonymized report carries no full birth date.
    public mutating func generalizeDates(_ generalization: DateGeneralization) {
        adjustFindings(.generalizeDates(generalization))
        adjustResolvedFindings(.generalizeDates(generalization))
    }

    /// Applies `adjustment` to the baseline's findings this audit no longer has.
    private mutating func adjustResolvedFindings(_ adjustment: FindingAdjustment) {
        guard var resolved = baseline?.resolvedFindings else { return }
        for index in resolved.indices { adjustment.apply(to: &resolved[index]) }
        baseline?.resolvedFindings = resolved
    }

    /// Moves every date the report writes for a patient by a keyed per-patient shift
    /// (``DateShift``, `--generalize-dates shift`): finding messages, evidence, dates,
    /// windows and waiver reasons, the patient's rejection reasons and diagnostics, and
    /// its timeline. Intervals within a patient stay exact. A rejection that names no
    /// patient has no shift: its dates are written as their year. Call after
    /// ``pseudonymize(key:)`` with the same key: shifts are keyed by pseudonym.
    public mutating func shiftDates(key: [UInt8]) {
        let shift = DateShift(key: key)
        adjustFindings(.shiftDates(shift))
        rejected = rejected.map { rejection in
            let reason = rejection.patient.map { DateShift.shift(rejection.reason, by: shift.days(for: $0)) }
                ?? DateShift.yearsOnly(rejection.reason)
            return RecordRejection(location: rejection.location, reason: reason, patient: rejection.patient)
        }
        diagnostics = diagnostics?.map { diagnostic in
            var diagnostic = diagnostic
            diagnostic.message = diagnostic.patient.map { DateShift.shift(diagnostic.message, by: shift.days(for: $0)) }
                ?? DateShift.yearsOnly(diagnostic.message)
            return diagnostic
        }
        timelines = timelines.reduce(into: [:]) { shifted, entry in
            shifted[entry.key] = entry.value.shifted(by: shift.days(for: entry.key))
        }
    }

    /// Diagnostics with patient ids replaced. A plugin's standard error may name patients
    /// in any form, so its lines are withheld (one note per check says how many).
    private static func pseudonymized(_ diagnostics: [Diagnostic], with pseudonym: (String) -> String, scrubber: IDScrubber) -> [Diagnostic] {
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
            diagnostic.message = scrubber.scrub(diagnostic.message.replacingPatient(diagnostic.patient, with: pseudonym))
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
