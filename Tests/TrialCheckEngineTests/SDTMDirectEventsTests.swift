import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The SDTM mapping decodes its events straight (``MappedEvent``), with the record decoder
/// as the route for whatever that gives up on: both routes give the same patients, events,
/// attributes, rejections and notes on every SDTM input, example and mutated copy, read in
/// memory, through temporary files and by the unsorted fallback.
@Suite("SDTM: events decoded straight from the mapping")
struct SDTMDirectEventsTests {
    typealias Support = ReaderTestSupport

    /// Every SDTM fixture and example that reads, and the SDTM malformed cases.
    static let inputs: [String] = SDTMMappingShortcutTests.inputs + ReadingRoutes.malformedCases("sdtm")

    static func outcome(_ path: String, direct: Bool, budget: Int?, streams: Bool) throws -> ReadingRoutes.Outcome {
        try SDTMMapper.$eventsDecodedDirectly.withValue(direct) {
            try SDTMReader.$streamsSortedInput.withValue(streams) { try ReadingRoutes.outcome(path, budget: budget) }
        }
    }

    /// Both routes read `path` alike, streamed and not, at the default budget and through
    /// temporary files, and streamed rows read as cells as they do as fields; what the
    /// straight route read in memory.
    @discardableResult
    static func expectRoutesAgree(_ path: String, _ comment: Comment? = nil) throws -> ReadResult? {
        var read: ReadResult?
        for streams in [true, false] {
            for budget in [nil, 0] as [Int?] {
                let direct = try outcome(path, direct: true, budget: budget, streams: streams)
                ReadingRoutes.expectSame(direct, try outcome(path, direct: false, budget: budget, streams: streams), path: path, comment)
                if budget == nil, streams, case .read(let result) = direct { read = result }
            }
        }
        let cells = try outcome(path, direct: true, budget: nil, streams: true)
        let fields = try SDTMDatasetCursor.$keepsCells.withValue(false) { try outcome(path, direct: true, budget: nil, streams: true) }
        ReadingRoutes.expectSame(cells, fields, path: path, comment)
        return read
    }

    @Test("Every SDTM fixture, example and malformed case reads alike by both routes", arguments: inputs)
    func routesAgree(path: String) throws {
        try Self.expectRoutesAgree(path)
    }

    @Test("A copy of a mapped event is the same event without its attributes compared; another with the same attributes is equal by them")
    func mappedEventsCompared() throws {
        let position = TextPosition(line: 2, column: 1, file: "lb.csv")
        let members: [(String, SyntaxNode)] = [
            ("type", .text("lab", at: position)), ("test", .text("anc", at: position)), ("value", .number("1.5", at: position)),
        ]
        let decoder = PatientRecordDecoder(file: "in")
        let event = try #require(MappedEvent(members, at: position).event(decoder: decoder)?.model)
        let copy = event
        let other = try #require(MappedEvent(members, at: position).event(decoder: decoder)?.model)
        let changed = try #require(MappedEvent(members.dropLast() + [("value", .number("1.6", at: position))], at: position).event(decoder: decoder)?.model)
        #expect(copy == event)
        #expect(other == event)
        #expect(changed != event)
        let source = MappedEventAttributes(members: [("value", .number("1.5", at: position))])
        #expect(source.isSame(as: source))
        #expect(!source.isSame(as: MappedEventAttributes(members: [("value", .number("1.5", at: position))])))
    }

    /// Edits of the example cohort's rows that reach the dates and values the events read.
    static let mutations: [(name: String, pattern: String, template: String)] = [
        ("days that do not exist", #",(\d{4}-\d{2})-\d{2}(?=,|$)"#, ",$1-31"),
        ("UTC instants", #",(\d{4}-\d{2}-\d{2})(?=,|$)"#, ",$1T23:30:00Z"),
        ("months unknown", #",(\d{4})-\d{2}-(\d{2})(?=,|$)"#, ",$1---$2"),
        ("dates that are no dates", #",(\d{4}-\d{2}-\d{2})(?=,|$)"#, ",on $1"),
        ("values as text", #",(\d+\.\d+)(?=,)"#, ",~$1"),
        ("unknown units", #",(mg|cGy|Gy|10\^9/L|g/L)(?=,)"#, ",x$1"),
        ("blank dates", #",\d{4}-\d{2}-\d{2}(?=,|$)"#, ","),
    ]

    /// The example cohort with every end date (`--ENDTC`) before its start: the decoder's
    /// rejections.
    static func reversingSpans(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false) else { return text }
        let ends = Set(header.indices.filter { header[$0].hasSuffix("ENDTC") })
        guard !ends.isEmpty else { return text }
        for index in lines.indices.dropFirst() where !lines[index].isEmpty && !lines[index].contains("\"") {
            var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for column in ends where column < fields.count && !fields[column].isEmpty { fields[column] = "1900-01-01" }
            lines[index] = fields.joined(separator: ",")
        }
        return lines.joined(separator: "\n")
    }

    @Test("Mutated copies of the example cohort read alike by both routes, rejections included")
    func mutatedCopiesAgree() throws {
        let source = Support.repositoryRoot.appendingPathComponent("Examples/formats/sdtm")
        let folder = try GroupingSpillTests.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var rejections = 0
        var patients = 0
        for mutation in Self.mutations + [("spans reversed", "", "")] {
            let copy = try ReadingRoutes.mutatedCopy(of: source, suffix: ".csv", named: mutation.name, in: folder) { text in
                mutation.pattern.isEmpty
                    ? Self.reversingSpans(text)
                    : try ReadingRoutes.replacing(mutation.pattern, with: mutation.template, in: text, options: [.anchorsMatchLines])
            }
            #expect(copy.changed, "\(mutation.name) changed nothing")
            let read = try Self.expectRoutesAgree(copy.path, "\(mutation.name)")
            rejections += read?.rejections.count ?? 0
            patients += read?.patients.count ?? 0
        }
        // Both routes were taken: records decoded straight, and records rejected.
        #expect(rejections > 10)
        #expect(patients > 30)
    }
}
