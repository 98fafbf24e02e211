import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The `external` kind with a well-behaved plugin: one process per audit, batches in input
/// order, verdicts like a built-in check's, parameters and environment passed through.
@Suite("External plugins", .enabled(if: ExternalPluginSupport.pythonAvailable, "needs python3"))
struct ExternalCheckTests {
    typealias Support = ExternalPluginSupport

    @Test("Verdicts, messages, evidence (with event locations) and dates come through as findings")
    func verdicts() throws {
        let report = try Support.audit(plugin: "pass_all.py")
        Support.expectBuiltInChecksUnaffected(report)
        #expect(Support.statuses(report, check: "plugin") == ["DEV5": .deviation])
        let finding = try #require(report.findings.first { $0.check == "plugin" })
        #expect(finding.message == "batch 1 of 5")
        #expect(finding.date == "2026-01-24")
        #expect(finding.site == "S1" && finding.arm == "A")
        #expect(finding.evidence.map(\.name) == ["events"])
        #expect(report.diagnostics == nil)
        #expect(report.exitStatus(failingOn: .deviation) == .findings)
        let summary = try #require(report.checks.first { $0.id == "plugin" })
        #expect(summary.kind == "external" && summary.pass == 4 && summary.deviation == 1)
    }

    @Test("Evidence naming an event carries the event's input line")
    func evidenceLocations() throws {
        let records = [#"{"id":"DEV1","age":40,"enrollment":{"date":"2026-01-20"},"events":[{"type":"lab","date":"2026-01-02"}]}"#]
        let report = try Support.audit(plugin: "pass_all.py", records: records)
        let finding = try #require(report.findings.first { $0.check == "plugin" })
        #expect(finding.evidence.map(\.name) == ["events", "first event"])
        #expect(finding.evidence.map(\.value) == ["1", "x"])
        #expect(finding.evidence.last?.location?.line == 1)
    }

    @Test("Batches follow batch_size and the plugin's max_batch_size, over several waves and threads, in input order", arguments: [1, 2])
    func batches(jobs: Int) throws {
        let records = (1...1500).map { #"{"id":"\#($0 % 7 == 0 ? "DEV" : "Q")\#($0)","age":40,"enrollment":{"date":"2026-01-20"}}"# }
        let report = try Support.audit(
            plugin: "pass_all.py", extra: ["batch_size: 100", "parameters: {max_batch: 64}"], records: records, jobs: jobs
        )
        let findings = report.findings.filter { $0.check == "plugin" }
        #expect(findings.count == 1500 / 7)
        #expect(findings.map(\.patient) == (1...1500).filter { $0 % 7 == 0 }.map { "DEV\($0)" })
        // 64 per batch (the plugin's limit is below batch_size); a wave's last batch is smaller.
        #expect(findings.allSatisfy { $0.message.hasSuffix(" of 64") || !$0.message.hasSuffix(" of 100") })
        #expect(findings.first?.message == "batch 1 of 64")
        #expect(report.diagnostics == nil)
    }

    @Test("The handshake passes the parameters, the check id, the batch size and the environment")
    func handshake() throws {
        let definition = try Support.load(try Support.protocolFile(
            plugin: "pass_all.py",
            extra: ["parameters: {max: 2, scale: ECOG, limits: [1, \"2\"], quoted: \"007\", nested: {on: true}}",
                    "batch_size: 10", "environment: {FIXTURE_VARIABLE: set by the protocol}"]
        ))
        let check = try #require(definition.checks.first { $0.id == "plugin" }?.check as? ExternalCheck)
        defer { _ = check.finishAudit() }
        let info = try check.describePlugin().get()
        #expect(info.title == "pass-all 0.1")
        let description = try #require(info.description)
        let told = try #require(try TestSupport.jsonObject(description) as? [String: Any])
        let parameters = try #require(told["parameters"] as? [String: Any])
        #expect(parameters["max"] as? Int == 2)
        #expect(parameters["scale"] as? String == "ECOG")
        #expect(parameters["quoted"] as? String == "007")
        #expect((parameters["limits"] as? [Any]).map { $0.count } == 2)
        #expect((parameters["nested"] as? [String: Any])?["on"] as? Bool == true)
        #expect((told["check"] as? [String: Any])?["id"] as? String == "plugin")
        #expect((told["check"] as? [String: Any])?["protocol"] as? String == "TEST-EXTERNAL")
        #expect(told["batch_size"] as? Int == 10)
        #expect(told["variable"] as? String == "set by the protocol")
        #expect(told["protocol"] as? String == "1")
    }

    @Test("An external check says it holds an audit session, the others say not, as a cast would find")
    func sessionAnswers() throws {
        let definition = try Support.load(try Support.protocolFile(plugin: "pass_all.py"))
        #expect(definition.checks.count > 1)
        for configured in definition.checks {
            #expect(configured.check.holdsAuditSession == (configured.check is any AuditSessionCheck), "\(configured.id)")
            #expect(configured.check.holdsAuditSession == (configured.id == "plugin"), "\(configured.id)")
        }
    }

    @Test("One patient at a time works too (a batch of one), and the same definition serves several audits")
    func singleAndRepeated() throws {
        let definition = try Support.load(try Support.protocolFile(plugin: "pass_all.py"))
        let check = try #require(definition.checks.first { $0.id == "plugin" }?.check)
        let patient = PatientHistory(id: "DEV1", age: 40, enrollment: Enrollment(date: try #require(PartialDate(iso8601: "2026-01-20"))))
        #expect(check.judge(patient).verdict == .deviation)
        #expect(Auditor(definition: definition).judge(patient).map(\.verdict) == [.pass, .deviation, .notEvaluable])
        #expect(Auditor(definition: definition).finishSessions().isEmpty)
        let input = try TestSupport.writeTemporary(Support.cohort.joined(separator: "\n"), name: "cohort.ndjson")
        for _ in 1...2 {
            let report = Auditor(definition: definition).audit(inputs: [input])
            #expect(Support.statuses(report, check: "plugin") == ["DEV5": .deviation])
            #expect(report.diagnostics == nil)
        }
    }

    @Test("A relative command runs from the protocol file's folder")
    func relativeCommand() throws {
        let folder = try TestSupport.temporaryFolder()
        let script = folder.appendingPathComponent("local_plugin.py")
        try FileManager.default.copyItem(atPath: try Support.plugin("pass_all.py"), toPath: script.path)
        let protocolPath = folder.appendingPathComponent("protocol.yaml").path
        try Data(Support.protocolT(checks: """
              - {id: plugin, kind: external, criterion: "plugin", severity: major, command: [python3, local_plugin.py]}
            """).utf8).write(to: URL(fileURLWithPath: protocolPath))
        let definition = try Support.load(protocolPath)
        let check = try #require(definition.checks.first?.check as? ExternalCheck)
        #expect(check.directory == folder.path)
        #expect(check.commandLine == "python3 local_plugin.py")
        #expect(try check.describePlugin().get().name == "pass-all")
        #expect(check.finishAudit().isEmpty)
    }

    @Test("Invalid configurations are protocol errors with file:line:column", arguments: [
        ("command: []", "'command' must name a program"),
        ("command: python3", "'command': expected a list"),
        ("command: [python3, x.py]\n    timeout_seconds: 0", "'timeout_seconds' must be more than 0"),
        ("command: [python3, x.py]\n    batch_size: 0", "'batch_size' must be at least 1"),
        ("command: [python3, x.py]\n    memory_limit_mb: -1", "'memory_limit_mb' must be a whole number"),
        ("command: [python3, x.py]\n    timeout: 3", "unknown key 'timeout'"),
        ("parameters: {max: 2}", "missing required parameter 'command'"),
    ])
    func invalidConfiguration(_ entry: String, _ message: String) throws {
        let yaml = Support.protocolT(checks: """
              - id: plugin
                kind: external
                criterion: "plugin"
                severity: major
                \(entry)
            """)
        do {
            _ = try ProtocolLoader(registry: Support.registry).load(yaml: yaml, path: "p.yaml")
            Issue.record("expected a protocol error for \(entry)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(error.description.contains("p.yaml:"))
        }
    }

    @Test("Diagnostics are written to JSON, the text report and Markdown, and pseudonymized")
    func diagnosticsInReports() throws {
        let report = try Support.audit(plugin: "wrong_patient.py")
        let json = JSONReporter().render(report)
        let decoded = try JSONReporter.decode(Data(json.utf8))
        #expect(decoded.diagnostics == report.diagnostics)
        #expect(json.contains("\"diagnostics\""))
        let text = TextReporter().render(report)
        #expect(text.contains("Diagnostics (the audit is incomplete"))
        #expect(text.contains("  error   plugin: Plugin error: the plugin answered for patient 'someone-else' where 'P1' was expected"))
        let markdown = MarkdownReporter(limit: 10, fullReport: nil).render(report)
        #expect(markdown.contains("### Diagnostics: the audit is incomplete"))

        var crashed = try Support.audit(plugin: "crash.py")
        crashed.pseudonymize(key: Array("a key of at least sixteen bytes".utf8))
        let notes = crashed.diagnostics?.filter { $0.source == .stderr } ?? []
        #expect(notes.map(\.message) == ["1 line of the plugin's standard error withheld: the report is pseudonymized."])
        var wrong = report
        wrong.pseudonymize(key: Array("a key of at least sixteen bytes".utf8))
        let error = try #require(wrong.diagnostics?.first)
        #expect(error.patient?.hasPrefix("P-") == true)
        #expect(!error.message.contains("'P1'"))
    }

    @Test("A report without diagnostics has no diagnostics key (the JSON contract is unchanged)")
    func noDiagnosticsKey() throws {
        let report = try Support.audit(plugin: "pass_all.py")
        #expect(!JSONReporter().render(report).contains("diagnostics"))
    }
}

/// The protocol's messages, without a process: what the engine writes and how it reads.
@Suite("Plugin protocol messages")
struct PluginProtocolTests {
    static let patient = PatientHistory(
        id: "P1", site: "S1", sex: "female", birthDate: PartialDate(iso8601: "1961-04"), age: nil,
        enrollment: Enrollment(date: PartialDate(iso8601: "2026-01-20") ?? PartialDate(CalendarDay(ordinal: 0)), arm: "A"),
        events: [
            Event(type: .radiotherapy, start: PartialDate(iso8601: "2025-10-13"), end: PartialDate(iso8601: "2025-11-19"),
                  attributes: ["dose": .string("50.4 Gy"), "fractions": .number("28"), "intent": .string("definitive")]),
            Event(type: .lab, date: PartialDate(iso8601: "2026-01-12"),
                  attributes: ["test": .string("platelets"), "value": .number("+.5"), "unit": .string("10^9/L"), "flag": .bool(true), "note": .null]),
        ],
        dataCutoff: PartialDate(iso8601: "2026-06-30"),
        attributes: ["ecog_baseline": .number("0x1F"), "tags": .list([.string("a\"b"), .string("line\nbreak")])]
    )

    @Test("A patient is written as deterministic patient-history v1 JSON")
    func patientJSON() {
        #expect(PatientJSON.encode(Self.patient) == #"{"id":"P1","site":"S1","sex":"female","birth_date":"1961-04","enrollment":{"date":"2026-01-20","arm":"A"},"data_cutoff":"2026-06-30","events":[{"type":"radiotherapy","start":"2025-10-13","end":"2025-11-19","dose":"50.4 Gy","fractions":28,"intent":"definitive"},{"type":"lab","date":"2026-01-12","flag":true,"note":null,"test":"platelets","unit":"10^9/L","value":0.5}],"ecog_baseline":31,"tags":["a\"b","line\nbreak"]}"#)
    }

    @Test("A record's time zone is not passed to a plugin: its dates are written as the days it gave")
    func timeZoneNotWritten() throws {
        let line = #"{"id": "P1", "timezone": "+08:00", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "consent", "date": "2026-01-20T23:30:00Z"}]}"#
        var patient = try PatientRecordDecoder(file: "x").decode(JSONSyntaxParser.parse(Array(line.utf8))).get()
        // A patient built by a library user may carry the key among its attributes: it is
        // a key of the model, so it is not passed on either.
        patient.attributes[RecordKey.timezone.rawValue] = .string("+08:00")
        let json = PatientJSON.encode(patient)
        #expect(!json.contains("timezone"))
        #expect(json.contains(#"{"type":"consent","date":"2026-01-21"}"#))
    }

    @Test("The JSON a plugin gets reads back as the same patient")
    func roundTrip() throws {
        let node = try JSONSyntaxParser.parse(Array(PatientJSON.encode(Self.patient).utf8))
        var read = try PatientRecordDecoder(file: "x").decode(node).get()
        read.location = nil
        // Where values were read is the reader's to say, not the JSON's.
        read.fieldLocations = RecordLocations()
        var expected = Self.patient
        expected.location = nil
        expected.events = expected.events.map { event in
            var event = event
            event.location = nil
            return event
        }
        read.events = read.events.map { event in
            var event = event
            event.location = nil
            if event.attributes["value"] != nil { event.attributes["value"] = .number("+.5") }
            return event
        }
        read.attributes["ecog_baseline"] = .number("0x1F")
        #expect(read == expected)
    }

    @Test("YAML numbers are written in JSON's grammar", arguments: [
        ("1", "1"), ("-0.25", "-0.25"), ("+1", "1"), (".5", "0.5"), ("007", "7"), ("0x1F", "31"), ("0o17", "15"),
        ("1e3", "1e3"), ("5.", "5.0"), ("twelve", "\"twelve\""),
    ])
    func numbers(_ written: String, _ json: String) {
        var writer = JSONWriter()
        writer.number(written)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == json)
    }

    @Test("The hello, batch and end messages")
    func messages() {
        let hello = PluginProtocol.hello(.init(checkID: "ecog", protocolID: "NCT1", parameters: ["max": .number("2")], batchSize: 256))
        #expect(String(decoding: hello, as: UTF8.self) == #"{"type":"hello","protocol_version":1,"trialcheck":"\#(TrialCheckVersion.current)","check":{"id":"ecog","protocol":"NCT1"},"parameters":{"max":2},"batch_size":256}"# + "\n")
        let batch = String(decoding: PluginProtocol.batch(3, patients: [Self.patient]), as: UTF8.self)
        #expect(batch.hasPrefix(#"{"type":"batch","batch":3,"patients":[{"id":"P1""#))
        #expect(batch.hasSuffix("]}\n"))
        #expect(String(decoding: PluginProtocol.end, as: UTF8.self) == "{\"type\":\"end\"}\n")
    }

    @Test("A ready message is read, with optional fields")
    func ready() throws {
        let info = try PluginProtocol.ready(from: Array(#"{"type":"ready","protocol_version":1,"name":"n","version":"2","description":"d","max_batch_size":8,"future":1}"#.utf8))
        #expect(info == PluginInfo(protocolVersion: 1, name: "n", version: "2", description: "d", maximumBatchSize: 8))
        let minimal = try PluginProtocol.ready(from: Array(#"{"type":"ready","protocol_version":1}"#.utf8))
        #expect(minimal.title.isEmpty)
    }

    @Test("Verdicts are checked field by field", arguments: [
        (#"{"type":"verdict","patient":"P1","status":"maybe","message":"m"}"#, "'status' must be one of"),
        (#"{"type":"verdict","patient":"P1","status":"pass"}"#, "'message' must be a sentence"),
        (#"{"type":"verdict","patient":"P1","status":"pass","message":""}"#, "'message' must be a sentence"),
        (#"{"type":"verdict","status":"pass","message":"m"}"#, "the verdict has no 'patient'"),
        (#"{"type":"verdict","patient":"P1","status":"pass","message":"m","evidence":{}}"#, "'evidence' must be a list"),
        (#"{"type":"verdict","patient":"P1","status":"pass","message":"m","evidence":[{"name":"x"}]}"#, "{name, value}"),
        (#"{"type":"verdict","patient":"P1","status":"pass","message":"m","evidence":[{"name":"x","value":"y","event":2}]}"#, "index of one of the patient's events (0 to 1)"),
        (#"{"type":"verdict","patient":"P1","status":"pass","message":"m","date":"20 Jan"}"#, "'date' must be an ISO 8601 date"),
        (#"{"type":"verdict","batch":2,"patient":"P1","status":"pass","message":"m"}"#, "for batch 2 during batch 1"),
        (#"{"type":"ready","protocol_version":1}"#, "expected a 'verdict', found a message of type 'ready'"),
        (#"[1, 2]"#, "expected a JSON object, found a list"),
        (#"{"type":"verdict""#, "not JSON"),
        (#"{"type":"error","message":"database unreachable"}"#, "reported an error during batch 1: database unreachable"),
        (#"{"type":"verdict","patient":"P2","status":"pass","message":"m"}"#, "answered for patient 'P2' where 'P1' was expected"),
    ])
    func invalidVerdicts(_ line: String, _ problem: String) {
        do {
            _ = try PluginProtocol.verdict(from: Array(line.utf8), on: Self.patient, batch: 1, during: "during batch 1")
            Issue.record("accepted \(line)")
        } catch {
            #expect(error.description.contains(problem), "\(error.description)")
        }
    }

    @Test("A valid verdict becomes a judgement")
    func validVerdict() throws {
        let line = #"{"type":"verdict","batch":1,"patient":"P1","status":"not-evaluable","message":"No ECOG.","evidence":[{"name":"score","value":3},{"name":"dated","value":"2026-01","event":1}],"date":"2026-01","window":null}"#
        let judgement = try PluginProtocol.verdict(from: Array(line.utf8), on: Self.patient, batch: 1, during: "")
        #expect(judgement.verdict == .notEvaluable)
        #expect(judgement.message == "No ECOG.")
        #expect(judgement.evidence.map(\.value) == ["3", "2026-01"])
        #expect(judgement.date?.description == "2026-01")
    }

    @Test("Exit statuses and failures read as sentences")
    func failureText() {
        #expect(PluginExitStatus.signaled(9).description == "was killed by signal 9 (SIGKILL)")
        #expect(PluginExitStatus.exited(3).description == "exited with status 3")
        #expect(PluginFailure.timedOut(seconds: 1.5, during: "in the handshake").description == "the plugin did not answer within 1.5 s in the handshake, so it was stopped")
        #expect(PluginFailure.exited(nil, during: "during batch 2").description == "the plugin closed its output during batch 2")
    }
}
