import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The problems loading `yaml` reports (an empty list if it loads).
private func problems(_ yaml: String, path: String = "test.yaml") -> [ProtocolProblem] {
    do {
        _ = try ProtocolLoader(registry: TestSupport.registry).load(yaml: yaml, path: path)
        return []
    } catch {
        return error.problems
    }
}

/// One protocol file with problems: each expected problem's line, column, and words.
struct ProtocolCase: Sendable, CustomTestStringConvertible {
    let name: String
    let yaml: String
    let expected: [(line: Int, column: Int, message: [String])]
    var testDescription: String { name }
}

private let header = """
    id: TEST-1
    title: Test protocol
    version: "1"
    checks:

    """

@Suite("ProtocolLoader")
struct ProtocolLoaderTests {
    @Test("The shipped protocol loads with its identity, arms, checks and manual criteria")
    func shippedProtocol() throws {
        let path = TestSupport.shippedProtocolPath
        let definition = try TestSupport.loadProtocol(path: path)
        #expect(definition.id == "NCT07177794")
        #expect(definition.title == "Consolidation of Toripalimab and Capecitabine After Chemoradiotherapy in ESCC")
        #expect(definition.version == "2025-09-17")
        #expect(definition.source == "https://clinicaltrials.gov/study/NCT07177794")
        #expect(definition.arms.map(\.code) == ["A", "B"])
        #expect(definition.arms.map(\.arm) == [
            Arm(label: "Toripalimab + metronomic capecitabine", type: "experimental"),
            Arm(label: "Observation", type: "no-intervention"),
        ])
        #expect(definition.checks.map(\.id) == ["age", "radiotherapy-dose", "enrollment-window", "no-adjuvant-therapy"])
        #expect(definition.checks.map(\.kind) == ["age-range", "radiotherapy-dose", "days-between", "no-prior-therapy"])
        #expect(definition.checks.allSatisfy { $0.severity == .major })
        #expect(definition.checks.map(\.location.line) == [13, 20, 27, 36])
        #expect(definition.checks.first?.location == TrialCheckCore.SourceLocation(file: path, line: 13, column: 5))
        #expect(definition.checks[2].criterion == "Inclusion 4: within 1-42 days after completion of chemoradiotherapy")
        #expect(definition.manualCriteria.count == 3)
        #expect(definition.manualCriteria.first == ManualCriterion(criterion: "Inclusion 6: estimated life expectancy > 6 months", reason: "clinical judgement"))
        #expect(definition.path == path)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(definition.sha256 == ReferenceSHA256.hex(bytes))
    }

    @Test("Every built-in kind's catalogue example loads as a check entry")
    func catalogueExamples() throws {
        let catalogue = CheckCatalogue(registry: TestSupport.registry)
        #expect(Set(TestSupport.registry.identifiers).isSuperset(of: ["age-range", "days-between", "no-prior-therapy", "radiotherapy-dose"]))
        #expect(TestSupport.registry.conflicts.isEmpty)
        for kind in catalogue.kinds {
            let yaml = header + catalogue.example(kind.description).split(separator: "\n").map { "  \($0)" }.joined(separator: "\n") + "\n"
            #expect(problems(yaml).isEmpty, "\(kind.identifier): \(problems(yaml))")
        }
    }

    static let cases: [ProtocolCase] = [
        ProtocolCase(name: "unknown kind, with a suggestion", yaml: header + """
              - id: age
                kind: age-rnage
                criterion: "Inclusion 5: age 18-75 years"
                severity: major
                min: 18
            """, expected: [(6, 11, ["check 'age'", "unknown check kind 'age-rnage'", "did you mean 'age-range'?"])]),
        ProtocolCase(name: "unknown kind, nothing close", yaml: header + """
              - id: ecog
                kind: frobnicate-widgets
                criterion: "Inclusion 7: ECOG 0-1"
                severity: major
            """, expected: [(6, 11, ["unknown check kind 'frobnicate-widgets'", "expected one of: ", "age-range, ", "days-between"])]),
        ProtocolCase(name: "missing required parameter", yaml: header + """
              - id: window
                kind: days-between
                criterion: "Inclusion 4: within 1-42 days"
                severity: major
                to: enrollment
                min: 1
                max: 42
            """, expected: [(5, 5, ["check 'window'", "missing required parameter 'from'", "anchor"])]),
        ProtocolCase(name: "wrongly typed parameter", yaml: header + """
              - id: age
                kind: age-range
                criterion: "Inclusion 5: age 18-75 years"
                severity: major
                min: eighteen
                max: 75
            """, expected: [(9, 10, ["check 'age'", "'min'", "expected a whole number", "'eighteen'"])]),
        ProtocolCase(name: "wrongly typed quantity", yaml: header + """
              - id: dose
                kind: radiotherapy-dose
                criterion: "Inclusion 3: 50-50.4 Gy"
                severity: major
                min: [50, Gy]
            """, expected: [(9, 10, ["check 'dose'", "'min'"])]),
        ProtocolCase(name: "unknown parameter key, with a suggestion", yaml: header + """
              - id: age
                kind: age-range
                criterion: "Inclusion 5: age 18-75 years"
                severity: major
                min: 18
                maxx: 75
            """, expected: [(10, 5, ["unknown key 'maxx'", "check 'age'", "kind 'age-range'", "did you mean 'max'?"])]),
        ProtocolCase(name: "duplicate check id", yaml: header + """
              - id: age
                kind: age-range
                criterion: "Inclusion 5: age 18-75 years"
                severity: major
                min: 18
              - id: age
                kind: age-range
                criterion: "Inclusion 5 again"
                severity: minor
                max: 75
            """, expected: [(10, 5, ["duplicate check id 'age'", "first defined at test.yaml:5:5"])]),
        ProtocolCase(name: "unknown top-level key, with a suggestion", yaml: """
            id: TEST-1
            title: Test protocol
            version: "1"
            sponser: A hospital
            checks: []
            """, expected: [(4, 1, ["unknown key 'sponser' in the protocol", "did you mean 'sponsor'?"])]),
        ProtocolCase(name: "bad severity, with a suggestion", yaml: header + """
              - id: age
                kind: age-range
                criterion: "Inclusion 5: age 18-75 years"
                severity: majr
                min: 18
            """, expected: [(8, 15, ["check 'age'", "unknown severity 'majr'", "did you mean 'major'?"])]),
        ProtocolCase(name: "missing criterion", yaml: header + """
              - id: age
                kind: age-range
                severity: major
                min: 18
            """, expected: [(5, 5, ["check 'age' has no 'criterion'"])]),
        ProtocolCase(name: "empty criterion", yaml: header + """
              - id: age
                kind: age-range
                criterion: ""
                severity: major
                min: 18
            """, expected: [(7, 16, ["'criterion': expected text"])]),
        ProtocolCase(name: "invalid anchor, with a suggestion", yaml: header + """
              - id: window
                kind: days-between
                criterion: "Inclusion 4: within 1-42 days"
                severity: major
                from: crt-complete
                to: enrollment
                min: 1
            """, expected: [(9, 11, ["check 'window'", "'from'", "unknown value 'crt-complete'", "did you mean 'crt-completion'?"])]),
        ProtocolCase(name: "min greater than max, at the parameter key", yaml: header + """
              - id: age
                kind: age-range
                criterion: "Inclusion 5: age 18-75 years"
                severity: major
                min: 80
                max: 18
            """, expected: [(9, 5, ["check 'age'", "'min' (80) is greater than 'max' (18)"])]),
        ProtocolCase(name: "dose limits in a unit that is not a dose, at the parameter key", yaml: header + """
              - id: dose
                kind: radiotherapy-dose
                criterion: "Inclusion 3: 50-50.4 Gy"
                severity: major
                min: 50 Gy
                max: 50.4 mg
            """, expected: [(10, 5, ["check 'dose'", "'mg' is not an absorbed-dose unit"])]),
        ProtocolCase(name: "the same point twice, at the parameter key", yaml: header + """
              - id: window
                kind: days-between
                criterion: "Inclusion 4: within 1-42 days"
                severity: major
                from: enrollment
                to: enrollment
                max: 42
            """, expected: [(10, 5, ["check 'window'", "'from' and 'to' are the same point"])]),
        ProtocolCase(name: "a phase both forbidden and permitted, at the parameter key", yaml: header + """
              - id: prior
                kind: no-prior-therapy
                criterion: "Exclusion 1"
                severity: major
                forbidden_phases: [adjuvant]
                permitted_phases: [induction, adjuvant]
            """, expected: [(10, 5, ["check 'prior'", "phase 'adjuvant' is both forbidden and permitted"])]),
        ProtocolCase(name: "a check with no limits at all", yaml: header + """
              - id: age
                kind: age-range
                criterion: "Inclusion 5: age 18-75 years"
                severity: major
            """, expected: [(5, 5, ["check 'age'", "give 'min', 'max' or both"])]),
        ProtocolCase(name: "invalid check id", yaml: header + """
              - id: Age_Check
                kind: age-range
                criterion: "Inclusion 5: age 18-75 years"
                severity: major
                min: 18
            """, expected: [(5, 9, ["check id 'Age_Check' must be lower-case letters, digits and hyphens"])]),
        ProtocolCase(name: "missing id, title, version and checks", yaml: """
            source: somewhere
            """, expected: [
                (1, 1, ["the protocol has no 'id'"]),
                (1, 1, ["the protocol has no 'title'"]),
                (1, 1, ["the protocol has no 'version'"]),
                (1, 1, ["the protocol has no 'checks'"]),
            ]),
        ProtocolCase(name: "checks not a list", yaml: """
            id: TEST-1
            title: Test protocol
            version: "1"
            checks: {age: 18}
            """, expected: [(4, 9, ["'checks': expected a list of checks, found a mapping"])]),
        ProtocolCase(name: "not a mapping", yaml: """
            - id: TEST-1
            """, expected: [(1, 1, ["expected a protocol definition", "found a list"])]),
        ProtocolCase(name: "empty file", yaml: "", expected: [(1, 1, ["the protocol file is empty"])]),
        ProtocolCase(name: "YAML syntax error", yaml: """
            id: TEST-1
              title: Test protocol
            version: "1"
            """, expected: [(2, 8, ["invalid YAML", "mapping values are not allowed"])]),
        ProtocolCase(name: "YAML duplicate key", yaml: """
            id: TEST-1
            title: Test protocol
            id: TEST-2
            version: "1"
            checks: []
            """, expected: [(3, 1, ["duplicate key 'id'"])]),
        ProtocolCase(name: "unknown keys in an arm and a manual criterion", yaml: """
            id: TEST-1
            title: Test protocol
            version: "1"
            arms:
              A: {label: Drug, kind: experimental}
            checks: []
            manual:
              - {criterion: "Life expectancy", reasn: judgement}
            """, expected: [
                (5, 20, ["unknown key 'kind' in arm 'A'", "expected one of: aliases, label, type"]),
                (8, 36, ["unknown key 'reasn' in a manual criterion", "did you mean 'reason'?"]),
            ]),
    ]

    @Test("Each problem has its line, column and message", arguments: cases)
    func problem(_ protocolCase: ProtocolCase) {
        let found = problems(protocolCase.yaml)
        #expect(found.count == protocolCase.expected.count, "\(found)")
        #expect(found.allSatisfy { $0.location.file == "test.yaml" })
        // Problems at one location may come in any order: match each expectation to one.
        for expected in protocolCase.expected {
            let match = found.first { problem in
                problem.location.line == expected.line && problem.location.column == expected.column
                    && expected.message.allSatisfy(problem.message.contains)
            }
            #expect(match != nil, "no problem at \(expected.line):\(expected.column) saying \(expected.message); found \(found)")
        }
    }

    @Test("Several problems are reported together, sorted by location")
    func severalProblems() throws {
        let yaml = """
            id: TEST-1
            version: "1"
            checks:
              - id: age
                kind: age-range
                criterion: "Inclusion 5: age 18-75 years"
                severity: majr
                min: 18
              - id: window
                kind: days-betwen
                criterion: "Inclusion 4"
                severity: major
              - id: age
                kind: age-range
                criterion: "again"
                severity: minor
                min: eighteen
            sponser: A hospital
            """
        let found = problems(yaml)
        #expect(found.map { "\($0.location.line ?? 0):\($0.location.column ?? 0)" } == [
            "1:1", "7:15", "10:11", "17:10", "18:1",
        ], "\(found)")
        #expect(found.map(\.location) == found.map(\.location).sorted())
        #expect(found.first?.message.contains("no 'title'") == true)
        #expect(found.last?.message.contains("sponser") == true)
    }

    @Test("ProtocolError renders one 'file:line:column: error: message' line per problem")
    func errorDescription() throws {
        let yaml = header + """
              - id: age
                kind: age-rnage
                criterion: "Inclusion 5"
                severity: major
            """
        do {
            _ = try ProtocolLoader(registry: TestSupport.registry).load(yaml: yaml, path: "trials/test.yaml")
            Issue.record("expected a ProtocolError")
        } catch {
            #expect(error.description == "trials/test.yaml:6:11: error: check 'age': unknown check kind 'age-rnage'; did you mean 'age-range'?")
        }
    }

    @Test("Loading a file that does not exist is a located problem")
    func missingFile() throws {
        let path = try TestSupport.temporaryFolder().appendingPathComponent("none.yaml").path
        do {
            _ = try TestSupport.loadProtocol(path: path)
            Issue.record("expected a ProtocolError")
        } catch let error as ProtocolError {
            #expect(error.problems.count == 1)
            #expect(error.problems.first?.location.file == path)
            #expect(error.problems.first?.message.contains("cannot read") == true)
        }
    }

    @Test("A protocol file that is not UTF-8 is a problem")
    func notUTF8() throws {
        let path = try TestSupport.writeTemporary([0x69, 0x64, 0x3A, 0x20, 0xFF, 0x0A], name: "latin.yaml")
        do {
            _ = try TestSupport.loadProtocol(path: path)
            Issue.record("expected a ProtocolError")
        } catch let error as ProtocolError {
            #expect(error.problems.first?.message.contains("UTF-8") == true)
        }
    }

    @Test("A file path is used in every location, and a loaded file's hash is of its bytes")
    func loadFromFile() throws {
        let yaml = header + """
              - id: age
                kind: age-range
                criterion: "Inclusion 5: age 18-75 years"
                severity: minor
                min: 18

            """
        let path = try TestSupport.writeTemporary(yaml, name: "ok.yaml")
        let definition = try TestSupport.loadProtocol(path: path)
        #expect(definition.checks.first?.location == TrialCheckCore.SourceLocation(file: path, line: 5, column: 5))
        #expect(definition.checks.first?.severity == .minor)
        #expect(definition.sha256 == ReferenceSHA256.hex(Array(yaml.utf8)))
        #expect(definition.manualCriteria.isEmpty)
        #expect(definition.arms.isEmpty)
    }
}

