import Foundation
import Testing
import TrialCheckCore

/// The context every check under test is built in.
let testContext = CheckContext(protocolID: "TEST")

/// A full or partial date from ISO 8601 text; the tables only hold valid dates.
func date(_ text: String) -> PartialDate {
    guard let date = PartialDate(iso8601: text) else {
        preconditionFailure("test fixture '\(text)' is not a valid ISO 8601 date")
    }
    return date
}

/// Decodes a check's parameters from JSON, as a protocol file entry would supply them.
func parameters<C: Check>(_ kind: C.Type, _ json: String) throws -> ParameterValues {
    try ParameterValues(of: C.self, from: JSONParameters(json: json))
}

/// A parameter source over a JSON object, for building checks through their `CheckKind`.
struct JSONParameters: ParameterSource {
    let json: String
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }
}

/// A patient enrolled on `enrolled`, with the given birth date or recorded age and events.
func patient(
    birth: String? = nil,
    age: Int? = nil,
    enrolled: String,
    _ events: [Event] = []
) -> PatientHistory {
    PatientHistory(
        id: "P-1",
        site: "S01",
        birthDate: birth.map(date),
        age: age,
        enrollment: Enrollment(date: date(enrolled), arm: "A"),
        events: events,
        location: TrialCheckCore.SourceLocation(file: "patients.yaml", line: 1)
    )
}

/// A radiotherapy event; `dose` is the raw value as a record would hold it.
func radiotherapy(
    _ start: String?,
    _ end: String?,
    dose: Value? = .string("50.4 Gy"),
    intent: String? = nil
) -> Event {
    var attributes: [String: Value] = [:]
    if let dose { attributes["dose"] = dose }
    if let intent { attributes["intent"] = .string(intent) }
    return Event(type: .radiotherapy, start: start.map(date), end: end.map(date), attributes: attributes)
}

/// A systemic therapy (chemotherapy, immunotherapy, targeted therapy) event.
func therapy(
    _ type: EventType,
    phase: String?,
    start: String?,
    end: String? = nil,
    agents: [String] = []
) -> Event {
    var attributes: [String: Value] = [:]
    if let phase { attributes["phase"] = .string(phase) }
    if !agents.isEmpty { attributes["agents"] = .list(agents.map(Value.string)) }
    return Event(type: type, start: start.map(date), end: end.map(date), attributes: attributes)
}

/// A surgery on `day` (or undated).
func surgery(_ day: String?, procedure: String = "esophagectomy") -> Event {
    Event(type: .surgery, date: day.map(date), attributes: ["procedure": .string(procedure)])
}

/// Every non-pass judgement says why in a sentence and lists the evidence it used.
func expectExplained(_ judgement: Judgement, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(!judgement.message.isEmpty, "message", sourceLocation: sourceLocation)
    if judgement.verdict != .pass {
        #expect(!judgement.evidence.isEmpty, "a \(judgement.verdict.rawValue) judgement lists no evidence: \(judgement.message)", sourceLocation: sourceLocation)
        for item in judgement.evidence {
            #expect(!item.name.isEmpty, "evidence \(item)", sourceLocation: sourceLocation)
        }
    }
}

/// The value of the first piece of evidence called `name`.
func evidence(_ name: String, in judgement: Judgement) -> String? {
    judgement.evidence.first { $0.name == name }?.value
}
