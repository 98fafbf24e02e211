import Foundation
import Testing
import TrialCheckCore

/// A kind whose parameters are declared once, as a plugin declares them.
struct WindowCheck: Check {
    static let anchor = Parameter<String>(required: "anchor", "text", "The point measured from.")
    static let days = Parameter("window_days", "integer (days)", default: 7, "Days allowed.")
    static let terms = Parameter("terms", "list of strings", default: ["not done", "*skipped*"], "Texts that mean not done.")
    static let note = Parameter<String?>("note", "text", "A note.")
    /// Declared but not listed in the description: reading it is a located problem.
    static let unlisted = Parameter<Int?>("unlisted", "integer", "Not in the description.")

    static let description = CheckDescription(
        kind: "window", name: "Window", summary: "A window.",
        parameters: [anchor, days, terms, note],
        exampleParameters: "anchor: enrollment", passingExamples: [], deviatingExamples: [], inputs: .nothing
    )

    let anchor: String
    let days: Int
    let terms: [String]
    let note: String?

    init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        anchor = try parameters[Self.anchor]
        days = try parameters[Self.days]
        terms = try parameters[Self.terms]
        note = try parameters[Self.note]
    }

    func judge(_ patient: PatientHistory) -> Judgement { .pass("") }
}

struct JSONSource: ParameterSource {
    let json: String
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }
}

@Suite("Check parameters declared once")
struct ParameterTests {
    let context = CheckContext(protocolID: "T")

    func build(_ json: String) throws -> WindowCheck {
        try WindowCheck(parameters: ParameterValues(of: WindowCheck.self, from: JSONSource(json: json)), context: context)
    }

    @Test("Decoding reads each declared key and applies its default")
    func decoding() throws {
        let defaults = try build(#"{"anchor": "enrollment"}"#)
        #expect(defaults.days == 7)
        #expect(defaults.terms == ["not done", "*skipped*"])
        #expect(defaults.note == nil)
        let given = try build(#"{"anchor": "consent", "window_days": 3, "terms": [], "note": "n", "other": 1}"#)
        #expect(given.anchor == "consent")
        #expect(given.days == 3)
        #expect(given.terms.isEmpty)
        #expect(given.note == "n")
    }

    @Test("The catalogue shows the declaration: key, type, requirement and the default as YAML")
    func catalogue() {
        let shown = WindowCheck.description.parameters
        #expect(shown.map(\.name) == ["anchor", "window_days", "terms", "note"])
        #expect(shown.map(\.isRequired) == [true, false, false, false])
        #expect(shown.map(\.defaultValue) == [nil, "7", "[not done, \"*skipped*\"]", nil])
        #expect(shown[1].type == "integer (days)")
    }

    @Test("A missing required key and a value of the wrong type are decoding errors at the key")
    func badValues() {
        #expect {
            try build(#"{"window_days": 3}"#)
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "anchor"
        }
        #expect {
            try build(#"{"anchor": "enrollment", "window_days": "a week"}"#)
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["window_days"]
        }
    }

    @Test("Reading a parameter the description does not list is a problem naming it")
    func undeclared() throws {
        let values = try ParameterValues(of: WindowCheck.self, from: JSONSource(json: #"{"anchor": "x", "unlisted": 1}"#))
        let problem = #expect(throws: ParameterProblem.self) { try values[WindowCheck.unlisted] }
        #expect(problem?.parameter == "unlisted")
    }

    @Test("Defaults are written as YAML reads them back", arguments: [
        ("plain", "plain"), ("*lymph-node*", "\"*lymph-node*\""), ("a: b", "\"a: b\""), ("", "\"\""), ("x, y", "\"x, y\""),
    ])
    func yaml(_ text: String, _ expected: String) {
        #expect(text.yamlText == expected)
    }

    @Test("Numbers, flags and mappings as defaults")
    func otherDefaults() {
        #expect(30.0.yamlText == "30")
        #expect(2.5.yamlText == "2.5")
        #expect(false.yamlText == "false")
        #expect([String: [String]]().yamlText == "{}")
        #expect(["b": ["x"], "a": []].yamlText == "{a: [], b: [x]}")
    }
}
