/// A problem injected into one patient's history (at most one per patient).
///
/// Modelled on the example cohort's generator (Examples/NCT07177794/generate.py): each case
/// makes one check of NCT07177794 deviate, or sits on the edge of a rule (a boundary pass,
/// an indeterminate partial date, data a check cannot evaluate).
public enum Scenario: String, CaseIterable, Sendable {
    // age
    case ageOver75 = "age-over-75"
    case age76thBirthdayOnEnrollment = "age-76th-birthday-on-enrollment"
    case age17 = "age-17-18th-birthday-next-day"
    case ageFieldOver75 = "age-field-over-75"
    case age18thBirthdayOnEnrollment = "age-18th-birthday-on-enrollment"
    case age76thBirthdayNextDay = "age-76th-birthday-next-day"
    case agePartialMonthStraddles76 = "age-partial-month-straddles-76"
    case agePartialYearStraddles76 = "age-partial-year-straddles-76"
    case agePartialMonthStraddles18 = "age-partial-month-straddles-18"
    // radiotherapy-dose
    case dose60Gy = "dose-60-gy"
    case dose5041cGy = "dose-5041-cgy"
    case dose45Gy = "dose-45-gy"
    case dose54Gy = "dose-54-gy"
    case dose48_6Gy = "dose-48.6-gy"
    case doseSplitCourse59_4Gy = "dose-split-course-59.4-gy"
    case dose50Gy = "dose-50-gy"
    case doseSplitCourse50_4Gy = "dose-split-course-50.4-gy"
    case radiotherapyMissing = "radiotherapy-missing"
    case radiotherapyWithoutDose = "radiotherapy-without-dose"
    case radiotherapyDoseInMg = "radiotherapy-dose-in-mg"
    // enrollment-window
    case window0Days = "window-0-days"
    case window43Days = "window-43-days"
    case windowLate = "window-late"
    case windowBeforeLastFraction = "window-before-last-fraction"
    case window1Day = "window-1-day"
    case window42Days = "window-42-days"
    case windowPartialEndStraddles42 = "window-partial-end-straddles-42"
    case windowPartialEndStraddles1 = "window-partial-end-straddles-1"
    // no-adjuvant-therapy
    case adjuvantCapecitabineYearsEarlier = "adjuvant-capecitabine-years-earlier"
    case adjuvantAfterPriorEsophagectomy = "adjuvant-after-prior-esophagectomy"
    case adjuvantChemotherapyAfterCRT = "adjuvant-chemotherapy-after-crt"
    case surgeryAfterCRT = "surgery-after-crt"
    case consolidationChemotherapyAfterCRT = "consolidation-chemotherapy-after-crt"
    case maintenancePD1AfterCRT = "maintenance-pd1-after-crt"
    case palliativeRadiotherapyAfterCRT = "palliative-radiotherapy-after-crt"
    case chemotherapyWithoutPhaseAfterCRT = "chemotherapy-without-phase-after-crt"
    case surgeryOnCRTCompletionDay = "surgery-on-crt-completion-day"
    case surgeryPartialDateStraddlesCRT = "surgery-partial-date-straddles-crt"
    // the protocol's other checks
    case ecog3 = "ecog-3"
    case plateletsLow = "platelets-low"
    case platelets75 = "platelets-75"
    case hemoglobinLow = "hemoglobin-low"
    case hemoglobin90 = "hemoglobin-90-g-per-l"
    case albuminLow = "albumin-low"
    case bilirubinHigh = "bilirubin-high"
    case technique3DCRT = "technique-3d-crt"
    case fractionation2_5Gy = "fractionation-2.5-gy"
    case histologyAdenocarcinoma = "histology-adenocarcinoma"
    case stageIVBLiver = "stage-ivb-liver"
    case induction6Cycles = "induction-6-cycles"
    case concurrentSingleAgent = "concurrent-single-agent"
    case consentAfterEnrollment = "consent-after-enrollment"
    case nimotuzumabConcurrent = "nimotuzumab-concurrent"
    case progressionBeforeEnrollment = "progression-before-enrollment"
    case radiationPneumonitisGrade2 = "radiation-pneumonitis-grade-2"
    case immuneRelatedAEGrade3 = "immune-related-ae-grade-3"
    case interstitialLungDisease = "interstitial-lung-disease"
    case esophagealFistula = "esophageal-fistula"
    case toripalimab200mg = "toripalimab-200-mg"
    case toripalimabLateInterval = "toripalimab-late-interval"
    case toripalimab17Cycles = "toripalimab-17-cycles"
    case capecitabine1000mg = "capecitabine-1000-mg"
    case capecitabineBeyondOneYear = "capecitabine-beyond-one-year"
    case armBToripalimab = "arm-b-toripalimab"
    case armBCapecitabine = "arm-b-capecitabine"

    /// How a scenario counts toward the generator's rates.
    public enum Tier: Sendable {
        /// A deviation of one of the four design checks (`--deviation-rate`).
        case designDeviation
        /// A boundary pass, an indeterminate or a not-evaluable case.
        case edge
        /// A deviation of one of the protocol's other checks.
        case otherDeviation
    }

