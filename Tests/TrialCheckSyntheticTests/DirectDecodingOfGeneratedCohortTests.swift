import Testing
import TrialCheckCore
@testable import TrialCheckEngine
import TrialCheckSynthetic

/// Every record the generator writes (deviations and edge cases included) decodes through
/// the direct NDJSON path to the patient the general path gives.
struct DirectDecodingOfGeneratedCohortTests {
    @Test func generatedRecordsDecodeDirectlyToTheSamePatients() throws {
        let defaults = PatientRecordDecoder(file: "generated.ndjson")
        let bytes = CohortGenerator(seed: 7, patients: 1500, deviationRate: 0.5).bytes()
        var decoded = 0
        for (offset, line) in bytes.split(separator: 0x0A).enumerated() where line.first == UInt8(ascii: "{") {
            let record = Array(line)
            let direct = try #require(DirectRecordDecoder.patient(in: record, lineNumber: offset + 1, defaults: defaults))
            let general = try defaults.decode(JSONSyntaxParser.parse(record, firstLine: offset + 1)).get()
            #expect(direct == general)
            for (fast, slow) in zip(direct.events, general.events) { #expect(fast.attributes == slow.attributes) }
            decoded += 1
        }
        #expect(decoded == 1500)
    }
}
