/// Builds one synthetic patient history: timeline, demographics, treatment before
/// enrollment, screening, and follow-up with study drug for Arm A.
///
/// A port of the example cohort's generator (Examples/NCT07177794/generate.py), one patient
/// at a time so a cohort of any size streams: the patient's own random stream decides
/// everything, and at most one ``Scenario`` is injected.
struct PatientBuilder {
    typealias Calendar = SyntheticCalendar
    typealias Tables = ReferenceTables

    var rng: SplitMix64
    let scenario: Scenario?
    let site: Tables.Site
    let arm: Arm
    /// Which variant of its scenario the patient carries (0 or 1).
    let variant: Int

    private(set) var events: [SyntheticEvent] = []
    private(set) var enrollment = 0
    private(set) var female = false
    private(set) var birthDate: DateText?
    private(set) var ageField: Int?
    private(set) var reverseOrder = false

    private var rtEnd = 0
    private var window = 0
    private var forceFullTreatment = false
    private var forceSI = false
    private var forceCountUnit = false

    init(rng: SplitMix64, scenario: Scenario?) {
        var rng = rng
        self.scenario = scenario
        site = Tables.sites[rng.weightedIndex(Tables.siteWeights)]
        arm = scenario?.arm ?? (rng.chance(0.5) ? .a : .b)
        variant = rng.int(0 ... 1)
        self.rng = rng
        events.reserveCapacity(48)
    }

    /// Builds the whole history.
    mutating func build() {
        chooseTimeline()
        demographics()
        history()
        followUp()
        reverseOrder = scenario == nil && rng.chance(0.02)
    }

    private mutating func add(_ event: SyntheticEvent) {
        events.append(event)
    }

    // MARK: - Timeline

    private mutating func chooseTimeline() {
        let first = Tables.firstEnrollment
        var last = Tables.lastEnrollment
        switch scenario {
        case .capecitabineBeyondOneYear: last = Calendar.day(2025, 10, 8)
        case .toripalimab17Cycles: last = Calendar.day(2025, 10, 31)
        case .toripalimabLateInterval, .toripalimab200mg: last = Calendar.day(2026, 4, 30)
        default: break
        }
        switch scenario {
        case .capecitabineBeyondOneYear, .toripalimab17Cycles, .toripalimabLateInterval, .toripalimab200mg:
            forceFullTreatment = true
        default: break
        }

        var days: Int
        switch scenario {
        case .window0Days: days = 0
        case .window43Days: days = 43
        case .window1Day: days = 1
        case .window42Days: days = 42
        case .windowBeforeLastFraction: days = -3
        case .windowLate: days = rng.pick([45, 49, 56, 63, 70])
        case .adjuvantChemotherapyAfterCRT, .surgeryAfterCRT, .consolidationChemotherapyAfterCRT, .maintenancePD1AfterCRT,
             .palliativeRadiotherapyAfterCRT, .chemotherapyWithoutPhaseAfterCRT, .progressionBeforeEnrollment,
             .esophagealFistula, .radiationPneumonitisGrade2:
            days = rng.int(34 ... 40)
        default: days = Int(triangular(low: 4, high: 41, mode: 27))
        }

        var e = first
        var r = first - days
        for _ in 0 ..< 1000 {
            e = first + rng.int(0 ... last - first)
            let (year, month, _) = Calendar.components(e)
            switch scenario {
            case .windowPartialEndStraddles42:
                // last fraction mid-month; enrollment 15-25 days after the month ends
                r = Calendar.previousWeekday(Calendar.day(year, month, rng.int(8 ... 20)))
                e = Calendar.lastDayOfMonth(r) + rng.int(15 ... 25)
                days = e - r
            case .windowPartialEndStraddles1:
                r = Calendar.day(year, month, rng.int(5 ... 10))
                e = r + rng.int(7 ... 12)
                days = e - r
                if Calendar.components(e).month != month || !Calendar.isWeekday(r) { continue }
            case .surgeryPartialDateStraddlesCRT:
                r = Calendar.day(year, month, rng.int(9 ... 16))
                days = rng.int(26 ... 35)
                e = r + days
                if Calendar.components(e).month == month || !Calendar.isWeekday(r) { continue }
            default: break
            }
            r = e - days
            guard Calendar.isWeekday(e), Calendar.isWeekday(r), first <= e, e <= last else { continue }
            if let scenario, scenario.rawValue.hasPrefix("age-partial") {
                let day = Calendar.components(e).day
                if day < 5 || day > 24 { continue }
            }
            break
        }
        enrollment = e
        rtEnd = r
        window = days
    }

