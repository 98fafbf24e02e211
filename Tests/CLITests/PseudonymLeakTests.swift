import Foundation
import Testing

/// With `--pseudonymize-key-file`, no raw patient id escapes: not in any report format,
/// not on standard error, whatever the input format and however hostile its ids.
@Suite("Pseudonymized output leaks no raw id")
struct PseudonymLeakTests {
    /// Every report format, written with `--report`.
    static let formats = ["text", "json", "html", "markdown", "junit", "sarif", "csv", "sdtm-dv"]

    /// A radiotherapy event that makes enrollment late (a deviation).
    static let radiotherapy = #"{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 Gy"}"#

    /// One NDJSON record.
    static func record(_ id: String, events: [String] = [radiotherapy], enrollment: Bool = true) -> String {
        let enrolled = enrollment ? #", "enrollment": {"date": "2026-01-20", "arm": "A"}"# : ""
        return #"{"id": "\#(id)", "birth_date": "1960-05-01"\#(enrolled), "events": [\#(events.joined(separator: ", "))]}"#
    }

    /// NDJSON: ids that are prefixes of others, an id in FHIR reference form, a duplicate,
    /// an id inside an unknown event type, a record rejected for its content.
    static let ndjson = [
        record("L-1"),
        record("L-10"),
        record("Patient/L-2"),
        record("L-1"),
        record("L-3", events: [radiotherapy, #"{"type": "visit for L-3", "date": "2026-01-02"}"#]),
        record("L-4", enrollment: false),
    ].joined(separator: "\n") + "\n"
    static let ndjsonIDs = ["L-1", "L-10", "L-2", "L-3", "L-4"]

    /// A FHIR Bundle: a patient without a ResearchSubject start (rejected, its reference in
    /// the reason), a duplicate Patient (a note naming it), resources of a patient the
    /// input lacks, a patient known by a `urn:uuid:` full URL, ids that prefix others.
    static let bundle = """
        {"resourceType": "Bundle", "type": "collection", "entry": [
          {"fullUrl": "urn:uuid:7f3c2a10-0000-4000-8000-000000004711", "resource": {"resourceType": "Patient", "id": "MRN-4711", "birthDate": "1955-02-03"}},
          {"resource": {"resourceType": "ResearchSubject", "id": "rs-a", "identifier": [{"value": "SUBJ-4711"}], "individual": {"reference": "urn:uuid:7f3c2a10-0000-4000-8000-000000004711"}}},
          {"resource": {"resourceType": "Patient", "id": "MRN-1", "birthDate": "1950-01-02"}},
          {"resource": {"resourceType": "Patient", "id": "MRN-1", "birthDate": "1950-01-02"}},
          {"resource": {"resourceType": "ResearchSubject", "id": "rs-b", "period": {"start": "2026-01-20"}, "assignedArm": "A", "individual": {"reference": "Patient/MRN-1"}}},
          {"resource": {"resourceType": "Patient", "id": "MRN-10", "birthDate": "1951-04-05"}},
          {"resource": {"resourceType": "ResearchSubject", "id": "rs-c", "identifier": [{"value": "SUBJ-10"}], "period": {"start": "2026-01-20"}, "assignedArm": "A", "individual": {"reference": "Patient/MRN-10"}}},
          {"resource": {"resourceType": "Condition", "id": "cond-x", "subject": {"reference": "Patient/GHOST-9"}}}
        ]}
        """
    static let bundleIDs = ["MRN-4711", "7f3c2a10-0000-4000-8000-000000004711", "SUBJ-4711", "MRN-1", "MRN-10", "SUBJ-10", "GHOST-9"]

    /// SDTM CSV: USUBJIDs that prefix others, a SUBJID, a duplicate DM record, an exposure
    /// of a subject DM lacks.
    static let dm = """
        STUDYID,DOMAIN,USUBJID,SUBJID,RFSTDTC,SITEID,BRTHDTC,SEX,ARMCD
        T1,DM,T1-ZZ-01,ZZ-01,2026-01-20,S1,1958-07-09,M,A
        T1,DM,T1-ZZ-010,ZZ-010,2026-01-20,S1,1959-07-09,F,A
        T1,DM,T1-ZZ-01,ZZ-01,2026-01-20,S1,1958-07-09,M,A

        """
    static let pr = """
        STUDYID,DOMAIN,USUBJID,PRSEQ,PRTRT,PRCAT,PRSCAT,PRDOSE,PRDOSU,PRSTDTC,PRENDTC
        T1,PR,T1-ZZ-01,1,RADIOTHERAPY,RADIOTHERAPY,,50,Gy,2025-10-13,2025-11-19
        T1,PR,T1-ZZ-010,1,RADIOTHERAPY,RADIOTHERAPY,,50,Gy,2025-10-13,2025-11-19
        T1,PR,T1-ZZ-99,1,RADIOTHERAPY,RADIOTHERAPY,,50,Gy,2025-10-13,2025-11-19

        """
    static let sdtmIDs = ["T1-ZZ-01", "ZZ-01", "T1-ZZ-010", "ZZ-010", "T1-ZZ-99", "ZZ-99"]

    /// Writes the three inputs into `folder` and returns their paths and raw ids.
    static func inputs(in folder: URL) throws -> [(path: String, ids: [String])] {
        let ndjsonPath = folder.appendingPathComponent("cohort.ndjson")
        try Data(ndjson.utf8).write(to: ndjsonPath)
        let bundlePath = folder.appendingPathComponent("bundle.json")
        try Data(bundle.utf8).write(to: bundlePath)
        let sdtm = folder.appendingPathComponent("sdtm")
        try FileManager.default.createDirectory(at: sdtm, withIntermediateDirectories: true)
        try Data(dm.utf8).write(to: sdtm.appendingPathComponent("dm.csv"))
        try Data(pr.utf8).write(to: sdtm.appendingPathComponent("pr.csv"))
        return [(ndjsonPath.path, ndjsonIDs), (bundlePath.path, bundleIDs), (sdtm.path, sdtmIDs)]
    }

    /// Audits `input` writing every format, and returns every output by name.
    static func outputs(of input: String, in folder: URL, extra: [String] = [], pseudonymize: Bool = true) throws -> [String: String] {
        let key = folder.appendingPathComponent("key").path
        try Data("0123456789abcdef0123456789abcdef\n".utf8).write(to: URL(fileURLWithPath: key))
        let out = folder.appendingPathComponent("out-\(UUID().uuidString)")
        let reports = formats.flatMap { ["--report", "\($0):\(out.path)/report.\($0)"] }
        let run = try TrialCheckBinary.run(
            ["audit", "-p", "NCT07177794", "--as-of", "2026-11-25"] + (pseudonymize ? ["--pseudonymize-key-file", key] : [])
                + extra + reports + [input]
        )
        #expect(run.status == 1 || run.status == 2, "\(run.standardError)")
        var result = ["stdout": run.standardOutput, "stderr": run.standardError]
        for format in formats {
            result[format] = try String(contentsOfFile: "\(out.path)/report.\(format)", encoding: .utf8)
        }
        return result
    }

    @Test("No raw id in any report or on standard error, for NDJSON, a FHIR Bundle and SDTM CSV")
    func noRawID() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-leak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (input, ids) in try Self.inputs(in: folder) {
            // Without pseudonyms the ids do show: the cohort does exercise every place.
            let plain = try Self.outputs(of: input, in: folder, pseudonymize: false)
            let everything = plain.values.joined(separator: "\n")
            // (A Patient known by its subject identifier, or by its id rather than its full
            // URL, may not show its other ids; a SUBJID shows inside its USUBJID.)
            for id in ids where !id.hasPrefix("ZZ-") && !["MRN-10", "7f3c2a10-0000-4000-8000-000000004711"].contains(id) {
                #expect(everything.contains(id), "\(input): '\(id)' never shows, even unpseudonymized")
            }
            let outputs = try Self.outputs(of: input, in: folder)
            #expect(outputs["json"]?.contains("\"patient\" : \"P-") == true)
            for (name, text) in outputs {
                for id in ids {
                    #expect(!text.contains(id), "\(input): \(name) names '\(id)':\n\(text)")
                }
            }
        }
    }

    @Test("--generalize-dates year writes birth dates as the year alone")
    func generalizedBirthDates() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-leak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("old.ndjson")
        // Born 1930: too old for the protocol, so the birth date is evidence.
        try Data(#"{"id": "O-1", "birth_date": "1930-05-01", "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": []}"#.utf8).write(to: input)
        let plain = try Self.outputs(of: input.path, in: folder)
        #expect(plain["json"]?.contains("1930-05-01") == true)
        let outputs = try Self.outputs(of: input.path, in: folder, extra: ["--generalize-dates", "year"])
        #expect(outputs["json"]?.contains("\"value\" : \"1930\"") == true)
        for (name, text) in outputs {
            #expect(!text.contains("1930-05-01"), "\(name) has the full birth date:\n\(text)")
        }
    }

    /// Every date the three inputs hold.
    static let rawDates = [
        "2025-10-13", "2025-11-19", "2026-01-20", "1960-05-01", "2026-01-02",
        "1955-02-03", "1950-01-02", "1951-04-05", "1958-07-09", "1959-07-09",
    ]

    /// The findings of a JSON report.
    static func findings(_ json: String?) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data((json ?? "").utf8)) as? [String: Any]
        return object?["findings"] as? [[String: Any]] ?? []
    }

    /// The days from a finding's window start to its end.
    static func windowLength(_ finding: [String: Any]) -> Int? {
        guard let window = finding["window"] as? [String: String],
              let first = window["first"].flatMap(day), let last = window["last"].flatMap(day)
        else { return nil }
        return last - first
    }

    /// Days since 1970-01-01 of an ISO 8601 date.
    static func day(_ text: String) -> Int? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text).map { Int($0.timeIntervalSince1970 / 86_400) }
    }

    @Test("--generalize-dates shift: no raw date in any format; intervals kept; the same key gives the same shifts, patients differ")
    func shiftedDates() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-shift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (input, _) in try Self.inputs(in: folder) {
            let plain = try Self.outputs(of: input, in: folder)
            #expect(Self.rawDates.contains { date in plain.values.contains { $0.contains(date) } }, "\(input): no raw date shows even unshifted")
            let shifted = try Self.outputs(of: input, in: folder, extra: ["--generalize-dates", "shift"])
            for (name, text) in shifted {
                for date in Self.rawDates {
                    #expect(!text.contains(date), "\(input): \(name) holds the raw date \(date):\n\(text)")
                }
            }
            // Messages state intervals, which do not change; windows keep their length.
            let before = try Self.findings(plain["json"]), after = try Self.findings(shifted["json"])
            #expect(before.count == after.count)
            for (original, moved) in zip(before, after) {
                #expect(original["patient"] as? String == moved["patient"] as? String)
                let withoutDates = { (text: String?) in
                    text?.replacingOccurrences(of: #"[0-9]{4}-[0-9]{2}(-[0-9]{2})?"#, with: "<date>", options: .regularExpression)
                }
                #expect(withoutDates(moved["message"] as? String) == withoutDates(original["message"] as? String))
                #expect(Self.windowLength(original) == Self.windowLength(moved))
            }
            // The same key, the same shifts.
            let again = try Self.outputs(of: input, in: folder, extra: ["--generalize-dates", "shift"])
            #expect(again["json"] == shifted["json"])
        }
        // L-1 and L-10 have the same dates; shifted, their windows differ.
        let ndjson = folder.appendingPathComponent("cohort.ndjson").path
        let findings = try Self.findings(try Self.outputs(of: ndjson, in: folder, extra: ["--generalize-dates", "shift"])["json"])
        let windows = Set(findings.filter { $0["check"] as? String == "enrollment-window" }.compactMap { ($0["window"] as? [String: String])?["first"] })
        #expect(windows.count >= 2, "\(windows)")
    }

    @Test("--generalize-dates shift without --pseudonymize-key-file is a usage error")
    func shiftNeedsKey() throws {
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--generalize-dates", "shift", "Examples/NCT07177794/site-records.ndjson"])
        #expect(run.status != 0 && run.status != 1, "\(run.standardError)")
        #expect(run.standardError.contains("needs --pseudonymize-key-file"))
    }
}
