import BuiltinPlugins
import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The example cohort as the exports an EDC system gives (Examples/redcap/ and
/// Examples/wide/, by Examples/redcap/convert.py), read through their mapping files, gives
/// every patient the verdict of every check the native records give.
@Suite("EDC export cohort")
struct EDCExportCohortTests {
    typealias Support = ReaderTestSupport

    static let examples = Support.repositoryRoot.appendingPathComponent("Examples")

    /// (patient, check, status) of every finding: with the patients, every verdict (the
    /// rest are passes).
    static func verdicts(_ report: AuditReport) -> Set<String> {
        Set(report.allFindings.map { "\($0.patient) \($0.check) \($0.status.rawValue)" })
    }

    static func audit(_ input: String, mapping: String? = nil) throws -> AuditReport {
        let auditor = Auditor(definition: try TestSupport.shippedProtocol())
        let loaded = try mapping.map { try ExportMapping.load(path: examples.appendingPathComponent($0).path) }
        return auditor.audit(inputs: [examples.appendingPathComponent(input).path], mapping: loaded)
    }

    @Test("Each export audits to the native verdicts of every patient, check by check", arguments: [
        ("redcap/export.csv", "redcap/mapping.yaml"), ("wide/site-records-wide.csv", "wide/mapping.yaml"), ("redcap/export.json", "redcap/mapping.yaml"),
    ])
    func sameVerdicts(export: String, mapping: String) throws {
        let native = try Self.audit("NCT07177794/site-records.ndjson")
        let mapped = try Self.audit(export, mapping: mapping)
        #expect(mapped.inputs.first?.format == InputFormat.edc.rawValue)
        #expect(mapped.rejected.isEmpty, "\(mapped.rejected)")
        let ids = Set(mapped.patientIDs)
        #expect(ids.count == (export.hasSuffix(".json") ? 5 : 242))
        #expect(mapped.patientIDs == native.patientIDs.filter(ids.contains))
        let expected = Self.verdicts(native).filter { ids.contains(String($0.split(separator: " ")[0])) }
        #expect(!expected.isEmpty)
        #expect(Self.verdicts(mapped) == expected)
        if ids.count == 242 {
            #expect(mapped.checks.map { [$0.id, "\($0.pass)", "\($0.deviation)", "\($0.indeterminate)", "\($0.notEvaluable)"] }
                == native.checks.map { [$0.id, "\($0.pass)", "\($0.deviation)", "\($0.indeterminate)", "\($0.notEvaluable)"] })
        }
    }

    @Test("The REDCap export's form-status columns are noted as not mapped; nothing else is left unread")
    func coverageNotes() throws {
        let report = try Self.audit("redcap/export.csv", mapping: "redcap/mapping.yaml")
        let notes = report.inputs.first?.notes ?? []
        let unmapped = notes.filter { $0.hasPrefix("column '") }
        #expect(unmapped.count == 10)
        #expect(unmapped.allSatisfy { $0.contains("_complete' (") && $0.contains("is not mapped") })
        #expect(notes.contains { $0.hasPrefix("checkbox 'dx_metastases' with no box ticked: read as an empty list of 'metastases': 18 row(s)") })
    }
}
