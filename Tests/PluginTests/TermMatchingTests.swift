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
}
