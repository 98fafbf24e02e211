import TrialCheckCore

/// The external plugin protocol, version 1: newline-delimited JSON over the plugin's
/// standard input and output (docs/plugin-protocol.md; docs/schema/plugin-protocol-v1.schema.json).
///
/// The engine sends `hello`, then `batch` messages, then `end`; the plugin answers
/// `hello` with `ready` and each patient of each batch, in order, with a `verdict`. Either
/// side's lines are single JSON objects with a `type`.
enum PluginProtocol {
    /// The protocol version this engine speaks.
    static let version = 1

    /// What the engine tells a plugin in the handshake.
    struct Hello {
        var checkID: String?
        var protocolID: String
        var parameters: [String: Value]
        var batchSize: Int
    }

    /// The `hello` message.
    static func hello(_ hello: Hello) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{")
        writer.key("type", first: true)
        writer.string("hello")
        writer.key("protocol_version")
        writer.integer(version)
        writer.key("trialcheck")
        writer.string(TrialCheckVersion.current)
        writer.key("check")
        writer.raw("{")
        writer.key("id", first: true)
        if let id = hello.checkID { writer.string(id) } else { writer.raw("null") }
        writer.key("protocol")
        writer.string(hello.protocolID)
        writer.raw("}")
        writer.key("parameters")
        writer.value(.map(hello.parameters))
        writer.key("batch_size")
        writer.integer(hello.batchSize)
        writer.raw("}\n")
        return writer.bytes
    }

    /// A `batch` message: `number` counts from 1 over the audit.
    static func batch(_ number: Int, patients: some Collection<PatientHistory>) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{")
        writer.key("type", first: true)
        writer.string("batch")
        writer.key("batch")
        writer.integer(number)
        writer.key("patients")
        writer.raw("[")
        for (index, patient) in patients.enumerated() {
            if index > 0 { writer.raw(",") }
            PatientJSON.write(patient, into: &writer)
        }
        writer.raw("]}\n")
        return writer.bytes
    }

