/// What kind of protocol deviation a check's violation is. It decides the CDISC SDTM DV
/// coding of a deviation (category, coded term, epoch) and groups reports.
///
/// Protocol files may set it per check (`category: treatment`); otherwise a criterion
/// that starts with "Inclusion" or "Exclusion" is `eligibility`, and any other `procedure`.
public enum CheckCategory: String, Codable, Sendable, CaseIterable {
    /// An inclusion or exclusion criterion not met.
    case eligibility
    /// Study treatment not given per protocol (dose, schedule, arm).
    case treatment
    /// Medication the protocol excludes was given.
    case excludedMedication = "excluded-medication"
    /// A study procedure not done per protocol (consent, assessments).
    case procedure
    /// A visit or assessment out of its window.
    case timing

    /// The category a criterion text implies.
    public static func inferred(fromCriterion criterion: String) -> CheckCategory {
        let lowered = criterion.lowercased()
        return lowered.hasPrefix("inclusion") || lowered.hasPrefix("exclusion") ? .eligibility : .procedure
    }

    /// SDTM DV `DVCAT` (the TransCelerate-derived categories; CDISC has no codelist).
    public var dvCategory: String {
        switch self {
        case .eligibility: "ELIGIBILITY CRITERIA NOT MET"
        case .treatment: "WRONG STUDY TREATMENT/ADMINISTRATION/DOSE"
        case .excludedMedication: "EXCLUDED MEDICATION, VACCINE OR DEVICE"
        case .procedure: "STUDY PROCEDURE"
        case .timing: "ASSESSMENT OR TIME POINT COMPLETION"
        }
    }

    /// SDTM DV `DVDECOD`.
    public var dvDecodedTerm: String {
        switch self {
        case .eligibility: "ELIGIBILITY CRITERIA NOT MET"
        case .treatment: "STUDY TREATMENT NOT ADMINISTERED PER PROTOCOL"
        case .excludedMedication: "MEDICATION, EXCLUDED BY THE PROTOCOL, WAS ADMINISTERED"
        case .procedure: "NONCOMPLIANCE WITH STUDY PROCEDURE"
        case .timing: "OUT OF WINDOW - TREATMENT ADMINISTRATION"
        }
    }

    /// SDTM `EPOCH` of the deviation's start (CDISC CT C99079).
    public var epoch: String {
        switch self {
        case .eligibility: "SCREENING"
        case .treatment, .excludedMedication, .timing: "TREATMENT"
        case .procedure: "SCREENING"
        }
    }
}