    /// The check the scenario is aimed at.
    public var check: String {
        let name = rawValue
        if name.hasPrefix("age-") { return "age" }
        if name.hasPrefix("dose-") || name.hasPrefix("radiotherapy-") { return "radiotherapy-dose" }
        if name.hasPrefix("window-") { return "enrollment-window" }
        switch self {
        case .adjuvantCapecitabineYearsEarlier, .adjuvantAfterPriorEsophagectomy, .adjuvantChemotherapyAfterCRT,
             .surgeryAfterCRT, .consolidationChemotherapyAfterCRT, .maintenancePD1AfterCRT,
             .palliativeRadiotherapyAfterCRT, .chemotherapyWithoutPhaseAfterCRT, .surgeryOnCRTCompletionDay,
             .surgeryPartialDateStraddlesCRT:
            return "no-adjuvant-therapy"
        case .ecog3: return "ecog"
        case .plateletsLow, .platelets75: return "lab-platelets"
        case .hemoglobinLow, .hemoglobin90: return "lab-hemoglobin"
        case .albuminLow: return "lab-albumin"
        case .bilirubinHigh: return "lab-bilirubin"
        case .technique3DCRT: return "radiotherapy-technique"
        case .fractionation2_5Gy: return "radiotherapy-fractionation"
        case .histologyAdenocarcinoma: return "histology"
        case .stageIVBLiver: return "stage"
        case .induction6Cycles: return "induction-cycles"
        case .concurrentSingleAgent: return "concurrent-chemotherapy"
        case .consentAfterEnrollment: return "consent"
        case .nimotuzumabConcurrent: return "no-prior-targeted-therapy"
        case .progressionBeforeEnrollment: return "no-progression-after-crt"
        case .radiationPneumonitisGrade2: return "radiation-pneumonitis"
        case .immuneRelatedAEGrade3: return "immune-related-ae"
        case .interstitialLungDisease: return "excluded-conditions"
        case .esophagealFistula: return "no-fistula-or-hemorrhage"
        case .toripalimab200mg: return "toripalimab-dose"
        case .toripalimabLateInterval: return "toripalimab-interval"
        case .toripalimab17Cycles: return "toripalimab-max-cycles"
        case .capecitabine1000mg: return "capecitabine-dose"
        case .capecitabineBeyondOneYear: return "treatment-duration"
        case .armBToripalimab, .armBCapecitabine: return "arm-b-no-study-drug"
        default: return "none"
        }
    }

    /// What the scenario counts as.
    public var tier: Tier {
        switch self {
        case .ageOver75, .age76thBirthdayOnEnrollment, .age17, .ageFieldOver75,
             .dose60Gy, .dose5041cGy, .dose45Gy, .dose54Gy, .dose48_6Gy, .doseSplitCourse59_4Gy,
             .window0Days, .window43Days, .windowLate, .windowBeforeLastFraction,
             .adjuvantCapecitabineYearsEarlier, .adjuvantAfterPriorEsophagectomy, .adjuvantChemotherapyAfterCRT,
             .surgeryAfterCRT, .consolidationChemotherapyAfterCRT, .maintenancePD1AfterCRT,
             .palliativeRadiotherapyAfterCRT, .chemotherapyWithoutPhaseAfterCRT:
            return .designDeviation
        case .age18thBirthdayOnEnrollment, .age76thBirthdayNextDay, .agePartialMonthStraddles76,
             .agePartialYearStraddles76, .agePartialMonthStraddles18, .dose50Gy, .doseSplitCourse50_4Gy,
             .radiotherapyMissing, .radiotherapyWithoutDose, .radiotherapyDoseInMg, .window1Day, .window42Days,
             .windowPartialEndStraddles42, .windowPartialEndStraddles1, .surgeryOnCRTCompletionDay,
             .surgeryPartialDateStraddlesCRT, .platelets75, .hemoglobin90:
            return .edge
        default:
            return .otherDeviation
        }
    }

    /// The arm the scenario needs, if any.
    var arm: Arm? {
        switch self {
        case .toripalimab200mg, .toripalimabLateInterval, .toripalimab17Cycles, .capecitabine1000mg,
             .capecitabineBeyondOneYear:
            return .a
        case .armBToripalimab, .armBCapecitabine:
            return .b
        default:
            return nil
        }
    }

    /// How many patients of the example's 242 carry it: the relative weight within its tier.
    var weight: Int {
        switch self {
        case .ageOver75, .windowLate: 4
        case .dose50Gy: 3
        case .dose60Gy, .radiotherapyMissing, .radiotherapyWithoutDose, .ecog3, .plateletsLow, .technique3DCRT,
             .toripalimab200mg, .toripalimabLateInterval:
            2
        default: 1
        }
    }

    /// The scenarios of one tier and their weights, in declaration order.
    static func table(_ tier: Tier) -> (scenarios: [Scenario], weights: [Int]) {
        let scenarios = allCases.filter { $0.tier == tier }
        return (scenarios, scenarios.map(\.weight))
    }
}

/// A randomisation arm of NCT07177794.
enum Arm {
    /// Toripalimab + metronomic capecitabine.
    case a
    /// Observation.
    case b
}
