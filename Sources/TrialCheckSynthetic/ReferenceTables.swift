/// The fixed vocabularies of the synthetic cohort: sites, regimens, stages, lab panels.
enum ReferenceTables {
    /// A site: code, patient-id prefix, share of patients, lab unit convention.
    struct Site {
        var code: StaticString
        var prefix: StaticString
        var weight: Int
        var labStyle: LabStyle
    }

    /// Which units a site's laboratory reports in.
    enum LabStyle {
        case si, conventional, mixed
    }

    static let sites: [Site] = [
        Site(code: "SYSUCC", prefix: "GZ", weight: 30, labStyle: .si),
        Site(code: "CHCAMS", prefix: "BJ", weight: 16, labStyle: .si),
        Site(code: "FUSCC", prefix: "SH", weight: 14, labStyle: .si),
        Site(code: "SCCH", prefix: "CD", weight: 14, labStyle: .si),
        Site(code: "HNCH", prefix: "ZZ", weight: 14, labStyle: .mixed),
        Site(code: "ZJCH", prefix: "HZ", weight: 12, labStyle: .conventional),
    ]
    static let siteWeights = sites.map(\.weight)

    static let inductionRegimens: [[StaticString]] = [
        ["paclitaxel", "cisplatin"], ["docetaxel", "cisplatin"], ["nab-paclitaxel", "carboplatin"],
        ["paclitaxel", "nedaplatin"], ["cisplatin", "fluorouracil"],
    ]
    static let inductionWeights = [40, 15, 15, 15, 15]

    /// Concurrent regimens: agents, cycles, weekly.
    static let concurrentRegimens: [(agents: [StaticString], cycles: Int, weekly: Bool)] = [
        (["paclitaxel", "cisplatin"], 2, false),
        (["paclitaxel", "carboplatin"], 5, true),
        (["docetaxel", "nedaplatin"], 2, false),
        (["nab-paclitaxel", "cisplatin"], 2, false),
        (["cisplatin", "fluorouracil"], 2, false),
        (["oxaliplatin", "capecitabine"], 2, false),
    ]
    static let concurrentWeights = [34, 24, 12, 10, 14, 6]

    static let pd1Agents: [[StaticString]] = [["camrelizumab"], ["tislelizumab"], ["sintilimab"], ["toripalimab"]]

    static let primarySites: [StaticString] = [
        "cervical esophagus", "upper thoracic esophagus", "middle thoracic esophagus", "lower thoracic esophagus",
    ]
    static let primarySiteWeights = [8, 22, 48, 22]

    static let stages: [StaticString] = ["I", "II", "III", "IVA", "IVB"]
    static let stageWeights = [4, 24, 44, 22, 6]
    static let stageIVA = 3
    static let stageIVB = 4

    static let techniques: [StaticString] = ["IMRT", "VMAT", "tomotherapy"]
    static let techniqueWeights = [68, 28, 4]

    /// One test of the screening panel, in SI units with a conventional alternative.
    struct LabTest {
        var test: StaticString
        var siUnit: StaticString
        var alternativeUnit: StaticString
        /// SI value times this is the alternative unit's value.
        var factor: Double
        var siDecimals: Int
        var alternativeDecimals: Int
        var lowerLimit: Double?
        var upperLimit: Double?
        var typical: ClosedRange<Double>
        /// Whether records write the lower limit (`lln`).
        var writesLowerLimit: Bool
    }

    /// Indices into ``labPanel``.
    static let platelets = 2, hemoglobin = 3, albumin = 4, bilirubin = 5, alt = 6, creatinine = 9
    /// The cell counts (10^9/L or 10^3/uL).
    static let counts = 0 ... 2
    /// The enzymes, reported in U/L everywhere.
    static let enzymes = 6 ... 8

    static let labPanel: [LabTest] = [
        LabTest(test: "wbc", siUnit: "10^9/L", alternativeUnit: "10^3/uL", factor: 1, siDecimals: 1, alternativeDecimals: 1,
                lowerLimit: 3.5, upperLimit: 9.5, typical: 3.8 ... 8.6, writesLowerLimit: true),
        LabTest(test: "anc", siUnit: "10^9/L", alternativeUnit: "10^3/uL", factor: 1, siDecimals: 2, alternativeDecimals: 2,
                lowerLimit: 1.8, upperLimit: 6.3, typical: 1.9 ... 5.8, writesLowerLimit: true),
        LabTest(test: "platelets", siUnit: "10^9/L", alternativeUnit: "10^3/uL", factor: 1, siDecimals: 0, alternativeDecimals: 0,
                lowerLimit: 125, upperLimit: 350, typical: 105 ... 330, writesLowerLimit: true),
        LabTest(test: "hemoglobin", siUnit: "g/L", alternativeUnit: "g/dL", factor: 0.1, siDecimals: 0, alternativeDecimals: 1,
                lowerLimit: 130, upperLimit: 175, typical: 98 ... 148, writesLowerLimit: true),
        LabTest(test: "albumin", siUnit: "g/L", alternativeUnit: "g/dL", factor: 0.1, siDecimals: 1, alternativeDecimals: 1,
                lowerLimit: 40, upperLimit: 55, typical: 32 ... 46, writesLowerLimit: true),
        LabTest(test: "bilirubin", siUnit: "umol/L", alternativeUnit: "mg/dL", factor: 1 / 17.1, siDecimals: 1, alternativeDecimals: 2,
                lowerLimit: nil, upperLimit: 21, typical: 4 ... 18.5, writesLowerLimit: false),
        LabTest(test: "alt", siUnit: "U/L", alternativeUnit: "U/L", factor: 1, siDecimals: 0, alternativeDecimals: 0,
                lowerLimit: nil, upperLimit: 40, typical: 7 ... 46, writesLowerLimit: false),
        LabTest(test: "ast", siUnit: "U/L", alternativeUnit: "U/L", factor: 1, siDecimals: 0, alternativeDecimals: 0,
                lowerLimit: nil, upperLimit: 40, typical: 12 ... 39, writesLowerLimit: false),
        LabTest(test: "alp", siUnit: "U/L", alternativeUnit: "U/L", factor: 1, siDecimals: 0, alternativeDecimals: 0,
                lowerLimit: nil, upperLimit: 125, typical: 45 ... 122, writesLowerLimit: false),
        LabTest(test: "creatinine", siUnit: "umol/L", alternativeUnit: "mg/dL", factor: 1 / 88.4, siDecimals: 0, alternativeDecimals: 2,
                lowerLimit: 57, upperLimit: 111, typical: 48 ... 102, writesLowerLimit: false),
    ]

    /// The first and last enrollment dates and the data cut-off of the synthetic trial.
    static let firstEnrollment = SyntheticCalendar.day(2025, 9, 24)
    static let lastEnrollment = SyntheticCalendar.day(2026, 8, 31)
    static let dataCutoff = SyntheticCalendar.day(2026, 10, 31)
}
