import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The scan that groups FHIR NDJSON resources by patient without parsing them gives what
/// their parsed trees give, or gives up; a line it gives up on reads as before.
@Suite("FHIR resource heads read without a tree")
struct FHIRResourceHeadTests {
    typealias Support = ReaderTestSupport

    /// What the parsed tree of `line` gives: type, id, patient reference, column.
    static func fromTree(_ line: String) -> (type: String, id: String?, patient: String?, column: Int)? {
        guard let node = try? JSONSyntaxParser.parse(Array(line.utf8)) else { return nil }
        var rejections: [ReadItem] = []
        guard let resource = FHIRReader.resource(JSONTape(node).root, fullUrl: nil, inputName: "x", rejections: &rejections) else { return nil }
        return (resource.type, resource.id, FHIRMapper.patientReference(of: resource), resource.position.column)
    }

    static func scan(_ line: String) -> FHIRResourceHead? {
        Array(line.utf8).withUnsafeBufferPointer(FHIRResourceHead.scan)
    }

    /// Expects the scan of `line` to agree with its tree.
    static func expectAgrees(_ line: String) {
        guard let head = scan(line) else { return }
        let tree = fromTree(line)
        #expect(tree != nil, "the scan read a line the parser rejects: \(line)")
        guard let tree else { return }
        #expect(head.type == tree.type, "\(line)")
        #expect(head.id == tree.id, "\(line)")
        #expect(head.patientReference == tree.patient, "\(line)")
        #expect(head.column == tree.column, "\(line)")
    }

    @Test("Every resource of the FHIR fixtures and examples: the scan reads it, as its tree does")
    func fixtures() throws {
        var scanned = 0
        for folder in [Support.fixture("fhir/bulk"), Support.repositoryRoot.appendingPathComponent("Examples/formats/fhir").path] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".ndjson") {
                let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
                for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    Self.expectAgrees(String(line))
                    if Self.scan(String(line)) != nil { scanned += 1 }
                }
            }
        }
        #expect(scanned > 100)
    }

    @Test("Odd resources: the scan agrees with the tree or gives up", arguments: [
        #"{"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/p1"}}"#,
        #"  {"resourceType":"Observation","id":"o1","subject":{"reference":" Patient/p1 "}}"#,
        #"{"resourceType":"Observation","subject":{"display":"x","reference":"Patient/p1","reference":"Patient/p2"}}"#,
        #"{"resourceType":"Observation","subject":{"reference":"Patient/p1"},"subject":{"reference":"Patient/p2"}}"#,
        #"{"resourceType":"Observation","subject":[{"reference":"Patient/p1"}],"patient":{"reference":"Patient/p2"}}"#,
        #"{"resourceType":"Observation","subject":{"reference":""},"individual":{"reference":"Patient/p3"}}"#,
        #"{"resourceType":"Observation","subject":{"reference":null},"patient":{"reference":7}}"#,
        #"{"resourceType":"Patient","id":12,"id":"p2"}"#,
        #"{"resourceType":"Patient","id":"  "}"#,
        #"{"resourceType":"Patient","id":true}"#,
        #"{"resourceType":"Patient","id":{"value":"p1"},"extension":[{"url":"a","valueInteger":-1.5e3}]}"#,
        #"{"id":"p1","resourceType":"Patient","resourceType":"Observation"}"#,
        #"{"resourceType":"Pati\u0065nt","id":"p1"}"#,
        #"{"resourceType":"Patient","id":"p1","name":[{"text":"Zoë"}]}"#,
        #"{"resourceType":"Patient","id":"p1"} x"#,
        #"{"resourceType":"Patient","id":"p1",}"#,
        #"{"resourceType":null,"id":"p1"}"#,
        #"{"resourceType":"  ","id":"p1"}"#,
        #"{"id":"p1"}"#,
        #"["resourceType","Patient"]"#,
        #"{"resourceType":"Observation","valueInteger":01}"#,
        #"{"resourceType":"Observation","subject":{"reference":"Patient/p1"}"#,
    ])
    func odd(line: String) {
        Self.expectAgrees(line)
    }

    @Test("A line the scan gives up on is parsed: its resource or its rejection as before")
    func givesUp() {
        #expect(Self.scan(#"{"resourceType":"Pati\u0065nt","id":"p1"}"#) == nil)
        #expect(Self.scan(#"{"resourceType":null,"id":"p1"}"#) == nil)
        #expect(Self.scan(#"{"resourceType":"Patient","id":"p1"} x"#) == nil)
        let head = Self.scan(#"  {"resourceType":"Observation","id":"o1","subject":[{"reference":"Patient/p1"}],"patient":{"reference":"Patient/p2"}}"#)
        #expect(head?.type == "Observation")
        #expect(head?.reference == "Observation/o1")
        #expect(head?.patientReference == "Patient/p2")
        #expect(head?.column == 3)
    }

    @Test("Odd lines among the resources read the same spilled and in memory")
    func oddLinesSpilled() throws {
        let lines = [
            #"{"resourceType":"Patient","id":"p1","birthDate":"1960-01-01"}"#,
            #"{"resourceType":"Pati\u0065nt","id":"p2","birthDate":"1961-01-01"}"#,
            #"{"resourceType":"ResearchSubject","id":"rs1","period":{"start":"2024-01-02"},"individual":{"reference":"Patient/p1"}}"#,
            #"{"resourceType":"ResearchSubject","id":"rs2","period":{"start":"2024-01-03"},"individual":{"reference":"Patient\/p2"}}"#,
            #"{"resourceType":"Condition","id":"c9","subject":{"reference":"Patient/p9"}}"#,
            #"{"resourceType":"Medication","id":"m1","code":{"text":"cisplatin"}}"#,
            #"{"resourceType":"Observation","id":"o1"}"#,
            #"{"resourceType":null}"#,
            #"{"resourceType":"Consent","patient":{"reference":"Patient/p1"},"dateTime":"2024-01-01"} junk"#,
            #"["#,
        ]
        let path = try Support.temporaryFile("odd.ndjson", lines.joined(separator: "\n") + "\n")
        let inMemory = try Support.read(path)
        #expect(inMemory.patients.map(\.id) == ["p1", "p2"])
        #expect(inMemory.rejections.count == 4)
        let folder = try GroupingSpillTests.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        GroupingSpillTests.expectSame(try GroupingSpillTests.read(path, budget: 0, folder: folder), inMemory)
    }
}
