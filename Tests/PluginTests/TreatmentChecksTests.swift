import BuiltinPlugins
import Foundation
import Testing
import TrialCheckCore
import TreatmentChecks
import TrialCheckEngine

// MARK: - Helpers for study treatment records

/// A protocol with arms A (experimental) and B (observation).
let armContext = CheckContext(
    protocolID: "TEST",
    arms: ["A": Arm(label: "Experimental", type: "experimental"), "B": Arm(label: "Observation", type: "no-intervention")]
)

/// One administration of `drug` on `day` (undated when `nil`); `dose` is the raw value.
func administration(
    _ drug: String,
    _ day: String?,
    dose: Value? = .string("240 mg"),
    route: String? = nil,
    frequency: String? = nil,
    cycle: Value? = nil
) -> Event {
    var attributes: [String: Value] = ["drug": .string(drug)]
    if let dose { attributes["dose"] = dose }
    if let route { attributes["route"] = .string(route) }
    if let frequency { attributes["frequency"] = .string(frequency) }
    if let cycle { attributes["cycle"] = cycle }
    return Event(type: .administration, date: day.map(date), attributes: attributes, location: TrialCheckCore.SourceLocation(file: "patients.yaml", line: 7))
}

/// A continuous span of an oral drug (`end` absent while ongoing).
func oralSpan(_ drug: String, _ start: String?, _ end: String?, dose: Value? = .string("500 mg"), frequency: String? = "BID") -> Event {
    var attributes: [String: Value] = ["drug": .string(drug), "route": .string("oral")]
    if let dose { attributes["dose"] = dose }
    if let frequency { attributes["frequency"] = .string(frequency) }
    return Event(type: .administration, start: start.map(date), end: end.map(date), attributes: attributes)
}

/// A patient of `arm` (none when `nil`) enrolled on `enrolled`.
func armPatient(_ arm: String?, enrolled: String = "2026-01-20", _ events: [Event] = []) -> PatientHistory {
    PatientHistory(
        id: "P-1",
        enrollment: Enrollment(date: date(enrolled), arm: arm),
        events: events,
        location: TrialCheckCore.SourceLocation(file: "patients.yaml", line: 1)
    )
}

/// Toripalimab administrations on each day, 240 mg.
func toripalimab(_ days: [String]) -> [Event] {
    days.map { administration("toripalimab", $0) }
}

/// A labelled table row: events and the verdict they should give.
struct TreatmentCase: Sendable, CustomTestStringConvertible {
    let label: String
    let events: [Event]
    let expected: Verdict
    init(_ label: String, _ expected: Verdict, _ events: [Event]) {
        self.label = label
        self.events = events
        self.expected = expected
    }
    var testDescription: String { label }
}

/// Builds `C` from JSON parameters in the two-arm protocol.
func build<C: Check>(_ type: C.Type, _ json: String, context: CheckContext = armContext) throws -> C {
    try C(parameters: parameters(C.self, json), context: context)
}

/// Expects `json` to be rejected with a problem naming `parameter`.
func expectProblem<C: Check>(_ type: C.Type, _ json: String, _ parameter: String?, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let decoded = try parameters(C.self, json)
    let problem = #expect(throws: ParameterProblem.self, sourceLocation: sourceLocation) {
        try C(parameters: decoded, context: armContext)
    }
    #expect(problem?.parameter == parameter, "\(json): \(problem?.message ?? "")", sourceLocation: sourceLocation)
    #expect(problem?.message.isEmpty == false, sourceLocation: sourceLocation)
}

// MARK: - Arms and drug names, shared by every kind