    private mutating func triangular(low: Double, high: Double, mode: Double) -> Double {
        var u = rng.unit()
        var c = (mode - low) / (high - low)
        var low = low
        var high = high
        if u > c {
            u = 1 - u
            c = 1 - c
            swap(&low, &high)
        }
        return low + (high - low) * (u * c).squareRoot()
    }

    // MARK: - Demographics

    private mutating func demographics() {
        let e = enrollment
        female = !rng.chance(0.78)
        let (year, month, _) = Calendar.components(e)
        switch scenario {
        case .ageOver75:
            let years = 76 + rng.int(0 ... 3)
            birthDate = .day(Calendar.shiftYears(e - rng.int(30 ... 330), -years))
        case .age76thBirthdayOnEnrollment: birthDate = .day(Calendar.shiftYears(e, -76))
        case .age17: birthDate = .day(Calendar.shiftYears(e + 1, -18))
        case .age18thBirthdayOnEnrollment: birthDate = .day(Calendar.shiftYears(e, -18))
        case .age76thBirthdayNextDay: birthDate = .day(Calendar.shiftYears(e + 1, -76))
        case .ageFieldOver75: ageField = 77
        case .agePartialMonthStraddles76: birthDate = .month(Calendar.day(year - 76, month, 1))
        case .agePartialYearStraddles76: birthDate = .year(Calendar.day(year - 76, 1, 1))
        case .agePartialMonthStraddles18: birthDate = .month(Calendar.day(year - 18, month, 1))
        default:
            let years = Int(min(75, max(42, rng.roughlyNormal(mean: 62.5, deviation: 7))).rounded())
            let birthday = e - rng.int(40 ... 320) // the last birthday well clear of enrollment
            let birth = Calendar.shiftYears(birthday, -years)
            let form = rng.unit()
            if form < 0.015 {
                ageField = years
            } else if form < 0.065 {
                birthDate = .month(birth)
            } else if form < 0.09 && years <= 73 {
                birthDate = .year(birth)
            } else {
                birthDate = .day(birth)
            }
        }
    }

    // MARK: - History before enrollment

