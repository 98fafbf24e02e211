import TrialCheckCore

/// `no-metastasis`: no diagnosis on or before enrollment records a metastasis outside
/// the allowed sites.
///
/// An eligibility check at enrollment: a finding is dated on the enrollment date.
public struct NoMetastasisCheck: Check {
    /// The sites metastases may be at (`*` matches any text); every other site is forbidden.
    public static let allowedSites = Parameter<[String]>(
        "allowed_sites", "list of sites", default: ["*lymph-node*"],
        "Sites metastases may be at; `*` matches any text. Every other site is a deviation."
    )

    public static let identifier = "no-metastasis"

    public static let description = CheckDescription(
        kind: identifier,
        name: "No metastasis outside allowed sites",
        summary: """
            Deviation if a `diagnosis` dated on or before enrollment (undated diagnoses count) \
            lists in `metastases` a site that matches none of `allowed_sites`. Sites are an \
            allow-list, so a site nobody foresaw is a deviation rather than a silent pass; \
            names compare case-insensitively with spaces and underscores read as hyphens, and \
            `*` matches any text (`*lymph-node*`: every lymph-node site; `[]`: no metastasis \
            at all). The format makes `metastases` optional: a diagnosis without it counts as \
            no metastasis recorded, and the check passes saying so. No diagnosis on or before \
            enrollment, or a `metastases` value that is not a list of sites, is not-evaluable; \
            a forbidden site on a diagnosis whose partial date may fall after enrollment is \
            indeterminate.
            """,
        parameters: [allowedSites],
        exampleParameters: "allowed_sites: [\"*lymph-node*\"]",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, stage: III}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, stage: IVB, metastases: [supraclavicular-lymph-node]}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, stage: IVB, metastases: [liver]}]}",
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, stage: IVB, metastases: [celiac-lymph-node, Lung]}]}",
        ],
        inputs: .events(.diagnosis, keys: ["metastases"])
    )

    private let allowed: [SitePattern]

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let sites = try parameters[Self.allowedSites]
        var allowed: [SitePattern] = []
        for site in sites {
            allowed.append(try SitePattern(site, parameter: "allowed_sites"))
        }
        self.allowed = allowed
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let context = [Evidence.enrollmentDate(of: patient)]
        let considered = DiagnosisRecord.considered(in: patient)
        guard !considered.isEmpty else {
            return DiagnosisRecord.noneConsidered(in: patient, subject: "metastases at diagnosis")
        }
        var forbidden: [(record: DiagnosisRecord, sites: [String])] = []
        var unreadable: [(record: DiagnosisRecord, value: String)] = []
        var recorded: [String] = []
        for record in considered {
            switch record.metastases {
            case .notRecorded: continue
            case .unreadable(let value): unreadable.append((record, value))
            case .sites(let sites):
                recorded += sites
                let outside = sites.filter { !allowed.matchesAny($0) }
                if !outside.isEmpty { forbidden.append((record, outside)) }
            }
        }
        // The evidence and sentences are written only for what a report reads.
        @Sendable func evidence() -> [Evidence] {
            considered.map { record in
                record.event["metastases"].map { Evidence("metastases (diagnosis \(record.dates))", $0.display, from: record.event) }
                    ?? Evidence("diagnosis date (no metastases recorded)", record.dates, from: record.event)
            } + context
        }
        var allowedText: String { "allowed sites: \(allowed.listed)" }

        if let found = forbidden.first(where: { $0.record.onOrBeforeEnrollment == .yes }) {
            let more = forbidden.count > 1 ? "; \(forbidden.count - 1) more diagnosis also lists sites not allowed" : ""
            return .deviation(
                "The diagnosis \(found.record.dates) records metastasis to \(found.sites.joined(separator: ", ")), outside the \(allowedText)\(more).",
                evidence: evidence()
            )
        }
        if let bad = unreadable.first {
            return .notEvaluable(
                "The metastases '\(bad.value)' of the diagnosis \(bad.record.dates) are not a list of sites.",
                evidence: evidence()
            )
        }
        if let found = forbidden.first {
            return .indeterminate(
                "Partial dates leave it open whether the diagnosis \(found.record.dates), which records metastasis to \(found.sites.joined(separator: ", ")), is on or before enrollment (\(allowedText)).",
                evidence: evidence()
            )
        }
        guard considered.contains(where: { $0.onOrBeforeEnrollment == .yes }) else {
            return .indeterminate(
                "Partial dates leave it open whether the diagnosis \(considered.map(\.dates).joined(separator: ", ")) is on or before enrollment.",
                evidence: evidence()
            )
        }
        if recorded.isEmpty {
            return .pass { "No metastasis is recorded at diagnosis." } evidence: { evidence() }
        }
        let sites = recorded
        return .pass { [allowed] in
            "Metastases at diagnosis (\(sites.joined(separator: ", "))) are all at allowed sites (\(allowed.listed))."
        } evidence: {
            evidence()
        }
    }
}
