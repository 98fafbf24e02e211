import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// FHIR and SDTM inputs grouped by patient through temporary files (a memory budget too
/// small to hold them) read exactly as when grouped in memory, whatever the order of the
/// records, and leave no file behind.
@Suite("Grouping by patient in bounded memory")
struct GroupingSpillTests {
    typealias Support = ReaderTestSupport

    /// The grouping inputs the reader tests and the example cohorts use.
    static let inputs: [String] = [
        Support.fixture("fhir/bulk"),
        Support.repositoryRoot.appendingPathComponent("Examples/formats/fhir").path,
        Support.fixture("sdtm/cdiscpilot01"),
        Support.fixture("sdtm/cdiscpilot01-xpt"),
        Support.fixture("sdtm/edge"),
        Support.repositoryRoot.appendingPathComponent("Examples/formats/sdtm").path,
    ]

    /// A new empty folder for temporary files.
    static func emptyFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-spill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Reads `path` with a budget of `bytes` whose temporary files go to `folder`.
    static func read(_ path: String, budget bytes: Int, folder: URL) throws -> ReadResult {
        try GroupingBudget.$current.withValue(GroupingBudget(bytes: bytes, folder: folder)) {
            try Support.read(path)
        }
    }

    static func expectSame(_ spilled: ReadResult, _ inMemory: ReadResult) {
        #expect(spilled.patients == inMemory.patients)
        #expect(spilled.rejections == inMemory.rejections)
        #expect(spilled.notes == inMemory.notes)
        #expect(spilled.sha256 == inMemory.sha256)
        #expect(spilled.format == inMemory.format)
    }

    @Test("Spilled to disk, an input reads as in memory, and its temporary files are gone", arguments: inputs)
    func spilledMatchesInMemory(path: String) throws {
        let inMemory = try Support.read(path)
        #expect(!inMemory.patients.isEmpty)
        for budget in [0, 1 << 12, 1 << 16] {
            let folder = try Self.emptyFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            Self.expectSame(try Self.read(path, budget: budget, folder: folder), inMemory)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
    }

    @Test("Records written in place read back as written, whatever size was announced")
    func recordsWrittenInPlace() throws {
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let buckets = try SpillBuckets(count: 3, chunkSize: 300, folder: folder, inputName: "test")
        var expected: [[[UInt8]]] = [[], [], []]
        for number in 0..<400 {
            let record = (0..<(number * 37 % 230)).map { UInt8(truncatingIfNeeded: $0 &* number) }
            let bucket = number % 3
            // Exact, too small, too large, and one whose length needs another byte.
            let size = [record.count, record.count - 5, record.count + 9, record.count + 200][number % 4]
            if number % 5 == 0 {
                try buckets.append(record, to: bucket)
            } else {
                try buckets.append(to: bucket, size: size) { $0.append(contentsOf: record) }
            }
            expected[bucket].append(record)
        }
        for bucket in 0..<3 {
            var read: [[UInt8]] = []
            try buckets.forEachRecord(in: bucket) { read.append(Array($0)) }
            #expect(read == expected[bucket])
        }
        #expect([UInt8].varintByteCount(0) == 1)
        for value in [1, 127, 128, 16_383, 16_384, 1 << 35, Int.max, -1] {
            var bytes: [UInt8] = []
            bytes.appendVarint(value)
            #expect([UInt8].varintByteCount(value) == bytes.count)
        }
    }

    @Test("One NDJSON file of FHIR resources reads the same spilled and in memory")
    func singleFile() throws {
        let source = Support.repositoryRoot.appendingPathComponent("Examples/formats/fhir")
        var text = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path).sorted() where name.hasSuffix(".ndjson") {
            text += try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
        }
        let path = try Support.temporaryFile("resources.ndjson", text + "not json\n")
        let inMemory = try Support.read(path)
        #expect(inMemory.patients.count == 20)
        #expect(inMemory.rejections.count == 1)
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        Self.expectSame(try Self.read(path, budget: 0, folder: folder), inMemory)
    }

    @Test("A FHIR export whose resources are not in patient order reads as the ordered one, but for locations")
    func unsortedFHIR() throws {
        let source = Support.repositoryRoot.appendingPathComponent("Examples/formats/fhir")
        let shuffled = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: shuffled) }
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            let lines = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: true)
            // Patient.ndjson keeps the order of the patients; in every other file the
            // patients' resources are interleaved (sorted by a digit of the patient's
            // reference, each patient's own resources keeping their order).
            let reordered = name == "Patient.ndjson" ? Array(lines) : Self.interleaved(lines)
            try Data(reordered.joined(separator: "\n").utf8).write(to: shuffled.appendingPathComponent(name))
        }
        let ordered = try Support.read(source.path)
        let spill = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: spill) }
        let unordered = try Self.read(shuffled.path, budget: 0, folder: spill)
        #expect(unordered.patients.count == 20)
        #expect(unordered.patients.map(Self.withoutLocations) == ordered.patients.map(Self.withoutLocations))
        #expect(unordered.rejections == ordered.rejections)
        #expect(try Support.read(shuffled.path).patients == unordered.patients)
    }

    @Test("SDTM datasets not sorted by USUBJID read as the sorted ones, but for locations")
    func unsortedSDTM() throws {
        let source = Support.repositoryRoot.appendingPathComponent("Examples/formats/sdtm")
        let shuffled = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: shuffled) }
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            let lines = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: true)
            // DM keeps the order of the subjects; every other dataset's rows are sorted by
            // the last digit of their USUBJID, each subject's rows keeping their order.
            let rows = lines.dropFirst().enumerated().sorted { lhs, rhs in
                let left = Self.lastDigit(of: lhs.element)
                let right = Self.lastDigit(of: rhs.element)
                return left != right ? left > right : lhs.offset < rhs.offset
            }.map(\.element)
            let reordered = name == "dm.csv" ? Array(lines) : [lines[0]] + rows
            try Data((reordered.joined(separator: "\n") + "\n").utf8).write(to: shuffled.appendingPathComponent(name))
        }
        let ordered = try Support.read(source.path)
        let spill = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: spill) }
        let unordered = try Self.read(shuffled.path, budget: 0, folder: spill)
        #expect(unordered.patients.count == ordered.patients.count)
        #expect(unordered.patients.map(Self.withoutLocations) == ordered.patients.map(Self.withoutLocations))
        #expect(unordered.rejections.count == ordered.rejections.count)
        #expect(try Support.read(shuffled.path).patients == unordered.patients)
    }

    /// The last digit of the first field of a CSV row that has one (the subject's number).
    static func lastDigit(of row: Substring) -> Int {
        row.split(separator: ",").first { $0.contains("-0") }?.last { $0.isNumber }?.wholeNumberValue ?? -1
    }

    /// `lines` stably sorted by the last digit of the patient each refers to, descending.
    static func interleaved(_ lines: [Substring]) -> [Substring] {
        func digit(_ line: Substring) -> Int {
            guard let range = line.range(of: "\"reference\":\"Patient/") else { return -1 }
            let id = line[range.upperBound...].prefix { $0 != "\"" }
            return id.last?.wholeNumberValue ?? -1
        }
        return lines.enumerated().sorted { lhs, rhs in
            let left = digit(lhs.element)
            let right = digit(rhs.element)
            return left != right ? left > right : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// A history without the locations it was read at.
    static func withoutLocations(_ patient: PatientHistory) -> PatientHistory {
        var patient = patient
        patient.location = nil
        patient.fieldLocations = RecordLocations()
        patient.events = patient.events.map { event in
            var event = event
            event.location = nil
            return event
        }
        return patient
    }
}
