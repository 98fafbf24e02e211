import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// `extends:`: checks added, replaced and removed by id, settings overridden; cycles and
/// missing bases located.
@Suite("Protocols that extend others")
struct ProtocolExtensionTests {
    static let base = """
        id: BASE-1
        title: The base trial
        version: "3"
        checks:
          - {id: age, kind: age-range, criterion: "age 18-75", severity: major, min: 18, max: 75}
          - {id: ecog, kind: performance-status, criterion: "ECOG <= 2", severity: major, scale: ECOG, max: 2}
          - {id: consent, kind: days-between, criterion: "consent on or before enrollment", severity: major, from: consent, to: registration, min: 0}
        manual:
          - "Life expectancy > 6 months"

        """

    /// Writes `files` (name → text) into a new folder and returns it.
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = try TestSupport.temporaryFolder()
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    static func load(_ path: String, environment: [String: String] = [:]) throws(ProtocolError) -> ProtocolDefinition {
        try ProtocolLoader(registry: TestSupport.registry, environment: environment).load(path: path)
    }

    static func problems(_ path: String, environment: [String: String] = [:]) -> [ProtocolProblem] {
        do {
            _ = try load(path, environment: environment)
            return []
        } catch {
            return error.problems
        }
    }

    @Test("Checks are added, replaced in place and removed by id; settings are overridden or inherited")
    func addReplaceRemove() throws {
        let folder = try Self.folder([
            "base/BASE-1.yaml": Self.base,
            "site.yaml": """
                id: SITE-1
                title: The site's reading
                extends: base/BASE-1.yaml
                remove: [consent]
                checks:
                  - {id: age, kind: age-range, criterion: "age 18-80", severity: major, min: 18, max: 80}
                  - {id: older, kind: age-range, criterion: "age >= 20", severity: minor, min: 20}

                """,
        ])
        let definition = try Self.load(folder.appendingPathComponent("site.yaml").path)
        #expect(definition.id == "SITE-1")
        #expect(definition.title == "The site's reading")
        #expect(definition.version == "3")
        #expect(definition.checks.map(\.id) == ["age", "ecog", "older"])
        #expect(definition.checks[0].criterion == "age 18-80")
        #expect(definition.checks[0].location.file.hasSuffix("site.yaml"))
        #expect(definition.checks[1].location.file.hasSuffix("BASE-1.yaml"))
        #expect(definition.manualCriteria.map(\.criterion) == ["Life expectancy > 6 months"])
        #expect(definition.bases == ["BASE-1"])
        // The digest covers both files: a change to the base changes it.
        let alone = try Self.load(folder.appendingPathComponent("base/BASE-1.yaml").path)
        #expect(definition.sha256 != alone.sha256)
    }

    @Test("A base named by id is found in the protocol folders, as --protocol finds it")
    func baseByID() throws {
        let folder = try Self.folder(["protocols/BASE-1.yaml": Self.base, "work/site.yaml": "id: SITE-1\nextends: BASE-1\n"])
        let environment = [ProtocolLocator.environmentVariable: folder.appendingPathComponent("protocols").path]
        let definition = try Self.load(folder.appendingPathComponent("work/site.yaml").path, environment: environment)
        #expect(definition.checks.map(\.id) == ["age", "ecog", "consent"])
        let missing = Self.problems(folder.appendingPathComponent("work/site.yaml").path)
        #expect(missing.count == 1)
        #expect(missing.first?.message.contains("'extends': no protocol 'BASE-1'") == true, "\(missing.map(\.description))")
        #expect(missing.first?.location.line == 2)
    }

    @Test("A cycle of extends is a located error")
    func cycle() throws {
        let folder = try Self.folder([
            "a.yaml": "id: A\ntitle: A\nversion: \"1\"\nextends: b.yaml\nchecks: []\n",
            "b.yaml": "id: B\ntitle: B\nversion: \"1\"\nextends: a.yaml\nchecks: []\n",
        ])
        let found = Self.problems(folder.appendingPathComponent("a.yaml").path)
        #expect(found.count == 1)
        let problem = try #require(found.first)
        #expect(problem.message.contains("'extends' forms a cycle"), "\(problem)")
        #expect(problem.location.file.hasSuffix("b.yaml"))
        #expect(problem.location.line == 4)
    }

    @Test("Removing a check the base lacks, and a problem in the base, are located in their files")
    func locatedProblems() throws {
        let folder = try Self.folder([
            "base.yaml": Self.base.replacingOccurrences(of: "max: 75", with: "max: old"),
            "site.yaml": "id: S\nextends: base.yaml\nremove: [ecgo]\n",
        ])
        let found = Self.problems(folder.appendingPathComponent("site.yaml").path)
        #expect(found.contains { $0.location.file.hasSuffix("site.yaml") && $0.location.line == 3 && $0.message.contains("no check 'ecgo'; did you mean 'ecog'?") }, "\(found.map(\.description))")
        #expect(found.contains { $0.location.file.hasSuffix("base.yaml") && $0.location.line == 5 && $0.message.contains("'max'") }, "\(found.map(\.description))")
    }

    @Test("An id listed twice by the extending file is a duplicate, not a silent second replacement")
    func duplicateInExtension() throws {
        let folder = try Self.folder([
            "base.yaml": Self.base,
            "site.yaml": """
                id: S
                extends: base.yaml
                checks:
                  - {id: age, kind: age-range, criterion: "age 18-80", severity: major, min: 18, max: 80}
                  - {id: age, kind: age-range, criterion: "age 18-85", severity: major, min: 18, max: 85}

                """,
        ])
        let found = Self.problems(folder.appendingPathComponent("site.yaml").path)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("duplicate check id 'age'") == true, "\(found.map(\.description))")
        #expect(found.first?.location.line == 5)
    }

    @Test("'remove' without 'extends' is an error")
    func removeWithoutExtends() throws {
        let folder = try Self.folder(["p.yaml": Self.base + "remove: [age]\n"])
        let found = Self.problems(folder.appendingPathComponent("p.yaml").path)
        #expect(found.map(\.message) == ["'remove' drops checks of the protocol named by 'extends', and this protocol extends none"])
    }
}
