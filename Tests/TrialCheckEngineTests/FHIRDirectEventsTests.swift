import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The FHIR mapping decodes its events straight (``MappedEvent``), with the record
/// decoder as the route for whatever that gives up on, and reads each NDJSON resource in
/// place (``JSONTape``), with the parser for whatever that gives up on: the fast route and
/// each present one give the same patients, events, attributes, rejections and notes on
/// every FHIR input, example and mutated copy, in memory and through temporary files.
@Suite("FHIR: events decoded straight from the mapping")
struct FHIRDirectEventsTests {
    typealias Support = ReaderTestSupport

    /// Every FHIR fixture and example that reads.
    static let inputs: [String] = [
        Support.fixture("fhir/bulk"),
        Support.fixture("fhir/two-patients-bundle.json"),
        Support.fixture("fhir/observation-top.json"),
        Support.fixture("perturbation-cohort/fhir"),
        Support.repositoryRoot.appendingPathComponent("Examples/formats/fhir").path,
    ] + ReadingRoutes.malformedCases("fhir")

    /// How a reading goes: events decoded straight or through the record decoder; NDJSON
    /// resources read in place or parsed.
    struct Route {
        var direct: Bool
        var inPlace: Bool

        static let fast = Route(direct: true, inPlace: true)
        /// The present routes: each fast step in turn left to its general path.
        static let present = [Route(direct: false, inPlace: true), Route(direct: true, inPlace: false)]
    }

    static func outcome(_ path: String, route: Route, budget: Int?) throws -> ReadingRoutes.Outcome {
        try FHIRMapper.$eventsDecodedDirectly.withValue(route.direct) {
            try FHIRReader.$linesReadInPlace.withValue(route.inPlace) { try ReadingRoutes.outcome(path, budget: budget) }
        }
    }

    /// The fast route and each present one read `path` alike, at the default budget and
    /// through temporary files; what the fast route read.
    @discardableResult
    static func expectRoutesAgree(_ path: String, _ comment: Comment? = nil) throws -> ReadResult? {
        var read: ReadResult?
        for budget in [nil, 0] as [Int?] {
            let fast = try outcome(path, route: .fast, budget: budget)
            for route in Route.present {
                ReadingRoutes.expectSame(fast, try outcome(path, route: route, budget: budget), path: path, comment)
            }
            if budget == nil, case .read(let result) = fast { read = result }
        }
        return read
    }

    @Test("Every FHIR fixture, example and malformed case reads alike by every route", arguments: inputs)
    func routesAgree(path: String) throws {
        try Self.expectRoutesAgree(path)
    }

