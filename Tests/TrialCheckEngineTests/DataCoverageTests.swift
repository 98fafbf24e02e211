import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// A small protocol with an arm-scoped check, a radiotherapy dose check and a lab check,
/// whose arms have aliases.
private let protocolText = """
    id: COVER-1
    title: Coverage test protocol
    version: "1"
    arms:
      A: {label: Toripalimab + capecitabine, type: experimental, aliases: [Arm A, Experimental]}
      B: {label: Observation, type: no-intervention, aliases: [Arm B, Control]}
    checks:
      - id: rt-dose
        kind: radiotherapy-dose
        criterion: radiotherapy 50-50.4 Gy
        severity: major
        min: 50 Gy
        max: 50.4 Gy
      - id: arm-b-no-study-drug
        kind: no-study-drug
        criterion: arm B gets no toripalimab
        severity: major
        drugs: [toripalimab]
        arms: [B]
      - id: platelets
        kind: lab-threshold
        criterion: platelets >= 100 x10^9/L
        severity: major
        test: platelets
        min: 100 10^9/L
    """

private func definition(_ text: String = protocolText) throws -> ProtocolDefinition {
    try ProtocolLoader(registry: TestSupport.registry).load(yaml: text, path: "cover.yaml")
}

private func audit(_ records: String, protocol text: String = protocolText) throws -> AuditReport {
    let path = try TestSupport.writeTemporary(records, name: "records.ndjson")
    return Auditor(definition: try definition(text)).audit(inputs: [path], jobs: 1)
}

private let cleanRadiotherapy = #"{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 Gy", "intent": "definitive"}"#

