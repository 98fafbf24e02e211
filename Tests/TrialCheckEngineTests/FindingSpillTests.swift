import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Findings spilled to a temporary file during an audit: read back whole, in order, with
/// waivers, pseudonyms and baselines applied, so every report is the same as from memory.
@Suite("Findings spilled to disk")
struct FindingSpillTests {
    static func roundTrip(_ finding: AuditReport.Finding) throws -> AuditReport.Finding {
        var bytes: [UInt8] = []
        FindingCodec.encode(finding, into: &bytes)
        return try bytes.withUnsafeBufferPointer { buffer in
            var reader = CompactByteReader(buffer)
            let decoded = try FindingCodec.decode(&reader)
            #expect(reader.position == buffer.count)
            return decoded
        }
    }

    @Test("A finding with every field set, and one with none, read back as written")
    func codec() throws {
        let full = try #require(JSONReportWriterTests.fullReport().findings.first)
        #expect(try Self.roundTrip(full) == full)
        var bare = full
        bare.site = nil
        bare.arm = nil
        bare.evidence = []
        bare.location = nil
        bare.date = nil
        bare.window = nil
        bare.waiver = nil
        bare.isNew = false
        #expect(try Self.roundTrip(bare) == bare)
        bare.isNew = nil
        bare.location = TrialCheckCore.SourceLocation(file: "", line: -3, column: Int.max)
        bare.patient = JSONReportWriterTests.awkwardText
        #expect(try Self.roundTrip(bare) == bare)
    }