    private mutating func history() {
        let e = enrollment
        let r = rtEnd

        var fractions = 28
        var doseHundredths = 5040
        switch scenario {
        case .dose60Gy: (fractions, doseHundredths) = (30, 6000)
        case .dose45Gy: (fractions, doseHundredths) = (25, 4500)
        case .dose54Gy: (fractions, doseHundredths) = (30, 5400)
        case .dose48_6Gy: (fractions, doseHundredths) = (27, 4860)
        case .dose50Gy: (fractions, doseHundredths) = (25, 5000)
        case .fractionation2_5Gy: (fractions, doseHundredths) = (20, 5000)
        case .doseSplitCourse59_4Gy: fractions = 33
        default: break
        }
        var rtStart = Calendar.weekdaysBack(from: r, count: fractions)
        if rng.chance(0.08) { rtStart = Calendar.previousWeekday(rtStart - rng.int(1 ... 3)) } // a short break

        // induction
        var stageIndex = rng.weightedIndex(Tables.stageWeights)
        let induction = scenario == .induction6Cycles || scenario == .immuneRelatedAEGrade3 || rng.chance(0.62)
        let gap = rng.int(14 ... 27)
        var cycles = 0
        var inductionStart = 0
        var inductionEnd = 0
        let diagnosis: Int
        if induction {
            cycles = scenario == .induction6Cycles ? 6 : [1, 2, 3, 4][rng.weightedIndex([10, 52, 22, 16])]
            inductionEnd = rtStart - gap
            inductionStart = Calendar.nextWeekday(inductionEnd - (21 * cycles - 1))
            diagnosis = inductionStart - rng.int(8 ... 24)
        } else {
            diagnosis = rtStart - rng.int(14 ... 35)
        }

        // prior history, before the diagnosis
        if scenario == .adjuvantCapecitabineYearsEarlier {
            let operation = Calendar.day(rng.int(2016 ... 2019), rng.int(1 ... 6), rng.int(1 ... 28))
            add(.condition(term: "colon cancer", onset: .month(operation), active: false))
            add(.surgery(date: .day(operation), procedure: "right hemicolectomy", intent: "curative"))
            let adjuvant = operation + rng.int(28 ... 42)
            add(.therapy(type: "chemotherapy", phase: "adjuvant", agents: ["capecitabine"], cycles: 8,
                         start: adjuvant, end: .day(adjuvant + 8 * 21 - 1)))
        }
        if scenario == .adjuvantAfterPriorEsophagectomy {
            let firstDiagnosis = Calendar.day(2021, rng.int(1 ... 8), rng.int(1 ... 28))
            let surgery = firstDiagnosis + rng.int(20 ... 35)
            let adjuvant = surgery + rng.int(30 ... 45)
            add(.diagnosis(date: firstDiagnosis, histology: "squamous cell carcinoma", stage: "II",
                           primarySite: "middle thoracic esophagus", metastases: nil))
            add(.surgery(date: .day(surgery), procedure: "esophagectomy", intent: "curative"))
            add(.therapy(type: "chemotherapy", phase: "adjuvant", agents: ["paclitaxel", "cisplatin"], cycles: 4,
                         start: adjuvant, end: .day(adjuvant + 4 * 21 - 1)))
        }

        // conditions
        if rng.chance(0.22) {
            add(.condition(term: "hypertension", onset: .month(diagnosis - rng.int(400 ... 6000)), active: true))
        }
        if rng.chance(0.09) {
            let year = Calendar.components(diagnosis).year - rng.int(2 ... 15)
            add(.condition(term: "type 2 diabetes", onset: .year(Calendar.day(year, 1, 1)), active: true))
        }
        if rng.chance(0.05) {
            add(.condition(term: "chronic obstructive pulmonary disease", onset: .month(diagnosis - rng.int(400 ... 4000)), active: true))
        }
        if scenario == .interstitialLungDisease {
            add(.condition(term: "interstitial lung disease", onset: .month(diagnosis - rng.int(200 ... 900)), active: true))
        }

        // diagnosis
        if scenario == .adjuvantAfterPriorEsophagectomy {
            add(.diagnosis(date: diagnosis, histology: "squamous cell carcinoma", stage: "III",
                           primarySite: "anastomotic recurrence", metastases: nil))
        } else {
            let histology: StaticString = scenario == .histologyAdenocarcinoma ? "adenocarcinoma" : "squamous cell carcinoma"
            if scenario == .stageIVBLiver { stageIndex = Tables.stageIVB }
            let site = Tables.primarySites[rng.weightedIndex(Tables.primarySiteWeights)]
            var metastases: [StaticString]?
            if scenario == .stageIVBLiver {
                metastases = ["liver"]
            } else if stageIndex == Tables.stageIVB {
                metastases = ["supraclavicular-lymph-node"]
            } else if stageIndex == Tables.stageIVA && rng.chance(0.3) {
                metastases = []
            }
            add(.diagnosis(date: diagnosis, histology: histology, stage: Tables.stages[stageIndex], primarySite: site, metastases: metastases))
        }

        // induction chemotherapy, and a PD-1 antibody in the induction phase
        if induction {
            let agents = Tables.inductionRegimens[rng.weightedIndex(Tables.inductionWeights)]
            add(.therapy(type: "chemotherapy", phase: "induction", agents: agents, cycles: cycles,
                         start: inductionStart, end: .day(inductionEnd)))
            if scenario == .immuneRelatedAEGrade3 || rng.chance(0.3) {
                add(.therapy(type: "immunotherapy", phase: "induction", agents: rng.pick(Tables.pd1Agents), cycles: cycles,
                             start: inductionStart, end: .day(inductionEnd)))
                if scenario == .immuneRelatedAEGrade3 {
                    let onset = inductionStart + rng.int(20 ... 30)
                    add(.adverseEvent(term: "immune-mediated hepatitis", grade: 3, immuneRelated: true,
                                      start: onset, end: onset + rng.int(14 ... 28)))
                }
            }
        }

        definitiveRadiotherapy(start: rtStart, fractions: fractions, doseHundredths: doseHundredths)
        concurrentChemotherapy(rtStart: rtStart)

        // toxicity during radiotherapy
        if window >= 3 && scenario != .radiotherapyMissing && rng.chance(0.35) {
            let onset = rtStart + rng.int(14 ... 28)
            let end = min(r + rng.int(5 ... 20), e - 1)
            add(.adverseEvent(term: "radiation esophagitis", grade: rng.pick([1, 1, 2]), immuneRelated: false,
                              start: onset, end: max(end, onset)))
        }

        betweenCompletionAndEnrollment()
        screening()
    }

