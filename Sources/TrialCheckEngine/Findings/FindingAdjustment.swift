import Crypto

/// A change made to every finding of a report after the audit (waivers, pseudonyms, a
/// baseline): applied at once to findings in memory, and to spilled findings as they are
/// read back, so both see the same changes in the same order.
enum FindingAdjustment: Sendable {
    /// Attaches to each finding without a waiver the waiver for its patient and check
    /// (keyed by ``AuditReport/Finding/waiverKey``).
    case waive([String: Waiver])
    /// Replaces patient ids with their pseudonyms, in the patient field and wherever the
    /// finding's text (message, evidence values) names one.
    case pseudonymize(Pseudonymizer, IDScrubber)
    /// Generalizes the dates in evidence (``DateGeneralization``).
    case generalizeDates(DateGeneralization)
    /// Moves every date the finding writes (message, evidence, date, window, waiver
    /// reason) by its patient's shift (``DateShift``).
    case shiftDates(DateShift)
    /// Marks each finding new unless its ``AuditReport/Finding/key`` is among the baseline's.
    case compare(baselineKeys: Set<String>)

    /// Applies the adjustment to `finding`.
    func apply(to finding: inout AuditReport.Finding) {
        switch self {
        case .waive(let waivers):
            if finding.waiver == nil, let waiver = waivers[finding.waiverKey] { finding.waiver = waiver }
        case .pseudonymize(let pseudonymizer, let scrubber):
            finding.patient = pseudonymizer.pseudonym(finding.patient)
            finding.message = scrubber.scrub(finding.message)
            finding.evidence = finding.evidence.map(scrubber.scrub)
            if let waiver = finding.waiver {
                finding.waiver?.patient = pseudonymizer.pseudonym(waiver.patient)
                finding.waiver?.reason = scrubber.scrub(waiver.reason)
            }
        case .generalizeDates(let generalization):
            finding.evidence = finding.evidence.map(generalization.generalize)
        case .shiftDates(let shift):
            let days = shift.days(for: finding.patient)
            finding.message = DateShift.shift(finding.message, by: days)
            finding.evidence = finding.evidence.map { DateShift.shift($0, by: days) }
            finding.date = finding.date.map { DateShift.shift($0, by: days) }
            finding.window = finding.window.flatMap { DateShift.shift($0, by: days) }
            if let waiver = finding.waiver { finding.waiver?.reason = DateShift.shift(waiver.reason, by: days) }
        case .compare(let baselineKeys):
            finding.isNew = !baselineKeys.contains(finding.key)
        }
    }
}

/// Pseudonyms for patient ids: a keyed hash (HMAC-SHA256, 16 hex digits after `P-`).
struct Pseudonymizer: Sendable {
    private let key: [UInt8]

    /// Pseudonyms under `key`.
    init(key: [UInt8]) {
        self.key = key
    }

    /// The pseudonym of `id`.
    func pseudonym(_ id: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(id.utf8), using: SymmetricKey(data: key))
        return "P-" + code.prefix(8).lowercaseHex
    }
}

extension AuditReport.Finding {
    /// The finding's patient and check, as waivers match findings.
    var waiverKey: String { Waiver.key(patient: patient, check: check) }
}

extension Waiver {
    /// The key of the findings a waiver for `patient` and `check` covers.
    static func key(patient: String, check: String) -> String { "\(patient)\u{1F}\(check)" }
}
