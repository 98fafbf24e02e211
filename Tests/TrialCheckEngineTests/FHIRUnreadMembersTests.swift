import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Members the FHIR mapping never reads (a narrative with escapes and non-ASCII text,
/// `meta` without profiles, an extension of an unknown URL), appended to every resource of
/// the example cohort, change nothing the reading gives: not a patient, a rejection, a
/// note or a location; in memory and through temporary files alike.
@Suite("FHIR: members the mapping does not read")
struct FHIRUnreadMembersTests {
    typealias Support = ReaderTestSupport

    /// What is appended to each resource, after its last member (so no column moves).
    static let unread = #","text":{"status":"generated","div":"<div>Zoë \"q\" \\ \u00e9 \ud83d\ude00 \/</div>"},"#
        + #""meta":{"versionId":"2","lastUpdated":"2025-01-01T00:00:00Z","tag":[{"code":"x"}]}"#

    /// An extension no mapping knows, for resources without extensions.
    static let unknownExtension = #","extension":[{"url":"http://example.org/unknown","valueString":"ü","valueInteger":-1.5e3}]"#

    static func withUnread(_ line: String) -> String {
        guard line.hasSuffix("}") else { return line }
        let extra = line.contains("\"extension\"") ? unread : unread + unknownExtension
        return String(line.dropLast()) + extra + "}"
    }

    @Test("The example cohort with unread members appended reads as without them, at budgets 64 MiB, 64 KiB and 0")
    func unreadMembersChangeNothing() throws {
        let source = Support.repositoryRoot.appendingPathComponent("Examples/formats/fhir")
        let names = try FileManager.default.contentsOfDirectory(atPath: source.path).filter { $0.hasSuffix(".ndjson") }.sorted()
        let folder = try GroupingSpillTests.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("fhir")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        var texts: [String: String] = [:]
        for name in names {
            texts[name] = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            try texts[name]?.write(to: input.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let plain = try Support.read(input.path)
        #expect(plain.patients.count == 20)

        for name in names {
            let lines = (texts[name] ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            try lines.map(Self.withUnread).joined(separator: "\n").write(to: input.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let spill = folder.appendingPathComponent("spill")
        try FileManager.default.createDirectory(at: spill, withIntermediateDirectories: true)
        for budget in [64 << 20, 64 << 10, 0] {
            let mutated = try GroupingSpillTests.read(input.path, budget: budget, folder: spill)
            #expect(mutated.patients == plain.patients, "budget \(budget)")
            #expect(mutated.rejections == plain.rejections, "budget \(budget)")
            #expect(mutated.notes == plain.notes, "budget \(budget)")
            #expect(mutated.sha256 != plain.sha256)
        }
    }
}