@Suite("ProtocolLocator")
struct ProtocolLocatorTests {
    @Test("A path to an existing file is used as is")
    func existingPath() throws {
        let path = try TestSupport.writeTemporary("id: X\n", name: "custom-name.yaml")
        #expect(try ProtocolLocator.resolve(path, environment: [:]).get() == path)
    }

    @Test("An id is looked up in each TRIALCHECK_PROTOCOL_PATH folder in order, .yaml before .yml")
    func searchPath() throws {
        let first = try TestSupport.temporaryFolder()
        let second = try TestSupport.temporaryFolder()
        try Data("id: B\n".utf8).write(to: second.appendingPathComponent("TRIAL-B.yml"))
        try Data("id: A\n".utf8).write(to: first.appendingPathComponent("TRIAL-A.yml"))
        try Data("id: A\n".utf8).write(to: second.appendingPathComponent("TRIAL-A.yaml"))
        let environment = [ProtocolLocator.environmentVariable: "\(first.path):\(second.path)"]
        #expect(try ProtocolLocator.resolve("TRIAL-B", environment: environment).get() == "\(second.path)/TRIAL-B.yml")
        // The first folder wins, even with the less preferred extension.
        #expect(try ProtocolLocator.resolve("TRIAL-A", environment: environment).get() == "\(first.path)/TRIAL-A.yml")
    }

