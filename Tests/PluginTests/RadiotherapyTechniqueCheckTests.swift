import BuiltinPlugins
import Testing
import TrialCheckCore
import RadiotherapyChecks

@Suite("radiotherapy-technique (protocol check `radiotherapy-technique`: IMRT, counting VMAT and tomotherapy)")
struct RadiotherapyTechniqueCheckTests {
    static let imrt = #"{"allowed": ["IMRT"], "synonyms": {"IMRT": ["VMAT", "tomotherapy", "helical tomotherapy", "intensity-modulated radiotherapy"]}}"#

    static func check(_ json: String = imrt) throws -> RadiotherapyTechniqueCheck {
        try RadiotherapyTechniqueCheck(parameters: parameters(RadiotherapyTechniqueCheck.self, json), context: testContext)
    }

    static func judge(_ events: [Event], json: String = imrt) throws -> Judgement {
        try check(json).judge(patient(enrolled: "2026-01-20", events))
    }

    static func course(_ technique: Value?, start: String = "2025-10-13", end: String = "2025-11-19", intent: String? = nil) -> Event {
        fractionatedRadiotherapy(start, end, technique: technique, intent: intent)
    }

    @Test("Techniques and synonyms compare case-insensitively, ignoring spaces", arguments: [
        ("IMRT", Verdict.pass),
        ("imrt", .pass),
        ("  IMRT ", .pass),
        ("VMAT", .pass),
        ("vmat", .pass),
        ("Tomotherapy", .pass),
        ("helical  tomotherapy", .pass),
        ("Intensity-Modulated Radiotherapy", .pass),
        ("3D-CRT", .deviation),
        ("3d-crt", .deviation),
        ("3DCRT", .deviation),
        ("2D", .deviation),
        ("proton", .deviation),
        ("IMRTX", .deviation),
    ])
    func single(_ technique: String, _ expected: Verdict) throws {
        let judgement = try Self.judge([Self.course(.string(technique))])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        #expect(judgement.evidence.contains { $0.name == "radiotherapy technique (2025-10-13..2025-11-19)" })
    }

    @Test("A pass through a synonym says what the technique counted as")
    func countedAs() throws {
        let judgement = try Self.judge([Self.course(.string("VMAT"))])
        #expect(evidence("radiotherapy technique (2025-10-13..2025-11-19)", in: judgement) == "VMAT (counted as IMRT)")
        #expect(judgement.message.contains("VMAT (counted as IMRT)"))
    }

    @Test("A deviation names the technique used and the requirement")
    func deviationMessage() throws {
        let judgement = try Self.judge([Self.course(.string("3D-CRT"))])
        #expect(judgement.message.contains("used 3D-CRT"))
        #expect(judgement.message.contains("technique IMRT (counting"))
        #expect(evidence("radiotherapy technique (2025-10-13..2025-11-19)", in: judgement) == "3D-CRT")
    }