    @Test("A window whose days are not YYYY-MM-DD (read from a JSON report) reads back as it was")
    func oddWindow() throws {
        let window = try JSONDecoder().decode(DateWindow.self, from: Data(#"{"label": "w", "first": "2026-01", "last": "+12026-01-01"}"#.utf8))
        var finding = try #require(JSONReportWriterTests.fullReport().findings.first)
        finding.window = window
        #expect(try Self.roundTrip(finding) == finding)
    }

    @Test("Bytes cut short are malformed, not a finding")
    func truncated() throws {
        var bytes: [UInt8] = []
        FindingCodec.encode(try #require(JSONReportWriterTests.fullReport().findings.first), into: &bytes)
        for length in [0, 1, bytes.count / 2, bytes.count - 1] {
            let cut = Array(bytes.prefix(length))
            #expect(throws: CompactByteReader.Malformed.self) {
                try cut.withUnsafeBufferPointer { buffer in
                    var reader = CompactByteReader(buffer)
                    _ = try FindingCodec.decode(&reader)
                }
            }
        }
    }

    @Test("Many findings, one larger than a chunk, spill and read back in order, more than once")
    func spillAndRead() throws {
        let template = try #require(JSONReportWriterTests.fullReport().findings.first)
        let findings = (0 ..< 3000).map { index in
            var finding = template
            finding.patient = "P-\(index)"
            if index == 1234 { finding.message = String(repeating: "long message ", count: 20_000) }
            return finding
        }
        let writer = try #require(FindingSpillWriter())
        for finding in findings { #expect(writer.append(finding).isEmpty) }
        let (spilled, unwritten) = writer.finish()
        #expect(unwritten.isEmpty)
        #expect(spilled.count == findings.count)
        let sequence = FindingSequence(spilled: spilled, inMemory: [template])
        #expect(sequence.count == findings.count + 1)
        #expect(Array(sequence) == findings + [template])
        #expect(Array(sequence.prefix(2)) == Array(findings.prefix(2)))
        #expect(Array(sequence) == findings + [template])
    }

    @Test("Findings not yet written to the file read back from the buffer (what a failed write keeps in memory)")
    func fromBuffer() throws {
        let template = try #require(JSONReportWriterTests.fullReport().findings.first)
        var bytes: [UInt8] = []
        var scratch: [UInt8] = []
        for index in 0 ..< 3 {
            var finding = template
            finding.patient = "P-\(index)"
            scratch.removeAll()
            FindingCodec.encode(finding, into: &scratch)
            bytes.appendVarint(scratch.count)
            bytes.append(contentsOf: scratch)
        }
        var reader = SpillReader(bytes: bytes, count: 3)
        #expect(Array(AnyIterator { reader.next() }).map(\.patient) == ["P-0", "P-1", "P-2"])
    }

    // MARK: - Audits

    static let site = TestSupport.packageRoot.appendingPathComponent("Examples/NCT07177794/site-records.ndjson").path

    static func audit(_ storage: FindingStorage, inputs: [String] = [site]) throws -> AuditReport {
        let definition = try TestSupport.loadProtocol(path: TestSupport.packageRoot.appendingPathComponent("Protocols/NCT07177794.yaml").path)
        return Auditor(definition: definition).audit(inputs: inputs, jobs: 2, findingStorage: storage)
    }

    static func options() -> ReportFormat.Options {
        var options = ReportFormat.Options()
        options.timestamp = "2026-11-25T00:00:00"
        options.markdownLimit = 5
        return options
    }

    @Test("An audit that spills its findings gives every report byte for byte as one that keeps them in memory")
    func sameReports() throws {
        let inMemory = try Self.audit(.memory)
        let spilled = try Self.audit(.temporaryFile)
        #expect(spilled.spilledFindings != nil)
        #expect(spilled.findings.isEmpty)
        #expect(spilled.findingCount == inMemory.findings.count)
        #expect(Array(spilled.allFindings) == inMemory.findings)
        #expect(spilled.withFindingsInMemory().findings == inMemory.findings)
        for format in ReportFormat.allCases {
            let reporter = format.reporter(Self.options())
            #expect(try reporter.render(spilled) == (try reporter.render(inMemory)), "\(format.rawValue) differs")
        }
        for level in FailLevel.allCases {
            #expect(spilled.exitStatus(failingOn: level) == inMemory.exitStatus(failingOn: level))
        }
    }

    @Test("Waivers, pseudonyms and a baseline apply to spilled findings as to findings in memory")
    func adjustments() throws {
        let baseline = try Self.audit(.memory, inputs: [try TestSupport.writeTemporary(
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.site)), as: UTF8.self)
                .split(separator: "\n").prefix(120).joined(separator: "\n"),
            name: "first-half.ndjson"
        )])
        let inMemory = try Self.audit(.memory)
        let first = try #require(inMemory.findings.first)
        let last = try #require(inMemory.findings.last)
        let waivers = [
            Waiver(patient: first.patient, check: first.check, reason: "accepted", approvedBy: "monitor", expires: "2027-01-31", location: nil),
            Waiver(patient: first.patient, check: first.check, reason: "again", approvedBy: "monitor", expires: nil, location: nil),
            Waiver(patient: last.patient, check: last.check, reason: "lapsed", approvedBy: "monitor", expires: "2026-01-31", location: nil),
            Waiver(patient: "nobody", check: first.check, reason: "unmatched", approvedBy: "monitor", expires: nil, location: nil),
        ]
        let asOf = try #require(CalendarDay(year: 2026, month: 11, day: 25))
        func adjusted(_ report: AuditReport) -> AuditReport {
            var report = report
            report.apply(waivers: waivers, asOf: asOf)
            report.pseudonymize(key: Array("0123456789abcdef0123456789abcdef".utf8))
            var pseudonymizedBaseline = baseline
            pseudonymizedBaseline.pseudonymize(key: Array("0123456789abcdef0123456789abcdef".utf8))
            report.compare(toBaseline: pseudonymizedBaseline, path: "baseline.json")
            return report
        }
        let expected = adjusted(inMemory)
        let actual = adjusted(try Self.audit(.temporaryFile))
        #expect(expected.summary.waived == 1)
        #expect(expected.waivers?.map(\.status) == [.applied, .applied, .expired, .unmatched])
        #expect((expected.summary.new ?? 0) > 0)
        #expect((expected.baseline?.resolved ?? -1) == 0)
        for format in ReportFormat.allCases {
            let reporter = format.reporter(Self.options())
            #expect(try reporter.render(actual) == (try reporter.render(expected)), "\(format.rawValue) differs")
        }
        for level in FailLevel.allCases {
            #expect(actual.exitStatus(failingOn: level) == expected.exitStatus(failingOn: level))
        }
    }

    @Test("A report streamed to a file has the bytes it renders to")
    func streamedToFile() throws {
        let report = try Self.audit(.temporaryFile)
        let folder = try TestSupport.temporaryFolder()
        for format in ReportFormat.allCases {
            let path = folder.appendingPathComponent("nested/report.\(format.rawValue)").path
            let output = try ReportOutput.file(atPath: path)
            let reporter = format.reporter(Self.options())
            try reporter.write(report, to: output)
            try output.finish()
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(try reporter.render(report).utf8), "\(format.rawValue) differs")
        }
    }

    @Test("A report that cannot be written says where and why")
    func unwritable() throws {
        let folder = try TestSupport.temporaryFolder()
        let file = try TestSupport.writeTemporary("x", name: "file")
        #expect(throws: ReportOutput.Failure.self) { try ReportOutput.file(atPath: file + "/report.json") }
        #expect(throws: ReportOutput.Failure.self) { try ReportOutput.file(atPath: folder.path) }
    }
}
