import Testing
import TrialCheckCore
import LabChecks

private typealias F = LabChecksFixtures

/// The wording a lab result's comparisons show (converted values, reference limits and the
/// problems that keep a result from a limit) is written only when a report reads it: these
/// hold it, in order and without repeats, to what the audit wrote when it was written up front.
@Suite("lab-threshold: wording written when read")
struct LabThresholdWordingTests {
    static let hemoglobinRange = #"{"test": "hemoglobin", "min": "9 g/dL", "max": "18 g/dL"}"#
    static let bilirubinBoth = #"{"test": "bilirubin", "max_uln": 1.5, "max": "2 mg/dL"}"#

    /// The evidence as name and value pairs.
    private func pairs(_ judgement: Judgement) -> [String] {
        judgement.evidence.map { "\($0.name): \($0.value)" }
    }

    @Test("Two limits in one unit show the converted value once")
    func convertedOnce() throws {
        let high = try F.judge(Self.hemoglobinRange, [F.number("hgb", "2026-01-12", "190", "g/L")])
        #expect(high.verdict == .deviation)
        #expect(high.message == "Hemoglobin 190 g/L (19 g/dL) on 2026-01-12 is above the maximum 18 g/dL.")
        #expect(pairs(high) == ["Hemoglobin result: 190 g/L on 2026-01-12", "Hemoglobin in g/dL: 19 g/dL", "enrollment date: 2026-01-20"])
        let inRange = try F.judge(Self.hemoglobinRange, [F.number("hemoglobin", "2026-01-12", "95", "g/L")])
        #expect(inRange.verdict == .pass)
        #expect(inRange.message == "Hemoglobin 95 g/L (9.5 g/dL) on 2026-01-12 meets the minimum 9 g/dL and is within the maximum 18 g/dL.")
        #expect(pairs(inRange) == ["Hemoglobin result: 95 g/L on 2026-01-12", "Hemoglobin in g/dL: 9.5 g/dL", "enrollment date: 2026-01-20"])
    }

    @Test("A quantity and a ULN multiple show both notes, in limit order")
    func quantityAndMultiple() throws {
        let judgement = try F.judge(Self.bilirubinBoth, [F.number("bilirubin", "2026-01-12", "40", "umol/L", uln: "17")])
        #expect(judgement.verdict == .deviation)
        #expect(judgement.message == "Total bilirubin 40 umol/L (2.34 mg/dL; 2.35 x ULN, ULN 17 umol/L) on 2026-01-12 is above the maximum 2 mg/dL and is above the maximum 1.5 x ULN.")
        #expect(pairs(judgement) == [
            "Total bilirubin result: 40 umol/L on 2026-01-12", "Total bilirubin in mg/dL: 2.34 mg/dL", "Total bilirubin ULN: 17 umol/L",
            "enrollment date: 2026-01-20",
        ])
    }

    @Test("A reference limit that keeps a result from its limit is evidence after the comparisons before it", arguments: [
        ("abc", "its ULN 'abc' is not a number"),
        ("-1", "its ULN '-1' is not a positive number"),
    ])
    func unusableReference(_ uln: String, _ reason: String) throws {
        let event = F.result("bilirubin", "2026-01-12", .number("30"), unit: "umol/L", uln: .number(uln))
        let judgement = try F.judge(Self.bilirubinBoth, [event])
        #expect(judgement.verdict == .notEvaluable)
        #expect(judgement.message == "Total bilirubin 30 umol/L on 2026-01-12 cannot be compared with at most 1.5 x ULN: \(reason).")
        #expect(pairs(judgement) == [
            "Total bilirubin result: 30 umol/L on 2026-01-12", "Total bilirubin in mg/dL: 1.75 mg/dL", "Total bilirubin ULN: \(uln)",
            "enrollment date: 2026-01-20",
        ])
    }

    @Test("A missing reference limit is a problem without evidence of its own")
    func missingReference() throws {
        let judgement = try F.judge(Self.bilirubinBoth, [F.number("bilirubin", "2026-01-12", "1.0", "mg/dL")])
        #expect(judgement.verdict == .notEvaluable)
        #expect(judgement.message == "Total bilirubin 1 mg/dL on 2026-01-12 cannot be compared with at most 1.5 x ULN: no ULN recorded.")
        #expect(pairs(judgement) == ["Total bilirubin result: 1.0 mg/dL on 2026-01-12", "enrollment date: 2026-01-20"])
        // A failed limit outweighs the problem, and the wording says only the failure.
        let failed = try F.judge(Self.bilirubinBoth, [F.number("bilirubin", "2026-01-12", "2.5", "mg/dL")])
        #expect(failed.verdict == .deviation)
        #expect(failed.message == "Total bilirubin 2.5 mg/dL on 2026-01-12 is above the maximum 2 mg/dL.")
    }

    @Test("A reference limit written as a quantity in another unit is shown as written")
    func referenceAsQuantity() throws {
        let event = F.result("bilirubin", "2026-01-12", .number("31"), unit: "umol/L", uln: .string("1.2 mg/dL"))
        let judgement = try F.judge(#"{"test": "bilirubin", "max_uln": 1.5}"#, [event])
        #expect(judgement.verdict == .deviation)
        #expect(judgement.message.contains("x ULN, ULN 1.2 mg/dL) on 2026-01-12 is above the maximum 1.5 x ULN."), "\(judgement.message)")
        #expect(pairs(judgement).contains("Total bilirubin ULN: 1.2 mg/dL"))
    }

    @Test("A judgement reads the same however often its wording is read")
    func wordingIsStable() throws {
        let judgement = try F.judge(Self.bilirubinBoth, [F.number("bilirubin", "2026-01-12", "40", "umol/L", uln: "17")])
        #expect(judgement.message == judgement.message)
        #expect(judgement.evidence == judgement.evidence)
        #expect(judgement.written() == judgement)
    }
}
