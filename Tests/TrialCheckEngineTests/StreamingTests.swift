#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

@Suite("Streaming")
struct StreamingTests {
    static let patientCount = 100_000

    /// A patient who passes every check of the shipped protocol.
    static func line(_ index: Int) -> String {
        #"{"id":"P\#(index)","birth_date":"1961-04-02","enrollment":{"date":"2025-12-01","arm":"A"},"events":[{"type":"radiotherapy","start":"2025-10-13","end":"2025-11-19","dose":"50.4 Gy"}]}"#
    }

    /// A small patient: an id, an age and an enrollment date.
    static func smallLine(_ index: Int) -> String {
        #"{"id":"P\#(index)","age":\#(18 + index % 50),"enrollment":{"date":"2025-12-01"}}"#
    }

    /// The stream holds only a running count and the ids seen: with every patient passing,
    /// the report holds no findings, so the audit must not grow with the cohort beyond that.
    @Test("An NDJSON file of 100,000 small patients is audited in full", .timeLimit(.minutes(2)))
    func largeStream() throws {
        let protocolText = """
            id: STREAM-TEST
            title: Streaming test
            version: "1"
            checks:
              - id: age
                kind: age-range
                criterion: "age 18-75 years"
                severity: major
                min: 18
                max: 75
            """
        let definition = try ProtocolLoader(registry: TestSupport.registry).load(yaml: protocolText, path: "stream-test.yaml")
        let url = try TestSupport.temporaryFolder().appendingPathComponent("cohort.ndjson")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.patientCount * 64)
        for index in 0..<Self.patientCount {
            bytes.append(contentsOf: Self.smallLine(index).utf8)
            bytes.append(0x0A)
        }
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }

        let clock = ContinuousClock()
        var report: AuditReport?
        let elapsed = clock.measure {
            report = Auditor(definition: definition).audit(inputs: [url.path])
        }
        let result = try #require(report)
        #expect(result.summary.patients == Self.patientCount)
        #expect(result.summary.rejected == 0)
        #expect(result.inputs.first?.patients == Self.patientCount)
        #expect(result.findings.isEmpty)
        #expect(result.checks.first?.pass == Self.patientCount)
        #expect(result.inputs.first?.sha256?.count == 64)
        print("Audited \(Self.patientCount) patients in \(elapsed)")
    }

    /// Through a FIFO, the writer holds back everything after the first record until the
    /// reader has returned it: a reader that waited for the whole input would only see it
    /// after the writer gives up waiting.
    @Test("The NDJSON reader returns a record before the rest of the stream is written", .timeLimit(.minutes(1)))
    func readsIncrementally() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("live.ndjson").path
        try #require(mkfifo(path, 0o600) == 0)
        defer { try? FileManager.default.removeItem(at: folder) }

        let firstReturned = DispatchSemaphore(value: 0)
        let writerDone = DispatchSemaphore(value: 0)
        final class Flag: @unchecked Sendable { var timedOut = false }
        let flag = Flag()
        let first = Self.line(0) + "\n"
        let rest = (1...1_000).map { Self.line($0) + "\n" }.joined()
        Thread.detachNewThread {
            let descriptor = open(path, O_WRONLY)
            func send(_ text: String) {
                var bytes = Array(text.utf8)[...]
                while !bytes.isEmpty {
                    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                    if written <= 0 { break }
                    bytes = bytes.dropFirst(written)
                }
            }
            send(first)
            if firstReturned.wait(timeout: .now() + 10) == .timedOut { flag.timedOut = true }
            send(rest)
            close(descriptor)
            writerDone.signal()
        }

        let reader = try HistoryReader(path: path)
        let item = try reader.next()
        firstReturned.signal()
        guard case .patient(let patient) = item else {
            Issue.record("expected the first patient, got \(String(describing: item))")
            return
        }
        #expect(patient.id == "P0")
        var count = 1
        while let next = try reader.next() {
            if case .patient = next { count += 1 }
        }
        writerDone.wait()
        #expect(!flag.timedOut, "the reader returned the first record only after the whole stream was written")
        #expect(count == 1_001)
    }
}
