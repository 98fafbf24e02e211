import Testing
import TrialCheckCore
import BuiltinPlugins

@Suite("Built-in plugins")
struct PluginRegistryTests {
    @Test("The four design check kinds are registered once each")
    func kinds() {
        let identifiers = BuiltinPlugins.kinds.map(\.identifier)
        #expect(Set(["age-range", "days-between", "no-prior-therapy", "radiotherapy-dose"]).isSubset(of: identifiers))
        #expect(Set(identifiers).count == identifiers.count)
        for kind in BuiltinPlugins.kinds {
            #expect(!kind.description.name.isEmpty)
            #expect(!kind.description.summary.isEmpty)
            #expect(!kind.description.passingExamples.isEmpty)
            #expect(!kind.description.deviatingExamples.isEmpty)
        }
    }

    @Test("Kinds build checks from JSON parameters", arguments: [
        ("age-range", #"{"min": 18, "max": 75}"#),
        ("radiotherapy-dose", #"{"min": "50 Gy", "max": "50.4 Gy"}"#),
        ("days-between", #"{"from": "crt-completion", "to": "enrollment", "min": 1, "max": 42}"#),
        ("no-prior-therapy", #"{}"#),
    ])
    func instantiate(_ identifier: String, _ json: String) throws {
        let kind = try #require(BuiltinPlugins.kinds.first { $0.identifier == identifier })
        let check = try kind.instantiate(parameters: JSONParameters(json: json), context: testContext)
        // A patient that meets all four design criteria.
        let compliant = patient(birth: "1961-04-02", enrolled: "2025-12-20", [
            radiotherapy("2025-10-13", "2025-11-19", dose: .string("50.4 Gy"), intent: "definitive"),
            therapy(.chemotherapy, phase: "concurrent", start: "2025-10-13", end: "2025-11-17", agents: ["paclitaxel", "cisplatin"]),
        ])
        #expect(check.judge(compliant).verdict == .pass)
    }

    @Test("Kinds surface parameter problems and decoding errors")
    func instantiateErrors() throws {
        let age = try #require(BuiltinPlugins.kinds.first { $0.identifier == "age-range" })
        #expect(throws: ParameterProblem.self) {
            try age.instantiate(parameters: JSONParameters(json: #"{"min": 80, "max": 75}"#), context: testContext)
        }
        #expect(throws: DecodingError.self) {
            try age.instantiate(parameters: JSONParameters(json: #"{"min": "old"}"#), context: testContext)
        }
    }
}
