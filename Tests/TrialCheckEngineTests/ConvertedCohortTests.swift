import BuiltinPlugins
import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The example cohort converted to each format (Examples/formats/, by convert.py) gives
/// the same design-check verdicts as the native records it came from.
@Suite("Converted cohort")
struct ConvertedCohortTests {
    typealias Support = ReaderTestSupport

    /// The four design checks, fixed (the shipped protocol grows; this does not).
    static func designProtocol() throws -> ProtocolDefinition {
        let registry = CheckRegistry(kinds: BuiltinPlugins.kinds)
        return try ProtocolLoader(registry: registry).load(path: Support.fixture("golden-protocol.yaml"))
    }

    static let formats = Support.repositoryRoot.appendingPathComponent("Examples/formats")

    /// (patient, check, status) of every finding.
    static func findings(_ report: AuditReport) -> Set<String> {
        Set(report.findings.map { "\($0.patient) \($0.check) \($0.status.rawValue)" })
    }

    @Test("Each format's findings equal the native audit's for the same patients", arguments: [
        ("csv/site-records.csv", InputFormat.csv), ("fhir", .fhir), ("sdtm", .sdtm),
    ])
    func sameVerdicts(path: String, format: InputFormat) throws {
        let definition = try Self.designProtocol()
        let auditor = Auditor(definition: definition)
        let ids = try String(contentsOf: Self.formats.appendingPathComponent("patients.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(ids.count == 20)
        let native = auditor.audit(inputs: [Support.repositoryRoot.appendingPathComponent("Examples/NCT07177794/site-records.ndjson").path])
        let converted = auditor.audit(inputs: [Self.formats.appendingPathComponent(path).path])
        #expect(converted.inputs.first?.format == format.rawValue)
        #expect(converted.rejected.isEmpty, "\(converted.rejected)")
        #expect(converted.patientIDs == native.patientIDs.filter(Set(ids).contains))
        let expected = Self.findings(native).filter { ids.contains(String($0.split(separator: " ")[0])) }
        #expect(Self.findings(converted) == expected)
        #expect(!expected.isEmpty)
    }
}
