import TrialCheckCore

/// What a quality tolerance limit measures: a share of patients or of verdicts, counted
/// over the whole study and over each site (ICH E6(R3) risk-based quality management).
public enum QualityMeasure: String, Sendable, Codable, CaseIterable {
    /// Patients with at least one deviation (of the limit's category or check, if it names one).
    case patientsWithDeviation = "patients-with-deviation"
    /// Patients with at least one not-evaluable verdict (data the audit needed was missing).
    case patientsWithMissingData = "patients-with-missing-data"
    /// Not-evaluable verdicts among all verdicts.
    case notEvaluableVerdicts = "not-evaluable-verdicts"
    /// Verdicts left undecided (not evaluable or indeterminate) among all verdicts.
    case undecidedVerdicts = "undecided-verdicts"

    /// What the measure counts a share of.
    public var unit: Unit {
        switch self {
        case .patientsWithDeviation, .patientsWithMissingData: .patients
        case .notEvaluableVerdicts, .undecidedVerdicts: .verdicts
        }
    }

    /// What a measure's share is of.
    public enum Unit: String, Sendable, Codable {
        case patients, verdicts
    }

    /// The measure in a phrase, for reports and the docs.
    public var phrase: String {
        switch self {
        case .patientsWithDeviation: "patients with a deviation"
        case .patientsWithMissingData: "patients with a not-evaluable verdict"
        case .notEvaluableVerdicts: "not-evaluable verdicts"
        case .undecidedVerdicts: "not-evaluable or indeterminate verdicts"
        }
    }

    /// The measure with the filter a limit puts on it, in a phrase
    /// ("patients with a deviation (eligibility)").
    public func phrase(category: CheckCategory?, check: String?) -> String {
        let filter = [category?.rawValue, check.map { "check \($0)" }].compactMap { $0 }
        return filter.isEmpty ? phrase : "\(phrase) (\(filter.joined(separator: ", ")))"
    }

    /// Whether one patient's verdicts count toward the measure: for a patient measure, 1 or 0;
    /// for a verdict measure, the number of its verdicts that count.
    /// - Parameter selected: which checks (by protocol index) the limit is about.
    func numerator(of verdicts: [Verdict], selected: [Bool]) -> Int {
        var count = 0
        for (index, verdict) in verdicts.enumerated() where selected[index] {
            switch self {
            case .patientsWithDeviation: if verdict == .deviation { return 1 }
            case .patientsWithMissingData: if verdict == .notEvaluable { return 1 }
            case .notEvaluableVerdicts: if verdict == .notEvaluable { count += 1 }
            case .undecidedVerdicts: if verdict == .notEvaluable || verdict == .indeterminate { count += 1 }
            }
        }
        return count
    }

    /// What one patient adds to the measure's denominator.
    func denominator(selected: [Bool]) -> Int {
        switch unit {
        case .patients: 1
        case .verdicts: selected.count { $0 }
        }
    }
}

/// One quality tolerance limit a protocol declares: a measure that must stay at or below a
/// threshold over the study and, where it applies per site, at each site large enough.
public struct QualityToleranceLimit: Sendable, Hashable {
    /// The limit's id (its rule id is `qtl/<id>`).
    public let id: String
    /// What the limit guards, in a sentence.
    public let title: String
    /// What is counted.
    public let measure: QualityMeasure
    /// Only checks of this category count, when given.
    public let category: CheckCategory?
    /// Only this check counts, when given.
    public let check: String?
    /// The largest share allowed (0-1): a rate above it breaches the limit; one equal to it does not.
    public let threshold: Double
    /// Whether the limit is applied to each site as well as to the study.
    public let perSite: Bool
    /// The fewest patients the study, or a site, needs for the limit to be judged there: a
    /// rate over a handful of patients says nothing of the study's quality.
    public let minimumPatients: Int
    /// Where the limit is written in the protocol.
    public let location: SourceLocation

    /// Creates a limit.
    public init(
        id: String, title: String, measure: QualityMeasure, category: CheckCategory? = nil, check: String? = nil,
        threshold: Double, perSite: Bool = true, minimumPatients: Int = QualityToleranceLimit.defaultMinimumPatients,
        location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.measure = measure
        self.category = category
        self.check = check
        self.threshold = threshold
        self.perSite = perSite
        self.minimumPatients = minimumPatients
        self.location = location
    }

    /// The fewest patients, unless the limit says otherwise.
    public static let defaultMinimumPatients = 10

    /// The rule id of the limit's breaches in SARIF, JUnit and CSV.
    public var ruleID: String { "qtl/\(id)" }

    /// Which of `checks` the limit counts.
    func selects(_ checks: [ConfiguredCheck]) -> [Bool] {
        checks.map { configured in
            (category == nil || configured.category == category) && (check == nil || configured.id == check)
        }
    }

}

/// A protocol's `quality_tolerance_limits:` section: its limits, and the anchor from which
/// the site risk indicators count the days to enrollment.
public struct QualityPlan: Sendable {
    /// The limits, in protocol order.
    public let limits: [QualityToleranceLimit]
    /// The point of a patient's history the days-to-enrollment indicator counts from.
    public let enrollmentAnchor: TimelineAnchor?

    /// Creates a plan.
    public init(limits: [QualityToleranceLimit], enrollmentAnchor: TimelineAnchor?) {
        self.limits = limits
        self.enrollmentAnchor = enrollmentAnchor
    }
}