    private mutating func definitiveRadiotherapy(start rtStart: Int, fractions: Int, doseHundredths: Int) {
        let r = rtEnd
        let technique: StaticString = scenario == .technique3DCRT
            ? "3D-CRT" : Tables.techniques[rng.weightedIndex(Tables.techniqueWeights)]
        let intent: StaticString? = rng.chance(0.86) ? "definitive" : nil
        let style = rng.unit()

        func written(_ hundredths: Int) -> SyntheticEvent.Dose {
            if style < 0.55 { return SyntheticEvent.Dose(hundredths: hundredths, unit: "Gy") }
            if style < 0.78 { return SyntheticEvent.Dose(hundredths: hundredths * 100, unit: "cGy") }
            if style < 0.94 { return SyntheticEvent.Dose(hundredths: hundredths, unit: "Gy", asMapping: true) }
            return SyntheticEvent.Dose(hundredths: hundredths * 100, unit: "cGy", asMapping: true)
        }
        func course(_ start: Int, _ end: DateText, _ dose: SyntheticEvent.Dose?, _ count: Int) -> SyntheticEvent {
            .radiotherapy(SyntheticEvent.Radiotherapy(
                start: start, end: end, dose: dose, fractions: count, technique: technique, intent: intent, target: nil))
        }

        let partialEnd = scenario == .windowPartialEndStraddles42 || scenario == .windowPartialEndStraddles1
        switch scenario {
        case .radiotherapyMissing:
            break
        case .doseSplitCourse50_4Gy:
            let firstEnd = Calendar.weekdaysForward(from: rtStart, count: 23)
            add(course(rtStart, .day(firstEnd), SyntheticEvent.Dose(hundredths: 414_000, unit: "cGy"), 23))
            add(course(Calendar.nextWeekday(firstEnd + 1), .day(r), SyntheticEvent.Dose(hundredths: 900, unit: "Gy"), 5))
        case .doseSplitCourse59_4Gy:
            let firstEnd = Calendar.weekdaysForward(from: rtStart, count: 28)
            add(course(rtStart, .day(firstEnd), SyntheticEvent.Dose(hundredths: 5040, unit: "Gy"), 28))
            add(course(Calendar.nextWeekday(firstEnd + 1), .day(r), SyntheticEvent.Dose(hundredths: 900, unit: "Gy"), 5))
        case .dose60Gy:
            let dose = variant == 0
                ? SyntheticEvent.Dose(hundredths: 6000, unit: "Gy")
                : SyntheticEvent.Dose(hundredths: 600_000, unit: "cGy", asMapping: true)
            add(course(rtStart, .day(r), dose, fractions))
        case .dose50Gy:
            let dose = variant == 1
                ? SyntheticEvent.Dose(hundredths: 500_000, unit: "cGy")
                : SyntheticEvent.Dose(hundredths: 5000, unit: "Gy")
            add(course(rtStart, .day(r), dose, fractions))
        case .radiotherapyWithoutDose:
            add(course(rtStart, .day(r), nil, fractions))
        case .radiotherapyDoseInMg:
            add(course(rtStart, .day(r), SyntheticEvent.Dose(hundredths: 5040, unit: "mg"), fractions))
        case .dose5041cGy:
            add(course(rtStart, .day(r), SyntheticEvent.Dose(hundredths: 504_100, unit: "cGy"), fractions))
        default:
            add(course(rtStart, partialEnd ? .month(r) : .day(r), written(doseHundredths), fractions))
        }
    }

