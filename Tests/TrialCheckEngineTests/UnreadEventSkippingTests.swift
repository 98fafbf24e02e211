import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// An audit that needs no whole records (no timelines, no batch checks) leaves events of
/// types no check reads undecoded: the report must be the same byte for byte.
@Suite("Skipping unread events")
struct UnreadEventSkippingTests {
    private static let fullProtocolPath = TestSupport.packageRoot.appendingPathComponent("Protocols/NCT07177794.yaml").path

    /// The JSON report of an audit of `inputs`, with timelines kept (every event decoded) or not.
    private func report(_ definition: ProtocolDefinition, inputs: [String], decodingEverything: Bool) throws -> String {
        try encoded(Auditor(definition: definition).audit(inputs: inputs, jobs: 1, details: decodingEverything ? .all : []))
    }

    /// `report` as JSON, its keys sorted.
    private func encoded(_ report: AuditReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    /// The example site in every input format.
    static let exampleSites = [
        "Examples/NCT07177794/site-records.ndjson", "Examples/NCT07177794/site-records.yaml",
        "Examples/formats/csv/site-records.csv", "Examples/formats/sdtm", "Examples/formats/fhir",
    ]

    @Test(arguments: [false, true], exampleSites)
    func theExampleSiteReportsTheSame(fullProtocol: Bool, site: String) throws {
        let definition = try TestSupport.loadProtocol(path: fullProtocol ? Self.fullProtocolPath : TestSupport.shippedProtocolPath)
        let path = TestSupport.packageRoot.appendingPathComponent(site).path
        let skipped = try report(definition, inputs: [path], decodingEverything: false)
        let decoded = try report(definition, inputs: [path], decodingEverything: true)
        #expect(skipped == decoded)
        #expect(skipped.contains("no check of this protocol reads"))
    }

    @Test func unreadEventsAreCountedByTypeAndStillValidated() throws {
        let definition = try TestSupport.loadProtocol(path: TestSupport.shippedProtocolPath)
        let records = """
            {"id": "P1", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "lab", "date": "2026-01-10", "test": "platelets", "value": 150}, {"type": "Lab", "date": "2026-01-11", "test": "alt"}, {"type": "vital-sign", "date": "2026-01-12"}]}
            {"id": "P2", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "lab", "date": "2026-13-40", "test": "platelets"}]}

            """
        let path = try TestSupport.writeTemporary(records, name: "records.ndjson")
        let skipped = try report(definition, inputs: [path], decodingEverything: false)
        #expect(skipped == (try report(definition, inputs: [path], decodingEverything: true)))
        let audit = Auditor(definition: definition).audit(inputs: [path], jobs: 1, details: [])
        // The invalid date of an unread event still rejects its record.
        #expect(audit.rejected.map(\.location.line) == [2])
        let elements = try #require(audit.coverage?.inputs.first?.elements)
        let lab = try #require(elements.first { $0.kind == .eventType && $0.value == "lab" })
        #expect(lab.count == 2)
        #expect(lab.patients == 1)
        #expect(elements.contains { $0.kind == .eventType && $0.value == "vital-sign" && $0.status == .unknown })
    }

    @Test func runsOfUnreadTypesAreCountedWhateverTheirOrder() throws {
        let definition = try TestSupport.loadProtocol(path: TestSupport.shippedProtocolPath)
        let events = ["lab", "lab", "consent", "lab", "vital-sign", "vital-sign", "response", "lab"]
            .enumerated().map { #"{"type": "\#($1)", "date": "2026-01-\#(10 + $0)"}"# }
        let records = """
            {"id": "P1", "enrollment": {"date": "2026-01-20"}, "events": [\(events.joined(separator: ", "))]}
            {"id": "P2", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "vital-sign", "date": "2026-01-10"}, {"type": "lab", "date": "2026-01-11"}]}

            """
        let path = try TestSupport.writeTemporary(records, name: "runs.ndjson")
        #expect(try report(definition, inputs: [path], decodingEverything: false) == (try report(definition, inputs: [path], decodingEverything: true)))
        let audit = Auditor(definition: definition).audit(inputs: [path], jobs: 1, details: [])
        let elements = try #require(audit.coverage?.inputs.first?.elements)
        let counts = Dictionary(uniqueKeysWithValues: elements.filter { $0.kind == .eventType }.map { ($0.value, [$0.count, $0.patients ?? 0]) })
        #expect(counts == ["lab": [5, 2], "consent": [1, 1], "vital-sign": [3, 2], "response": [1, 1]])
    }

    @Test func theDecoderListsUnreadTypesInRecordOrder() throws {
        var decoder = PatientRecordDecoder(file: "records.ndjson")
        decoder.eventTypesRead = [.radiotherapy]
        let line = Array(#"{"id": "P1", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "lab", "date": "2026-01-10"}, {"type": "radiotherapy", "start": "2025-10-13", "dose": "50.4 Gy"}, {"type": " Consent ", "date": "2025-09-01"}]}"#.utf8)
        guard case .patient(let patient) = RawRecord.jsonLine(line, line: 1).decode(with: decoder) else {
            Issue.record("the record was not decoded")
            return
        }
        #expect(patient.events.map(\.type) == [.radiotherapy])
        #expect(patient.events.first?.string("dose") == "50.4 Gy")
        #expect(patient.unreadEventTypes == [.lab, .consent])
    }

    @Test func yamlDocumentsLeaveUnreadEventsUndecodedButValidatedAndLocated() throws {
        let definition = try TestSupport.loadProtocol(path: TestSupport.shippedProtocolPath)
        let records = """
            format: patient-history/1
            patients:
              - id: P1
                enrollment: {date: 2026-01-20, arm: A}
                events:
                  - {type: radiotherapy, start: 2025-10-13, end: 2025-11-20, dose: 50.4 Gy}
                  - type: lab
                    date: 2026-01-10
                    test: platelets
                  - {type: vital-sign, date: 2026-01-12}
                  - {type: Lab, date: 2026-01-11, test: alt}
              - id: P2
                enrollment: {date: 2026-01-20}
                events:
                  - {type: lab, date: 2026-13-40, test: platelets}
              - id: P3
                enrollment: {date: 2026-01-20}
                events:
                  - {type: consent, start: 2026-01-10, end: 2026-01-02}

            """
        let path = try TestSupport.writeTemporary(records, name: "records.yaml")
        #expect(try report(definition, inputs: [path], decodingEverything: false) == (try report(definition, inputs: [path], decodingEverything: true)))
        let audit = Auditor(definition: definition).audit(inputs: [path], jobs: 1, details: [])
        // An unread event's invalid date, or its end before its start, still rejects its record.
        #expect(audit.rejected.map(\.location.line) == [15, 19])
        let elements = try #require(audit.coverage?.inputs.first?.elements)
        let lab = try #require(elements.first { $0.kind == .eventType && $0.value == "lab" })
        #expect(lab.count == 2)
        // Located at the first of them, as a decoded event is.
        #expect(lab.first?.line == 7)
        let vitalSign = try #require(elements.first { $0.kind == .eventType && $0.value == "vital-sign" })
        #expect(vitalSign.status == .unknown)
        #expect(vitalSign.first?.line == 10)
    }

    @Test func theTreeDecoderLeavesUnreadTypesUndecodedWithTheirLocations() throws {
        var decoder = PatientRecordDecoder(file: "records.yaml")
        decoder.eventTypesRead = [.radiotherapy]
        #expect(decoder.reads(.radiotherapy))
        #expect(!decoder.reads(.lab))
        decoder.eventTypesRead = nil
        #expect(decoder.reads(.lab))
    }

    @Test func aMappedEventOfAnUnreadTypeIsValidatedAndLocatedNotBuilt() throws {
        let position = TextPosition(line: 3, column: 1, file: "lb.csv")
        var decoder = PatientRecordDecoder(file: "lb.csv")
        decoder.eventTypesRead = [.radiotherapy]
        func read(_ members: [(String, SyntaxNode)]) -> PatientRecordDecoder.ReadEvent? {
            MappedEvent(members, at: position).event(decoder: decoder)
        }
        let lab: [(String, SyntaxNode)] = [("type", .text("lab", at: position)), ("date", .text("2026-01-05", at: position)), ("test", .text("anc", at: position))]
        guard case .unread(let type, let location)? = read(lab) else {
            Issue.record("an unread lab was not given as unread")
            return
        }
        #expect(type == .lab)
        #expect(location.line == 3)
        // Invalid dates still reject it (the decoder would), read or not.
        #expect(read([("type", .text("lab", at: position)), ("date", .text("2026-02-30", at: position))]) == nil)
        #expect(read([("type", .text("lab", at: position)), ("onset", .text("2026-13", at: position))]) == nil)
        #expect(read([
            ("type", .text("consent", at: position)), ("start", .text("2026-01-05", at: position)), ("end", .text("2026-01-01", at: position)),
        ]) == nil)
        let radiotherapy = read([("type", .text("radiotherapy", at: position)), ("start", .text("2025-10-13", at: position)), ("dose", .text("50 Gy", at: position))])
        #expect(radiotherapy?.model?.string("dose") == "50 Gy")
    }

