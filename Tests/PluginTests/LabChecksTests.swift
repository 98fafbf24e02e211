import Testing
import TrialCheckCore
import LabChecks

private typealias F = LabChecksFixtures

@Suite("lab-threshold: limits, conversions and reference-limit multiples")
struct LabThresholdLimitTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let parameters: String
        let event: Event
        let expected: Verdict
        init(_ label: String, _ parameters: String, _ event: Event, _ expected: Verdict) {
            self.label = label
            self.parameters = parameters
            self.event = event
            self.expected = expected
        }
        var testDescription: String { label }
    }

    static let wbc = #"{"test": "wbc", "min": "3.5 10^9/L"}"#
    static let anc = #"{"test": "anc", "min": "1.5 10^9/L"}"#
    static let platelets = #"{"test": "platelets", "min": "75 10^9/L"}"#
    static let hemoglobin = #"{"test": "hemoglobin", "min": "9 g/dL"}"#
    static let albumin = #"{"test": "albumin", "min": "2.8 g/dL"}"#
    static let bilirubin = #"{"test": "bilirubin", "max_uln": 1.5}"#
    static let bilirubinMass = #"{"test": "bilirubin", "max": "1 mg/dL"}"#
    static let creatinineMass = #"{"test": "creatinine", "max": "1 mg/dL"}"#
    static let alt = #"{"test": "alt", "max_uln": 2.5}"#
    static let clearance = #"{"test": "creatinine-clearance", "min": "60 mL/min", "exclusive": true}"#

    @Test("The known conversions decide at the limit", arguments: [
        Case("hemoglobin 90 g/L = 9 g/dL", hemoglobin, F.number("hemoglobin", "2026-01-12", "90", "g/L"), .pass),
        Case("hemoglobin 89.9 g/L", hemoglobin, F.number("hemoglobin", "2026-01-12", "89.9", "g/L"), .deviation),
        Case("hemoglobin 5.5854 mmol/L = 9 g/dL", hemoglobin, F.number("hemoglobin", "2026-01-12", "5.5854", "mmol/L"), .pass),
        Case("hemoglobin 5.58 mmol/L", hemoglobin, F.number("hemoglobin", "2026-01-12", "5.58", "mmol/L"), .deviation),
        Case("bilirubin 17.1 umol/L = 1 mg/dL", bilirubinMass, F.number("bilirubin", "2026-01-12", "17.1", "umol/L"), .pass),
        Case("bilirubin 17.1 µmol/L = 1 mg/dL", bilirubinMass, F.number("1975-2", "2026-01-12", "17.1", "µmol/L"), .pass),
        Case("bilirubin 17.2 umol/L", bilirubinMass, F.number("bilirubin", "2026-01-12", "17.2", "umol/L"), .deviation),
        Case("creatinine 88.4 umol/L = 1 mg/dL", creatinineMass, F.number("creatinine", "2026-01-12", "88.4", "umol/L"), .pass),
        Case("creatinine 0.0884 mmol/L = 1 mg/dL", creatinineMass, F.number("creatinine", "2026-01-12", "0.0884", "mmol/L"), .pass),
        Case("creatinine 88.5 umol/L", creatinineMass, F.number("creatinine", "2026-01-12", "88.5", "umol/L"), .deviation),
        Case("ANC 1500 /uL = 1.5 10^9/L", anc, F.number("anc", "2026-01-12", "1500", "/uL"), .pass),
        Case("ANC 1500 /mm3", anc, F.number("anc", "2026-01-12", "1500", "/mm3"), .pass),
        Case("ANC 1499 /uL", anc, F.number("anc", "2026-01-12", "1499", "/uL"), .deviation),
        Case("ANC 1.5 K/uL", anc, F.number("anc", "2026-01-12", "1.5", "K/uL"), .pass),
        Case("ANC 1500 10^6/L", anc, F.number("neutrophils", "2026-01-12", "1500", "10^6/L"), .pass),
        Case("WBC 3.5 x10^9/L", wbc, F.number("wbc", "2026-01-12", "3.5", "x10^9/L"), .pass),
        Case("WBC 3.5 × 10^9/L", wbc, F.number("wbc", "2026-01-12", "3.5", "× 10^9/L"), .pass),
        Case("WBC 3500 cells/uL", wbc, F.number("wbc", "2026-01-12", "3500", "cells/uL"), .pass),
        Case("WBC 3.5 G/L", wbc, F.number("wbc", "2026-01-12", "3.5", "G/L"), .pass),
        Case("platelets 0.75 lakh/mm3 = 75 10^9/L", platelets, F.number("plt", "2026-01-12", "0.75", "lakh/mm3"), .pass),
        Case("albumin 28 g/L = 2.8 g/dL", albumin, F.number("albumin", "2026-01-12", "28", "g/L"), .pass),
        Case("albumin 27.9 g/L", albumin, F.number("albumin", "2026-01-12", "27.9", "g/L"), .deviation),
        Case("creatinine clearance 1 mL/s = 60 mL/min is not above 60", clearance, F.number("crcl", "2026-01-12", "1", "mL/s"), .deviation),
        Case("creatinine clearance 1.01 mL/s", clearance, F.number("crcl", "2026-01-12", "1.01", "mL/s"), .pass),
        Case("creatinine clearance 3.6 L/h = 60 mL/min", clearance, F.number("crcl", "2026-01-12", "3.6", "L/h"), .deviation),
    ])
    func conversions(_ input: Case) throws {
        let judgement = try F.judge(input.parameters, [input.event])
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Boundaries exactly at each NCT07177794 limit (inclusive minimums, strict clearance)", arguments: [
        Case("WBC 3.5", wbc, F.number("wbc", "2026-01-12", "3.5", "10^9/L"), .pass),
        Case("WBC 3.49", wbc, F.number("wbc", "2026-01-12", "3.49", "10^9/L"), .deviation),
        Case("WBC 3.51", wbc, F.number("wbc", "2026-01-12", "3.51", "10^9/L"), .pass),
        Case("ANC 1.5", anc, F.number("anc", "2026-01-12", "1.5", "10^9/L"), .pass),
        Case("ANC 1.49", anc, F.number("anc", "2026-01-12", "1.49", "10^9/L"), .deviation),
        Case("platelets 75", platelets, F.number("platelets", "2026-01-12", "75", "10^9/L"), .pass),
        Case("platelets 74.9", platelets, F.number("platelets", "2026-01-12", "74.9", "10^9/L"), .deviation),
        Case("platelets 75000 /uL", platelets, F.number("platelets", "2026-01-12", "75000", "/uL"), .pass),
        Case("platelets 74999 /uL", platelets, F.number("platelets", "2026-01-12", "74999", "/uL"), .deviation),
        Case("hemoglobin 9", hemoglobin, F.number("hemoglobin", "2026-01-12", "9", "g/dL"), .pass),
        Case("hemoglobin 8.99", hemoglobin, F.number("hemoglobin", "2026-01-12", "8.99", "g/dL"), .deviation),
        Case("albumin 2.8", albumin, F.number("albumin", "2026-01-12", "2.8", "g/dL"), .pass),
        Case("albumin 2.79", albumin, F.number("albumin", "2026-01-12", "2.79", "g/dL"), .deviation),
        Case("clearance 60", clearance, F.number("creatinine-clearance", "2026-01-12", "60", "mL/min"), .deviation),
        Case("clearance 60.01", clearance, F.number("creatinine-clearance", "2026-01-12", "60.01", "mL/min"), .pass),
        Case("clearance 59", clearance, F.number("creatinine-clearance", "2026-01-12", "59", "mL/min"), .deviation),
    ])
    func boundaries(_ input: Case) throws {
        let judgement = try F.judge(input.parameters, [input.event])
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("ULN multiples exactly at 1.5x and 2.5x, and just past them", arguments: [
        Case("bilirubin 1.8 / ULN 1.2 = 1.5x", bilirubin, F.number("bilirubin", "2026-01-12", "1.8", "mg/dL", uln: "1.2"), .pass),
        Case("bilirubin 25.65 / ULN 17.1 umol/L = 1.5x", bilirubin, F.number("bilirubin", "2026-01-12", "25.65", "umol/L", uln: "17.1"), .pass),
        Case("bilirubin 1.81 / ULN 1.2", bilirubin, F.number("bilirubin", "2026-01-12", "1.81", "mg/dL", uln: "1.2"), .deviation),
        Case("bilirubin 0.3 / ULN 1.2", bilirubin, F.number("bilirubin", "2026-01-12", "0.3", "mg/dL", uln: "1.2"), .pass),
        Case("bilirubin 30 umol/L / ULN 1.2 mg/dL (ULN in another unit)", bilirubin,
             F.result("bilirubin", "2026-01-12", .number("30"), unit: "umol/L", uln: .string("1.2 mg/dL")), .pass),
        Case("bilirubin 31 umol/L / ULN 1.2 mg/dL", bilirubin,
             F.result("bilirubin", "2026-01-12", .number("31"), unit: "umol/L", uln: .string("1.2 mg/dL")), .deviation),
        Case("ALT 100 / ULN 40 = 2.5x", alt, F.number("alt", "2026-01-12", "100", "U/L", uln: "40"), .pass),
        Case("ALT 100.1 / ULN 40", alt, F.number("alt", "2026-01-12", "100.1", "U/L", uln: "40"), .deviation),
        Case("ALT 87.5 / ULN 35 = 2.5x", alt, F.number("SGPT", "2026-01-12", "87.5", "U/L", uln: "35"), .pass),
        Case("ALT ULN written as text", alt, F.result("alt", "2026-01-12", .number("100"), unit: "IU/L", uln: .string("40")), .pass),
        Case("ALT without unit, ULN a number", alt, F.result("alt", "2026-01-12", .number("101"), uln: .number("40")), .deviation),
    ])
    func ulnMultiples(_ input: Case) throws {
        let judgement = try F.judge(input.parameters, [input.event])
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
        #expect(judgement.message.contains("x ULN"))
    }

    @Test("LLN multiples and two-sided limits")
    func llnAndRanges() throws {
        let lln = #"{"test": "albumin", "min_lln": 0.8}"#
        #expect(try F.judge(lln, [F.result("albumin", "2026-01-12", .number("2.8"), unit: "g/dL", lln: .number("3.5"))]).verdict == .pass)
        #expect(try F.judge(lln, [F.result("albumin", "2026-01-12", .number("2.7"), unit: "g/dL", lln: .number("3.5"))]).verdict == .deviation)
        let noLLN = try F.judge(lln, [F.number("albumin", "2026-01-12", "2.8", "g/dL")])
        #expect(noLLN.verdict == .notEvaluable)
        #expect(noLLN.message.contains("no LLN recorded"))
        let range = #"{"test": "hemoglobin", "min": "9 g/dL", "max": "180 g/L"}"#
        #expect(try F.judge(range, [F.number("hemoglobin", "2026-01-12", "18", "g/dL")]).verdict == .pass)
        let high = try F.judge(range, [F.number("hemoglobin", "2026-01-12", "18.1", "g/dL")])
        #expect(high.verdict == .deviation)
        #expect(high.message.contains("above the maximum 180 g/L"))
    }

    @Test("Messages name the test, value, unit, converted value, limit and date")
    func messages() throws {
        let platelets = try F.judge(Self.platelets, [F.number("platelets", "2026-01-12", "68", "10^9/L")])
        #expect(platelets.message == "Platelets 68 10^9/L on 2026-01-12 is below the minimum 75 10^9/L.")
        #expect(evidence("Platelets result", in: platelets) == "68 10^9/L on 2026-01-12")
        #expect(evidence("enrollment date", in: platelets) == "2026-01-20")

        let hemoglobin = try F.judge(Self.hemoglobin, [F.number("hemoglobin", "2026-01-12", "85", "g/L")])
        #expect(hemoglobin.message == "Hemoglobin 85 g/L (8.5 g/dL) on 2026-01-12 is below the minimum 9 g/dL.")
        #expect(evidence("Hemoglobin in g/dL", in: hemoglobin) == "8.5 g/dL")

        let passing = try F.judge(Self.hemoglobin, [F.number("hgb", "2026-01-12", "90", "g/L")])
        #expect(passing.message == "Hemoglobin 90 g/L (9 g/dL) on 2026-01-12 meets the minimum 9 g/dL.")

        let bilirubin = try F.judge(Self.bilirubin, [F.number("bilirubin", "2026-01-12", "40", "umol/L", uln: "17")])
        #expect(bilirubin.message == "Total bilirubin 40 umol/L (2.35 x ULN, ULN 17 umol/L) on 2026-01-12 is above the maximum 1.5 x ULN.")
        #expect(evidence("Total bilirubin ULN", in: bilirubin) == "17 umol/L")

        let clearance = try F.judge(Self.clearance, [F.number("crcl", "2026-01-12", "60", "mL/min")])
        #expect(clearance.message.contains("Creatinine clearance 60 mL/min on 2026-01-12 is not above the limit 60 mL/min"))
    }

    @Test("A rounded multiple never looks equal to a limit it fails")
    func roundingNearLimit() throws {
        let judgement = try F.judge(Self.bilirubin, [F.number("bilirubin", "2026-01-12", "1.8006", "mg/dL", uln: "1.2")])
        #expect(judgement.verdict == .deviation)
        #expect(judgement.message.contains("1.5005 x ULN"), "\(judgement.message)")
    }
}

