import Foundation
import Testing

/// Data the audit does not understand, end to end: a warning on standard error by default,
/// an input error (exit 2) with `--strict`, and the coverage in the JSON report.
@Suite("Data coverage and --strict, end to end")
struct DataCoverageCLITests {
    /// An arm-B patient given toripalimab, recorded under a misspelt event type: without the
    /// coverage report, `arm-b-no-study-drug` would pass in silence.
    static let misspelt = #"{"id": "S-1", "birth_date": "1960-05-01", "enrollment": {"date": "2026-01-20", "arm": "B"}, "events": [{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 Gy"}, {"type": "administraton", "drug": "toripalimab", "dose": "240 mg", "date": "2026-02-10"}]}"#

    static func audit(_ extra: [String], input: String) throws -> TrialCheckBinary.Run {
        try TrialCheckBinary.run(["audit", "-p", "Protocols/NCT07177794.yaml"] + extra + ["-"], input: input + "\n")
    }

    @Test("Without --strict an unknown event type is a located warning with a suggestion")
    func warning() throws {
        let run = try Self.audit(["--format", "json"], input: Self.misspelt)
        #expect(run.standardError.contains("<stdin>:1: warning: event type 'administraton' is not in the patient-history model"))
        #expect(run.standardError.contains("did you mean 'administration'?"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let coverage = try #require(json["coverage"] as? [String: Any])
        #expect((coverage["unknown"] as? Int) == 1)
        #expect(run.status != 2)
    }

    @Test("--strict makes it an input error: exit 2, and the report is still written")
    func strict() throws {
        let run = try Self.audit(["--strict"], input: Self.misspelt)
        #expect(run.status == 2)
        #expect(run.standardError.contains("<stdin>:1: error: event type 'administraton'"))
        #expect(run.standardOutput.contains("Data coverage (1 element not understood"))
    }

    @Test("--strict passes a record the audit understands in full")
    func strictClean() throws {
        let clean = Self.misspelt.replacingOccurrences(of: "administraton", with: "administration")
        let run = try Self.audit(["--strict"], input: clean)
        // The arm-B patient given toripalimab is a deviation (exit 1), not an input error.
        #expect(run.status == 1)
        #expect(!run.standardError.contains("warning"))
    }

    @Test("An arm written by its alias is read as the arm; an undeclared one is never a pass")
    func arms() throws {
        let alias = try Self.audit(["--format", "json"], input: Self.misspelt.replacingOccurrences(of: "administraton", with: "administration").replacingOccurrences(of: "\"arm\": \"B\"", with: "\"arm\": \"Arm B\""))
        #expect(alias.status == 1)
        #expect(alias.standardOutput.contains("\"check\" : \"arm-b-no-study-drug\""))
        let undeclared = try Self.audit(["--strict", "--format", "json"], input: Self.misspelt.replacingOccurrences(of: "administraton", with: "administration").replacingOccurrences(of: "\"arm\": \"B\"", with: "\"arm\": \"Arm C\""))
        #expect(undeclared.status == 2)
        #expect(undeclared.standardError.contains("arm 'Arm C' is not declared by the protocol"))
        #expect(undeclared.standardOutput.contains("\"status\" : \"not-evaluable\""))
    }

    @Test("trialcheck checks shows what each kind reads")
    func catalogueShowsInputs() throws {
        let run = try TrialCheckBinary.run(["checks"])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("radiotherapy-dose: Radiotherapy total dose"))
        #expect(run.standardOutput.contains("radiotherapy events: dose, intent"))
    }
}
