#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Runs `body` with standard input reading `text`, then restores it.
private func withStandardInput<T>(_ text: String, _ body: () throws -> T) throws -> T {
    let path = try TestSupport.writeTemporary(text, name: "stdin.ndjson")
    let file = open(path, O_RDONLY)
    try #require(file >= 0)
    let saved = dup(STDIN_FILENO)
    try #require(saved >= 0)
    dup2(file, STDIN_FILENO)
    close(file)
    defer {
        dup2(saved, STDIN_FILENO)
        close(saved)
    }
    return try body()
}

/// Standard input is process-wide: these tests run one at a time.
@Suite("HistoryReader: standard input", .serialized)
struct StandardInputTests {
    @Test("'-' reads an NDJSON stream from standard input")
    func ndjsonOnStandardInput() throws {
        let lines = [
            #"{"id": "S1", "enrollment": {"date": "2026-01-20"}}"#,
            #"{"id": "S2", "enrollment": {"date": "2026-01-21"}}"#,
        ]
        let (format, items) = try withStandardInput(lines.joined(separator: "\n") + "\n") {
            let (reader, items) = try TestSupport.readAll(path: "-")
            return (reader.format, items)
        }
        #expect(format == .ndjson)
        #expect(TestSupport.patients(items).map(\.id) == ["S1", "S2"])
        #expect(TestSupport.patients(items).first?.location == TrialCheckCore.SourceLocation(file: "<stdin>", line: 1))
    }

    /// The format spec: NDJSON is `.ndjson`, `.jsonl`, or `-` for standard input, and "a line
    /// that does not parse is an input error for that line alone; the stream goes on".
    @Test("On standard input, a bad first line is rejected alone and the stream goes on")
    func badFirstLineOnStandardInput() throws {
        let lines = [
            #"{"id": "S1", "enrollment": {"date": "2026-01-20"}"#,
            #"{"id": "S2", "enrollment": {"date": "2026-01-21"}}"#,
            #"{"id": "S3", "enrollment": {"date": "2026-01-22"}}"#,
        ]
        let outcome: Result<[ReadItem], InputError> = try withStandardInput(lines.joined(separator: "\n") + "\n") {
            do {
                return .success(try TestSupport.readAll(path: "-").items)
            } catch let error as InputError {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let items):
            #expect(TestSupport.patients(items).map(\.id) == ["S2", "S3"])
            #expect(TestSupport.rejections(items).map(\.location.line) == [1])
        case .failure(let error):
            Issue.record("the whole stream was lost to its first line: \(error)")
        }
    }
}