    private mutating func concurrentChemotherapy(rtStart: Int) {
        let r = rtEnd
        var agents: [StaticString]
        var cycles: Int
        var weekly: Bool
        if scenario == .concurrentSingleAgent {
            (agents, cycles, weekly) = (["S-1"], 2, false)
        } else {
            (agents, cycles, weekly) = Tables.concurrentRegimens[rng.weightedIndex(Tables.concurrentWeights)]
        }
        let start = rtStart + rng.pick([0, 0, 0, 1])
        var end: Int
        if weekly {
            cycles = rng.pick([5, 5, 6])
            end = rtStart + 7 * (cycles - 1)
        } else {
            end = rtStart + 21 * cycles - 1
        }
        end = min(end, r)
        let writesCycles = rng.chance(0.6)
        let partialEnd = scenario == .windowPartialEndStraddles42 || scenario == .windowPartialEndStraddles1
        add(.therapy(type: "chemotherapy", phase: "concurrent", agents: agents, cycles: writesCycles ? cycles : nil,
                     start: start, end: partialEnd ? .month(end) : .day(end)))
        if rng.chance(0.04) {
            add(.therapy(type: "immunotherapy", phase: "concurrent", agents: rng.pick(Tables.pd1Agents), cycles: 2,
                         start: start, end: .day(start + 41 <= r ? start + 41 : r)))
        }
        if scenario == .nimotuzumabConcurrent {
            add(.therapy(type: "targeted-therapy", phase: "concurrent", agents: ["nimotuzumab"], cycles: 6,
                         start: start, end: .day(start + 35)))
        }
    }

    private mutating func betweenCompletionAndEnrollment() {
        let r = rtEnd
        let after = r + rng.int(8 ... 14)
        switch scenario {
        case .adjuvantChemotherapyAfterCRT:
            add(.therapy(type: "chemotherapy", phase: "adjuvant", agents: ["S-1"], cycles: 1, start: after, end: .day(after + 13)))
        case .surgeryAfterCRT:
            add(.surgery(date: .day(after + 7), procedure: "salvage esophagectomy", intent: "curative"))
        case .consolidationChemotherapyAfterCRT:
            add(.therapy(type: "chemotherapy", phase: "consolidation", agents: ["paclitaxel", "cisplatin"], cycles: 1,
                         start: after, end: .day(after + 20)))
        case .maintenancePD1AfterCRT:
            add(.therapy(type: "immunotherapy", phase: "maintenance", agents: ["camrelizumab"], cycles: 1, start: after, end: .day(after)))
        case .palliativeRadiotherapyAfterCRT:
            let start = Calendar.nextWeekday(after)
            add(.radiotherapy(SyntheticEvent.Radiotherapy(
                start: start, end: .day(Calendar.weekdaysForward(from: start, count: 5)),
                dose: SyntheticEvent.Dose(hundredths: 2000, unit: "Gy"), fractions: 5, technique: "VMAT",
                intent: "palliative", target: "T8 vertebra")))
        case .chemotherapyWithoutPhaseAfterCRT:
            add(.therapy(type: "chemotherapy", phase: nil, agents: ["S-1"], cycles: 1, start: after, end: .day(after + 13)))
        case .surgeryOnCRTCompletionDay:
            add(.surgery(date: .day(r), procedure: "percutaneous endoscopic gastrostomy", intent: "supportive"))
        case .surgeryPartialDateStraddlesCRT:
            add(.surgery(date: .month(r), procedure: "feeding jejunostomy", intent: "supportive"))
        case .progressionBeforeEnrollment:
            add(.response(date: after + 7, result: "PD"))
        case .radiationPneumonitisGrade2:
            add(.adverseEvent(term: "radiation pneumonitis", grade: 2, immuneRelated: false, start: after, end: nil))
        case .esophagealFistula:
            add(.condition(term: "esophageal fistula", onset: .day(after), active: true))
        default:
            break
        }
    }

