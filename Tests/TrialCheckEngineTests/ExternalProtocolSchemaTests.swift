import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The published protocol schema (docs/schema/plugin-protocol-v1.schema.json) describes
/// what both sides really write: the engine's messages, and the example Python plugin's
/// answers to them on the example cohort.
@Suite("Plugin protocol schema", .enabled(if: ProtocolSchemaValidator.isAvailable, "needs python3 with jsonschema"))
struct ExternalProtocolSchemaTests {
    static let root = TestSupport.packageRoot

    /// The example cohort's first 40 patients.
    static func patients() throws -> [PatientHistory] {
        let path = root.appendingPathComponent("Examples/NCT07177794/site-records.ndjson").path
        return Array(TestSupport.patients(try TestSupport.readAll(path: path).items).prefix(40))
    }

    /// What the engine writes in an audit of them, in batches of 16.
    static func hostMessages() throws -> [String] {
        let patients = try patients()
        var lines = [PluginProtocol.hello(.init(
            checkID: "ecog-python", protocolID: "NCT07177794",
            parameters: ["max": .number("2"), "scale": .string("ECOG")], batchSize: 16
        ))]
        for (number, start) in stride(from: 0, to: patients.count, by: 16).enumerated() {
            lines.append(PluginProtocol.batch(number + 1, patients: patients[start..<min(start + 16, patients.count)]))
        }
        lines.append(PluginProtocol.end)
        return lines.map { String(decoding: $0, as: UTF8.self).trimmingWhitespace() }
    }

    @Test("The engine's hello, batch and end messages validate")
    func hostSide() throws {
        try ProtocolSchemaValidator.validate(try Self.hostMessages())
    }

    @Test("The example plugin's ready and verdict messages validate, one verdict per patient")
    func pluginSide() throws {
        let input = try Self.hostMessages().joined(separator: "\n") + "\n"
        let output = try ProtocolSchemaValidator.run(
            ["python3", Self.root.appendingPathComponent("Examples/plugins/ecog_check.py").path], input: input
        )
        #expect(output.status == 0)
        let lines = output.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 40)
        #expect(lines.first?.contains(#""type":"ready""#) == true)
        try ProtocolSchemaValidator.validate(lines)
        try ProtocolSchemaValidator.validate([#"{"type":"error","message":"bad parameters: 'max' must be an ECOG score"}"#])
    }

    @Test("Messages that break the protocol do not validate")
    func invalid() throws {
        for line in [#"{"type":"verdict","patient":"P1","status":"maybe","message":"m"}"#, #"{"type":"ready"}"#, #"{"type":"batch","batch":1,"patients":[{"id":"P1"}]}"#] {
            #expect(throws: (any Error).self) { try ProtocolSchemaValidator.validate([line], expectingValid: true, recordIssue: false) }
        }
    }
}

/// Runs Python's jsonschema over protocol messages, against the published schema.
enum ProtocolSchemaValidator {
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static let script = """
        import json, pathlib, sys
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        folder = pathlib.Path(sys.argv[1]).resolve()
        schema = json.loads((folder / "plugin-protocol-v1.schema.json").read_text())
        schema["$id"] = (folder / "plugin-protocol-v1.schema.json").as_uri()
        record = json.loads((folder / "patient-history-v1.schema.json").read_text())
        registry = Registry().with_resource((folder / "patient-history-v1.schema.json").as_uri(), Resource.from_contents(record))
        validator = Draft202012Validator(schema, registry=registry)
        failed = 0
        for number, line in enumerate(sys.stdin, 1):
            for error in validator.iter_errors(json.loads(line)):
                failed += 1
                print("message %d: %s" % (number, error.message[:300]))
        sys.exit(1 if failed else 0)
        """

    static var isAvailable: Bool {
        ExternalPluginSupport.pythonAvailable && ((try? run(["python3", "-c", "import jsonschema, referencing"], input: "").status) == 0)
    }

    static func validate(_ lines: [String], expectingValid: Bool = true, recordIssue: Bool = true) throws {
        let folder = TestSupport.packageRoot.appendingPathComponent("docs/schema").path
        let result = try run(["python3", "-c", script, folder], input: lines.joined(separator: "\n") + "\n")
        if result.status != 0 {
            if recordIssue { Issue.record("schema validation failed: \(result.text)") }
            throw Invalid(description: result.text)
        }
    }

    static func run(_ arguments: [String], input: String) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