@Suite("lab-threshold: unusable results are not-evaluable, never a pass")
struct LabThresholdUnusableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let parameters: String
        let event: Event
        let named: String
        var testDescription: String { label }
    }

    static let hemoglobin = LabThresholdLimitTests.hemoglobin
    static let bilirubin = LabThresholdLimitTests.bilirubin

    @Test("Unknown, unconvertible and missing units, and unusable values", arguments: [
        Case(label: "unknown unit", parameters: hemoglobin, event: F.number("hemoglobin", "2026-01-12", "9", "furlong"), named: "'furlong'"),
        Case(label: "cell count unit for hemoglobin", parameters: hemoglobin, event: F.number("hemoglobin", "2026-01-12", "90", "G/L"), named: "'G/L'"),
        Case(label: "molar albumin", parameters: LabThresholdLimitTests.albumin, event: F.number("albumin", "2026-01-12", "600", "umol/L"), named: "'umol/L'"),
        Case(label: "no unit", parameters: hemoglobin, event: F.result("hemoglobin", "2026-01-12", .number("9")), named: "no unit"),
        Case(label: "empty unit", parameters: hemoglobin, event: F.result("hemoglobin", "2026-01-12", .number("9"), unit: " "), named: "no unit"),
        Case(label: "eGFR unit for clearance", parameters: LabThresholdLimitTests.clearance,
             event: F.number("crcl", "2026-01-12", "90", "mL/min/1.73m2"), named: "'mL/min/1.73m2'"),
        Case(label: "no value", parameters: hemoglobin, event: F.result("hemoglobin", "2026-01-12", nil, unit: "g/dL"), named: "no value"),
        Case(label: "null value", parameters: hemoglobin, event: F.result("hemoglobin", "2026-01-12", .null, unit: "g/dL"), named: "no value"),
        Case(label: "text value", parameters: hemoglobin, event: F.result("hemoglobin", "2026-01-12", .string("hemolysed"), unit: "g/dL"), named: "'hemolysed'"),
        Case(label: "NaN", parameters: hemoglobin, event: F.result("hemoglobin", "2026-01-12", .string("nan"), unit: "g/dL"), named: "'nan'"),
        Case(label: "list value", parameters: hemoglobin, event: F.result("hemoglobin", "2026-01-12", .list([.number("9")]), unit: "g/dL"), named: "is not a number"),
        Case(label: "value and unit disagree", parameters: hemoglobin,
             event: F.result("hemoglobin", "2026-01-12", .string("90 g/L"), unit: "g/dL"), named: "'g/L'"),
        Case(label: "no ULN", parameters: bilirubin, event: F.number("bilirubin", "2026-01-12", "1", "mg/dL"), named: "no ULN recorded"),
        Case(label: "ULN zero", parameters: bilirubin, event: F.number("bilirubin", "2026-01-12", "1", "mg/dL", uln: "0"), named: "not a positive number"),
        Case(label: "ULN text", parameters: bilirubin,
             event: F.result("bilirubin", "2026-01-12", .number("1"), unit: "mg/dL", uln: .string("normal")), named: "'normal'"),
        Case(label: "ULN in an unconvertible unit", parameters: bilirubin,
             event: F.result("bilirubin", "2026-01-12", .number("1"), unit: "mg/dL", uln: .string("1.2 U/L")), named: "'1.2 U/L'"),
        Case(label: "censored value straddling the limit", parameters: hemoglobin,
             event: F.result("hemoglobin", "2026-01-12", .string("<10"), unit: "g/dL"), named: "only as a bound"),
        Case(label: "qualitative value for a number", parameters: hemoglobin,
             event: F.result("hemoglobin", "2026-01-12", .string("detected"), unit: "g/dL"), named: "detected without a number"),
    ])
    func unusable(_ input: Case) throws {
        let judgement = try F.judge(input.parameters, [input.event])
        #expect(judgement.verdict == .notEvaluable, "\(judgement.message)")
        #expect(judgement.message.contains(input.named), "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("No result, or only results after enrollment, is not-evaluable")
    func noResult() throws {
        let none = try F.judge(Self.hemoglobin, [])
        #expect(none.verdict == .notEvaluable)
        #expect(none.message == "No hemoglobin result on or before enrollment is recorded.")
        expectExplained(none)
        let after = try F.judge(Self.hemoglobin, [F.number("hemoglobin", "2026-01-21", "12", "g/dL")])
        #expect(after.verdict == .notEvaluable)
        #expect(after.message.contains("1 result is recorded outside that period"))
        let otherTest = try F.judge(Self.hemoglobin, [F.number("platelets", "2026-01-12", "200", "10^9/L")])
        #expect(otherTest.verdict == .notEvaluable)
    }

    @Test("A value written with its unit, or as {value, unit}, needs no unit key", arguments: [
        Value.string("90 g/L"), .string("9g/dL"), .map(["value": .number("90"), "unit": .string("g/L")]), .string(" 9 "),
    ])
    func valueForms(_ value: Value) throws {
        let unit: String? = value == .string(" 9 ") ? "g/dL" : nil
        let judgement = try F.judge(Self.hemoglobin, [F.result("hemoglobin", "2026-01-12", value, unit: unit)])
        #expect(judgement.verdict == .pass, "\(judgement.message)")
    }

    @Test("Censored values decide when the bound is clear of the limit", arguments: [
        ("<20", Verdict.pass), ("<=20", .pass), ("< 2000", .pass), ("<2001", .notEvaluable), ("<=2000", .notEvaluable),
        (">2000", .deviation), (">=2000", .deviation), (">1999", .notEvaluable), ("≥ 2500", .deviation), ("≤ 15", .pass),
    ])
    func censored(_ text: String, _ expected: Verdict) throws {
        let judgement = try F.judge(#"{"test": "hbv-dna", "max": "2000 IU/mL", "exclusive": true}"#,
                                    [F.result("hbv-dna", "2026-01-12", .string(text), unit: "IU/mL")])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }
}

