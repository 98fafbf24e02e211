import TrialCheckCore

/// What the HTML report needs to know of all findings before it writes any: counts, per
/// site and per check and site, from one pass over the findings (which are read back from
/// disk, not held). Its size grows with sites and checks, not with patients.
struct HTMLCensus {
    /// One site's findings.
    struct Site {
        /// The site's name (`nil`: patients without a site).
        let name: String?
        var patients = 0
        var deviation = 0
        var indeterminate = 0
        var notEvaluable = 0
        var waived = 0
        var new = 0
    }

    /// Findings in all.
    private(set) var findings = 0
    /// Patients with findings (each run of one patient's findings counts once; a report
    /// holds a patient's findings together).
    private(set) var patients = 0
    private(set) var hasWaived = false
    private(set) var hasNew = false
    /// The sites, in the order their first patient with findings comes.
    private(set) var sites: [Site] = []
    /// For each check id, the non-pass findings per site index.
    private(set) var bySiteAndCheck: [String: [Int: Int]] = [:]
    private var siteIndex: [String?: Int] = [:]

    init(_ report: AuditReport) {
        var current: String?
        var first = true
        for finding in report.allFindings {
            findings += 1
            hasWaived = hasWaived || finding.waiver != nil
            hasNew = hasNew || finding.isNew == true
            let index = self.index(of: finding.site)
            if first || finding.patient != current {
                first = false
                current = finding.patient
                patients += 1
                sites[index].patients += 1
            }
            switch finding.status {
            case .deviation: sites[index].deviation += 1
            case .indeterminate: sites[index].indeterminate += 1
            case .notEvaluable: sites[index].notEvaluable += 1
            case .pass: break
            }
            if finding.waiver != nil { sites[index].waived += 1 }
            if finding.isNew == true { sites[index].new += 1 }
            bySiteAndCheck[finding.check, default: [:]][index, default: 0] += 1
        }
    }

    /// The index of `site` in ``sites``, added if new.
    mutating func index(of site: String?) -> Int {
        if let index = siteIndex[site] { return index }
        sites.append(Site(name: site))
        siteIndex[site] = sites.count - 1
        return sites.count - 1
    }

    /// The index of a site already counted.
    func existingIndex(of site: String?) -> Int? {
        siteIndex[site]
    }
}

/// Anchors of patient sections (`patient-1`, `patient-2`, ...), in report order.
struct PatientAnchors {
    private var current: String?
    private var count = 0

    /// The anchor of `patient`'s section: a new one when the patient changes.
    mutating func anchor(for patient: String) -> String {
        if patient != current || count == 0 {
            current = patient
            count += 1
        }
        return "patient-\(count)"
    }
}

/// The findings grouped by patient as they are read (a patient's findings come together),
/// one patient's at a time.
enum PatientGroups {
    static func forEach(_ report: AuditReport, _ body: (_ patient: String, _ anchor: String, _ findings: [AuditReport.Finding]) -> Void) {
        var anchors = PatientAnchors()
        var group: [AuditReport.Finding] = []
        for finding in report.allFindings {
            if let first = group.first, first.patient != finding.patient {
                body(first.patient, anchors.anchor(for: first.patient), group)
                group.removeAll(keepingCapacity: true)
            }
            group.append(finding)
        }
        if let first = group.first { body(first.patient, anchors.anchor(for: first.patient), group) }
    }
}
