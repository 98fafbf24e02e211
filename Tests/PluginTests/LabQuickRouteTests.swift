import Testing
import TrialCheckCore
@testable import LabChecks

private typealias F = LabChecksFixtures

/// A verdict decided without its wording (``LabRequirement/verdict(_:_:)``) and the general
/// reading (``LabRequirement/evaluate(_:_:)``) must give the same judgement, verdict,
/// sentence, evidence and window alike, whichever route a patient takes.
@Suite("lab-threshold: the quick verdict and the general reading give the same judgements")
struct LabQuickRouteTests {
    /// Conditions of every form: one test, several, alternatives, all, windows, "where tested".
    static let conditions = [
        #"{"test": "wbc", "min": "3.5 10^9/L"}"#,
        #"{"test": "hemoglobin", "min": "9 g/dL"}"#,
        #"{"test": "bilirubin", "max_uln": 1.5}"#,
        #"{"test": "creatinine", "min": "0.5 mg/dL", "max": "1.5 mg/dL", "window_days": 14}"#,
        #"{"tests": ["alt", "ast", "alp"], "max_uln": 2.5}"#,
        #"{"or": [{"test": "creatinine", "max_uln": 1.5}, {"test": "creatinine-clearance", "min": "60 mL/min", "exclusive": true}]}"#,
        #"{"when_untested": "pass", "all": [{"test": "hbv-dna", "max": "2000 IU/mL", "exclusive": true}, {"test": "hcv-rna", "detectable": false}]}"#,
        #"{"test": "hcv-rna", "detectable": false, "when_untested": "pass", "window_days": 30}"#,
        #"{"window_days": 7, "all": [{"test": "wbc", "min": "3.5 10^9/L"}, {"test": "anc", "min": "1.5 10^9/L", "window_days": 30}]}"#,
        #"{"or": [{"test": "platelets", "min": "75 10^9/L"}, {"all": [{"test": "anc", "min_lln": 1}, {"test": "wbc", "max": "11 10^9/L"}]}]}"#,
    ]

    /// Days around the enrollment on 2026-01-20: before it, on it, after it, partial days
    /// that straddle it or a window's start, and none.
    static let days: [String?] = ["2026-01-12", "2026-01-20", "2026-01-21", "2025-11-02", "2026-01", "2025-12", "2026", nil]

    /// Results of the tests above, as records write them: usual ones, unusual values and
    /// units, missing reference limits, other spellings of the test, and no test at all.
    static func results(on day: String?) -> [[Event]] {
        [
            [F.number("wbc", day, "6.2", "10^9/L")],
            [F.number("wbc", day, "2.1", "10^9/L")],
            [F.number("WBC ", day, "6.2", "10^3/uL"), F.number("anc", day, "1.4", "10^9/L")],
            [F.result("anc", day, .number("3"), unit: "10^9/L", lln: .number("1.8")), F.number("6690-2", day, "12", "10^9/L")],
            [F.number("hemoglobin", day, "90", "g/L")],
            [F.number("hgb", day, "89", "g/L")],
            [F.number("hemoglobin", day, "9", nil)],
            [F.number("hemoglobin", day, "9", "furlongs")],
            [F.result("hemoglobin", day, .string("<15"), unit: "g/dL")],
            [F.number("bilirubin", day, "20", "umol/L", uln: "21"), F.number("tbili", day, "40", "umol/L", uln: "21")],
            [F.number("bilirubin", day, "1.0", "mg/dL")],
            [F.number("creatinine", day, "1.8", "mg/dL", uln: "1.2"), F.number("crcl", day, "55", "mL/min")],
            [F.number("creatinine", day, "1.81", "mg/dL", uln: "1.2"), F.number("crcl", day, "61", "mL/min")],
            [F.number("creatinine", day, "80", "umol/L", uln: "104")],
            [F.number("alt", day, "40", "U/L", uln: "40"), F.number("AST", day, "100", "U/L", uln: "40"), F.number("6768-6", day, "300", "U/L", uln: "120")],
            [F.number("alt", day, "101", "U/L", uln: "40"), F.number("ast", day, "20", "U/L", uln: "40")],
            [F.number("hbv-dna", day, "1999", "IU/mL"), F.number("hcv-rna", day, "0", "IU/mL")],
            [F.number("hbv-dna", day, "2000", "IU/mL"), F.result("hcv-rna", day, .string("not detected"))],
            [F.number("hcv-rna", day, "12", "IU/mL")],
            [F.number("platelets", day, "192", "10^9/L"), F.result("anc", day, .number("0.9"), unit: "10^9/L", lln: .number("1.8"))],
            [F.number("platelets", day, "50", "10^9/L"), F.result("anc", day, .number("2"), unit: "10^9/L", lln: .number("1.8")), F.number("wbc", day, "4", "10^9/L")],
            [F.result("", day, .number("1"))],
            [F.result("xyz", day, .number("1"))],
        ]
    }

