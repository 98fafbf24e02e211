import Foundation
import Testing

/// `trialcheck audit` on inputs that cannot be audited as given: empty or missing inputs
/// stop it before any report (exit 2, one line each); bad records are rejected alone.
@Suite("Input errors on the command line")
struct InputErrorCommandTests {
    /// A new scratch folder.
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static let cohort = "Examples/NCT07177794/site-records.ndjson"

    @Test("An empty input, in every format, is one line naming the file and exit 2, with no report", arguments: [
        ("empty.yaml", "", ""), ("empty.ndjson", "", ""), ("empty.txt", "", ""), ("empty.json", "", ""), ("empty.csv", "", ""),
        ("header.csv", "patient_id,type,date\n", " (only a header row)"), ("comments.yaml", "# nobody yet\n", ""),
        ("header.yaml", "format: patient-history/1\npatients: []\n", " (only a header: 'patients' is an empty list)"),
    ])
    func emptyInput(name: String, text: String, detail: String) throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.write(Array(text.utf8), name, in: folder)
        let output = folder.appendingPathComponent("report.json").path
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--report", "json:\(output)", path])
        #expect(run.status == 2)
        #expect(run.standardError == "\(path): error: the file is empty: no patient records\(detail)\n")
        #expect(run.standardOutput.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("Empty standard input is an input error too")
    func emptyStandardInput() throws {
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "-"], input: "")
        #expect(run.status == 2)
        #expect(run.standardError == "<stdin>: error: standard input is empty: no patient records\n")
    }

    @Test("Every input is checked before any is read: each missing one is a line, and nothing is reported")
    func missingInputs() throws {
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", Self.cohort, "gone-1.yaml", "gone-2.csv"])
        #expect(run.status == 2)
        #expect(run.standardError == """
            gone-1.yaml: error: cannot read the input: No such file or directory
            gone-2.csv: error: cannot read the input: No such file or directory

            """)
        #expect(run.standardOutput.isEmpty)
    }

    @Test("An empty input among good ones still stops the audit, naming only the empty one")
    func emptyAmongOthers() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = try Self.write([], "late.ndjson", in: folder)
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", Self.cohort, empty])
        #expect(run.status == 2)
        #expect(run.standardError == "\(empty): error: the file is empty: no patient records\n")
        #expect(run.standardOutput.isEmpty)
    }

    /// The summary of a JSON report.
    static func summary(_ json: String) throws -> [String: Any] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try #require(report["summary"] as? [String: Any])
    }

    @Test("A split CSV patient is rejected once; patients in = audited + rejected")
    func splitCSVPatient() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = """
            patient_id,type,birth_date,enrollment_date,arm,start,end,dose,intent
            X,patient,1940-01-01,2025-12-01,A,,,,
            Y,patient,1961-04-02,2025-12-01,A,,,,
            Y,radiotherapy,,,,2025-10-13,2025-11-19,50.4 Gy,definitive
            X,radiotherapy,,,,2025-10-13,2025-11-19,50.4 Gy,definitive

            """
        let path = try Self.write(Array(csv.utf8), "site.csv", in: folder)
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", path])
        #expect(run.status == 2)
        let summary = try Self.summary(run.standardOutput)
        #expect(summary["patients"] as? Int == 1)
        #expect(summary["rejected"] as? Int == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(!findings.contains { $0["patient"] as? String == "X" })
        #expect(run.standardError.contains("\(path):5: error: rows of patient 'X' are not contiguous: lines 2 and 5"))
    }

    @Test("One byte that is not UTF-8 in a CSV cell rejects one patient; the rest is audited")
    func invalidUTF8() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = try String(contentsOfFile: TrialCheckBinary.repositoryRoot.appendingPathComponent("Examples/formats/csv/site-records.csv").path, encoding: .utf8)
        var bytes = Array(lines.utf8)
        // The first patient's sex, `male`, on line 2: its `a` becomes 0xFF.
        let target = try #require(bytes.indices.first { Array(bytes[$0..<($0 + 6)]) == Array(",male,".utf8) })
        bytes[target + 2] = 0xFF
        let original = try Self.summary(try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", "Examples/formats/csv/site-records.csv"]).standardOutput)
        let path = try Self.write(bytes, "site.csv", in: folder)
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "json", path])
        #expect(run.status == 2)
        let summary = try Self.summary(run.standardOutput)
        #expect(summary["rejected"] as? Int == (original["rejected"] as? Int ?? 0) + 1)
        #expect(summary["patients"] as? Int == (original["patients"] as? Int ?? 0) - 1)
        #expect(run.standardError.contains("\(path):2:32: error: the field is not UTF-8 text: expected UTF-8, found byte 0xFF at byte 2 of the field"))
    }

    @Test("--timezone gives a UTC instant the site's date; a zone that names nothing is a usage error")
    func timeZone() throws {
        let record = #"{"id": "T1", "birth_date": "1961-04-02", "enrollment": {"date": "2025-12-31T23:30:00Z", "arm": "A"}, "events": [{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 Gy", "intent": "definitive"}]}"#
        let protocolPath = "Tests/TrialCheckEngineTests/Fixtures/design-checks.yaml"
        let unknown = try TrialCheckBinary.run(["audit", "-p", protocolPath, "--format", "json", "-"], input: record + "\n")
        let shanghai = try TrialCheckBinary.run(["audit", "-p", protocolPath, "--timezone", "Asia/Shanghai", "--format", "json", "-"], input: record + "\n")
        #expect(unknown.standardOutput.contains("\"status\" : \"indeterminate\""))
        #expect(shanghai.status == 1)
        #expect(shanghai.standardOutput.contains("\"status\" : \"deviation\""))
        let bad = try TrialCheckBinary.run(["audit", "-p", protocolPath, "--timezone", "Mars/Olympus", "-"], input: record + "\n")
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("--timezone: expected an IANA time zone name such as Asia/Shanghai, or an offset from UTC such as +08:00, found 'Mars/Olympus'"))
    }
}
