import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// A SAS XPORT file is untrusted input: cut short or with impossible lengths, it is a
/// located error (never rows silently dropped, never a crash); a bad byte in a value
/// rejects only its subject.
@Suite("SAS XPORT: files cut short, hostile lengths, bad bytes")
struct XPORTRobustnessTests {
    /// The CDISC pilot's DM dataset: 25 variables (NAMESTR header at byte 560), the
    /// observation header at 4160, six observations of 209 bytes, padded to 5520 bytes.
    static func dm() throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: ReaderTestSupport.fixture("sdtm/cdiscpilot01-xpt/dm.xpt"))))
    }

    static let namestrStart = 640
    static let observationsStart = 4240
    static let observationLength = 209

    private static func error(_ bytes: [UInt8]) -> InputError? {
        do {
            _ = try XPORTReader.read(bytes, path: "dm.xpt")
            return nil
        } catch {
            return error
        }
    }

    @Test("The fixture reads whole: six subjects")
    func whole() throws {
        #expect(try XPORTReader.read(try Self.dm(), path: "dm.xpt").rows.count == 6)
    }

    @Test("A file cut short is an error naming the byte and what was expected", arguments: [
        (observationsStart + observationLength * 5 + 100, "inside observation 6: expected 209 bytes, found 100"),
        (observationsStart + observationLength * 3 + 1, "inside observation 4: expected 209 bytes, found 1"),
        (observationsStart + observationLength * 6, "expected a whole number of 80-byte records"),
        (4000, "inside the description of variable 25 of 25"),
        (200, "before the member header record"),
        (40, "expected at least the 80-byte library header record"),
    ])
    func truncated(length: Int, expected: String) throws {
        let error = try #require(Self.error(Array(try Self.dm().prefix(length))))
        #expect(error.reason.contains(expected), "\(error.reason)")
        #expect(error.reason.contains("(at byte "))
    }

    /// The fixture with `bytes` written at `offset`.
    private static func patched(_ offset: Int, _ bytes: [UInt8]) throws -> [UInt8] {
        var file = try dm()
        file.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        return file
    }

    /// A patch of the fixture (bytes at an offset) and what the error must say.
    struct Patch: Sendable, CustomTestStringConvertible {
        var offset: Int
        var bytes: [UInt8]
        var expected: String
        var testDescription: String { "\(bytes) at byte \(offset)" }
    }

    static let hostileCases: [Patch] = [
        Patch(offset: 314, bytes: Array("-140".utf8), expected: "NAMESTR records of '-140' bytes"),
        Patch(offset: 314, bytes: Array("0000".utf8), expected: "NAMESTR records of '0000' bytes"),
        Patch(offset: 644, bytes: [0, 0], expected: "variable 'STUDYID' has length 0"),
        Patch(offset: 2464, bytes: [0, 9], expected: "variable 'AGE' has length 9: expected 2 to 8 bytes"),
        Patch(offset: 1004, bytes: [0x7F, 0xFF, 0xFF, 0xF0], expected: "variable 'USUBJID' lies at bytes"),
        Patch(offset: 4084, bytes: [0, 0, 0, 205], expected: "variable 'DMDY' lies at bytes 205-212 of an observation of 209 bytes"),
        Patch(offset: 640, bytes: [0, 7], expected: "variable 1 ('STUDYID') has type 7"),
        Patch(offset: 614, bytes: Array("9999".utf8), expected: "variable 26 ('') has type 8224"),
        Patch(offset: 614, bytes: Array("-001".utf8), expected: "'-001' as the number of variables"),
    ]

    @Test("Hostile lengths and positions are located errors, not crashes", arguments: hostileCases)
    func hostile(patch: Patch) throws {
        let error = try #require(Self.error(try Self.patched(patch.offset, patch.bytes)))
        #expect(error.reason.contains(patch.expected), "\(error.reason)")
    }

    @Test("A value that is not UTF-8 rejects its subject alone, at the observation and variable")
    func invalidUTF8() throws {
        let folder = try TestSupport.temporaryFolder()
        // ETHNIC (variable 18, at byte 110) of the second observation.
        let file = try Self.patched(Self.observationsStart + Self.observationLength + 110, [0xC3, 0x28])
        try Data(try Self.dm()).write(to: folder.appendingPathComponent("dm.xpt"))
        let whole = try ReaderTestSupport.read(folder.path)
        try Data(file).write(to: folder.appendingPathComponent("dm.xpt"))
        let result = try ReaderTestSupport.read(folder.path)
        #expect(result.patients.count == whole.patients.count - 1)
        #expect(whole.rejections.isEmpty)
        let rejection = try #require(result.rejections.first)
        #expect(result.rejections.count == 1)
        #expect(rejection.patient == "01-701-1023")
        #expect(rejection.location.file.hasSuffix("dm.xpt"))
        #expect(rejection.location.line == 2 && rejection.location.column == 18, "\(rejection.location)")
        #expect(rejection.reason.contains("not UTF-8"))
    }

    @Test("A value that is not UTF-8 in an SDTM CSV dataset rejects its subject alone")
    func invalidUTF8InCSV() throws {
        let source = URL(fileURLWithPath: ReaderTestSupport.fixture("sdtm/cdiscpilot01"))
        let folder = try TestSupport.temporaryFolder()
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let whole = try ReaderTestSupport.read(folder.path)
        let ae = folder.appendingPathComponent("ae.csv")
        var bytes = Array(try Data(contentsOf: ae))
        // The first AE record's term: its first byte after the header line becomes 0xFF.
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let header = String(decoding: lines[0], as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let termColumn = try #require(header.firstIndex(of: "AETERM"))
        let subjectColumn = try #require(header.firstIndex(of: "USUBJID"))
        let record = String(decoding: lines[1], as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
        let subject = String(record[subjectColumn])
        let termOffset = lines[0].count + 1 + record[..<termColumn].reduce(0) { $0 + $1.utf8.count + 1 }
        bytes[termOffset] = 0xFF
        try Data(bytes).write(to: ae)
        let result = try ReaderTestSupport.read(folder.path)
        #expect(result.patients.count == whole.patients.count - 1)
        #expect(!result.patients.contains { $0.id == subject })
        let rejection = try #require(result.rejections.first { $0.patient == subject })
        #expect(result.rejections.count == whole.rejections.count + 1)
        #expect(rejection.location.file.hasSuffix("ae.csv"))
        let column = record[..<termColumn].reduce(1) { $0 + $1.count + 1 }
        #expect(rejection.location.line == 2 && rejection.location.column == column, "\(rejection.location)")
        #expect(rejection.reason.contains("not UTF-8"))
    }
}

/// Random damage to an XPORT file never crashes the reader: it reads, or says where the
/// file is wrong.
@Suite("SAS XPORT: random damage")
struct XPORTFuzzTests {
    @Test("Flipped bytes and cuts give rows or a located error, never a crash")
    func randomDamage() throws {
        let original = try XPORTRobustnessTests.dm()
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<400 {
            var file = original
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                // Most damage lands in the headers and descriptions, where lengths live.
                let offset = Int.random(in: 0..<(Bool.random(using: &generator) ? 4240 : file.count), using: &generator)
                file[offset] = UInt8.random(in: 0...255, using: &generator)
            }
            if Int.random(in: 0..<4, using: &generator) == 0 {
                file = Array(file.prefix(Int.random(in: 0...file.count, using: &generator)))
            }
            do {
                let table = try XPORTReader.read(file, path: "dm.xpt")
                #expect(table.rows.allSatisfy { $0.fields.count == table.header.names.count })
            } catch {
                #expect(error.reason.hasPrefix("not a SAS XPORT v5 file: ") || error.reason.contains("header"), "\(error.reason)")
            }
        }
    }
}