    /// Every patient of the matrix: each group of results on each day alone, each beside a
    /// usual result on 2026-01-12, and pairs of days (a result and a later or earlier one).
    static var patients: [PatientHistory] {
        var patients: [PatientHistory] = [patient(enrolled: "2026-01-20", [])]
        let usual = results(on: "2026-01-12")
        for day in days {
            for (index, group) in results(on: day).enumerated() {
                patients.append(patient(enrolled: "2026-01-20", group))
                patients.append(patient(enrolled: "2026-01-20", usual[index] + group))
                patients.append(patient(enrolled: "2026-01-20", group + usual[(index + 1) % usual.count]))
            }
        }
        // Enrolled on a partial date, and without lab results but with other events.
        patients.append(patient(enrolled: "2026-01", usual[0] + usual[16]))
        patients.append(patient(enrolled: "2026-01-20", [Event(type: .consent, date: date("2026-01-02"))] + usual[4]))
        return patients
    }

    @Test("Every patient gets the general reading's judgement", arguments: conditions)
    func sameJudgements(_ json: String) throws {
        let check = try F.check(json)
        let requirement = try LabCondition(parameters(LabThresholdCheck.self, json)).requirement()
        var (quick, general) = (0, 0)
        for history in Self.patients {
            let judged = check.judge(history)
            let worded = check.judgeWorded(history)
            #expect(judged == worded, "\(json) \(history.events)")
            let results = LabResults.of(history)
            if let verdict = requirement.verdict(history.enrollment.date.span, results) {
                #expect(verdict == worded.verdict, "\(json) \(history.events)")
                quick += 1
            } else {
                general += 1
            }
        }
        // Both routes are taken for every condition.
        #expect(quick > 5, "\(json)")
        #expect(general > 5, "\(json)")
    }

    @Test("A verdict decided quickly is worded as the general reading words it, when read")
    func quickPassWording() throws {
        let check = try F.check(#"{"tests": ["alt", "ast"], "max_uln": 2.5}"#)
        let history = patient(enrolled: "2026-01-20", [
            F.number("alt", "2026-01-12", "40", "U/L", uln: "40"), F.number("ast", "2026-01-12", "20", "U/L", uln: "40"),
        ])
        let judgement = check.judge(history)
        #expect(judgement.verdict == .pass)
        #expect(judgement.message == "ALT 40 U/L (1 x ULN, ULN 40 U/L) on 2026-01-12 is within the maximum 2.5 x ULN; AST 20 U/L (0.5 x ULN, ULN 40 U/L) on 2026-01-12 is within the maximum 2.5 x ULN.")
        #expect(judgement.evidence.map(\.name) == ["ALT result", "ALT ULN", "AST result", "AST ULN", "enrollment date"])
        #expect(judgement.written() == check.judgeWorded(history).written())
    }

    @Test("A result's test is found by its hash exactly as by its name, in any Unicode spelling")
    func hashedNamesMatchAsNames() {
        let composed = "h\u{E9}moglobine", decomposed = "he\u{301}moglobine"
        let tests = [
            LabTest(name: "hemoglobin", display: "Hemoglobin", codes: ["718-7"], aliases: ["hb", composed]),
            LabTest(name: "platelets", display: "Platelets", codes: ["777-3"], aliases: ["plt"]),
            LabTest(name: "question", display: "Question", codes: [], aliases: [";"]),
        ]
        let names = ["hemoglobin", "hb", "718-7", composed, decomposed, "plt", "platelets", "anc", "", ";", "\u{37E}", "h\u{E9}"]
        for test in tests {
            for name in names {
                let folded = TermMatcher.normalized(name)
                #expect(test.reports(foldedName: folded, hash: LabTest.nameHash(folded)) == test.reports(foldedName: folded), "\(test.name) \(name)")
            }
        }
        // Canonically equivalent spellings are the same name, whichever bytes each is written in.
        #expect(tests[0].reports(foldedName: decomposed, hash: LabTest.nameHash(decomposed)))
        #expect(tests[2].reports(foldedName: "\u{37E}", hash: LabTest.nameHash("\u{37E}")))
        #expect(!tests[1].reports(foldedName: decomposed, hash: LabTest.nameHash(decomposed)))
    }
}