@Suite("lab-threshold: which result counts (latest on or before enrollment, windows, partial dates)")
struct LabThresholdSelectionTests {
    static let platelets = LabThresholdLimitTests.platelets
    static let window = #"{"test": "platelets", "min": "75 10^9/L", "window_days": 14}"#
    static let low = "68"
    static let high = "182"

    static func plt(_ day: String?, _ value: String) -> Event { F.number("platelets", day, value, "10^9/L") }

    @Test("The latest result on or before enrollment decides, in any record order", arguments: [
        ([("2026-01-05", low), ("2026-01-12", high)], Verdict.pass),
        ([("2026-01-12", high), ("2026-01-05", low)], .pass),
        ([("2026-01-05", high), ("2026-01-12", low)], .deviation),
        ([("2026-01-12", low), ("2026-01-21", high)], .deviation),       // after enrollment: not counted
        ([("2026-01-20", low), ("2026-01-19", high)], .deviation),       // the enrollment day counts
        ([("2019-03-01", high)], .pass),                                  // no window: any age
    ])
    func latest(_ results: [(String, String)], _ expected: Verdict) throws {
        let judgement = try F.judge(Self.platelets, results.map { Self.plt($0.0, $0.1) })
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Window edges: 14 days before enrollment to the enrollment day", arguments: [
        ("2026-01-20", Verdict.deviation),     // enrollment day: in
        ("2026-01-06", .deviation),            // 14 days before: in
        ("2026-01-05", .notEvaluable),         // 15 days before: out
        ("2026-01-21", .notEvaluable),         // after enrollment: out
        ("2025-12", .notEvaluable),            // every day of December is out
        ("2026-01", .indeterminate),           // some days in, some out (1-5 and 21-31)
    ])
    func windowEdges(_ day: String, _ expected: Verdict) throws {
        let judgement = try F.judge(Self.window, [Self.plt(day, Self.low)])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        if expected == .notEvaluable {
            #expect(judgement.message.contains("within 14 days before enrollment"))
            #expect(evidence("screening window", in: judgement) == "2026-01-06..2026-01-20")
        }
    }

    @Test("A window of 0 days counts only the enrollment day")
    func zeroWindow() throws {
        let json = #"{"test": "platelets", "min": "75 10^9/L", "window_days": 0}"#
        #expect(try F.judge(json, [Self.plt("2026-01-20", Self.high)]).verdict == .pass)
        #expect(try F.judge(json, [Self.plt("2026-01-19", Self.high)]).verdict == .notEvaluable)
    }

    @Test("An older result outside the window does not stand in for a missing recent one")
    func outsideWindowIgnored() throws {
        let judgement = try F.judge(Self.window, [Self.plt("2025-12-01", Self.high)])
        #expect(judgement.verdict == .notEvaluable)
        #expect(evidence("Platelets result not counted", in: judgement) == "182 10^9/L on 2025-12-01")
    }

    @Test("Partial dates decide when every possible latest result agrees", arguments: [
        // A partial date certainly before a full one: the full one is the latest.
        ([("2025-12", low), ("2026-01-10", high)], Verdict.pass),
        // 2026-01 may be after 2026-01-10 (or after enrollment): both results may be the latest.
        ([("2026-01", low), ("2026-01-10", high)], .indeterminate),
        ([("2026-01", high), ("2026-01-10", high)], .pass),
        ([("2026-01", low), ("2026-01-10", low)], .deviation),
        // A lone partial date that may fall after enrollment: the result, or no result.
        ([("2026-01", high)], .indeterminate),
        ([("2026", high)], .indeterminate),
        ([("2025", high)], .pass),
        ([("2026-02", high)], .notEvaluable),
        // Two results on one day that disagree: either may be the latest.
        ([("2026-01-12", low), ("2026-01-12", high)], .indeterminate),
        ([("2026-01-12", high), ("2026-01-12", "200")], .pass),
    ])
    func partialDates(_ results: [(String, String)], _ expected: Verdict) throws {
        let judgement = try F.judge(Self.platelets, results.map { Self.plt($0.0, $0.1) })
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        if expected == .indeterminate {
            #expect(judgement.message.contains("leave open which platelets result is the latest"))
        }
    }

    @Test("A partial enrollment date is interval arithmetic too", arguments: [
        ("2026-01-10", "2026-01", Verdict.indeterminate),   // enrollment may be before the result
        ("2025-12-20", "2026-01", .deviation),
        ("2026-02-01", "2026-01", .notEvaluable),
    ])
    func partialEnrollment(_ resultDay: String, _ enrolled: String, _ expected: Verdict) throws {
        let judgement = try F.judge(Self.platelets, [Self.plt(resultDay, Self.low)], enrolled: enrolled)
        #expect(judgement.verdict == expected, "\(judgement.message)")
    }

    @Test("An undated result may be the latest: decided only if it agrees")
    func undated() throws {
        #expect(try F.judge(Self.platelets, [Self.plt(nil, Self.high), Self.plt("2026-01-12", Self.high)]).verdict == .pass)
        #expect(try F.judge(Self.platelets, [Self.plt(nil, Self.low), Self.plt("2026-01-12", Self.high)]).verdict == .indeterminate)
        #expect(try F.judge(Self.platelets, [Self.plt(nil, Self.high)]).verdict == .indeterminate)
    }

    @Test("Results are matched by short name, alias or LOINC code, case-insensitively", arguments: [
        "platelets", "Platelets", " PLT ", "plat", "777-3", "26515-7", "platelet",
    ])
    func matching(_ name: String) throws {
        let judgement = try F.judge(Self.platelets, [F.number(name, "2026-01-12", Self.low, "10^9/L")])
        #expect(judgement.verdict == .deviation)
    }

    @Test("Names that are not the test are not matched", arguments: ["wbc", "718-7", "platelets2", ""])
    func notMatching(_ name: String) throws {
        #expect(try F.judge(Self.platelets, [F.number(name, "2026-01-12", Self.low, "10^9/L")]).verdict == .notEvaluable)
    }

    @Test("`codes` adds names, and names a test that is not built in")
    func extraCodes() throws {
        let extra = #"{"test": "platelets", "codes": ["LOCAL-PLT"], "min": "75 10^9/L"}"#
        #expect(try F.judge(extra, [F.number("local-plt", "2026-01-12", Self.low, "10^9/L")]).verdict == .deviation)
        let custom = #"{"test": "potassium", "codes": ["2823-3", "K"], "min": "3.5 mmol/L", "max": "5.1 mmol/L"}"#
        #expect(try F.judge(custom, [F.number("k", "2026-01-12", "4", "mmol/L")]).verdict == .pass)
        #expect(try F.judge(custom, [F.number("2823-3", "2026-01-12", "5.2", "mmol/L")]).verdict == .deviation)
        #expect(try F.judge(custom, [F.number("potassium", "2026-01-12", "3.4", "mmol/L")]).verdict == .deviation)
    }
}