    @Test("The search folders are the variable's, then Protocols/")
    func searchFolders() {
        #expect(ProtocolLocator.environmentVariable == "TRIALCHECK_PROTOCOL_PATH")
        #expect(ProtocolLocator.searchFolders(environment: [:]) == ["Protocols"])
        #expect(ProtocolLocator.searchFolders(environment: ["TRIALCHECK_PROTOCOL_PATH": "a:b"]) == ["a", "b", "Protocols"])
        #expect(ProtocolLocator.searchFolders(environment: ["TRIALCHECK_PROTOCOL_PATH": "a::b:"]) == ["a", "b", "Protocols"])
    }

    @Test("An id not found names every place tried and the variable")
    func notFound() throws {
        let folder = try TestSupport.temporaryFolder()
        let environment = [ProtocolLocator.environmentVariable: folder.path]
        switch ProtocolLocator.resolve("NCT00000000", environment: environment) {
        case .success(let path):
            Issue.record("unexpectedly found \(path)")
        case .failure(let notFound):
            #expect(notFound.reference == "NCT00000000")
            #expect(notFound.tried == [
                "NCT00000000",
                "\(folder.path)/NCT00000000.yaml", "\(folder.path)/NCT00000000.yml",
                "Protocols/NCT00000000.yaml", "Protocols/NCT00000000.yml",
            ])
            #expect(notFound.description.contains("no protocol 'NCT00000000'"))
            #expect(notFound.description.contains("TRIALCHECK_PROTOCOL_PATH"))
        }
    }

    @Test("A folder named like the reference is not a protocol file")
    func folderIsNotAFile() throws {
        let folder = try TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("X.yaml"), withIntermediateDirectories: true)
        let environment = [ProtocolLocator.environmentVariable: folder.path]
        #expect(throws: ProtocolLocator.NotFound.self) { try ProtocolLocator.resolve("X", environment: environment).get() }
        #expect(throws: ProtocolLocator.NotFound.self) { try ProtocolLocator.resolve(folder.path, environment: [:]).get() }
    }

    @Test("A protocol found by id loads")
    func foundByIDLoads() throws {
        let folder = try TestSupport.temporaryFolder()
        let shipped = try Data(contentsOf: URL(fileURLWithPath: TestSupport.shippedProtocolPath))
        try shipped.write(to: folder.appendingPathComponent("NCT07177794.yaml"))
        let path = try ProtocolLocator.resolve("NCT07177794", environment: [ProtocolLocator.environmentVariable: folder.path]).get()
        #expect(try TestSupport.loadProtocol(path: path).id == "NCT07177794")
    }
}
