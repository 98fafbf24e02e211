import AgeChecks
import BuiltinPlugins
import Testing
import TrialCheckCore

/// Passes are written only when a report reads them (a lazy ``Judgement``): when read, the
/// sentence and evidence are those the kinds wrote when they built them at once.
@Suite("Pass wording, written when read")
struct PassWordingTests {
    /// Arm A, enrolled 2026-01-20, toripalimab 240 mg on 2026-01-22 and 2026-02-12.
    static let treated = armPatient("A", toripalimab(["2026-01-22", "2026-02-12"]))
    static let recordLine = TrialCheckCore.SourceLocation(file: "patients.yaml", line: 1)
    static let administrationLine = TrialCheckCore.SourceLocation(file: "patients.yaml", line: 7)

    static func judge(_ identifier: String, _ json: String, _ patient: PatientHistory = treated) throws -> Judgement {
        try TreatmentScopeTests.check(identifier, json).judge(patient)
    }

    /// Reading a lazy judgement twice, or writing it first, gives the same text.
    static func expectStable(_ judgement: Judgement, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(judgement.message == judgement.message, sourceLocation: sourceLocation)
        #expect(judgement.written() == judgement, sourceLocation: sourceLocation)
    }

    @Test("study-drug-dose: every administration complies")
    func studyDrugDose() throws {
        let judgement = try Self.judge("study-drug-dose", #"{"drug": "toripalimab", "dose": "240 mg", "arms": ["A"]}"#)
        #expect(judgement.verdict == .pass)
        #expect(judgement.message == "All 2 toripalimab administrations comply with 240 mg.")
        #expect(judgement.evidence == [Evidence("required", "240 mg"), Evidence("toripalimab administrations", "2")])
        Self.expectStable(judgement)
    }

    @Test("dosing-interval: the one interval is within the window")
    func dosingInterval() throws {
        let judgement = try Self.judge("dosing-interval", #"{"drug": "toripalimab", "interval_days": 21, "window_days": 3, "arms": ["A"]}"#)
        #expect(judgement.verdict == .pass)
        #expect(judgement.message == "The interval between the two toripalimab administrations (21 days) is within 21 ± 3 days (18-24).")
        #expect(judgement.evidence == [
            Evidence("toripalimab interval 2026-01-22 to 2026-02-12", "21 days", at: Self.administrationLine),
            Evidence("allowed interval", "21 ± 3 days (18-24)"),
        ])
        Self.expectStable(judgement)
    }

    @Test("dosing-interval: fewer than two administrations")
    func dosingIntervalSingle() throws {
        let patient = armPatient("A", toripalimab(["2026-01-22"]))
        let judgement = try Self.judge("dosing-interval", #"{"drug": "toripalimab", "interval_days": 21, "window_days": 3, "arms": ["A"]}"#, patient)
        #expect(judgement.message == "Fewer than two toripalimab administrations on or after enrollment: no interval to judge.")
        #expect(judgement.evidence == [Evidence("toripalimab administration", "2026-01-22", at: Self.administrationLine)])
    }

    @Test("max-administrations: within the limit, and none at all")
    func maxAdministrations() throws {
        let json = #"{"drug": "toripalimab", "max": 16, "arms": ["A"]}"#
        let judgement = try Self.judge("max-administrations", json)
        #expect(judgement.message == "2 toripalimab administrations recorded on or after enrollment, within the 16 allowed.")
        #expect(judgement.evidence == [Evidence("administrations", "2"), Evidence("allowed administrations", "at most 16")])
        let none = try Self.judge("max-administrations", json, armPatient("A"))
        #expect(none.message == "No toripalimab administration recorded on or after enrollment (at most 16 administrations allowed).")
        #expect(none.evidence == [Evidence("administrations", "0"), Evidence("allowed administrations", "at most 16")])
        Self.expectStable(judgement)
    }

    @Test("treatment-duration: the last dose is within the limit, and no dose at all")
    func treatmentDuration() throws {
        let json = #"{"drugs": ["toripalimab"], "max_years": 1, "arms": ["A"]}"#
        let judgement = try Self.judge("treatment-duration", json)
        #expect(judgement.message == "The last study drug (2026-02-12) is within 1 year of the first dose (2026-01-22); the last allowed day is 2027-01-22.")
        #expect(judgement.evidence == [
            Evidence("first study drug", "toripalimab 2026-01-22", at: Self.administrationLine),
            Evidence("last allowed day", "2027-01-22 (1 year after the first dose)"),
        ])
        let none = try Self.judge("treatment-duration", json, armPatient("A"))
        #expect(none.message == "No toripalimab recorded on or after enrollment.")
        #expect(none.evidence == [Evidence("enrollment date", "2026-01-20", at: Self.recordLine)])
        Self.expectStable(judgement)
    }

    @Test("no-study-drug: none given")
    func noStudyDrug() throws {
        let judgement = try Self.judge("no-study-drug", #"{"drugs": ["toripalimab"], "arms": ["A"]}"#, armPatient("A"))
        #expect(judgement.message == "No toripalimab recorded on or after enrollment (2026-01-20).")
        #expect(judgement.evidence == [Evidence("arm", "A", at: Self.recordLine), Evidence("enrollment date", "2026-01-20", at: Self.recordLine)])
    }

    @Test("A patient of another arm: not applicable, naming the arm")
    func otherArm() throws {
        let judgement = try Self.judge("study-drug-dose", #"{"drug": "toripalimab", "dose": "240 mg", "arms": ["A"]}"#, armPatient("B"))
        #expect(judgement.verdict == .pass)
        #expect(judgement.message == "Not applicable to arm B: the rule applies to arm A.")
        #expect(judgement.evidence == [Evidence("arm", "B", at: Self.recordLine)])
    }

    @Test("age-range: within the range")
    func ageRange() throws {
        let check = try AgeRangeCheck(parameters: parameters(AgeRangeCheck.self, #"{"min": 18, "max": 75}"#), context: testContext)
        let judgement = check.judge(patient(birth: "1975-05-04", enrolled: "2025-11-25"))
        #expect(judgement.verdict == .pass)
        #expect(judgement.message == "Age 50 at enrollment is within 18-75 years.")
        #expect(judgement.evidence == [
            Evidence("birth date", "1975-05-04", at: Self.recordLine),
            Evidence("enrollment date", "2025-11-25", at: Self.recordLine),
            Evidence("age at enrollment", "50"),
        ])
        let recorded = check.judge(patient(age: 50, enrolled: "2025-11-25"))
        #expect(recorded.evidence.first == Evidence("recorded age", "50", at: Self.recordLine))
    }
}
