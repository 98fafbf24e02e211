/// A problem injected into one patient's history (at most one per patient).
///
/// Modelled on the example cohort's generator (Examples/NCT07177794/generate.py): each case
/// makes one check of NCT07177794 deviate, or sits on the edge of a rule (a boundary pass,
/// an indeterminate partial date, data a check cannot evaluate).
public enum Scenario: String, CaseIterable, Sendable {
    // age
    /// Age 76-79 at enrollment (full birth date).
    case ageOver75 = "age-over-75"
    /// 76th birthday is the enrollment date: age 76.
    case age76thBirthdayOnEnrollment = "age-76th-birthday-on-enrollment"
    /// 18th birthday is the day after enrollment: age 17.
    case age17 = "age-17-18th-birthday-next-day"
    /// Birth date withheld, age: 77.
    case ageFieldOver75 = "age-field-over-75"
    /// 18th birthday is the enrollment date: age 18, passes.
    case age18thBirthdayOnEnrollment = "age-18th-birthday-on-enrollment"
    /// 76th birthday is the day after enrollment: age 75, passes.
    case age76thBirthdayNextDay = "age-76th-birthday-next-day"
    /// Birth date YYYY-MM whose month holds the 76th birthday on the enrollment date.
    case agePartialMonthStraddles76 = "age-partial-month-straddles-76"
    /// Birth date YYYY only: 75 or 76 at enrollment.
    case agePartialYearStraddles76 = "age-partial-year-straddles-76"
    /// Birth date YYYY-MM whose month holds the 18th birthday on the enrollment date.
    case agePartialMonthStraddles18 = "age-partial-month-straddles-18"
    // radiotherapy-dose
    /// 60 Gy in 30 fractions.
    case dose60Gy = "dose-60-gy"
    /// 5041 cGy: 0.01 Gy above the limit.
    case dose5041cGy = "dose-5041-cgy"
    /// 45 Gy in 25 fractions.
    case dose45Gy = "dose-45-gy"
    /// 54 Gy in 30 fractions.
    case dose54Gy = "dose-54-gy"
    /// 48.6 Gy in 27 fractions.
    case dose48_6Gy = "dose-48.6-gy"
    /// Two definitive courses: 50.4 Gy + 9 Gy boost = 59.4 Gy.
    case doseSplitCourse59_4Gy = "dose-split-course-59.4-gy"
    /// 50 Gy in 25 fractions (lower limit).
    case dose50Gy = "dose-50-gy"
    /// Two definitive courses in different units: 4140 cGy + 9 Gy = 50.4 Gy.
    case doseSplitCourse50_4Gy = "dose-split-course-50.4-gy"
    /// No radiotherapy recorded.
    case radiotherapyMissing = "radiotherapy-missing"
    /// Radiotherapy without dose.
    case radiotherapyWithoutDose = "radiotherapy-without-dose"
    /// Dose written as '50.4 mg'.
    case radiotherapyDoseInMg = "radiotherapy-dose-in-mg"
    // enrollment-window
    /// Enrolled on the day of the last fraction.
    case window0Days = "window-0-days"
    /// Enrolled 43 days after CRT.
    case window43Days = "window-43-days"
    /// Enrolled 45-70 days after CRT.
    case windowLate = "window-late"
    /// Enrolled 3 days before the last fraction.
    case windowBeforeLastFraction = "window-before-last-fraction"
    /// Enrolled the day after CRT.
    case window1Day = "window-1-day"
    /// Enrolled 42 days after CRT.
    case window42Days = "window-42-days"
    /// Radiotherapy end YYYY-MM; enrollment 15-25 days after that month: 42 days or fewer for a late end, more for an early one.
    case windowPartialEndStraddles42 = "window-partial-end-straddles-42"
    /// Radiotherapy end YYYY-MM in the enrollment month.
    case windowPartialEndStraddles1 = "window-partial-end-straddles-1"
    // no-adjuvant-therapy
    /// Adjuvant capecitabine after colon cancer surgery, years before.
    case adjuvantCapecitabineYearsEarlier = "adjuvant-capecitabine-years-earlier"
    /// Esophagectomy + adjuvant paclitaxel/cisplatin in 2021; CRT for recurrence.
    case adjuvantAfterPriorEsophagectomy = "adjuvant-after-prior-esophagectomy"
    /// Phase: adjuvant S-1 between CRT and enrollment.
    case adjuvantChemotherapyAfterCRT = "adjuvant-chemotherapy-after-crt"
    /// Salvage esophagectomy between CRT and enrollment.
    case surgeryAfterCRT = "surgery-after-crt"
    /// Consolidation paclitaxel/cisplatin between CRT and enrollment.
    case consolidationChemotherapyAfterCRT = "consolidation-chemotherapy-after-crt"
    /// Maintenance camrelizumab between CRT and enrollment.
    case maintenancePD1AfterCRT = "maintenance-pd1-after-crt"
    /// Palliative radiotherapy between CRT and enrollment.
    case palliativeRadiotherapyAfterCRT = "palliative-radiotherapy-after-crt"
    /// Chemotherapy with no phase between CRT and enrollment.
    case chemotherapyWithoutPhaseAfterCRT = "chemotherapy-without-phase-after-crt"
    /// Gastrostomy on the day of the last fraction (not after CRT completion).
    case surgeryOnCRTCompletionDay = "surgery-on-crt-completion-day"
    /// Surgery dated YYYY-MM, the month of CRT completion.
    case surgeryPartialDateStraddlesCRT = "surgery-partial-date-straddles-crt"
    // the protocol's other checks
    /// ECOG 3 at screening.
    case ecog3 = "ecog-3"
    /// Platelets 62-68 x10^9/L.
    case plateletsLow = "platelets-low"
    /// Platelets exactly 75 x10^9/L (passes).
    case platelets75 = "platelets-75"
    /// Hemoglobin 85 g/L.
    case hemoglobinLow = "hemoglobin-low"
    /// Hemoglobin 90 g/L = 9 g/dL (passes).
    case hemoglobin90 = "hemoglobin-90-g-per-l"
    /// Albumin 26 g/L.
    case albuminLow = "albumin-low"
    /// Bilirubin 2 x ULN.
    case bilirubinHigh = "bilirubin-high"
    /// 3D-CRT.
    case technique3DCRT = "technique-3d-crt"
    /// 50 Gy in 20 fractions (2.5 Gy per fraction).
    case fractionation2_5Gy = "fractionation-2.5-gy"
    /// Adenocarcinoma.
    case histologyAdenocarcinoma = "histology-adenocarcinoma"
    /// Stage IVB with liver metastasis.
    case stageIVBLiver = "stage-ivb-liver"
    /// 6 cycles of induction chemotherapy.
    case induction6Cycles = "induction-6-cycles"
    /// Concurrent S-1 alone.
    case concurrentSingleAgent = "concurrent-single-agent"
    /// Consent dated after enrollment.
    case consentAfterEnrollment = "consent-after-enrollment"
    /// Concurrent nimotuzumab (permitted by no-adjuvant-therapy, not by Exclusion 8).
    case nimotuzumabConcurrent = "nimotuzumab-concurrent"
    /// Response PD between CRT and enrollment.
    case progressionBeforeEnrollment = "progression-before-enrollment"
    /// Grade 2 radiation pneumonitis before enrollment.
    case radiationPneumonitisGrade2 = "radiation-pneumonitis-grade-2"
    /// Grade 3 immune-related hepatitis during induction PD-1 therapy.
    case immuneRelatedAEGrade3 = "immune-related-ae-grade-3"
    /// Active interstitial lung disease.
    case interstitialLungDisease = "interstitial-lung-disease"
    /// Esophageal fistula after CRT.
    case esophagealFistula = "esophageal-fistula"
    /// Toripalimab 200 mg (one patient every dose, one patient one dose).
    case toripalimab200mg = "toripalimab-200-mg"
    /// One toripalimab dose a week or two late (interval of 28-35 days).
    case toripalimabLateInterval = "toripalimab-late-interval"
    /// 17 toripalimab cycles.
    case toripalimab17Cycles = "toripalimab-17-cycles"
    /// Capecitabine 1000 mg BID.
    case capecitabine1000mg = "capecitabine-1000-mg"
    /// Capecitabine three weeks past one year.
    case capecitabineBeyondOneYear = "capecitabine-beyond-one-year"
    /// Arm B patient given toripalimab.
    case armBToripalimab = "arm-b-toripalimab"
    /// Arm B patient given capecitabine.
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
