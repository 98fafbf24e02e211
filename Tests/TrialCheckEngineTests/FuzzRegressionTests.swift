import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Inputs the fuzz targets (Fuzz/) found, each kept as a test once fixed.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// The `waivers` target's timeout: a mapping with an empty key given twice (`:` alone on
    /// a line) sent the duplicate-key locator round the same column for ever.
    static let emptyKeyWaivers = "d3dhc3Y6CmFzdjoKaWVhc3Y6CmllcnN2OgpyaWVyc3Y6CnJzOgppZXJzdjoKcmlld2FzdjoKaWVhc3Z3d2FzdjoKaWVhc3M6CmllcnN2OgpyaWV3Tk9ERV9FWFRSQV9DQV9DRVJUU3dpZXJzdjoKIHN2OgogJnJzdndhOgogc3Y6CiAgLS13YWl2ZXJzOgogIC0gcGF0aWVuRVhUUkFfQ0FfQ0VSVFN3aWVyc3Y6CiBzdjoKICZyc3Y6CiBzdjoKaWVhc3Y6CmllcnN2OgpyczoKaWVyc3Y6CmllYXN2d3dhc3Y6CmllMDAyCiAgICBjaGVjazogZWFzdjoKaWVyc3Y6CnJzOgppZXJzdmFzdnd3YXN2OgppZWFzdjoKaWVyc3Y6CnJzOgppZXJzdjoKcnN2bnJvbGxtZW50LXdpbmRvdwogICA6Ci0gLSByZWFzb246IEVucm8="

    @Test("An empty key repeated in a mapping is located, not looped on", .timeLimit(.minutes(1)))
    func emptyDuplicateKey() throws {
        #expect(DuplicateKeyLocator.secondOccurrence(of: "", in: "a: 1\n: 2\n: 3\n", mappingAt: TextPosition(line: 1, column: 1)) != nil)
        let text = String(decoding: try #require(Data(base64Encoded: Self.emptyKeyWaivers)), as: UTF8.self)
        #expect(throws: ProtocolError.self) {
            _ = try WaiverFile.parse(yaml: text, path: "waivers.yaml", knownChecks: ["enrollment-window"])
        }
        #expect(throws: ProtocolError.self) {
            _ = try WaiverFile.parse(yaml: "waivers:\n  - patient: P\n    :\n    :\n", path: "w.yaml", knownChecks: [])
        }
    }
}