@Suite("Treatment checks: arms, drug names and registration")
struct TreatmentScopeTests {
    /// Every kind, configured for arm A with a drug named toripalimab.
    static let configurations: [(String, String)] = [
        ("no-study-drug", #"{"drugs": ["toripalimab"], "arms": ["A"]}"#),
        ("study-drug-dose", #"{"drug": "toripalimab", "dose": "240 mg", "arms": ["A"]}"#),
        ("dosing-interval", #"{"drug": "toripalimab", "interval_days": 21, "window_days": 3, "arms": ["A"]}"#),
        ("max-administrations", #"{"drug": "toripalimab", "max": 16, "arms": ["A"]}"#),
        ("treatment-duration", #"{"drugs": ["toripalimab"], "max_years": 1, "arms": ["A"]}"#),
    ]

    static func check(_ identifier: String, _ json: String, context: CheckContext = armContext) throws -> any Check {
        let kind = try #require(BuiltinPlugins.kinds.first { $0.identifier == identifier })
        return try kind.instantiate(parameters: JSONParameters(json: json), context: context)
    }

    @Test("An event that names no drug, on or after enrollment, never lets a kind pass", arguments: configurations)
    func unnamedDrug(_ identifier: String, _ json: String) throws {
        let check = try Self.check(identifier, json)
        // One compliant dose (none for no-study-drug, which a dose would fail), then an
        // administration without a drug: it may be toripalimab.
        let named = identifier == "no-study-drug" ? [] : [administration("toripalimab", "2026-01-22", route: "IV")]
        var unnamed = administration("", "2026-02-12", route: "IV")
        unnamed.attributes["drug"] = nil
        let judgement = check.judge(armPatient("A", named + [unnamed]))
        #expect(judgement.verdict == .notEvaluable, "\(identifier): \(judgement.message)")
        #expect(judgement.message.contains("no drug"), "\(identifier): \(judgement.message)")
        for empty in ["", " "] {
            let blank = check.judge(armPatient("A", named + [administration(empty, "2026-02-12", route: "IV")]))
            #expect(blank.verdict == .notEvaluable, "\(identifier) '\(empty)': \(blank.message)")
        }
        // Before enrollment it is not study treatment: the verdict is the one without it.
        var before = unnamed
        before.date = date("2025-12-01")
        #expect(check.judge(armPatient("A", named + [before])).verdict == check.judge(armPatient("A", named)).verdict)
    }

    @Test("Kinds that read the same drugs of one patient judge alike whether they ask first or later", arguments: configurations)
    func sharedAdministrations(_ identifier: String, _ json: String) throws {
        let check = try Self.check(identifier, json)
        let events = toripalimab(["2026-01-22", "2026-02-12", "2026-03-05"]) + [administration("JS001", "2026-03-26", dose: .string("200 mg"))]
        let patient = armPatient("A", events)
        let alone = check.judge(armPatient("A", events))
        // The same patient, after every other kind has collected its administrations.
        for (other, parameters) in Self.configurations { _ = try Self.check(other, parameters).judge(patient) }
        #expect(check.judge(patient) == alone, "\(identifier)")
        // A copy enrolled on another day shares the events, not what was collected for them.
        var later = patient
        later.enrollment.date = date("2026-02-20")
        #expect(check.judge(later) == check.judge(armPatient("A", enrolled: "2026-02-20", events)), "\(identifier)")
    }

    @Test("The seven kinds are registered")
    func registered() {
        let identifiers = Set(BuiltinPlugins.kinds.map(\.identifier))
        #expect(identifiers.isSuperset(of: ["no-study-drug", "study-drug-dose", "dosing-interval", "max-administrations", "treatment-duration", "no-dose-after", "cyclic-schedule"]))
        #expect(TreatmentChecksPlugin.kinds.count == 7)
    }

    @Test("Every parameter key a kind declares is snake_case and documented", arguments: TreatmentChecksPlugin.kinds.map(\.identifier))
    func documentedParameters(_ identifier: String) throws {
        let kind = try #require(TreatmentChecksPlugin.kinds.first { $0.identifier == identifier })
        for parameter in kind.description.parameters {
            #expect(parameter.name.allSatisfy { $0.isLowercase || $0 == "_" }, "\(parameter.name)")
            #expect(!parameter.summary.isEmpty)
        }
    }

    @Test("A patient of another arm passes as not applicable, naming the arm", arguments: configurations)
    func otherArm(_ identifier: String, _ json: String) throws {
        let judgement = try Self.check(identifier, json).judge(armPatient("B", toripalimab(["2026-01-22", "2026-05-01"])))
        #expect(judgement.verdict == .pass)
        #expect(judgement.message.contains("Not applicable to arm B"), "\(judgement.message)")
        #expect(evidence("arm", in: judgement) == "B")
    }

    @Test("A patient with no arm recorded is not-evaluable", arguments: configurations)
    func noArm(_ identifier: String, _ json: String) throws {
        for arm in [nil, "", "  "] as [String?] {
            let judgement = try Self.check(identifier, json).judge(armPatient(arm, toripalimab(["2026-01-22"])))
            #expect(judgement.verdict == .notEvaluable)
            #expect(judgement.message.contains("No arm is recorded"))
            expectExplained(judgement)
        }
    }

    @Test("Arm codes of patients match whatever their case and spacing", arguments: configurations)
    func armCase(_ identifier: String, _ json: String) throws {
        let judgement = try Self.check(identifier, json).judge(armPatient(" a ", toripalimab(["2026-01-22"])))
        #expect(!judgement.message.contains("Not applicable"))
    }

    @Test("An arm recorded as its code decides as the same arm recorded by label or in another case", arguments: configurations)
    func armCodeAsWritten(_ identifier: String, _ json: String) throws {
        let check = try Self.check(identifier, json)
        let events = toripalimab(["2026-01-22", "2026-05-01"])
        for (code, names) in [("A", [" a ", "a", "Experimental", "experimental"]), ("B", ["b", " B ", "Observation"])] {
            let byCode = check.judge(armPatient(code, events))
            for name in names {
                let byName = check.judge(armPatient(name, events))
                #expect(byName.verdict == byCode.verdict, "\(identifier) \(name)")
                if code == "A" { #expect(byName.message == byCode.message, "\(identifier) \(name)") }
                if code == "B" { #expect(byName.message.contains("Not applicable to arm \(name.trimmingWhitespace())"), "\(byName.message)") }
            }
        }
        #expect(check.judge(armPatient("C", events)).verdict == .notEvaluable)
    }

    @Test("Without `arms` the rule applies to every patient, with or without an arm")
    func everyArm() throws {
        let check = try build(NoStudyDrugCheck.self, #"{"drugs": ["toripalimab"]}"#)
        for arm in ["A", "B", nil] as [String?] {
            #expect(check.judge(armPatient(arm, toripalimab(["2026-02-01"]))).verdict == .deviation)
        }
    }

    @Test("Arm codes must be declared in the protocol, when it declares arms", arguments: [
        #"{"drugs": ["toripalimab"], "arms": ["C"]}"#,
        #"{"drugs": ["toripalimab"], "arms": ["A", "Arm B"]}"#,
        #"{"drugs": ["toripalimab"], "arms": ["a"]}"#,
        #"{"drugs": ["toripalimab"], "arms": []}"#,
        #"{"drugs": ["toripalimab"], "arms": [" "]}"#,
    ])
    func undeclaredArm(_ json: String) throws {
        try expectProblem(NoStudyDrugCheck.self, json, "arms")
    }

    @Test("An undeclared arm gets a suggestion; a protocol without arms accepts any code")
    func armSuggestion() throws {
        let decoded = try parameters(StudyDrugDoseCheck.self, #"{"drug": "x", "dose": "1 mg", "arms": ["b"]}"#)
        let problem = #expect(throws: ParameterProblem.self) { try StudyDrugDoseCheck(parameters: decoded, context: armContext) }
        #expect(problem?.message.contains("did you mean 'B'") == true, "\(problem?.message ?? "")")
        #expect(throws: Never.self) { try StudyDrugDoseCheck(parameters: decoded, context: testContext) }
    }

    @Test("Each kind rejects undeclared arms", arguments: configurations)
    func everyKindValidatesArms(_ identifier: String, _ json: String) throws {
        let bad = json.replacingOccurrences(of: #"["A"]"#, with: #"["Z"]"#)
        #expect(throws: ParameterProblem.self) { try Self.check(identifier, bad) }
    }

    @Test("Drug names and synonyms match as the drug terminology compares them (case, spaces and punctuation aside), with its synonyms", arguments: [
        "toripalimab", "Toripalimab", "TORIPALIMAB", "  toripalimab ", "JS001", "js001", "JS-001", "Tuo Yi", " tuo yi", "tuoyi", "Loqtorzi",
    ])
    func drugNames(_ name: String) throws {
        let check = try build(NoStudyDrugCheck.self, #"{"drugs": ["toripalimab"], "synonyms": {"toripalimab": ["JS001", "tuo yi"]}}"#)
        #expect(check.judge(armPatient("B", [administration(name, "2026-02-01")])).verdict == .deviation)
    }

    // An empty drug name is no other drug: it names none, which is not-evaluable (`unnamedDrug`).
    @Test("Other drugs and near misses do not match", arguments: ["camrelizumab", "toripalimab-x", "JS00", "tuo"])
    func otherDrugs(_ name: String) throws {
        let check = try build(NoStudyDrugCheck.self, #"{"drugs": ["toripalimab"], "synonyms": {"toripalimab": ["JS001", "tuo yi"]}}"#)
        #expect(check.judge(armPatient("B", [administration(name, "2026-02-01")])).verdict == .pass)
    }

    @Test("Inconsistent drug names are rejected", arguments: [
        (#"{"drugs": []}"#, "drugs" as String?),
        (#"{"drugs": [" "]}"#, "drugs"),
        (#"{"drugs": ["toripalimab"], "synonyms": {"toripalimb": ["JS001"]}}"#, "synonyms"),
        (#"{"drugs": ["toripalimab", "capecitabine"], "synonyms": {"toripalimab": ["X"], "capecitabine": ["x"]}}"#, "synonyms"),
        (#"{"drugs": ["toripalimab", "capecitabine"], "synonyms": {"toripalimab": ["capecitabine"]}}"#, "synonyms"),
        (#"{"drugs": ["toripalimab"], "synonyms": {"toripalimab": [""]}}"#, "synonyms"),
    ])
    func badDrugs(_ json: String, _ parameter: String?) throws {
        try expectProblem(NoStudyDrugCheck.self, json, parameter)
    }

    @Test("A synonym key for a misspelt drug suggests the drug")
    func synonymSuggestion() throws {
        let decoded = try parameters(NoStudyDrugCheck.self, #"{"drugs": ["toripalimab"], "synonyms": {"toripalimb": ["JS001"]}}"#)
        let problem = #expect(throws: ParameterProblem.self) { try NoStudyDrugCheck(parameters: decoded, context: armContext) }
        #expect(problem?.message.contains("did you mean 'toripalimab'") == true)
    }

    @Test("Synonym keys match the drug whatever their case")
    func synonymKeyCase() throws {
        let check = try build(StudyDrugDoseCheck.self, #"{"drug": "Toripalimab", "synonyms": {"toripalimab": ["JS001"]}, "dose": "240 mg"}"#)
        #expect(check.judge(armPatient("A", [administration("js001", "2026-01-22")])).verdict == .pass)
    }
}

// MARK: - no-study-drug

@Suite("no-study-drug (protocol check `arm-b-no-study-drug`)")
struct NoStudyDrugCheckTests {
    static let check: NoStudyDrugCheck? = try? build(
        NoStudyDrugCheck.self,
        #"{"drugs": ["toripalimab", "capecitabine"], "synonyms": {"toripalimab": ["JS001"], "capecitabine": ["Xeloda"]}, "arms": ["B"]}"#
    )

    static func judge(_ events: [Event], enrolled: String = "2026-01-20") throws -> Judgement {
        try #require(check).judge(armPatient("B", enrolled: enrolled, events))
    }

    @Test("Administrations and therapy events, on each side of the enrollment date", arguments: [
        TreatmentCase("nothing recorded", .pass, []),
        TreatmentCase("toripalimab the day before enrollment", .pass, [administration("toripalimab", "2026-01-19")]),
        TreatmentCase("toripalimab on the enrollment date", .deviation, [administration("toripalimab", "2026-01-20")]),
        TreatmentCase("toripalimab the day after", .deviation, [administration("toripalimab", "2026-01-21")]),
        TreatmentCase("capecitabine by brand name", .deviation, [administration("Xeloda", "2026-03-01", dose: .string("500 mg"))]),
        TreatmentCase("a dose-less administration still counts", .deviation, [administration("JS001", "2026-03-01", dose: nil)]),
        TreatmentCase("cisplatin after enrollment is no study drug", .pass, [administration("cisplatin", "2026-03-01")]),
        TreatmentCase("immunotherapy with toripalimab after enrollment", .deviation, [therapy(.immunotherapy, phase: "consolidation", start: "2026-02-01", end: "2026-06-01", agents: ["toripalimab"])]),
        TreatmentCase("chemotherapy with capecitabine among agents", .deviation, [therapy(.chemotherapy, phase: nil, start: "2026-02-01", agents: ["oxaliplatin", "Capecitabine"])]),
        TreatmentCase("targeted therapy naming the drug", .deviation, [therapy(.targetedTherapy, phase: nil, start: "2026-02-01", agents: ["JS001"])]),
        TreatmentCase("induction toripalimab ended before enrollment", .pass, [therapy(.immunotherapy, phase: "induction", start: "2025-08-20", end: "2025-09-30", agents: ["toripalimab"])]),
        TreatmentCase("a span ending the day before enrollment", .pass, [oralSpan("capecitabine", "2025-12-01", "2026-01-19")]),
        TreatmentCase("a span ending on the enrollment date", .deviation, [oralSpan("capecitabine", "2025-12-01", "2026-01-20")]),
        TreatmentCase("a span begun before enrollment and ongoing", .deviation, [oralSpan("capecitabine", "2025-12-01", nil)]),
        TreatmentCase("an ongoing therapy begun before enrollment", .deviation, [therapy(.immunotherapy, phase: "induction", start: "2025-08-20", agents: ["toripalimab"])]),
        TreatmentCase("radiotherapy after enrollment is no study drug", .pass, [radiotherapy("2026-02-01", "2026-02-10", intent: "palliative")]),
    ])
    func table(_ input: TreatmentCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
        #expect(evidence("enrollment date", in: judgement) == "2026-01-20")
        if input.expected == .deviation {
            #expect(judgement.evidence.contains { $0.value.hasPrefix(input.events[0].datesDescription) })
        }
    }

    @Test("Partial dates decide only when every day agrees", arguments: [
        ("2025-12", Verdict.pass),
        ("2026-01", .indeterminate),
        ("2026-02", .deviation),
        ("2025", .pass),
        ("2026", .indeterminate),
    ])
    func partialDates(_ day: String, _ expected: Verdict) throws {
        let judgement = try Self.judge([administration("toripalimab", day)])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("A partial enrollment date is judged as the span it is", arguments: [
        ("2026-01-15", "2026-01", Verdict.indeterminate),
        ("2026-01-31", "2026-01", .deviation),
        ("2026-02-01", "2026-01", .deviation),
        ("2025-12-31", "2026-01", .pass),
    ])
    func partialEnrollment(_ day: String, _ enrolled: String, _ expected: Verdict) throws {
        #expect(try Self.judge([administration("toripalimab", day)], enrolled: enrolled).verdict == expected)
    }

    @Test("An undated study drug is not-evaluable; a dated one after enrollment still deviates")
    func undated() throws {
        let alone = try Self.judge([administration("toripalimab", nil)])
        #expect(alone.verdict == .notEvaluable)
        #expect(alone.message.contains("no date"))
        expectExplained(alone)
        #expect(try Self.judge([administration("toripalimab", nil), administration("capecitabine", "2026-02-01")]).verdict == .deviation)
        #expect(try Self.judge([administration("toripalimab", nil), administration("capecitabine", "2026-01")]).verdict == .indeterminate)
    }

    @Test("The deviation lists every study drug given, with its location")
    func listsAll() throws {
        let judgement = try Self.judge([
            administration("toripalimab", "2026-02-01"),
            oralSpan("capecitabine", "2026-02-01", "2026-03-01"),
            administration("toripalimab", "2026-01-10"),
        ])
        #expect(judgement.verdict == .deviation)
        #expect(judgement.message.contains("toripalimab administered 2026-02-01"))
        #expect(judgement.message.contains("capecitabine administered 2026-02-01..2026-03-01"))
        #expect(!judgement.message.contains("2026-01-10"))
        #expect(judgement.evidence.first?.location?.line == 7)
        #expect(judgement.evidence.contains { $0.name == "capecitabine administration" })
    }

    @Test("`therapy_types` chooses which therapy events are read")
    func therapyTypes() throws {
        let check = try build(NoStudyDrugCheck.self, #"{"drugs": ["capecitabine"], "therapy_types": ["Immunotherapy"]}"#)
        let chemo = therapy(.chemotherapy, phase: nil, start: "2026-02-01", agents: ["capecitabine"])
        let immuno = therapy(.immunotherapy, phase: nil, start: "2026-02-01", agents: ["capecitabine"])
        #expect(check.judge(armPatient("B", [chemo])).verdict == .pass)
        #expect(check.judge(armPatient("B", [immuno])).verdict == .deviation)
        #expect(check.judge(armPatient("B", [administration("capecitabine", "2026-02-01")])).verdict == .deviation)
    }
}

// MARK: - study-drug-dose

@Suite("study-drug-dose (protocol checks `toripalimab-dose` and `capecitabine-dose`)")
struct StudyDrugDoseCheckTests {
    static let toripalimab = #"{"drug": "toripalimab", "synonyms": {"toripalimab": ["JS001"]}, "dose": "240 mg", "tolerance": "10%", "route": ["IV", "intravenous"], "arms": ["A"]}"#
    static let capecitabine = #"{"drug": "capecitabine", "dose": "500 mg", "route": ["oral", "PO"], "frequency": "BID", "arms": ["A"]}"#

    static func judge(_ json: String = toripalimab, events: [Event]) throws -> Judgement {
        try build(StudyDrugDoseCheck.self, json).judge(armPatient("A", events))
    }

    static func dose(_ text: String, route: String? = "IV") -> Event {
        administration("toripalimab", "2026-02-12", dose: .string(text), route: route)
    }

    @Test("240 mg ± 10%: the inclusive boundaries, in mg, g and ug", arguments: [
        ("240 mg", Verdict.pass), ("216 mg", .pass), ("264 mg", .pass), ("0.24 g", .pass), ("240000 ug", .pass),
        ("240000 mcg", .pass), ("240mg", .pass), ("0.216 g", .pass), ("0.264 g", .pass),
        ("215.9 mg", .deviation), ("264.1 mg", .deviation), ("0.2641 g", .deviation), ("200 mg", .deviation),
        ("480 mg", .deviation), ("0 mg", .deviation), ("24 mg", .deviation),
    ])
    func percentTolerance(_ text: String, _ expected: Verdict) throws {
        let judgement = try Self.judge(events: [administration("toripalimab", "2026-01-22", route: "IV"), Self.dose(text)])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        if expected == .deviation {
            #expect(evidence("toripalimab administration 2026-02-12", in: judgement)?.hasPrefix(Quantity(parsing: text)?.description ?? "?") == true)
            #expect(judgement.message.contains("1 of 2"))
        }
    }

    @Test("No tolerance: the dose must equal the target, forgiving binary rounding only", arguments: [
        ("240 mg", Verdict.pass), ("0.24 g", .pass), ("240000 ug", .pass), ("240.01 mg", .deviation), ("239.99 mg", .deviation),
    ])
    func exact(_ text: String, _ expected: Verdict) throws {
        #expect(try Self.judge(#"{"drug": "toripalimab", "dose": "240 mg"}"#, events: [Self.dose(text)]).verdict == expected)
        #expect(try Self.judge(#"{"drug": "toripalimab", "dose": "240 mg", "tolerance": "0%"}"#, events: [Self.dose(text)]).verdict == expected)
        #expect(try Self.judge(#"{"drug": "toripalimab", "dose": "240 mg", "tolerance": "0"}"#, events: [Self.dose(text)]).verdict == expected)
    }

    @Test("A tolerance as an amount, in any mass unit", arguments: [
        ("230 mg", Verdict.pass), ("250 mg", .pass), ("229.9 mg", .deviation), ("250.1 mg", .deviation),
    ])
    func amountTolerance(_ text: String, _ expected: Verdict) throws {
        #expect(try Self.judge(#"{"drug": "toripalimab", "dose": "240 mg", "tolerance": "10 mg"}"#, events: [Self.dose(text)]).verdict == expected)
        #expect(try Self.judge(#"{"drug": "toripalimab", "dose": "240 mg", "tolerance": "0.01 g"}"#, events: [Self.dose(text)]).verdict == expected)
        #expect(try Self.judge(#"{"drug": "toripalimab", "dose": "0.24 g", "tolerance": {"value": 10, "unit": "mg"}}"#, events: [Self.dose(text)]).verdict == expected)
    }

    @Test("A dose written as {value, unit}")
    func structuredDose() throws {
        let event = administration("toripalimab", "2026-01-22", dose: .map(["value": .number("240"), "unit": .string("mg")]), route: "IV")
        #expect(try Self.judge(events: [event]).verdict == .pass)
    }

    @Test("Unusable doses are not-evaluable, naming what is wrong", arguments: [
        (nil as Value?, "no dose recorded"),
        (.string("240"), "not a quantity"),
        (.number("240"), "not a quantity"),
        (.string("two hundred mg"), "not a quantity"),
        (.string("240 mL"), "'mL'"),
        (.string("3 mg/kg"), "'mg/kg'"),
        (.string("240 Gy"), "'Gy'"),
        (.string("240 mgg"), "'mgg'"),
        (.null, "not a quantity"),
    ])
    func unusableDose(_ raw: Value?, _ phrase: String) throws {
        let judgement = try Self.judge(events: [administration("toripalimab", "2026-01-22", dose: raw, route: "IV")])
        #expect(judgement.verdict == .notEvaluable)
        #expect(judgement.message.contains(phrase), "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("An unusable dose does not hide a deviation elsewhere")
    func deviationWins() throws {
        let judgement = try Self.judge(events: [
            administration("toripalimab", "2026-01-22", dose: nil, route: "IV"),
            Self.dose("120 mg"),
        ])
        #expect(judgement.verdict == .deviation)
    }

    @Test("Every non-compliant administration is named, each with its own evidence")
    func listsAll() throws {
        let judgement = try Self.judge(events: [
            administration("toripalimab", "2026-01-22", route: "IV"),
            administration("toripalimab", "2026-02-12", dose: .string("200 mg"), route: "IV"),
            administration("JS001", "2026-03-05", route: "oral"),
            administration("toripalimab", "2026-03-26", dose: .string("300 mg"), route: "IV"),
        ])
        #expect(judgement.verdict == .deviation)
        #expect(judgement.message.hasPrefix("3 of 4 toripalimab administrations"))
        for day in ["2026-02-12", "2026-03-05", "2026-03-26"] {
            #expect(judgement.message.contains(day))
            #expect(evidence("toripalimab administration \(day)", in: judgement) != nil)
        }
        #expect(!judgement.message.contains("2026-01-22"))
        #expect(judgement.message.contains("2026-03-05 (route oral, not IV or intravenous)"))
        #expect(evidence("required", in: judgement) == "240 mg ± 10%, route IV or intravenous")
        #expect(judgement.evidence.first?.location?.line == 7)
    }

    @Test("Route and frequency: required values match case-insensitively; absent ones are not-evaluable", arguments: [
        ("oral", "BID", Verdict.pass), ("Oral", "bid", .pass), ("PO", " BID ", .pass), ("IV", "BID", .deviation),
        ("oral", "QD", .deviation), (nil, "BID", .notEvaluable), ("oral", nil, .notEvaluable), ("", "BID", .notEvaluable),
    ] as [(String?, String?, Verdict)])
    func routeAndFrequency(_ route: String?, _ frequency: String?, _ expected: Verdict) throws {
        var event = oralSpan("capecitabine", "2026-01-22", "2026-07-21", frequency: frequency)
        event.attributes["route"] = route.map(Value.string)
        let judgement = try Self.judge(Self.capecitabine, events: [event])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Route and frequency are not required unless given")
    func optionalRoute() throws {
        #expect(try Self.judge(#"{"drug": "toripalimab", "dose": "240 mg"}"#, events: [administration("toripalimab", "2026-01-22")]).verdict == .pass)
    }

    @Test("Only administrations on or after enrollment are judged", arguments: [
        TreatmentCase("no administration", .notEvaluable, []),
        TreatmentCase("only before enrollment", .notEvaluable, [administration("toripalimab", "2026-01-19", dose: .string("200 mg"), route: "IV")]),
        TreatmentCase("wrong dose before enrollment, right after", .pass, [
            administration("toripalimab", "2026-01-19", dose: .string("200 mg"), route: "IV"), administration("toripalimab", "2026-01-20", route: "IV"),
        ]),
        TreatmentCase("wrong dose on the enrollment date", .deviation, [administration("toripalimab", "2026-01-20", dose: .string("200 mg"), route: "IV")]),
        TreatmentCase("another drug only", .notEvaluable, [administration("nivolumab", "2026-01-22", route: "IV")]),
        TreatmentCase("the drug in a therapy event is not an administration", .notEvaluable, [therapy(.immunotherapy, phase: nil, start: "2026-01-22", agents: ["toripalimab"])]),
    ])
    func enrollmentBoundary(_ input: TreatmentCase) throws {
        let judgement = try Self.judge(events: input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("No administration is not-evaluable, naming the drug")
    func neverDosed() throws {
        let judgement = try Self.judge(events: [])
        #expect(judgement.message == "No administration of toripalimab on or after enrollment is recorded.")
    }

    @Test("Partial and missing dates", arguments: [
        TreatmentCase("wrong dose, month of enrollment", .indeterminate, [administration("toripalimab", "2026-01", dose: .string("200 mg"), route: "IV")]),
        TreatmentCase("wrong dose, month after enrollment", .deviation, [administration("toripalimab", "2026-02", dose: .string("200 mg"), route: "IV")]),
        TreatmentCase("wrong dose, month before enrollment", .notEvaluable, [administration("toripalimab", "2025-12", dose: .string("200 mg"), route: "IV")]),
        TreatmentCase("right dose, month of enrollment, and a certain one", .pass, [
            administration("toripalimab", "2026-01", route: "IV"), administration("toripalimab", "2026-02-12", route: "IV"),
        ]),
        TreatmentCase("right dose, month of enrollment only", .indeterminate, [administration("toripalimab", "2026-01", route: "IV")]),
        TreatmentCase("wrong dose, undated", .notEvaluable, [
            administration("toripalimab", nil, dose: .string("200 mg"), route: "IV"), administration("toripalimab", "2026-02-12", route: "IV"),
        ]),
        TreatmentCase("right dose, undated", .pass, [
            administration("toripalimab", nil, route: "IV"), administration("toripalimab", "2026-02-12", route: "IV"),
        ]),
    ])
    func partialDates(_ input: TreatmentCase) throws {
        let judgement = try Self.judge(events: input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{"drug": "x", "dose": "240 Gy"}"#, "dose" as String?),
        (#"{"drug": "x", "dose": "240 Gy/m2"}"#, "dose"),
        (#"{"drug": "x", "dose": "0 mg"}"#, "dose"),
        (#"{"drug": "x", "dose": "-5 mg"}"#, "dose"),
        (#"{"drug": "x", "dose": "240 mg", "tolerance": "-5%"}"#, "tolerance"),
        (#"{"drug": "x", "dose": "240 mg", "tolerance": "100%"}"#, "tolerance"),
        (#"{"drug": "x", "dose": "240 mg", "tolerance": "10 Gy"}"#, "tolerance"),
        (#"{"drug": "x", "dose": "240 mg", "tolerance": "240 mg"}"#, "tolerance"),
        (#"{"drug": "x", "dose": "240 mg", "tolerance": "-1 mg"}"#, "tolerance"),
        (#"{"drug": "x", "dose": "240 mg", "route": []}"#, "route"),
        (#"{"drug": "x", "dose": "240 mg", "frequency": ""}"#, "frequency"),
        (#"{"drug": " ", "dose": "240 mg"}"#, "drug"),
        (#"{"drug": "x", "dose": "240 mg", "synonyms": {"y": ["z"]}}"#, "synonyms"),
    ])
    func invalidParameters(_ json: String, _ parameter: String?) throws {
        try expectProblem(StudyDrugDoseCheck.self, json, parameter)
    }

    @Test("A tolerance that is neither a percentage nor a quantity fails to decode", arguments: [
        #"{"drug": "x", "dose": "240 mg", "tolerance": "lots"}"#,
        #"{"drug": "x", "dose": "240 mg", "tolerance": 5}"#,
        #"{"drug": "x", "dose": "240 mg", "tolerance": "5"}"#,
        #"{"drug": "x", "dose": "240"}"#,
    ])
    func undecodable(_ json: String) {
        #expect(throws: DecodingError.self) { try parameters(StudyDrugDoseCheck.self, json) }
    }

    @Test("Tolerances parse as percentages or quantities", arguments: [
        ("5%", DoseTolerance.percent(5)), ("5 %", .percent(5)), ("2.5%", .percent(2.5)), ("10 mg", .amount(Quantity(10, "mg"))),
    ])
    func toleranceParsing(_ text: String, _ expected: DoseTolerance) {
        #expect(DoseTolerance(parsing: text) == expected)
    }
}

// MARK: - dosing-interval

@Suite("dosing-interval (protocol check `toripalimab-interval`: 21 ± 3 days)")
struct DosingIntervalCheckTests {
    static let json = #"{"drug": "toripalimab", "interval_days": 21, "window_days": 3, "arms": ["A"]}"#

    static func judge(_ events: [Event], json: String = json) throws -> Judgement {
        try build(DosingIntervalCheck.self, json).judge(armPatient("A", events))
    }

    static func day(_ offset: Int, from start: String = "2026-01-22") -> String {
        (date(start).span.first.advanced(by: offset)).description
    }

    @Test("Two doses: the window's inclusive boundaries", arguments: [
        (21, Verdict.pass), (18, .pass), (24, .pass), (19, .pass), (17, .deviation), (25, .deviation),
        (0, .deviation), (1, .deviation), (42, .deviation),
    ])
    func twoDoses(_ days: Int, _ expected: Verdict) throws {
        let judgement = try Self.judge(toripalimab(["2026-01-22", Self.day(days)]))
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        #expect(judgement.evidence.contains { $0.value == "\(days) days" })
    }

    @Test("Administrations are put in date order whatever the record order")
    func recordOrder() throws {
        #expect(try Self.judge(toripalimab(["2026-03-05", "2026-01-22", "2026-02-12"])).verdict == .pass)
    }

    @Test("Every gap outside the window is named")
    func namesEveryGap() throws {
        let judgement = try Self.judge(toripalimab(["2026-01-22", "2026-02-12", "2026-03-12", "2026-04-02", "2026-04-10"]))
        #expect(judgement.verdict == .deviation)
        #expect(judgement.message.contains("2 intervals"))
        #expect(judgement.message.contains("2026-02-12 to 2026-03-12: 28 days"))
        #expect(judgement.message.contains("2026-04-02 to 2026-04-10: 8 days"))
        #expect(!judgement.message.contains("2026-01-22 to"))
        #expect(evidence("toripalimab interval 2026-02-12 to 2026-03-12", in: judgement) == "28 days")
        #expect(evidence("allowed interval", in: judgement) == "21 ± 3 days (18-24)")
    }

    @Test("Fewer than two administrations: nothing to judge", arguments: [
        TreatmentCase("none", .pass, []),
        TreatmentCase("one", .pass, toripalimab(["2026-01-22"])),
        TreatmentCase("one after enrollment and one before", .pass, toripalimab(["2026-01-10", "2026-01-22"])),
        TreatmentCase("one undated", .pass, [administration("toripalimab", nil)]),
    ])
    func fewerThanTwo(_ input: TreatmentCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected)
        #expect(judgement.message.contains("Fewer than two"))
    }

    @Test("Other drugs do not count")
    func otherDrugs() throws {
        #expect(try Self.judge(toripalimab(["2026-01-22", "2026-02-12"]) + [administration("capecitabine", "2026-02-01")]).verdict == .pass)
    }

    @Test("A span counts by its start")
    func spans() throws {
        let events = [oralSpan("toripalimab", "2026-01-22", "2026-01-25"), oralSpan("toripalimab", "2026-02-12", nil)]
        #expect(try Self.judge(events).verdict == .pass)
    }

    @Test("Partial dates decide only where every day agrees", arguments: [
        TreatmentCase("second dose in a month that straddles the window", .indeterminate, toripalimab(["2026-01-22", "2026-02"])),
        TreatmentCase("second dose in a month wholly beyond the window", .deviation, toripalimab(["2026-01-22", "2026-03"])),
        TreatmentCase("two doses in one month, at most 14 days apart", .deviation, toripalimab(["2026-02-14", "2026-02"])),
        TreatmentCase("two doses in one month, order open", .indeterminate, toripalimab(["2026-02-05", "2026-02"])),
        TreatmentCase("first dose may precede enrollment", .indeterminate, toripalimab(["2026-01", "2026-02-12"])),
        TreatmentCase("a partial dose between two full ones", .indeterminate, toripalimab(["2026-03-01", "2026-03", "2026-04-12"])),
        TreatmentCase("a partial dose elsewhere leaves a firm short gap a deviation", .deviation, toripalimab(["2026-02-01", "2026-02-05", "2026-05"])),
    ])
    func partialDates(_ input: TreatmentCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Undated administrations: only a gap too short whatever lies between decides", arguments: [
        TreatmentCase("good gaps and an undated dose", .notEvaluable, toripalimab(["2026-01-22", "2026-02-12"]) + [administration("toripalimab", nil)]),
        TreatmentCase("a long gap and an undated dose (it may belong in the gap)", .notEvaluable, toripalimab(["2026-01-22", "2026-03-05"]) + [administration("toripalimab", nil)]),
        TreatmentCase("a short gap and an undated dose", .deviation, toripalimab(["2026-01-22", "2026-02-01"]) + [administration("toripalimab", nil)]),
        TreatmentCase("one dated and one undated", .notEvaluable, toripalimab(["2026-01-22"]) + [administration("toripalimab", nil)]),
    ])
    func undated(_ input: TreatmentCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Without a window the interval is exact")
    func noWindow() throws {
        let json = #"{"drug": "toripalimab", "interval_days": 21}"#
        #expect(try Self.judge(toripalimab(["2026-01-22", "2026-02-12"]), json: json).verdict == .pass)
        #expect(try Self.judge(toripalimab(["2026-01-22", "2026-02-13"]), json: json).verdict == .deviation)
        #expect(try Self.judge(toripalimab(["2026-01-22", "2026-02-11"]), json: json).verdict == .deviation)
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{"drug": "x", "interval_days": 0}"#, "interval_days" as String?),
        (#"{"drug": "x", "interval_days": -21}"#, "interval_days"),
        (#"{"drug": "x", "interval_days": 21, "window_days": -1}"#, "window_days"),
        (#"{"drug": "x", "interval_days": 21, "window_days": 21}"#, "window_days"),
        (#"{"drug": "", "interval_days": 21}"#, "drug"),
    ])
    func invalidParameters(_ json: String, _ parameter: String?) throws {
        try expectProblem(DosingIntervalCheck.self, json, parameter)
    }
}

// MARK: - max-administrations

@Suite("max-administrations (protocol check `toripalimab-max-cycles`: at most 16)")
struct MaxAdministrationsCheckTests {
    static func judge(_ events: [Event], max: Int = 2, count: String? = nil) throws -> Judgement {
        let counting = count.map { #", "count": "\#($0)""# } ?? ""
        return try build(MaxAdministrationsCheck.self, #"{"drug": "toripalimab", "max": \#(max)\#(counting), "arms": ["A"]}"#).judge(armPatient("A", events))
    }

    /// Administrations 21 days apart with these cycle values (a whole number is written as
    /// a number, anything else as text; `nil` is no cycle number).
    static func cycles(_ numbers: [String?], from start: String = "2026-01-22") -> [Event] {
        numbers.enumerated().map { index, number in
            let value = number.map { Int($0) != nil ? Value.number($0) : Value.string($0) }
            return administration("toripalimab", date(start).span.first.advanced(by: 21 * index).description, cycle: value)
        }
    }

    @Test("Counting administrations: at, below and above the limit", arguments: [(0, Verdict.pass), (1, .pass), (16, .pass), (17, .deviation), (20, .deviation)])
    func administrations(_ count: Int, _ expected: Verdict) throws {
        let judgement = try Self.judge(Self.cycles(Array(repeating: nil, count: count)), max: 16)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        if expected == .deviation {
            #expect(judgement.message.hasPrefix("\(count) toripalimab administrations"))
            #expect(judgement.evidence.filter { $0.name.hasPrefix("toripalimab administration") }.count == count - 16)
        }
    }

    @Test("Counting cycles: distinct cycle values, or the highest cycle number", arguments: [
        (["1", "2"] as [String?], Verdict.pass),
        (["1", "1", "2"], .pass),
        (["C1", "C2", "c2"], .pass),
        (["C1", "C2", "C3"], .deviation),
        (["1", "2", "3"], .deviation),
        (["3"], .deviation),
        (["2"], .pass),
        ([" 1 ", "1", "2"], .pass),
        (["1", "2", ""], .notEvaluable),
        (["1", nil], .pass),
        (["1", "2", nil], .notEvaluable),
        ([nil, nil], .pass),
        ([nil, nil, nil], .notEvaluable),
        (["1", "2", "3", nil], .deviation),
    ])
    func cycles(_ numbers: [String?], _ expected: Verdict) throws {
        let judgement = try Self.judge(Self.cycles(numbers), count: "cycles")
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Only administrations on or after enrollment count; other drugs never")
    func enrollmentBoundary() throws {
        let events = toripalimab(["2026-01-19", "2026-01-20", "2026-02-10"]) + [administration("capecitabine", "2026-02-11")]
        #expect(try Self.judge(events).verdict == .pass)
        #expect(try Self.judge(events, max: 1).verdict == .deviation)
    }

    @Test("Partial and missing dates tip the count only where they could", arguments: [
        TreatmentCase("two certain and one possibly before enrollment", .indeterminate, toripalimab(["2026-01", "2026-02-12", "2026-03-05"])),
        TreatmentCase("three certain, one partial", .deviation, toripalimab(["2026-01", "2026-02-12", "2026-03-05", "2026-03-26"])),
        TreatmentCase("one certain and one possibly before enrollment", .pass, toripalimab(["2026-01", "2026-02-12"])),
        TreatmentCase("two dated and one undated", .notEvaluable, toripalimab(["2026-01-22", "2026-02-12"]) + [administration("toripalimab", nil)]),
        TreatmentCase("one dated and one undated", .pass, toripalimab(["2026-01-22"]) + [administration("toripalimab", nil)]),
        TreatmentCase("three dated and one undated", .deviation, toripalimab(["2026-01-22", "2026-02-12", "2026-03-05"]) + [administration("toripalimab", nil)]),
    ])
    func partialDates(_ input: TreatmentCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Invalid parameters are rejected")
    func invalidParameters() throws {
        try expectProblem(MaxAdministrationsCheck.self, #"{"drug": "x", "max": -1}"#, "max")
        #expect(throws: DecodingError.self) { try parameters(MaxAdministrationsCheck.self, #"{"drug": "x", "max": 16, "count": "cycle"}"#) }
        #expect(throws: DecodingError.self) { try parameters(MaxAdministrationsCheck.self, #"{"drug": "x", "max": "sixteen"}"#) }
    }
}

// MARK: - treatment-duration

@Suite("treatment-duration (protocol check `treatment-duration`: one year)")
struct TreatmentDurationCheckTests {
    static let years = #"{"drugs": ["toripalimab", "capecitabine"], "max_years": 1, "arms": ["A"]}"#
    static let days = #"{"drugs": ["toripalimab", "capecitabine"], "max_days": 365, "arms": ["A"]}"#

    static func judge(_ events: [Event], json: String = years, enrolled: String = "2026-01-20") throws -> Judgement {
        try build(TreatmentDurationCheck.self, json).judge(armPatient("A", enrolled: enrolled, events))
    }

    @Test("One calendar year: the anniversary passes, the day after does not", arguments: [
        ("2027-01-22", Verdict.pass), ("2027-01-21", .pass), ("2027-01-23", .deviation), ("2026-06-01", .pass), ("2028-01-01", .deviation),
    ])
    func anniversary(_ last: String, _ expected: Verdict) throws {
        let dose = try Self.judge([administration("toripalimab", "2026-01-22"), administration("toripalimab", last)])
        #expect(dose.verdict == expected, "\(dose.message)")
        expectExplained(dose)
        let span = try Self.judge([administration("toripalimab", "2026-01-22"), oralSpan("capecitabine", "2026-01-22", last)])
        #expect(span.verdict == expected, "\(span.message)")
        #expect(evidence("last allowed day", in: span)?.hasPrefix("2027-01-22") == true)
    }

    @Test("Calendar years and days differ across 29 February", arguments: [
        (years, "2027-03-01", "2028-03-01", Verdict.pass),
        (days, "2027-03-01", "2028-03-01", .deviation),
        (days, "2027-03-01", "2028-02-29", .pass),
        (years, "2024-02-29", "2025-02-28", .pass),
        (years, "2024-02-29", "2025-03-01", .deviation),
        (days, "2026-01-22", "2027-01-22", .pass),
        (days, "2026-01-22", "2027-01-23", .deviation),
    ])
    func leapYears(_ json: String, _ first: String, _ last: String, _ expected: Verdict) throws {
        let judgement = try Self.judge([administration("capecitabine", first), administration("toripalimab", last)], json: json, enrolled: first)
        #expect(judgement.verdict == expected, "\(judgement.message)")
    }

    @Test("The clock starts at the first dose of any study drug on or after enrollment")
    func firstDose() throws {
        // Capecitabine first (2026-01-21): toripalimab on 2027-01-22 is a day late.
        let judgement = try Self.judge([oralSpan("capecitabine", "2026-01-21", "2026-07-20"), administration("toripalimab", "2026-01-22"), administration("toripalimab", "2027-01-22")])
        #expect(judgement.verdict == .deviation)
        #expect(evidence("first study drug", in: judgement) == "capecitabine 2026-01-21")
        // A dose before enrollment does not start the clock.
        #expect(try Self.judge([administration("toripalimab", "2025-01-10"), administration("toripalimab", "2026-01-22"), administration("toripalimab", "2027-01-22")]).verdict == .pass)
        // A span begun before enrollment counts from the enrollment date.
        let early = try Self.judge([oralSpan("capecitabine", "2026-01-10", "2027-01-20")])
        #expect(early.verdict == .pass, "\(early.message)")
        #expect(try Self.judge([oralSpan("capecitabine", "2026-01-10", "2027-01-21")]).verdict == .deviation)
    }

    @Test("An ongoing span runs to the data cut-off", arguments: [
        ("2026-11-01", Verdict.pass), ("2027-01-22", .pass), ("2027-01-23", .deviation), ("2027", .indeterminate),
    ])
    func dataCutoff(_ cutoff: String, _ expected: Verdict) throws {
        var patient = armPatient("A", [administration("toripalimab", "2026-01-22"), oralSpan("capecitabine", "2026-01-22", nil)])
        patient.dataCutoff = date(cutoff)
        let judgement = try build(TreatmentDurationCheck.self, Self.years).judge(patient)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        if expected == .pass { #expect(judgement.message.contains("data cut-off")) }
    }

    @Test("Ongoing spans, undated doses and no doses", arguments: [
        TreatmentCase("an ongoing span", .notEvaluable, [oralSpan("capecitabine", "2026-01-22", nil)]),
        TreatmentCase("an ongoing span begun after the limit", .deviation, [administration("toripalimab", "2026-01-22"), oralSpan("capecitabine", "2027-02-01", nil)]),
        TreatmentCase("an ongoing span and a late dose", .deviation, [oralSpan("capecitabine", "2026-01-22", nil), administration("toripalimab", "2027-06-01")]),
        TreatmentCase("an undated dose", .notEvaluable, [administration("toripalimab", "2026-01-22"), administration("toripalimab", nil)]),
        TreatmentCase("only an undated dose", .notEvaluable, [administration("toripalimab", nil)]),
        TreatmentCase("no study drug", .pass, []),
        TreatmentCase("study drug only before enrollment", .pass, [administration("toripalimab", "2025-06-01")]),
        TreatmentCase("other drugs only", .pass, [administration("cisplatin", "2026-01-22"), administration("cisplatin", "2028-01-22")]),
    ])
    func missing(_ input: TreatmentCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Partial dates decide only where every day agrees", arguments: [
        TreatmentCase("last dose in the month of the anniversary", .indeterminate, toripalimab(["2026-01-22", "2027-01"])),
        TreatmentCase("last dose in the month after", .deviation, toripalimab(["2026-01-22", "2027-02"])),
        TreatmentCase("last dose in the month before", .pass, toripalimab(["2026-01-22", "2026-12"])),
        TreatmentCase("partial first dose, last dose within its anniversary month", .indeterminate, toripalimab(["2026-02", "2027-02-15"])),
        TreatmentCase("partial first dose, last dose after its anniversary month", .deviation, toripalimab(["2026-02", "2027-03-01"])),
        TreatmentCase("partial first dose, last dose before it", .pass, toripalimab(["2026-02", "2027-01-31"])),
    ])
    func partialDates(_ input: TreatmentCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("The deviation names each late administration")
    func namesLate() throws {
        let judgement = try Self.judge([administration("toripalimab", "2026-01-22"), administration("toripalimab", "2027-02-01"), oralSpan("capecitabine", "2026-01-22", "2027-03-01")])
        #expect(judgement.verdict == .deviation)
        #expect(judgement.message.contains("toripalimab 2027-02-01"))
        #expect(judgement.message.contains("capecitabine 2026-01-22..2027-03-01"))
        #expect(judgement.evidence.contains { $0.value == "2027-02-01" && $0.location?.line == 7 })
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{"drugs": ["x"]}"#, nil as String?),
        (#"{"drugs": ["x"], "max_days": 365, "max_years": 1}"#, "max_years"),
        (#"{"drugs": ["x"], "max_days": -1}"#, "max_days"),
        (#"{"drugs": ["x"], "max_years": 0}"#, "max_years"),
        (#"{"drugs": [], "max_years": 1}"#, "drugs"),
    ])
    func invalidParameters(_ json: String, _ parameter: String?) throws {
        try expectProblem(TreatmentDurationCheck.self, json, parameter)
    }
}

// MARK: - The shipped protocol's treatment checks

@Suite("NCT07177794 treatment compliance, as shipped in Protocols/")
struct ShippedTreatmentChecksTests {
    static let treatmentIDs = ["arm-b-no-study-drug", "toripalimab-dose", "toripalimab-interval", "toripalimab-max-cycles", "capecitabine-dose", "treatment-duration"]

    static func shipped() throws -> [String: any Check] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Protocols/NCT07177794.yaml").path
        let definition = try ProtocolLoader(registry: CheckRegistry(kinds: BuiltinPlugins.kinds)).load(path: path)
        return Dictionary(definition.checks.map { ($0.id, $0.check) }, uniquingKeysWith: { first, _ in first })
    }

    /// Arm A dosed as the registry says: toripalimab 240 mg IV every 21 days for 16 cycles,
    /// capecitabine 500 mg orally twice daily for one year.
    static func armA(toripalimabDays: Int = 16, gap: Int = 21, dose: String = "240 mg", capecitabineEnd: String = "2027-01-22") -> [Event] {
        let first = date("2026-01-22").span.first
        let doses = (0..<toripalimabDays).map { index in
            administration("toripalimab", first.advanced(by: gap * index).description, dose: .string(dose), route: "IV", cycle: .number(String(index + 1)))
        }
        return doses + [oralSpan("capecitabine", "2026-01-22", capecitabineEnd)]
    }

    static func verdicts(_ patient: PatientHistory) throws -> [String: Verdict] {
        let checks = try shipped()
        var verdicts: [String: Verdict] = [:]
        for id in treatmentIDs {
            let check = try #require(checks[id], "\(id) is not in the shipped protocol")
            verdicts[id] = check.judge(patient).verdict
        }
        return verdicts
    }

    @Test("A compliant arm A patient passes all six")
    func compliantArmA() throws {
        let verdicts = try Self.verdicts(armPatient("A", Self.armA()))
        #expect(verdicts.values.allSatisfy { $0 == .pass }, "\(verdicts)")
    }

    @Test("An untreated arm B patient passes all six; a treated one deviates on arm-b-no-study-drug only")
    func armB() throws {
        #expect(try Self.verdicts(armPatient("B")).values.allSatisfy { $0 == .pass })
        let treated = try Self.verdicts(armPatient("B", [administration("Tuoyi", "2026-03-01", route: "IV")]))
        #expect(treated["arm-b-no-study-drug"] == .deviation)
        #expect(treated.filter { $0.value != .pass }.count == 1)
    }

    @Test("Each arm A rule catches its own deviation", arguments: [
        ("toripalimab-dose", "210 mg, below 240 mg - 10%"),
        ("toripalimab-interval", "every 25 days"),
        ("toripalimab-max-cycles", "17 cycles"),
        ("treatment-duration", "capecitabine a day past the anniversary"),
    ])
    func armADeviations(_ id: String, _ label: String) throws {
        let events: [Event] = switch id {
        case "toripalimab-dose": Self.armA(dose: "210 mg")
        case "toripalimab-interval": Self.armA(toripalimabDays: 3, gap: 25)
        case "toripalimab-max-cycles": Self.armA(toripalimabDays: 17, gap: 21)
        default: Self.armA(capecitabineEnd: "2027-01-23")
        }
        let verdicts = try Self.verdicts(armPatient("A", events))
        #expect(verdicts[id] == .deviation, "\(label): \(verdicts)")
        #expect(verdicts.filter { $0.value != .pass }.count == 1, "\(verdicts)")
    }

    @Test("Capecitabine must be 500 mg, oral, twice daily")
    func capecitabine() throws {
        var events = Self.armA()
        events[events.count - 1].attributes["frequency"] = .string("QD")
        #expect(try Self.verdicts(armPatient("A", events))["capecitabine-dose"] == .deviation)
        events[events.count - 1].attributes["frequency"] = .string("twice daily")
        events[events.count - 1].attributes["route"] = .string("PO")
        #expect(try Self.verdicts(armPatient("A", events))["capecitabine-dose"] == .pass)
    }
}