    private mutating func screening() {
        let e = enrollment
        var day = e - rng.int(1 ... 7)
        if window <= 1 { day = e - rng.int(1 ... 3) }
        var consent = day - rng.pick([0, 0, 1, 2, 3, 5])
        if rng.chance(0.1) { consent = e }
        if scenario == .consentAfterEnrollment { consent = e + rng.int(2 ... 6) }
        add(.consent(date: consent))

        var overrides: (test: Int, value: Double)?
        switch scenario {
        case .plateletsLow:
            overrides = (Tables.platelets, variant == 0 ? 68 : 62)
            forceCountUnit = variant == 1
        case .platelets75: overrides = (Tables.platelets, 75)
        case .hemoglobinLow: overrides = (Tables.hemoglobin, 85); forceSI = true
        case .hemoglobin90: overrides = (Tables.hemoglobin, 90); forceSI = true
        case .albuminLow: overrides = (Tables.albumin, 26); forceSI = true
        case .bilirubinHigh: overrides = (Tables.bilirubin, 42); forceSI = true
        default: break
        }
        labPanel(on: day, override: overrides)
        let score = scenario == .ecog3 ? 3 : [0, 1, 2][rng.weightedIndex([34, 59, 7])]
        add(.performanceStatus(date: day, score: score))
    }

    private mutating func labPanel(on date: Int, override: (test: Int, value: Double)?) {
        for (index, test) in Tables.labPanel.enumerated() {
            let overridden = override?.test == index
            var value = overridden ? (override?.value ?? 0) : test.typical.lowerBound + rng.unit() * (test.typical.upperBound - test.typical.lowerBound)
            var lower = test.lowerLimit
            var upper = test.upperLimit
            if index == Tables.hemoglobin {
                (lower, upper) = female ? (115, 150) : (130, 175)
                if !overridden && female { value = 96 + rng.unit() * 39 }
            } else if index == Tables.creatinine {
                (lower, upper) = female ? (41, 81) : (57, 111)
                if !overridden && female { value = 40 + rng.unit() * 38 }
            } else if index == Tables.alt {
                upper = female ? 40 : 50
            }
            let alternative = usesAlternativeUnit(index)
            let factor = alternative ? test.factor : 1
            let decimals = alternative ? test.alternativeDecimals : test.siDecimals
            var scale = 1.0
            for _ in 0 ..< decimals { scale *= 10 }
            func scaled(_ x: Double) -> Int { Int((x * factor * scale).rounded()) }
            add(.lab(SyntheticEvent.Lab(
                date: date, test: test.test, value: scaled(value), decimals: decimals,
                unit: alternative ? test.alternativeUnit : test.siUnit,
                lowerLimit: test.writesLowerLimit ? lower.map(scaled) : nil,
                upperLimit: upper.map(scaled)
            )))
        }
    }

    private mutating func usesAlternativeUnit(_ index: Int) -> Bool {
        if Tables.enzymes.contains(index) || forceSI { return false }
        if forceCountUnit && Tables.counts.contains(index) { return true }
        var alternative: Bool
        switch site.labStyle {
        case .si: alternative = false
        case .conventional: alternative = true
        case .mixed: alternative = index == Tables.hemoglobin || index == Tables.albumin || index == Tables.bilirubin
        }
        if rng.chance(0.07) { alternative.toggle() }
        return alternative
    }

    // MARK: - After enrollment

    private mutating func followUp() {
        let cutoff = Tables.dataCutoff
        var assessments: [(day: Int, result: StaticString)] = []
        var day = Calendar.nextWeekday(enrollment + rng.int(80 ... 88))
        var progressed: Int?
        while day <= cutoff {
            let progression = forceFullTreatment ? 0 : (arm == .a ? 0.09 : 0.13)
            let progresses = rng.chance(progression)
            let result: StaticString = progresses ? "PD" : PatientBuilder.responses[rng.weightedIndex([14, 30, 56])]
            assessments.append((day, result))
            if progresses {
                progressed = day
                break
            }
            day = Calendar.nextWeekday(day + rng.int(80 ... 88))
        }
        if arm == .a || scenario == .armBToripalimab || scenario == .armBCapecitabine {
            studyDrug(progressed: progressed)
        }
        for (day, result) in assessments { add(.response(date: day, result: result)) }
    }