    /// The `end` message.
    static let end: [UInt8] = Array(#"{"type":"end"}"#.utf8) + [0x0A]

    /// Reads the plugin's answer to `hello`.
    /// - Throws: ``PluginFailure`` for anything but a `ready` of this version (a plugin's
    ///   `error` message included, such as for parameters it rejects).
    static func ready(from line: [UInt8]) throws(PluginFailure) -> PluginInfo {
        let fields = try message(line)
        let type = fields["type"]?.scalarText
        if type == "error" { throw .reportedError(message: errorText(fields), during: "in the handshake") }
        guard type == "ready" else {
            throw .malformedOutput(problem: "expected a 'ready' message in answer to 'hello'", line: text(line))
        }
        guard let versionNode = fields["protocol_version"], case .number(let written) = versionNode.content else {
            throw .malformedOutput(problem: "the 'ready' message has no 'protocol_version'", line: text(line))
        }
        guard Int(written) == version else { throw .unsupportedVersion(written) }
        func optionalText(_ key: String) throws(PluginFailure) -> String? {
            guard let node = fields[key], !node.content.isNull else { return nil }
            guard case .string(let value) = node.content else {
                throw .malformedOutput(problem: "'\(key)' must be text", line: text(line))
            }
            return value
        }
        var maximum: Int?
        if let node = fields["max_batch_size"], !node.content.isNull {
            guard case .number(let written) = node.content, let value = Int(written), value >= 1 else {
                throw .malformedOutput(problem: "'max_batch_size' must be a whole number of at least 1", line: text(line))
            }
            maximum = value
        }
        return PluginInfo(
            protocolVersion: version, name: try optionalText("name"), version: try optionalText("version"),
            description: try optionalText("description"), maximumBatchSize: maximum
        )
    }

    /// The longest message kept from a verdict, in characters; the rest is cut off.
    static let maximumMessageLength = 2_000
    /// The most pieces of evidence kept from a verdict.
    static let maximumEvidenceCount = 50
    /// The longest evidence name or value kept, in characters.
    static let maximumEvidenceLength = 500

    /// `text` cut to `limit` characters with a marker saying how much was cut, and whether it was.
    static func capped(_ text: String, to limit: Int) -> (text: String, truncated: Bool) {
        guard text.count > limit else { return (text, false) }
        return (String(text.prefix(limit)) + " [… truncated by trialcheck: \(text.count - limit) more characters]", true)
    }

    /// Reads a verdict on `patient` (the next patient of batch `batch`).
    /// - Throws: ``PluginFailure`` for a line that is not a valid verdict on that patient.
    static func verdict(from line: [UInt8], on patient: PatientHistory, batch: Int, during: String) throws(PluginFailure) -> Judgement {
        var truncated = false
        return try verdict(from: line, on: patient, batch: batch, during: during, truncated: &truncated)
    }

    /// Reads a verdict on `patient` (the next patient of batch `batch`), cutting a message
    /// longer than ``maximumMessageLength``, evidence beyond ``maximumEvidenceCount``
    /// pieces and evidence text longer than ``maximumEvidenceLength`` (with a marker);
    /// `truncated` is set when something was cut.
    /// - Throws: ``PluginFailure`` for a line that is not a valid verdict on that patient.
    static func verdict(
        from line: [UInt8], on patient: PatientHistory, batch: Int, during: String, truncated: inout Bool
    ) throws(PluginFailure) -> Judgement {
        let fields = try message(line)
        func malformed(_ problem: String) -> PluginFailure { .malformedOutput(problem: problem, line: text(line)) }
        switch fields["type"]?.scalarText {
        case "verdict": break
        case "error": throw .reportedError(message: errorText(fields), during: during)
        case let other?: throw malformed("expected a 'verdict', found a message of type '\(other)'")
        case nil: throw malformed("the message has no 'type'")
        }
        guard let patientNode = fields["patient"], let answered = patientNode.scalarText, !patientNode.content.isNull else {
            throw malformed("the verdict has no 'patient'")
        }
        guard answered == patient.id else {
            throw .wrongPatient(expected: patient.id, answered: answered, during: during)
        }
        if let batchNode = fields["batch"], !batchNode.content.isNull, batchNode.scalarText != String(batch) {
            throw malformed("the verdict is for batch \(batchNode.scalarText ?? "?") during batch \(batch)")
        }
        guard let statusText = fields["status"]?.scalarText, let status = Verdict(rawValue: statusText) else {
            throw malformed("'status' must be one of pass, deviation, indeterminate, not-evaluable")
        }
        guard let messageNode = fields["message"], case .string(let message) = messageNode.content,
              !message.trimmingWhitespace().isEmpty
        else { throw malformed("'message' must be a sentence (non-empty text)") }
        var evidence: [Evidence] = []
        if let evidenceNode = fields["evidence"], !evidenceNode.content.isNull {
            guard case .array(let items) = evidenceNode.content else { throw malformed("'evidence' must be a list") }
            for item in items {
                guard case .object = item.content, let name = item["name"]?.scalarText,
                      let valueNode = item["value"], let value = valueNode.scalarText
                else { throw malformed("each piece of evidence must be {name, value} with text values") }
                var location: SourceLocation?
                if let eventNode = item["event"], !eventNode.content.isNull {
                    guard case .number(let written) = eventNode.content, let index = Int(written),
                          patient.events.indices.contains(index)
                    else { throw malformed("'event' must be the index of one of the patient's events (0 to \(patient.events.count - 1))") }
                    location = patient.events[index].location
                }
                guard evidence.count < maximumEvidenceCount else {
                    truncated = true
                    continue
                }
                let cappedName = capped(name, to: maximumEvidenceLength)
                let cappedValue = capped(value, to: maximumEvidenceLength)
                if cappedName.truncated || cappedValue.truncated { truncated = true }
                evidence.append(Evidence(cappedName.text, cappedValue.text, at: location ?? patient.location))
            }
            if items.count > maximumEvidenceCount {
                evidence.append(Evidence("truncated by trialcheck", "\(items.count - maximumEvidenceCount) more pieces of evidence"))
            }
        }
        var date: PartialDate?
        if let dateNode = fields["date"], !dateNode.content.isNull {
            guard case .string(let written) = dateNode.content, let parsed = PartialDate(iso8601: written) else {
                throw malformed("'date' must be an ISO 8601 date (2026-01-20, 2026-01 or 2026)")
            }
            date = parsed
        }
        let cappedMessage = capped(message, to: maximumMessageLength)
        if cappedMessage.truncated { truncated = true }
        return Judgement(status, cappedMessage.text, evidence: evidence, date: date)
    }

    /// The top-level fields of one line.
    private static func message(_ line: [UInt8]) throws(PluginFailure) -> SyntaxNode {
        let node: SyntaxNode
        do {
            node = try JSONSyntaxParser.parse(line)
        } catch {
            throw .malformedOutput(problem: "not JSON: \(error.message) at column \(error.position.column)", line: text(line))
        }
        guard case .object = node.content else {
            throw .malformedOutput(problem: "expected a JSON object, found \(node.kindDescription)", line: text(line))
        }
        return node
    }

    private static func errorText(_ fields: SyntaxNode) -> String {
        fields["message"]?.scalarText ?? "(no message)"
    }

    private static func text(_ line: [UInt8]) -> String {
        String(decoding: line.prefix(400), as: UTF8.self)
    }
}