    /// The design protocol with its age check alone: a protocol that reads no event type.
    private static func protocolReadingNoEvents() throws -> ProtocolDefinition {
        let design = try String(contentsOfFile: TestSupport.shippedProtocolPath, encoding: .utf8)
        let checks = try #require(design.range(of: "\n  - id: radiotherapy-dose"))
        let manual = try #require(design.range(of: "\nmanual:"))
        let text = String(design[..<checks.lowerBound]) + "\n" + String(design[manual.lowerBound...])
        let definition = try TestSupport.loadProtocol(path: try TestSupport.writeTemporary(text, name: "age-only.yaml"))
        #expect(definition.checks.map(\.id) == ["age"])
        return definition
    }

    /// Every SDTM fixture and example, and copies of the example site whose dates do not read
    /// or end before they start, whose units the table does not know, and whose primary diagnoses name no
    /// histology, under protocols that read every event type, some, or none: the report is
    /// the same whether the events no check reads are mapped in full or for their type and
    /// dates alone (the rejections, the notes of units and terms, the coverage counts), and
    /// whether those events are decoded straight or their records go through the decoder
    /// (where events whose dates were validated in place are read as their type alone).
    @Test func sdtmEventsOfUnreadTypesReportAsMappedInFull() throws {
        let definitions = [
            try Self.protocolReadingNoEvents(), try TestSupport.loadProtocol(path: TestSupport.shippedProtocolPath),
            try TestSupport.loadProtocol(path: Self.fullProtocolPath),
        ]
        let source = TestSupport.packageRoot.appendingPathComponent("Examples/formats/sdtm")
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mutations = SDTMDirectEventsTests.mutations + [
            ("terms naming no histology", #"squamous cell carcinoma"#, "esophageal carcinoma"),
            ("dates quoted and padded", #",(\d{4}-\d{2}-\d{2})(?=,|$)"#, #","  $1 ""#),
            ("dates not in ASCII", #",(\d{4})-(\d{2})-(\d{2})(?=,|$)"#, ",$1\u{2010}$2\u{2010}$3"),
            ("spans reversed", "", ""),
        ]
        var paths = SDTMMappingShortcutTests.inputs
        for mutation in mutations {
            let copy = try ReadingRoutes.mutatedCopy(of: source, suffix: ".csv", named: mutation.name, in: folder) { text in
                mutation.pattern.isEmpty
                    ? SDTMDirectEventsTests.reversingSpans(text)
                    : try ReadingRoutes.replacing(mutation.pattern, with: mutation.template, in: text, options: [.anchorsMatchLines])
            }
            #expect(copy.changed, "\(mutation.name) changed nothing")
            paths.append(copy.path)
        }
        var rejected = 0
        for definition in definitions {
            for path in paths {
                let audit = Auditor(definition: definition).audit(inputs: [path], jobs: 1, details: [])
                let decoded = try report(definition, inputs: [path], decodingEverything: true)
                #expect(try encoded(audit) == decoded, "\(definition.checks.count) check(s), \(path)")
                let throughDecoder = try SDTMMapper.$eventsDecodedDirectly.withValue(false) {
                    try report(definition, inputs: [path], decodingEverything: false)
                }
                #expect(throughDecoder == decoded, "through the decoder: \(definition.checks.count) check(s), \(path)")
                rejected += audit.rejected.count
            }
        }
        // Dates that do not read rejected subjects under every protocol, the one that reads
        // no event type included.
        #expect(rejected > 30)
    }

    /// Dates written every way the check of an unread event's dates in place meets (a
    /// supplemental qualifier standing in for a blank one, quotes and padding, months
    /// unknown, text not in ASCII, UTC instants, partial spans, an end before its start): the
    /// same report whether the events are validated in place, mapped in full, or read through
    /// the decoder, under a protocol that reads no event and one that reads them all.
    @Test func unreadEventDatesValidatedInPlaceAsTheDecoderReadsThem() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [
            "dm.csv": """
                STUDYID,DOMAIN,USUBJID,RFSTDTC,SITEID,SEX,ARMCD,AGE
                T1,DM,T1-001,2026-01-05,S1,M,A,60
                T1,DM,T1-002,2026-01-06,S1,F,A,61
                T1,DM,T1-003,2026-01-07,S1,M,A,62
                T1,DM,T1-004,2026-01-07,S1,M,A,63
                T1,DM,T1-005,2026-01-07,S1,M,A,64
                T1,DM,T1-006,2026-01-07,S1,M,A,65

                """,
            "lb.csv": """
                STUDYID,DOMAIN,USUBJID,LBSEQ,LBTESTCD,LBORRES,LBORRESU,LBDTC
                T1,LB,T1-001,1,HGB,12,g/dL,2026-01-02
                T1,LB,T1-001,2,HGB,12,g/dL,
                T1,LB,T1-002,1,HGB,12,g/dL,"  2026-01-03 "
                T1,LB,T1-003,1,HGB,12,g/dL,2026---03
                T1,LB,T1-004,1,HGB,12,g/dL,2026\u{2010}01\u{2010}03
                T1,LB,T1-005,1,HGB,12,g/dL,2026-01-03T23:30:00Z
                T1,LB,T1-006,1,HGB,12,g/dL,

                """,
            "supplb.csv": """
                STUDYID,RDOMAIN,USUBJID,IDVAR,IDVARVAL,QNAM,QLABEL,QVAL
                T1,LB,T1-001,LBSEQ,2,LBDTC,Date,not a date
                T1,LB,T1-006,LBSEQ,1,LBDTC,Date,2026-01-04

                """,
            "ae.csv": """
                STUDYID,DOMAIN,USUBJID,AESEQ,AETERM,AESTDTC,AEENDTC
                T1,AE,T1-002,1,Nausea,2026-02-10,2026-02-01
                T1,AE,T1-003,1,Nausea,"2026-02-01",2026-02-01
                T1,AE,T1-005,1,Nausea,2026-02,2026-02-15
                T1,AE,T1-006,1,Nausea,2026-02-15,2026-02

                """,
        ]
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        for definition in [try Self.protocolReadingNoEvents(), try TestSupport.loadProtocol(path: Self.fullProtocolPath)] {
            let audit = Auditor(definition: definition).audit(inputs: [folder.path], jobs: 1, details: [])
            let decoded = try report(definition, inputs: [folder.path], decodingEverything: true)
            #expect(try encoded(audit) == decoded, "\(definition.checks.count) check(s)")
            let throughDecoder = try SDTMMapper.$eventsDecodedDirectly.withValue(false) {
                try report(definition, inputs: [folder.path], decodingEverything: false)
            }
            #expect(throughDecoder == decoded, "through the decoder: \(definition.checks.count) check(s)")
            // The qualifier that is not a date, the end before its start, the date not in ASCII.
            #expect(audit.rejected.compactMap(\.patient).sorted() == ["T1-001", "T1-002", "T1-004"])
        }
    }

    /// Each mapped event's type text read through the reading kept from the one before
    /// (runs of one type read once) reads as it reads alone: the same type, to the byte,
    /// read or not alike; texts equal as Unicode but not in bytes are read apart.
    @Test func typeTextsReadInRunsReadAsAlone() {
        var decoder = PatientRecordDecoder(file: "records")
        decoder.eventTypesRead = [.radiotherapy, EventType(recorded: "caf\u{E9}")]
        let texts = ["lab", "lab", " Radiotherapy ", "radiotherapy", "radiotherapy", "", "  ", "lab", "caf\u{E9}", "cafe\u{301}", "cafe\u{301}", "caf\u{E9}", "lab"]
        var readings = TypeReadings()
        for text in texts {
            let read = readings.reading(of: text, decoder: decoder)
            let trimmed = text.trimmingWhitespace()
            guard !trimmed.isEmpty else {
                #expect(read == nil, "'\(text)'")
                continue
            }
            let alone = EventType(recorded: trimmed)
            #expect(read?.type.rawValue.hasSameBytes(as: alone.rawValue) == true, "'\(text)'")
            #expect(read?.isRead == decoder.reads(alone), "'\(text)'")
        }
        #expect("caf\u{E9}" == "cafe\u{301}")
        #expect(!"caf\u{E9}".hasSameBytes(as: "cafe\u{301}"))
    }

    /// The example site as SDTM or FHIR Bulk with a lab of a unit the table does not know and
    /// a lab of a date that does not exist: the unit is noted and the record rejected whether
    /// or not a check reads labs.
    @Test(arguments: ["Examples/formats/sdtm", "Examples/formats/fhir"])
    func unreadLabsOfMappedFormatsKeepTheirNotesAndRejections(site: String) throws {
        let definition = try TestSupport.loadProtocol(path: TestSupport.shippedProtocolPath)
        let source = TestSupport.packageRoot.appendingPathComponent(site)
        let folder = try TestSupport.temporaryFolder()
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            var text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            var lines = text.components(separatedBy: "\n")
            if name == "lb.csv" {
                lines[1] = lines[1].replacingOccurrences(of: "10^9/L", with: "bogus/L")
                lines[2] = lines[2].replacingOccurrences(of: "2025-09-24", with: "2025-13-40")
            } else if name == "Observation.ndjson" {
                let labs = lines.indices.filter { lines[$0].contains("\"laboratory\"") }
                lines[labs[0]] = lines[labs[0]].replacingOccurrences(of: "10^9/L", with: "bogus/L").replacingOccurrences(of: "10*9/L", with: "bogus/L")
                lines[labs[1]] = lines[labs[1]].replacingOccurrences(of: #""effectiveDateTime":"2025-09-24""#, with: #""effectiveDateTime":"2025-02-30""#)
            }
            text = lines.joined(separator: "\n")
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let skipped = try report(definition, inputs: [folder.path], decodingEverything: false)
        #expect(skipped == (try report(definition, inputs: [folder.path], decodingEverything: true)))
        #expect(skipped.contains("unit 'bogus\\/L'") || skipped.contains("unit 'bogus/L'"))
        let audit = Auditor(definition: definition).audit(inputs: [folder.path], jobs: 1, details: [])
        #expect(audit.rejected.count == 1)
        #expect(audit.rejected.first?.reason.contains("2025-") == true)
        let lab = try #require(audit.coverage?.inputs.first?.elements.first { $0.kind == .eventType && $0.value == "lab" })
        #expect(lab.status == .unused)
    }
}
