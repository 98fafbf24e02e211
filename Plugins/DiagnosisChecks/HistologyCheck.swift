import TrialCheckCore

/// `histology`: every diagnosis on or before enrollment that records a histology records
/// an allowed one (or a synonym of one).
///
/// An eligibility check at enrollment: a finding is dated on the enrollment date.
public struct HistologyCheck: Check {
    /// The allowed histologies.
    public static let allowed = Parameter<[String]>(required: "allowed", "list of terms", "Allowed histologies (`[squamous cell carcinoma]`).")
    /// Other names for allowed histologies: allowed term -> its synonyms.
    public static let synonyms = Parameter<[String: [String]]>(
        "synonyms", "mapping of term to list of terms", default: [:],
        "Other names a record may use for an allowed histology (`{squamous cell carcinoma: [SCC, ESCC]}`)."
    )

    public static let identifier = "histology"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Histology",
        summary: """
            Every `diagnosis` dated on or before enrollment (undated diagnoses count) that \
            records a `histology` records one of `allowed` or one of its `synonyms`: an exact \
            match, case-insensitive, trimmed (a variant not listed is not allowed). A second \
            primary with another histology is a deviation naming it; several histologies in \
            one diagnosis (a list) must all be allowed. No diagnosis on or before enrollment, \
            or none with a histology, is not-evaluable; a disallowed histology whose partial \
            diagnosis date may fall after enrollment is indeterminate, as is an allowed one \
            when no diagnosis is certainly before enrollment.
            """,
        parameters: [allowed, synonyms],
        exampleParameters: "allowed: [squamous cell carcinoma]\nsynonyms:\n  squamous cell carcinoma: [SCC, ESCC, esophageal squamous cell carcinoma]",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, histology: squamous cell carcinoma, stage: III}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, histology: ESCC}]}",
        ],
        deviatingExamples: [
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, histology: adenocarcinoma}]}",
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: diagnosis, date: 2025-08-04, histology: SCC}, {type: diagnosis, date: 2023-02-10, histology: small cell carcinoma}]}",
        ],
        inputs: .events(.diagnosis, keys: ["histology"])
    )

    private let matcher: TermMatcher

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let terms = try parameters[Self.allowed]
        let synonyms = try parameters[Self.synonyms]
        matcher = try TermMatcher(
            allowed: terms, synonyms: synonyms, allowedName: "allowed", synonymsName: "synonyms"
        )
    }

    private struct Finding: Sendable {
        let record: DiagnosisRecord
        let written: String
        let term: String?

        var evidence: Evidence {
            let value = term.map { Term.key($0) == Term.key(written) ? written : "\(written) (\($0))" } ?? written
            return Evidence("histology (diagnosis \(record.dates))", value, from: record.event)
        }
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let context = [Evidence.enrollmentDate(of: patient)]
        let considered = DiagnosisRecord.considered(in: patient)
        guard !considered.isEmpty else {
            return DiagnosisRecord.noneConsidered(in: patient, subject: "the histology")
        }
        let findings = considered.flatMap { record in
            record.event.strings("histology").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.map {
                Finding(record: record, written: $0, term: matcher.match($0))
            }
        }
        guard !findings.isEmpty else {
            return .notEvaluable(
                "No histology is recorded on the diagnosis on or before enrollment (\(considered.map(\.dates).joined(separator: ", "))).",
                evidence: considered.map { Evidence("diagnosis date", $0.dates, from: $0.event) } + context
            )
        }
        var evidence: [Evidence] { findings.map(\.evidence) + context }
        let matched = findings.filter { $0.term != nil }
        let unmatched = findings.filter { $0.term == nil }
        let definite = unmatched.filter { $0.record.onOrBeforeEnrollment == .yes }
        if !definite.isEmpty {
            let names = definite.map { "'\($0.written)' (diagnosis \($0.record.dates))" }
            let besides = matched.first.map { "; the diagnosis \($0.record.dates) records '\($0.written)'" } ?? ""
            return .deviation(
                "Histology \(names.joined(separator: ", ")) is not among the allowed \(matcher.listed)\(besides).",
                evidence: evidence
            )
        }
        if !unmatched.isEmpty {
            let names = unmatched.map { "'\($0.written)' (\($0.record.dates))" }
            return .indeterminate(
                "Partial dates leave it open whether the diagnosis of \(names.joined(separator: ", ")) is on or before enrollment; only \(matcher.listed) is allowed.",
                evidence: evidence
            )
        }
        guard matched.contains(where: { $0.record.onOrBeforeEnrollment == .yes }) else {
            let dates = matched.map(\.record.dates)
            return .indeterminate(
                "Partial dates leave it open whether the diagnosis (\(dates.joined(separator: ", "))) is on or before enrollment.",
                evidence: evidence
            )
        }
        // A pass is written only if a report reads it.
        return .pass { [matcher] in
            // Few names: comparing their keys beats hashing them.
            var keys: [String] = []
            let names = matched.map(\.written).filter { name in
                let key = Term.key(name)
                guard !keys.contains(key) else { return false }
                keys.append(key)
                return true
            }
            return "Histology \(Term.quotedList(names)) is allowed (\(matcher.listed))."
        } evidence: {
            findings.map(\.evidence) + context
        }
    }
}