@Suite("Data coverage")
struct DataCoverageTests {
    @Test("A misspelt event type is not understood, located, and gets a suggestion")
    func misspeltEventType() throws {
        let report = try audit(#"{"id": "P1", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "radiotheraphy", "start": "2025-10-13", "end": "2025-11-19", "dose": "60 Gy"}]}"# + "\n")
        let coverage = try #require(report.coverage)
        let element = try #require(coverage.inputs.first?.elements.first { $0.kind == .eventType })
        #expect(element.status == .unknown)
        #expect(element.value == "radiotheraphy")
        #expect(element.suggestion == "radiotherapy")
        #expect(element.first?.line == 1)
        #expect(coverage.unknownCount == 1)
        // The dose check found no radiotherapy: not a pass.
        #expect(report.checks[0].pass == 0)
    }

    @Test("An event type in another case is read as the model's type")
    func eventTypeCase() throws {
        let report = try audit(#"{"id": "P1", "enrollment": {"date": "2026-01-20", "arm": "B"}, "events": [{"type": "Administration", "drug": "toripalimab", "dose": "240 mg", "date": "2026-02-10"}]}"# + "\n")
        #expect(report.checks[1].deviation == 1)
        #expect(report.coverage?.unknownCount == 0)
    }

    @Test("An unknown key on an event is not understood, with the key it is close to")
    func unknownEventKey() throws {
        let report = try audit(#"{"id": "P1", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dosis": "60 Gy"}]}"# + "\n")
        let element = try #require(report.coverage?.inputs.first?.elements.first { $0.kind == .eventKey })
        #expect(element.status == .unknown)
        #expect(element.value == "radiotherapy.dosis")
        #expect(element.suggestion == "radiotherapy.dose")
    }

    @Test("A key of the model that no check reads is listed as not used, not as unknown")
    func unusedKey() throws {
        let report = try audit(#"{"id": "P1", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 Gy", "technique": "IMRT"}]}"# + "\n")
        let element = try #require(report.coverage?.inputs.first?.elements.first { $0.value == "radiotherapy.technique" })
        #expect(element.status == .unused)
        #expect(report.coverage?.unknownCount == 0)
    }

    @Test("Counts: occurrences and patients, first location")
    func counts() throws {
        let line = #"{"id": "ID", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "surgery_x", "date": "2025-01-01"}, {"type": "surgery_x", "date": "2025-02-01"}]}"#
        let records = ["P1", "P2", "P3"].map { line.replacingOccurrences(of: "ID", with: $0) }.joined(separator: "\n") + "\n"
        let element = try #require(try audit(records).coverage?.inputs.first?.elements.first { $0.value == "surgery_x" })
        #expect(element.count == 6)
        #expect(element.patients == 3)
        #expect(element.first?.line == 1)
    }

    @Test("Counts stay exact when patients hold the elements in other orders, fewer or more of them")
    func countsAcrossOrders() throws {
        // Each patient's elements, in record order: the tally compares an observation with
        // the element at the same place in the previous patient first, so the orders shift.
        let patients: [[String]] = [
            ["surgery_x", "technique", "surgery_y"],
            ["surgery_y", "surgery_x"],
            ["technique"],
            ["surgery_x", "surgery_x", "technique", "surgery_y", "surgery_y"],
            [],
            ["surgery_y", "technique", "surgery_x"],
        ]
        func event(_ element: String) -> String {
            element == "technique"
                ? #"{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 Gy", "technique": "IMRT"}"#
                : #"{"type": "\#(element)", "date": "2025-01-01"}"#
        }
        let records = patients.enumerated().map { index, elements in
            #"{"id": "P\#(index)", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [\#(elements.map(event).joined(separator: ", "))]}"#
        }.joined(separator: "\n") + "\n"
        let elements = try #require(try audit(records).coverage?.inputs.first?.elements)
        for (value, name) in [("surgery_x", "surgery_x"), ("surgery_y", "surgery_y"), ("radiotherapy.technique", "technique")] {
            let element = try #require(elements.first { $0.value == value })
            #expect(element.count == patients.joined().filter { $0 == name }.count, "\(value)")
            #expect(element.patients == patients.filter { $0.contains(name) }.count, "\(value)")
        }
        #expect(elements.count == 3)
    }

    @Test("A unit the unit table cannot read is not understood")
    func unknownUnit() throws {
        let report = try audit(#"{"id": "P1", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 rads per min", "intent": "definitive"}]}"# + "\n")
        let element = try #require(report.coverage?.inputs.first?.elements.first { $0.kind == .unit })
        #expect(element.value == "rads per min")
        #expect(element.status == .unknown)
        #expect(report.checks[0].pass == 0)
    }

    @Test("A unit the table cannot read counts at each event that uses it, among events whose unit it reads")
    func repeatedUnits() throws {
        let lab = #"{"type": "lab", "test": "platelets", "date": "DATE", "value": 150, "unit": "UNIT"}"#
        let labs = [("2025-10-01", "thingies/L"), ("2025-10-02", "10^9/L"), ("2025-10-03", "thingies/L"), ("2025-10-04", "10^9/L")].map {
            lab.replacingOccurrences(of: "DATE", with: $0.0).replacingOccurrences(of: "UNIT", with: $0.1)
        }
        let record = #"{"id": "P1", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [\#(cleanRadiotherapy), \#(labs.joined(separator: ", ")), \#(cleanRadiotherapy.replacingOccurrences(of: "50.4 Gy", with: "50.4 rads"))]}"# + "\n"
        let units = try #require(try audit(record).coverage?.inputs.first?.elements.filter { $0.kind == .unit })
        #expect(units.map(\.value) == ["rads", "thingies/L"])
        #expect(units.map(\.count) == [1, 2])
        #expect(units.first { $0.value == "thingies/L" }?.first?.line == 1)
    }

    @Test("An unknown record key is not understood; a key the protocol declares it reads is used")
    func recordKeys() throws {
        let record = #"{"id": "P1", "ecog_baseline": 1, "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [\#(cleanRadiotherapy)]}"# + "\n"
        let unknown = try #require(try audit(record).coverage?.inputs.first?.elements.first { $0.kind == .recordKey })
        #expect(unknown.value == "ecog_baseline")
        #expect(unknown.status == .unknown)
        let declared = protocolText + "\nreads:\n  record: [ecog_baseline]\n  events: {radiotherapy: [technique]}\n"
        let report = try audit(record, protocol: declared)
        #expect(report.coverage?.inputs.first?.elements.isEmpty == true)
    }

    @Test("Per check: patients with the data it reads, and patients it could judge")
    func perCheck() throws {
        let records = [
            #"{"id": "P1", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [\#(cleanRadiotherapy)]}"#,
            #"{"id": "P2", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": []}"#,
        ].joined(separator: "\n") + "\n"
        let coverage = try #require(try audit(records).coverage)
        let dose = try #require(coverage.checks.first { $0.id == "rt-dose" })
        #expect(dose.patientsWithData == 1)
        #expect(dose.evaluable == 1)
    }

    @Test("Strict: unknown elements make the exit status an input error; unused ones do not")
    func strictExitStatus() throws {
        let unknown = try audit(#"{"id": "P1", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [\#(cleanRadiotherapy), {"type": "radiotheraphy"}]}"# + "\n")
        #expect(unknown.exitStatus(failingOn: .deviation) != .error)
        #expect(unknown.exitStatus(failingOn: .deviation, strict: true) == .error)
        let unused = try audit(#"{"id": "P1", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 Gy", "technique": "IMRT"}]}"# + "\n")
        #expect(unused.exitStatus(failingOn: .deviation, strict: true) != .error)
    }

    @Test("JSON: the coverage section is written and read back")
    func jsonRoundTrip() throws {
        let report = try audit(#"{"id": "P1", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": [{"type": "radiotheraphy"}]}"# + "\n")
        let json = JSONReporter().render(report)
        #expect(json.contains("\"coverage\""))
        #expect(json.contains("\"unknown\" : 1"))
        let decoded = try JSONReporter.decode(Data(json.utf8))
        #expect(decoded.coverage == report.coverage)
    }
}

@Suite("Arms")
struct ArmTests {
    private func record(arm: String) -> String {
        #"{"id": "P1", "enrollment": {"date": "2026-01-20", "arm": "\#(arm)"}, "events": [\#(cleanRadiotherapy), {"type": "administration", "drug": "toripalimab", "dose": "240 mg", "date": "2026-02-10"}]}"# + "\n"
    }

    @Test("An arm is read by its code, label or alias, in any case", arguments: ["B", "b", "Arm B", "arm  b", "Observation", "control"])
    func aliases(label: String) throws {
        let report = try audit(record(arm: label))
        #expect(report.checks[1].deviation == 1, "arm '\(label)' should read as B")
        #expect(report.coverage?.unknownCount == 0)
    }

    @Test("An undeclared arm makes arm-scoped checks not evaluable, never a pass", arguments: ["Arm C", "Observation arm", "X"])
    func undeclared(label: String) throws {
        let report = try audit(record(arm: label))
        #expect(report.checks[1].pass == 0)
        #expect(report.checks[1].notEvaluable == 1)
        let finding = try #require(report.findings.first { $0.check == "arm-b-no-study-drug" })
        #expect(finding.message.contains("'\(label)'"))
        #expect(finding.message.contains("A, B"))
        let element = try #require(report.coverage?.inputs.first?.elements.first { $0.kind == .arm })
        #expect(element.value == label)
        #expect(element.status == .unknown)
        // Checks that apply to every arm still judge.
        #expect(report.checks[0].pass == 1)
    }

    @Test("A name that stands for two arms is a protocol error")
    func ambiguousAlias() throws {
        let text = protocolText.replacingOccurrences(of: "aliases: [Arm B, Control]", with: "aliases: [Arm B, Experimental]")
        #expect(throws: ProtocolError.self) { try definition(text) }
    }
}