    private static let responses: [StaticString] = ["CR", "PR", "SD"]

    private mutating func studyDrug(progressed: Int?) {
        let cutoff = Tables.dataCutoff
        let first = Calendar.nextWeekday(enrollment + rng.pick([0, 1, 1, 2, 2, 3, 4, 5, 7]))
        var stop = progressed
        var adverseEventCycle: Int?
        if !forceFullTreatment && arm == .a && rng.chance(0.05) { adverseEventCycle = rng.int(3 ... 9) }
        var maxCycles = scenario == .toripalimab17Cycles ? 17 : 16
        if scenario == .armBToripalimab { maxCycles = 2 }
        let lateCycle: Int? = scenario == .toripalimabLateInterval ? rng.int(3 ... 5) : nil
        var lowDoseCycle: Int?
        if scenario == .toripalimab200mg && variant == 1 { lowDoseCycle = rng.int(2 ... 4) }

        var doses: [(day: Int, cycle: Int, milligrams: Int)] = []
        if scenario != .armBCapecitabine {
            var day = first
            var cycle = 1
            while cycle <= maxCycles && day <= cutoff && (stop.map { day < $0 } ?? true) {
                let low = scenario == .toripalimab200mg && (lowDoseCycle == nil || lowDoseCycle == cycle)
                doses.append((day, cycle, low ? 200 : 240))
                if adverseEventCycle == cycle {
                    let onset = day + rng.int(9 ... 16)
                    if onset <= cutoff {
                        add(.adverseEvent(term: "immune-mediated pneumonitis", grade: 3, immuneRelated: true,
                                          start: onset, end: onset + rng.int(20 ... 40)))
                        stop = onset
                        break
                    }
                }
                var gap = 21
                if lateCycle == cycle {
                    gap = variant == 0 ? 29 : 35
                } else if rng.chance(0.2) {
                    gap += rng.pick([-1, 1, 1, 2, 3])
                }
                // a weekend date moves to the nearest weekday; an on-schedule dose stays close to 21 days
                let target = lateCycle == cycle ? gap : 21
                var best = gap
                var bestDistance = Int.max
                for delta in [0, -1, 1, -2, 2] where Calendar.isWeekday(day + gap + delta) {
                    let distance = abs(gap + delta - target)
                    if distance < bestDistance {
                        best = gap + delta
                        bestDistance = distance
                    }
                }
                day += best
                cycle += 1
            }
        }

        if arm == .a || scenario == .armBCapecitabine {
            let milligrams = scenario == .capecitabine1000mg ? 1000 : 500
            let oneYear = first + 364
            var end: Int?
            if scenario == .capecitabineBeyondOneYear {
                end = min(oneYear + 21, cutoff)
            } else if let stop {
                end = min(stop, oneYear)
            } else if scenario == .armBCapecitabine {
                let candidate = first + rng.int(40 ... 70)
                end = candidate > cutoff ? nil : candidate
            } else if oneYear <= cutoff {
                end = oneYear
            }
            if scenario != .armBToripalimab {
                add(.capecitabine(doseMilligrams: milligrams, start: first, end: end))
            }
        }
        for dose in doses {
            add(.toripalimab(doseMilligrams: dose.milligrams, date: dose.day, cycle: dose.cycle))
        }
        if arm == .a && doses.count >= 3 {
            if rng.chance(0.2) {
                let onset = doses[1].day + rng.int(5 ... 30)
                if onset <= cutoff {
                    add(.adverseEvent(term: "palmar-plantar erythrodysesthesia", grade: rng.pick([1, 1, 2]),
                                      immuneRelated: false, start: onset, end: nil))
                }
            }
            if rng.chance(0.08) {
                let onset = doses[2].day + rng.int(10 ... 40)
                if onset <= cutoff {
                    add(.adverseEvent(term: "hypothyroidism", grade: 2, immuneRelated: true, start: onset, end: nil))
                }
            }
        }
    }
}