    @Test("Lists of techniques and courses of several events", arguments: [
        EventsCase("a list of two allowed names", .pass, [course(.list([.string("IMRT"), .string("VMAT")]))]),
        EventsCase("a list with 3D-CRT", .deviation, [course(.list([.string("IMRT"), .string("3D-CRT")]))]),
        EventsCase("IMRT then a VMAT boost", .pass, [
            course(.string("IMRT"), end: "2025-11-12"), course(.string("VMAT"), start: "2025-11-13"),
        ]),
        EventsCase("IMRT then a 3D-CRT boost", .deviation, [
            course(.string("IMRT"), end: "2025-11-12"), course(.string("3D-CRT"), start: "2025-11-13"),
        ]),
        EventsCase("palliative 3D-CRT is not part of the course", .pass, [
            course(.string("IMRT")), course(.string("3D-CRT"), start: "2025-12-01", end: "2025-12-05", intent: "palliative"),
        ]),
        EventsCase("3D-CRT starting on the enrollment date is not part of the course", .pass, [
            course(.string("IMRT")), course(.string("3D-CRT"), start: "2026-01-20", end: "2026-02-10"),
        ]),
        EventsCase("a 3D-CRT event certainly in the course and another without technique", .deviation, [
            course(.string("3D-CRT"), end: "2025-11-12"), course(nil, start: "2025-11-13"),
        ]),
    ])
    func courses(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("A definitive event whose partial start may fall before or after enrollment", arguments: [
        ("2025-12", Verdict.deviation),
        ("2026-01", .indeterminate),
        ("2026-02", .pass),
    ])
    func partialStart(_ start: String, _ expected: Verdict) throws {
        let judgement = try Self.judge([Self.course(.string("IMRT")), Self.course(.string("3D-CRT"), start: start, end: "2026-02-27", intent: "definitive")])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Missing data is not-evaluable", arguments: [
        EventsCase("no radiotherapy", .notEvaluable, []),
        EventsCase("no technique", .notEvaluable, [course(nil)]),
        EventsCase("an empty technique", .notEvaluable, [course(.string("  "))]),
        EventsCase("a null technique", .notEvaluable, [course(.null)]),
        EventsCase("an empty list", .notEvaluable, [course(.list([]))]),
        EventsCase("one IMRT phase and one without technique", .notEvaluable, [
            course(.string("IMRT"), end: "2025-11-12"), course(nil, start: "2025-11-13"),
        ]),
        EventsCase("only an event that may start after enrollment", .indeterminate, [course(.string("IMRT"), start: "2026-01", end: "2026-02-27")]),
    ])
    func missing(_ input: EventsCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        if input.expected == .notEvaluable && !input.events.isEmpty {
            #expect(judgement.message.contains("no technique"))
        }
        expectExplained(judgement)
    }

    @Test("Without synonyms only the allowed names pass; several techniques may be allowed")
    func otherParameters() throws {
        #expect(try Self.judge([Self.course(.string("VMAT"))], json: #"{"allowed": ["IMRT"]}"#).verdict == .deviation)
        let two = #"{"allowed": ["IMRT", "proton"], "synonyms": {"imrt": ["VMAT"], "Proton": ["PBS"]}}"#
        #expect(try Self.judge([Self.course(.string("Proton"))], json: two).verdict == .pass)
        #expect(try Self.judge([Self.course(.string("pbs"))], json: two).verdict == .pass)
        #expect(try Self.judge([Self.course(.string("vmat"))], json: two).verdict == .pass)
        #expect(try Self.judge([Self.course(.string("3D-CRT"))], json: two).verdict == .deviation)
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{"allowed": []}"#, "allowed"),
        (#"{"allowed": [" "]}"#, "allowed"),
        (#"{"allowed": ["IMRT"], "synonyms": {"IRMT": ["VMAT"]}}"#, "synonyms"),
        (#"{"allowed": ["IMRT"], "synonyms": {"IMRT": [""]}}"#, "synonyms"),
        (#"{"allowed": ["IMRT", "proton"], "synonyms": {"IMRT": ["Proton"]}}"#, "synonyms"),
    ])
    func invalidParameters(_ json: String, _ parameter: String) throws {
        let decoded = try parameters(RadiotherapyTechniqueCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try RadiotherapyTechniqueCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
    }

    @Test("A misspelt synonym key gets a suggestion; a missing 'allowed' fails to decode")
    func suggestions() throws {
        let decoded = try parameters(RadiotherapyTechniqueCheck.self, #"{"allowed": ["IMRT"], "synonyms": {"IRMT": ["VMAT"]}}"#)
        let problem = #expect(throws: ParameterProblem.self) { try RadiotherapyTechniqueCheck(parameters: decoded, context: testContext) }
        #expect(problem?.message.contains("did you mean 'IMRT'") == true)
        #expect(throws: DecodingError.self) { try parameters(RadiotherapyTechniqueCheck.self, #"{"synonyms": {}}"#) }
    }

    @Test("The kind is registered and builds from JSON parameters")
    func registered() throws {
        let kind = try #require(BuiltinPlugins.kinds.first { $0.identifier == "radiotherapy-technique" })
        let check = try kind.instantiate(parameters: JSONParameters(json: Self.imrt), context: testContext)
        #expect(check.judge(patient(enrolled: "2026-01-20", [Self.course(.string("tomotherapy"))])).verdict == .pass)
    }
}
