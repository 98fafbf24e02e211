import BuiltinPlugins
import Foundation
import Testing
import TrialCheckCore
import TrialCheckEngine
import TrialCheckSynthetic

/// `CohortGenerator`: deterministic, the size asked for, read without rejection, and with
/// the deviations it promises.
@Suite("Synthetic cohorts")
struct GeneratorTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fullProtocol = packageRoot.appendingPathComponent("Protocols/NCT07177794.yaml").path
    static let designProtocol = packageRoot.appendingPathComponent("Benchmarks/protocols/design-checks.yaml").path
    static let designChecks: Set<String> = ["age", "radiotherapy-dose", "enrollment-window", "no-adjuvant-therapy"]

    static func audit(_ generator: CohortGenerator, protocol path: String) throws -> AuditReport {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-synthetic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cohort.\(generator.format.rawValue)")
        try Data(generator.bytes()).write(to: file)
        let definition = try ProtocolLoader(registry: CheckRegistry(kinds: BuiltinPlugins.kinds)).load(path: path)
        return Auditor(definition: definition).audit(inputs: [file.path], jobs: 2, details: [])
    }

    /// The 0-based index a generated id carries (`GZ-0042` is patient 41).
    static func index(of id: String) -> Int? {
        id.split(separator: "-").last.flatMap { Int($0) }.map { $0 - 1 }
    }

    @Test("The same seed gives the same bytes; another seed another cohort", arguments: CohortFormat.allCases)
    func deterministic(format: CohortFormat) {
        let first = CohortGenerator(seed: 42, patients: 300, format: format).bytes()
        let again = CohortGenerator(seed: 42, patients: 300, format: format).bytes()
        let other = CohortGenerator(seed: 43, patients: 300, format: format).bytes()
        #expect(first == again)
        #expect(first != other)
        // Chunking does not change the output.
        var chunked: [UInt8] = []
        CohortGenerator(seed: 42, patients: 300, format: format).write(chunkSize: 1000) { chunked.append(contentsOf: $0) }
        #expect(chunked == first)
    }

    @Test("It writes exactly the number of patients asked for", arguments: [0, 1, 7, 1234])
    func count(patients: Int) {
        let ndjson = CohortGenerator(seed: 1, patients: patients, format: .ndjson).bytes()
        #expect(ndjson.filter { $0 == UInt8(ascii: "\n") }.count == patients)
        let yaml = String(decoding: CohortGenerator(seed: 1, patients: patients, format: .yaml).bytes(), as: UTF8.self)
        #expect(yaml.components(separatedBy: "\n  - id: ").count - 1 == patients)
    }

    @Test("Every record is audited without rejection, in both formats", arguments: CohortFormat.allCases)
    func noRejections(format: CohortFormat) throws {
        let report = try Self.audit(CohortGenerator(seed: 7, patients: 800, deviationRate: 0.3, format: format), protocol: Self.fullProtocol)
        #expect(report.rejected.isEmpty, "\(report.rejected.prefix(3))")
        #expect(report.summary.patients == 800)
    }

    @Test("With a rate of 0, every record passes every check of the full protocol")
    func compliant() throws {
        let report = try Self.audit(CohortGenerator(seed: 11, patients: 2000, deviationRate: 0), protocol: Self.fullProtocol)
        #expect(report.summary.patients == 2000)
        #expect(report.findings.isEmpty, "\(report.findings.prefix(3).map { "\($0.patient) \($0.check): \($0.message)" })")
    }

    @Test("The deviation rate is honoured, and each injected design deviation is found by its check", arguments: [0.05, 0.2])
    func deviationRate(rate: Double) throws {
        let patients = 3000
        let generator = CohortGenerator(seed: 5, patients: patients, deviationRate: rate)
        let report = try Self.audit(generator, protocol: Self.designProtocol)
        let deviating = Set(report.findings.filter { $0.status == .deviation }.map(\.patient))
        let share = Double(deviating.count) / Double(patients)
        #expect(abs(share - rate) < 0.25 * rate + 0.01, "share \(share) for rate \(rate)")

        let found = Set(report.findings.filter { $0.status == .deviation }.map { "\($0.patient)/\($0.check)" })
        for finding in report.findings {
            let index = try #require(Self.index(of: finding.patient))
            let scenario = try #require(generator.scenario(ofPatient: index), "\(finding.patient) has a finding but no injected problem")
            #expect(scenario.tier != .otherDeviation, "\(finding.patient) (\(scenario.rawValue)): \(finding.check)")
        }
        var injected = 0
        for index in 0 ..< patients {
            guard let scenario = generator.scenario(ofPatient: index), scenario.tier == .designDeviation else { continue }
            injected += 1
            #expect(Self.designChecks.contains(scenario.check))
            #expect(found.contains { $0.hasSuffix("/\(scenario.check)") && Self.index(of: String($0.split(separator: "/")[0])) == index },
                    "patient \(index + 1): \(scenario.rawValue) not found")
        }
        #expect(injected == deviating.count)
    }
}
