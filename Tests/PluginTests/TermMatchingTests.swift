import BuiltinPlugins
import Testing
import TreatmentChecks
import TrialCheckCore

/// One normalisation for names in every kind: trimmed, inner whitespace collapsed, case folded.
@Suite("Names match the same way in every kind")
struct TermMatchingTests {
    static let spellings = ["squamous cell carcinoma", "  Squamous   cell CARCINOMA ", "SQUAMOUS\tCELL\tCARCINOMA"]

    static func check(_ identifier: String, _ json: String) throws -> any Check {
        let kind = try #require(BuiltinPlugins.kinds.first { $0.identifier == identifier })
        return try kind.instantiate(parameters: JSONParameters(json: json), context: testContext)
    }

    @Test("The kit's matcher reads every spelling as the listed term", arguments: spellings)
    func matcher(_ spelling: String) throws {
        let matcher = try TermMatcher(allowed: ["Squamous cell carcinoma"], synonyms: ["squamous  cell carcinoma": ["SCC"]], allowedName: "allowed", synonymsName: "synonyms")
        #expect(matcher.match(spelling) == "Squamous cell carcinoma")
        #expect(matcher.match(" scc ") == "Squamous cell carcinoma")
        #expect(matcher.match("squamous cellcarcinoma") == nil)
    }

    @Test("histology and excluded-conditions accept every spelling", arguments: spellings)
    func kinds(_ spelling: String) throws {
        let histology = try Self.check("histology", #"{"allowed": ["squamous cell carcinoma"]}"#)
        let diagnosed = patient(enrolled: "2026-01-20", [Event(type: .diagnosis, date: date("2025-12-01"), attributes: ["histology": .string(spelling)])])
        #expect(histology.judge(diagnosed).verdict == .pass)

        let excluded = try Self.check("excluded-conditions", #"{"terms": ["squamous cell carcinoma"], "when": "before-enrollment"}"#)
        let condition = patient(enrolled: "2026-01-20", [Event(type: .condition, date: date("2025-12-01"), attributes: ["term": .string(spelling)])])
        #expect(excluded.judge(condition).verdict == .deviation)
    }

    @Test("A route or frequency is matched as a term is", arguments: ["intravenous push", " Intravenous   PUSH "])
    func acceptedTerms(_ spelling: String) {
        #expect(AcceptedTerms(["Intravenous push"]).accepts(spelling))
        #expect(!AcceptedTerms(["Intravenous push"]).accepts("intravenouspush"))
    }

    @Test("The same term twice is one term; a name for two terms is a problem naming the parameter")
    func problems() throws {
        let twice = try TermMatcher([TermEntry("HIV infection"), TermEntry("hiv  infection", synonyms: ["HIV"])], parameter: "terms")
        #expect(twice.terms == ["HIV infection"])
        #expect(twice.match("hiv") == "HIV infection")
        let clash = #expect(throws: ParameterProblem.self) {
            try TermMatcher(allowed: ["a", "b"], synonyms: ["a": ["x"], "b": ["X "]], allowedName: "allowed", synonymsName: "synonyms")
        }
        #expect(clash?.parameter == "synonyms")
        let unknown = #expect(throws: ParameterProblem.self) {
            try TermMatcher(allowed: ["adenocarcinoma"], synonyms: ["adenocarcinom": ["AC"]], allowedName: "allowed", synonymsName: "synonyms")
        }
        #expect(unknown?.message.contains("did you mean") == true || unknown?.message.contains("adenocarcinoma") == true)
    }

    // Each kind below once compared names its own way (trimmed only, or lower-cased only);
    // these are the spellings where that differed from the one normalisation.

    @Test("no-prior-therapy: phases and event types in the parameters and the record, with spaces and case around them")
    func priorTherapyPhases() throws {
        let check = try Self.check("no-prior-therapy", #"{"forbidden_phases": ["Adjuvant "], "systemic_types": [" Chemotherapy"]}"#)
        let adjuvant = therapy(.chemotherapy, phase: "  ADJUVANT ", start: "2019-03-01", end: "2019-08-30", agents: ["capecitabine"])
        let judgement = check.judge(patient(enrolled: "2026-01-20", [adjuvant]))
        #expect(judgement.verdict == .deviation)
        #expect(judgement.message.contains("Adjuvant chemotherapy (capecitabine)"))
    }

    @Test("no-study-drug: therapy types as written, and a drug recorded with inner double spaces is not noted as another name")
    func studyDrugNames() throws {
        let check = try Self.check("no-study-drug", #"{"drugs": ["nab paclitaxel"], "therapy_types": [" Chemotherapy "]}"#)
        let given = therapy(.chemotherapy, phase: nil, start: "2026-02-01", agents: ["Nab  paclitaxel"])
        let judgement = check.judge(patient(enrolled: "2026-01-20", [given]))
        #expect(judgement.verdict == .deviation)
        #expect(!judgement.evidence.contains { $0.value.contains("recorded as") })
    }

    @Test("tnm: a staging system with inner double spaces is the listed system")
    func stagingSystem() throws {
        let check = try Self.check("tnm", #"{"t": ["T3"], "n": ["N1"], "m": ["M0"], "systems": ["UICC TNM"]}"#)
        let attributes: [String: Value] = ["t": .string("T3"), "n": .string("N1"), "m": .string("M0"), "staging_system": .string("uicc  TNM")]
        let judgement = check.judge(patient(enrolled: "2026-01-20", [Event(type: .diagnosis, date: date("2025-08-04"), attributes: attributes)]))
        #expect(judgement.verdict == .pass)
        let other = check.judge(patient(enrolled: "2026-01-20", [Event(type: .diagnosis, date: date("2025-08-04"), attributes: attributes.merging(["staging_system": .string("UICCTNM")]) { $1 })]))
        #expect(other.verdict == .deviation)
    }

    @Test("lab-threshold: a test name with inner double spaces names the test", arguments: ["Platelet  Count", " platelet\tcount "])
    func labTestName(_ spelling: String) throws {
        let check = try Self.check("lab-threshold", #"{"test": "platelets", "min": "75 10^9/L"}"#)
        let result = Event(type: .lab, date: date("2026-01-10"), attributes: ["test": .string(spelling), "value": .number("150"), "unit": .string("10^9/L")])
        #expect(check.judge(patient(enrolled: "2026-01-20", [result])).verdict == .pass)
    }
}