    /// Edits of the example cohort's lines that reach the dates and values the events read.
    static let mutations: [(name: String, pattern: String, template: String)] = [
        ("days that do not exist", #""(effectiveDateTime|onsetDateTime|date|dateTime)":"(\d{4}-\d{2})-\d{2}"#, #""$1":"$2-31"#),
        ("spans reversed", #""start":"([^"]*)","end":"([^"]*)""#, #""start":"$2","end":"$1""#),
        ("null dates", #""(date|dateTime|effectiveDateTime|onsetDateTime)":"[^"]*""#, #""$1":null"#),
        ("dates as objects", #""(date|dateTime|effectiveDateTime|onsetDateTime|end)":"([^"]*)""#, #""$1":{"value":"$2"}"#),
        ("UTC instants", #""(onsetDateTime|effectiveDateTime|date|start)":"(\d{4}-\d{2}-\d{2})""#, #""$1":"$2T23:30:00Z""#),
        ("years as numbers", #""(effectiveDateTime|onsetDateTime|dateTime)":"(\d{4})-\d{2}-\d{2}""#, #""$1":$2"#),
        ("dates with a space inside", #""(start|end|date)":""#, #""$1":" "#),
        ("values as text", #""value":(-?\d+(\.\d+)?)"#, #""value":"$1""#),
        ("values as objects", #""value":(-?\d+(\.\d+)?)"#, #""value":{"n":$1}"#),
        ("unknown units", #""code":"(mg|cGy|10\*9/L|g/L)""#, #""code":"x$1""#),
        // Texts the in-place read leaves to the parser (an escape), and texts whose characters
        // take several bytes before the values read (columns count characters).
        ("escaped texts", #""text":"([^"]*)""#, #""text":"\\u00e9 $1""#),
        ("texts not in ASCII", #""(display|text)":"([^"]*)""#, #""$1":"é ☃ $2""#),
    ]

    @Test("Mutated copies of the example cohort read alike by every route, rejections included")
    func mutatedCopiesAgree() throws {
        let source = Support.repositoryRoot.appendingPathComponent("Examples/formats/fhir")
        let folder = try GroupingSpillTests.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var rejections = 0
        var patients = 0
        for mutation in Self.mutations + [("unread members", "", "")] {
            let copy = try ReadingRoutes.mutatedCopy(of: source, suffix: ".ndjson", named: mutation.name, in: folder) { text in
                mutation.pattern.isEmpty
                    ? text.split(separator: "\n", omittingEmptySubsequences: false).map { FHIRUnreadMembersTests.withUnread(String($0)) }
                        .joined(separator: "\n")
                    : try ReadingRoutes.replacing(mutation.pattern, with: mutation.template, in: text)
            }
            #expect(copy.changed, "\(mutation.name) changed nothing")
            let read = try Self.expectRoutesAgree(copy.path, "\(mutation.name)")
            rejections += read?.rejections.count ?? 0
            patients += read?.patients.count ?? 0
        }
        // Both routes were taken: records decoded straight, and records rejected.
        #expect(rejections > 10)
        #expect(patients > 100)
    }

    static let position = TextPosition(line: 3, column: 7, file: "Observation.ndjson")

    static func event(_ members: [(String, SyntaxNode)], decoder: PatientRecordDecoder = PatientRecordDecoder(file: "in")) -> Event? {
        MappedEvent(members, at: position).event(decoder: decoder)?.model
    }

    static func text(_ text: String) -> SyntaxNode { .text(text, at: position) }

    @Test("A mapped event reads straight only where the decoder would decode it")
    func straightOnlyWhereDecoded() throws {
        let lab = try #require(Self.event([
            ("type", Self.text("lab")), ("test", Self.text("anc")), ("value", .number("1.5", at: Self.position)),
            ("date", Self.text("2026-01-05")),
        ]))
        #expect(lab.type == .lab)
        #expect(lab.date == PartialDate(iso8601: "2026-01-05"))
        #expect(lab.location == SourceLocation(file: "Observation.ndjson", line: 3))
        #expect(lab.attributes == ["test": .string("anc"), "value": .number("1.5")])
        #expect(lab.attributeKeys(outside: KeySet(["test"])) == ["value"])

        // A date that does not read, one that is no text, an end before the start: the decoder's to reject.
        #expect(Self.event([("type", Self.text("lab")), ("date", Self.text("2026-02-30"))]) == nil)
        #expect(Self.event([("type", Self.text("lab")), ("date", .list([], at: Self.position))]) == nil)
        #expect(Self.event([("type", Self.text("consent")), ("start", Self.text("2026-02-03")), ("end", Self.text("2026-02-01"))]) == nil)
        #expect(Self.event([("type", Self.text("condition")), ("onset", Self.text("2026-13"))]) == nil)
        // No type first: the decoder's to judge.
        #expect(Self.event([("test", Self.text("anc")), ("type", Self.text("lab"))]) == nil)
        #expect(Self.event([("type", Self.text(" "))]) == nil)

        // A null date is no date; an onset is kept as its date's text, null as null.
        let undated = try #require(Self.event([("type", Self.text("adverse-event")), ("start", SyntaxNode(content: .null, position: Self.position))]))
        #expect(undated.start == nil)
        let condition = try #require(Self.event([("type", Self.text("condition")), ("onset", Self.text("2025-07"))]))
        #expect(condition["onset"] == .string("2025-07"))
        let noOnset = try #require(Self.event([("type", Self.text("condition")), ("onset", SyntaxNode(content: .null, position: Self.position))]))
        #expect(noOnset["onset"] == .null)
    }

    @Test("Each straight event equals the decoder's, alone in a record", arguments: [
        [("type", "lab"), ("date", "2026-01-05"), ("value", "7")],
        [("type", "condition"), ("onset", "2025-07-19T23:30:00Z"), ("term", "x")],
        [("type", "condition"), ("onset", "2025-07-19T10:30:00+08:00")],
        [("type", "Adverse Event"), ("start", "2026-01-01"), ("end", "2026-01-01")],
        [("type", "radiotherapy"), ("start", "2026-01-01T00:00:00Z"), ("end", "2026-01-31")],
    ])
    func equalsDecoder(members: [(String, String)]) throws {
        let nodes = members.map { ($0.0, Self.text($0.1)) }
        let decoder = PatientRecordDecoder(file: "in")
        let record = SyntaxNode.mapping([
            ("id", Self.text("P1")), ("enrollment", .mapping([("date", Self.text("2026-01-05"))], at: Self.position)),
            ("events", .list([MappedEvent(nodes, at: Self.position).node], at: Self.position)),
        ], at: Self.position)
        let decoded = try #require(try decoder.decode(record).get().events.first)
        let straight = try #require(Self.event(nodes, decoder: decoder))
        #expect(straight == decoded)
        #expect(straight.attributes == decoded.attributes)
    }

    @Test("A patient reference's key, read by bytes, is the one its parts give", arguments: [
        "Patient/p1", "Patient/p1/_history/2", "https://ehr.example/fhir/Patient/p1", "urn:uuid:1234", "Patient", "Patient/",
        "/Patient//p1/", "Patient/Patient", "Patient/Patient/x", "Group/g1", "", "/", "a/Patient/b/Patient", "patient/p1",
        "Patient/é1", "Patient/\u{301}x", "Patient/x\u{301}/y", "Patient/ZZ-0001",
    ])
    func patientKey(reference: String) {
        let parts = reference.split(separator: "/")
        let expected = parts.lastIndex(of: "Patient").flatMap { index in index + 1 < parts.count ? "Patient/\(parts[index + 1])" : nil }
        #expect(FHIRSpilledGrouping.patientKey(reference) == expected)
    }
}
