import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The JSON report is written piece by piece (``PrettyJSONWriter``) but must keep the bytes
/// Foundation's `JSONEncoder` gave it: these tests compare the two.
@Suite("JSON report writer: the bytes of JSONEncoder")
struct JSONReportWriterTests {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }

    static func written(_ body: (inout PrettyJSONWriter) -> Void) -> String {
        ReportOutput.collecting { output in
            var writer = PrettyJSONWriter(output: output)
            body(&writer)
        }
    }

    /// Every ASCII character, then text beyond ASCII.
    static let awkwardText: String = {
        var text = String(String.UnicodeScalarView((0 ..< 0x80).compactMap(Unicode.Scalar.init)))
        text += "é ü ß — “quotes” 患者 😀 \u{2028}\u{2029}\u{FEFF} Zoe\u{308} / \\ \" \t\n\r"
        return text
    }()

    /// What JSONEncoder writes for `value`, with the invisible formatting characters
    /// (``ControlEscaping/isInvisibleFormatting(_:)``) written as `\uXXXX` escapes.
    static func expected(_ value: some Encodable, encoder: JSONEncoder = encoder()) throws -> String {
        var result = String(decoding: try encoder.encode(value), as: UTF8.self)
        for scalar in ["\u{2028}", "\u{2029}", "\u{FEFF}", "\u{202E}", "\u{200F}", "\u{61C}"] {
            let hex = String(scalar.unicodeScalars.first?.value ?? 0, radix: 16)
            result = result.replacingOccurrences(of: scalar, with: "\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
        }
        return result
    }

    @Test("Strings: quotes, backslashes, control characters, DEL, slashes and non-ASCII escaped as JSONEncoder escapes them; invisible formatting characters as \\uXXXX")
    func strings() throws {
        let samples = [Self.awkwardText, "", "plain", "\u{0}", "\u{1F}", "\u{7F}", "a/b", "\\u0041", "line\nbreak", "tab\tstop",
                       "\u{8}\u{C}", "\"quoted\"", "emoji 👩🏽‍⚕️", "日本語", "RLO\u{202E}gnp.exe\u{200F}\u{61C}"]
        for sample in samples {
            let written = Self.written { $0.string(sample) }
            #expect(written == (try Self.expected(sample)), "\(sample.debugDescription)")
            let decoded = try JSONDecoder().decode(String.self, from: Data(written.utf8))
            #expect(decoded == sample)
        }
        #expect(Self.written { $0.string("a\u{202E}b\u{FEFF}") } == #""a\u202eb\ufeff""#)
        #expect(Self.written { $0.string("\u{1}\u{1B}") } == #""\u0001\u001b""#)
        #expect(Self.written { $0.string("\u{8}\u{C}\t\n\r") } == #""\b\f\t\n\r""#)
    }

    @Test("A character to escape is found at every place in and across the eight-byte words the writer scans")
    func escapesAtEveryOffset() throws {
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\u{7F}", "é", "患", "\u{202E}", "\u{FEFF}", "😀"] {
            for offset in 0 ..< 18 {
                let sample = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 9) + special
                #expect(Self.written { $0.string(sample) } == (try Self.expected(sample)), "\(sample.debugDescription)")
            }
        }
    }

    private struct Nested: Encodable {
        var empty: [Int] = []
        var emptyObject: [String: Int] = [:]
        var list: [[Int]] = [[], [1, -2], [Int.max, Int.min]]
        var objects: [[String: Bool]] = [[:], ["b": false, "a": true]]
        var text = "x"
    }

    @Test("Layout: indentation, separators, empty and nested containers, integers and booleans")
    func layout() throws {
        let written = Self.written { writer in
            writer.beginObject()
            writer.key("empty"); writer.beginArray(); writer.endArray()
            writer.key("emptyObject"); writer.beginObject(); writer.endObject()
            writer.array("list", [[], [1, -2], [Int.max, Int.min]]) { writer, items in
                writer.beginArray()
                for item in items { writer.element(); writer.integer(item) }
                writer.endArray()
            }
            writer.array("objects", [[(String, Bool)](), [("a", true), ("b", false)]]) { writer, members in
                writer.beginObject()
                for (name, value) in members { writer.key(name); writer.bool(value) }
                writer.endObject()
            }
            writer.member("text", "x")
            writer.endObject()
        }
        #expect(written == (try Self.encoded(Nested())))
    }

    /// Arrays nested `depth` deep around one integer, and an empty object beside it.
    private struct Deep: Encodable {
        let depth: Int

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            if depth == 0 {
                try container.encode(1)
                try container.encode([String: Int]())
            } else {
                try container.encode(Deep(depth: depth - 1))
            }
        }
    }

    @Test("Indentation past the writer's table of spaces (up to 32 levels) is written as JSONEncoder writes it", arguments: [1, 31, 32, 33, 40])
    func deepNesting(depth: Int) throws {
        func write(_ writer: inout PrettyJSONWriter, _ depth: Int) {
            writer.beginArray()
            writer.element()
            if depth == 0 {
                writer.integer(1)
                writer.element()
                writer.beginObject()
                writer.endObject()
            } else {
                write(&writer, depth - 1)
            }
            writer.endArray()
        }
        #expect(Self.written { write(&$0, depth) } == (try Self.encoded(Deep(depth: depth))))
    }

    @Test("A report with every optional field set is written as JSONEncoder writes it")
    func fullReport() throws {
        let report = Self.fullReport()
        #expect(Self.unset(in: report).isEmpty, "the fixture leaves fields unset: \(Self.unset(in: report))")
        #expect(JSONReporter().render(report) == (try Self.expected(report)) + "\n")
    }

    @Test("A report with every optional field absent and every list empty is written as JSONEncoder writes it")
    func emptyReport() throws {
        var report = Self.fullReport()
        report.inputs = [AuditReport.Input(path: "-", format: nil, sha256: nil, patients: 0, rejected: 0, notes: nil)]
        report.checks = []
        report.findings = [AuditReport.Finding(
            patient: "", site: nil, arm: nil, check: "c", status: .notEvaluable, severity: .minor, criterion: "",
            message: "", evidence: [], location: nil, date: nil, window: nil, waiver: nil, isNew: nil
        )]
        report.rejected = [RecordRejection(location: TrialCheckCore.SourceLocation(file: "f"), reason: "r")]
        report.manual = [ManualCriterion(criterion: "m", reason: nil)]
        report.waivers = nil
        report.baseline = nil
        report.diagnostics = nil
        report.summary = AuditReport.Summary(patients: 0, rejected: 0, deviation: 0, indeterminate: 0, notEvaluable: 0, patientsWithDeviations: 0)
        #expect(JSONReporter().render(report) == (try Self.expected(report)) + "\n")
        report.findings = []
        report.rejected = []
        report.manual = []
        report.inputs = []
        #expect(JSONReporter().render(report) == (try Self.expected(report)) + "\n")
    }

    @Test("The compact layout (the rows output's lines) writes a full and an empty report as JSONEncoder does without pretty printing")
    func compactReport() throws {
        let compact = JSONEncoder()
        compact.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var empty = Self.fullReport()
        empty.inputs = []
        empty.checks = []
        empty.findings = []
        empty.rejected = []
        empty.manual = []
        empty.waivers = nil
        empty.baseline = nil
        empty.diagnostics = nil
        for report in [Self.fullReport(), empty] {
            let written = ReportOutput.collecting { output in
                var writer = PrettyJSONWriter(output: output, layout: .compact)
                writer.report(report)
            }
            #expect(written == (try Self.expected(report, encoder: compact)))
            #expect(!written.contains("\n"))
        }
    }

    @Test("The JSON report of a real audit is JSONEncoder's, and reads back")
    func realAudit() throws {
        let definition = try TestSupport.loadProtocol(path: TestSupport.packageRoot.appendingPathComponent("Protocols/NCT07177794.yaml").path)
        let report = Auditor(definition: definition).audit(
            inputs: [TestSupport.packageRoot.appendingPathComponent("Examples/NCT07177794/site-records.ndjson").path], jobs: 2
        )
        #expect(!report.findings.isEmpty)
        let json = JSONReporter().render(report)
        #expect(json == (try Self.encoded(report)) + "\n")
        #expect(JSONReporter().render(try JSONReporter.decode(Data(json.utf8))) == json)
    }

    // MARK: - Fixture

    static func location(_ file: String) -> TrialCheckCore.SourceLocation {
        TrialCheckCore.SourceLocation(file: file, line: 12, column: 5)
    }

    static func fullReport() -> AuditReport {
        let waiver = Waiver(
            patient: "BJ-0001", check: "age", reason: Self.awkwardText, approvedBy: "Sponsor / monitor",
            expires: "2027-01-31", location: location("waivers.yaml")
        )
        let finding = AuditReport.Finding(
            patient: "BJ-0001", site: "CHCAMS", arm: "A", check: "age", status: .deviation, severity: .major,
            criterion: "Inclusion 2: age 18-75", message: "Age 76 \"is\" above\n75.",
            evidence: [Evidence("birth date", "1949-03-02", at: location("in/records.ndjson")), Evidence("age", "76 years", at: location("in/other.yaml"))],
            location: location("in/records.ndjson"), date: "2026-01-20",
            window: DateWindow("enrollment window", from: CalendarDay(ordinal: 20_000), to: CalendarDay(ordinal: 20_041)),
            waiver: waiver, isNew: true, version: "2.0"
        )
        var summary = AuditReport.Summary(patients: 2, rejected: 1, deviation: 1, indeterminate: 0, notEvaluable: 0, patientsWithDeviations: 1)
        summary.waived = 1
        summary.new = 1
        summary.deviationsBySeverity = [.minor: 0, .major: 1]
        return AuditReport(
            tool: AuditReport.Tool(name: "trialcheck", version: "9.9.9"),
            protocol: AuditReport.ProtocolInfo(
                id: "NCT07177794", title: "A trial", version: "2025-09-17", sha256: "ab12",
                // (An original version has no effective date: the fixture lists an amendment only.)
                versions: [.init(version: "2.0", effective: CalendarDay(year: 2026, month: 3, day: 1))],
                versionDate: "consent"
            ),
            inputs: [AuditReport.Input(path: "in/records.ndjson", format: "ndjson", sha256: "cd34", patients: 2, rejected: 1, notes: ["a note", "é"])],
            summary: summary,
            checks: [AuditReport.CheckSummary(
                id: "age", kind: "age-range", criterion: "Inclusion 2: age 18-75", severity: .major, category: .eligibility,
                pass: 1, deviation: 1, indeterminate: 0, notEvaluable: 0
            )],
            findings: [finding, finding],
            rejected: [RecordRejection(location: location("in/records.ndjson"), reason: "duplicate id 'BJ-0001'", patient: "BJ-0001")],
            manual: [ManualCriterion(criterion: "Inclusion 6: life expectancy", reason: "clinical judgement")],
            waivers: [WaiverOutcome(waiver: waiver, status: .applied)],
            baseline: BaselineSummary(path: "previous.json", new: 1, resolved: 2, resolvedFindings: [finding], unchanged: 1),
            diagnostics: [Diagnostic(check: "ecog", level: .warning, source: .stderr, message: "stopped", patient: "BJ-0001")],
            coverage: DataCoverage(
                inputs: [InputCoverage(path: "in/records.ndjson", elements: [CoverageElement(
                    status: .unknown, kind: .eventType, value: "radiotheraphy", count: 2, patients: 1,
                    first: location("in/records.ndjson"), suggestion: "radiotherapy", reason: "event type 'radiotheraphy' is \"unknown\""
                )])],
                checks: [CheckCoverage(id: "age", patientsWithData: 2, evaluable: 2)]
            ),
            plugins: [AuditReport.Plugin(check: "ecog-python", command: ["python3", "ecog check.py", Self.awkwardText], sha256: "ef56")],
            quality: Self.quality(),
            patientIDs: ["BJ-0001"],
            timelines: [:]
        )
    }

    /// A quality section with every optional field set, and rates that are not short decimals.
    static func quality() -> QualityReport {
        let rate = QualityReport.Rate(numerator: 1, denominator: 3, status: .breached)
        let limit = QualityReport.LimitResult(
            id: "eligibility", title: Self.awkwardText, measure: .patientsWithDeviation, category: .eligibility, check: "age",
            unit: .patients, threshold: 0.05, perSite: true, minimumPatients: 1, overall: rate,
            sites: [QualityReport.SiteRate(
                site: "CHCAMS", patients: 3, rate: rate,
                funnel: BinomialFunnel.band(trials: 3, rate: 1.0 / 3), signal: .above95
            )]
        )
        let indicators = QualityReport.SiteIndicators(
            site: "CHCAMS", patients: 3, verdicts: 3, notEvaluable: 1, indeterminate: 1, patientsWithDeviation: 1,
            patientsWithDeviationByCategory: ["eligibility": 1, "treatment": 2], patientsWithMissingData: 1,
            enrollmentDays: QualityReport.DayStatistics(histogram: ["12": 1, "-3": 1, "9": 2], uncounted: 1)
        )
        return QualityReport(limits: [limit], sites: [indicators], enrollmentAnchor: "crt-completion", rejected: 1)
    }

    /// The paths of optional fields left `nil` and of lists left empty in `value` (fields
    /// not written to JSON excepted), so the fixture exercises every field.
    static func unset(in value: Any, path: String = "report") -> [String] {
        let ignored: Set = ["patientIDs", "patientRows", "timelines", "spilledFindings", "inputErrors"]
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return [path] }
            return unset(in: wrapped, path: path)
        }
        if mirror.displayStyle == .collection || mirror.displayStyle == .dictionary {
            if mirror.children.isEmpty { return [path] }
            return mirror.children.enumerated().flatMap { unset(in: $1.value, path: "\(path)[\($0)]") }
        }
        guard mirror.displayStyle == .struct || mirror.displayStyle == .tuple else { return [] }
        return mirror.children.flatMap { child -> [String] in
            guard let label = child.label, !ignored.contains(label) else { return [] }
            return unset(in: child.value, path: "\(path).\(label)")
        }
    }
}
