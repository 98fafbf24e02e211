import TrialCheckCore

/// `site-activation`: the patient was enrolled at a listed site while it was open, that is
/// on or after its activation day and, if it has closed to enrollment, on or before its
/// closing day.
///
/// A site the list does not name is a deviation (enrollment at a site the sponsor never
/// activated); a record with no site is not evaluable; a partial enrollment date that spans
/// the activation or closing day is indeterminate.
public struct SiteActivationCheck: Check {
    /// `sites`: the sites open to enrollment. Declared once: decoding, the catalogue and
    /// the protocol loader's unknown-key check all come from it.
    public static let sites = Parameter<[Site]>(
        required: "sites", "list of {site, activated, closed?}", "Each site's code, activation day and optional closing day."
    )

    /// One site and the days it was open to enrollment.
    public struct Site: Decodable, Sendable {
        /// The site code, as records write it in `site`.
        public var site: String
        /// The first day the site could enroll (ISO 8601, complete).
        public var activated: String
        /// The last day the site could enroll, if it has closed (ISO 8601, complete).
        public var closed: String?

        public init(site: String, activated: String, closed: String? = nil) {
            self.site = site
            self.activated = activated
            self.closed = closed
        }
    }

    public static let description = CheckDescription(
        kind: "site-activation",
        name: "Site open to enrollment",
        summary: """
            The record's `site` is one of `sites` and the enrollment date lies within its \
            activation (and, if given, closing) day. An unlisted site is a deviation; no site \
            is not-evaluable.
            """,
        parameters: [sites],
        exampleParameters: "sites:\n  - {site: BJ, activated: 2026-01-10}\n  - {site: SH, activated: 2026-02-01, closed: 2026-09-30}",
        passingExamples: [
            "{id: P1, site: BJ, enrollment: {date: 2026-01-10}}",
            "{id: P2, site: SH, enrollment: {date: 2026-09-30}}",
        ],
        deviatingExamples: [
            "{id: P3, site: BJ, enrollment: {date: 2026-01-09}}",
            "{id: P4, site: SH, enrollment: {date: 2026-10-01}}",
            "{id: P5, site: GZ, enrollment: {date: 2026-03-01}}",
        ],
        inputs: CheckInputs(fields: [.site, .enrollmentDate])
    )

    /// The days one site was open to enrollment.
    private struct OpenPeriod: Sendable {
        let activated: CalendarDay
        let closed: CalendarDay?

        var description: String {
            closed.map { "from \(activated) to \($0)" } ?? "from \(activated)"
        }

        /// Whether an enrollment on some day of `span` falls within the period.
        func contains(_ span: DaySpan) -> Truth {
            let afterOpening = !span.isBefore(DaySpan(activated))
            guard let closed else { return afterOpening }
            return afterOpening && !span.isAfter(DaySpan(closed))
        }
    }

    private let periods: [String: OpenPeriod]

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let sites = try parameters[Self.sites]
        guard !sites.isEmpty else { throw ParameterProblem("list at least one site", parameter: "sites") }
        var periods: [String: OpenPeriod] = [:]
        for site in sites {
            let activated = try Self.day(site.activated, named: "activated", of: site.site)
            var closed: CalendarDay?
            if let text = site.closed {
                let day = try Self.day(text, named: "closed", of: site.site)
                guard activated <= day else {
                    throw ParameterProblem("site '\(site.site)' closes (\(day)) before it opens (\(activated))", parameter: "sites")
                }
                closed = day
            }
            guard periods.updateValue(OpenPeriod(activated: activated, closed: closed), forKey: site.site) == nil else {
                throw ParameterProblem("site '\(site.site)' is listed twice", parameter: "sites")
            }
        }
        self.periods = periods
    }

    private static func day(_ text: String, named name: String, of site: String) throws(ParameterProblem) -> CalendarDay {
        guard let date = PartialDate(iso8601: text), date.isComplete else {
            throw ParameterProblem("site '\(site)': '\(name)' must be a complete date such as 2026-01-10, found '\(text)'", parameter: "sites")
        }
        return date.span.first
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let enrollment = Evidence.enrollmentDate(of: patient)
        guard let site = patient.site else {
            return .notEvaluable("No site is recorded.", evidence: [enrollment])
        }
        let evidence = [Evidence("site", site, at: patient.location(of: .site)), enrollment]
        guard let period = periods[site] else {
            let listed = periods.keys.sorted().joined(separator: ", ")
            return .deviation("Site \(site) is not a site open to enrollment (\(listed)).", evidence: evidence)
        }
        return .decide(
            period.contains(patient.enrollment.date.span),
            pass: "Enrolled at \(site) while it was open (\(period.description)).",
            deviation: "Enrolled at \(site) on \(patient.enrollment.date), outside the days it was open (\(period.description)).",
            indeterminate: "The partial enrollment date \(patient.enrollment.date) may fall outside the days \(site) was open (\(period.description)).",
            evidence: evidence
        )
    }
}
