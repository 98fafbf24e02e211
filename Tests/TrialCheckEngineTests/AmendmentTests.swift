import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Amendments: each patient judged by the protocol version in force at consent (or
/// enrollment), the version named in each finding and in the report.
@Suite("Protocol amendments")
struct AmendmentTests {
    /// Version 2.0 (effective 2026-03-01) raises the age limit from 75 to 80; 3.0
    /// (effective 2026-06-01) drops the ECOG criterion.
    static func protocolText(versionDate: String? = nil) -> String {
        """
        id: T
        title: T
        version: "1.0"
        \(versionDate.map { "version_date: \($0)" } ?? "")
        checks:
          - {id: age, kind: age-range, criterion: "age 18-75", severity: major, min: 18, max: 75}
          - {id: ecog, kind: performance-status, criterion: "ECOG <= 1", severity: major, scale: ECOG, max: 1}
        amendments:
          - version: "2.0"
            effective: 2026-03-01
            checks:
              - {id: age, kind: age-range, criterion: "age 18-80 (amendment 2.0)", severity: major, min: 18, max: 80}
          - version: "3.0"
            effective: 2026-06-01
            remove: [ecog]

        """
    }

    static func definition(versionDate: String? = nil) throws -> ProtocolDefinition {
        try ProtocolLoader(registry: TestSupport.registry).load(yaml: protocolText(versionDate: versionDate), path: "t.yaml")
    }

    /// A patient aged 78 at enrollment (over the original limit, within the amended one).
    static func patient(consent: String?, born: String = "1948-01-01", ecog: Int = 2, enrolled: String = "2026-07-01") throws -> PatientHistory {
        let consentEvent = consent.map { "{type: consent, date: \($0)}, " } ?? ""
        return try CheckExamplesTests.patient(
            "{id: P, birth_date: \(born), enrollment: {date: \(enrolled)}, events: [\(consentEvent){type: performance-status, date: 2026-01-12, scale: ECOG, score: \(ecog)}]}"
        )
    }

    static func verdicts(_ patient: PatientHistory, _ definition: ProtocolDefinition) -> [String: Verdict] {
        Dictionary(uniqueKeysWithValues: definition.checks.map { ($0.id, $0.check.judge(patient).verdict) })
    }

    @Test("The version in force at consent judges, on each side of the effective dates and on the boundary day", arguments: [
        ("2026-02-28", Verdict.deviation, Verdict.deviation, "1.0"),
        ("2026-03-01", .pass, .deviation, "2.0"),
        ("2026-03-02", .pass, .deviation, "2.0"),
        ("2026-05-31", .pass, .deviation, "2.0"),
        ("2026-06-01", .pass, .pass, "3.0"),
        // Partial consent dates wholly inside one version's period are that version.
        ("2026-02", .deviation, .deviation, "1.0"),
        ("2026-04", .pass, .deviation, "2.0"),
    ])
    func versionAtConsent(_ consent: String, _ age: Verdict, _ ecog: Verdict, _ version: String) throws {
        let definition = try Self.definition()
        let patient = try Self.patient(consent: consent)
        #expect(Self.verdicts(patient, definition) == ["age": age, "ecog": ecog])
        let versioning = try #require(definition.versioning)
        #expect(versioning.label(versioning.choice(for: patient).choice) == version)
    }

    @Test("No consent date, or a partial one across effective dates: criteria that differ are not evaluable, never a pass", arguments: [
        (nil, "1.0 or 2.0 or 3.0"), ("2026", "1.0 or 2.0 or 3.0"),
    ] as [(String?, String)])
    func undetermined(_ consent: String?, _ versions: String) throws {
        let definition = try Self.definition()
        // Aged 60 with ECOG 0: every version passes both criteria, yet the version is unknown.
        let patient = try Self.patient(consent: consent, born: "1966-01-01", ecog: 0)
        let age = try #require(definition.checks.first { $0.id == "age" }).check.judge(patient)
        #expect(age.verdict == .notEvaluable, "\(age.message)")
        #expect(age.message.contains("The protocol version for this patient cannot be told"), "\(age.message)")
        let versioning = try #require(definition.versioning)
        #expect(versioning.label(versioning.choice(for: patient).choice) == versions)
    }

    @Test("A criterion the same in every version that may apply is judged as usual")
    func sameInEveryCandidate() throws {
        let text = Self.protocolText().replacingOccurrences(of: "effective: 2026-06-01\n    remove: [ecog]", with: "effective: 2026-06-01\n    remove: [age]")
        let definition = try ProtocolLoader(registry: TestSupport.registry).load(yaml: text, path: "t.yaml")
        // Consent in May or June 2026: version 2.0 or 3.0; ECOG is the same in both.
        let patient = try Self.patient(consent: "2026", born: "1966-01-01", ecog: 0)
        let ecog = try #require(definition.checks.first { $0.id == "ecog" })
        #expect(!(ecog.check is VersionedCheck))
        #expect(ecog.check.judge(patient).verdict == .pass)
    }

    @Test("A partial consent date across an effective date leaves only the differing criteria not evaluable")
    func partialAcrossBoundary() throws {
        let definition = try Self.definition()
        // Consent in 2026 (month unknown): versions 1.0, 2.0 and 3.0 may apply.
        let patient = try Self.patient(consent: "2026", born: "1966-01-01", ecog: 0)
        let verdicts = Self.verdicts(patient, definition)
        #expect(verdicts["age"] == .notEvaluable)
        #expect(verdicts["ecog"] == .notEvaluable)
    }

    @Test("version_date: enrollment chooses by the enrollment date; registration is its synonym", arguments: ["enrollment", "registration"])
    func enrollmentDate(_ anchor: String) throws {
        let definition = try Self.definition(versionDate: anchor)
        // Consented under 1.0, enrolled under 2.0: judged by 2.0, and no consent date is needed.
        let patient = try Self.patient(consent: "2026-02-20", enrolled: "2026-03-05")
        #expect(Self.verdicts(patient, definition)["age"] == .pass)
        let unconsented = try Self.patient(consent: nil, enrolled: "2026-02-27")
        #expect(Self.verdicts(unconsented, definition)["age"] == .deviation)
    }

    @Test("The report names the versions and each finding the version that judged it")
    func reported() throws {
        let definition = try Self.definition()
        let records = [("A", "2026-02-28"), ("B", "2026-03-01"), ("C", nil)].map { id, consent in
            let event = consent.map { "{type: consent, date: \($0)}, " } ?? ""
            return "  - {id: \(id), birth_date: 1948-01-01, enrollment: {date: 2026-07-01}, events: [\(event){type: performance-status, date: 2026-01-12, scale: ECOG, score: 2}]}"
        }
        let cohort = try TestSupport.writeTemporary("format: patient-history/1\npatients:\n" + records.joined(separator: "\n") + "\n", name: "cohort.yaml")
        let report = Auditor(definition: definition).audit(inputs: [cohort], jobs: 1)
        #expect(report.protocol.versions?.map(\.version) == ["1.0", "2.0", "3.0"])
        #expect(report.protocol.versionDate == "consent")
        let findings = report.findings.map { "\($0.patient) \($0.check) \($0.status.rawValue) \($0.version ?? "-")" }
        #expect(findings == [
            "A age deviation 1.0", "A ecog deviation 1.0",
            "B ecog deviation 2.0",
            "C age not-evaluable 1.0 or 2.0 or 3.0", "C ecog not-evaluable 1.0 or 2.0 or 3.0",
        ])
        // The criterion is the patient's version's.
        #expect(report.findings.first?.criterion == "age 18-75")
        let text = TextReporter().render(report)
        #expect(text.contains("Protocol versions: 1.0 (original), 2.0 (effective 2026-03-01), 3.0 (effective 2026-06-01); each patient is judged by the version in force at informed consent."))
        #expect(text.contains("age (major; age 18-75) [version 1.0]"))
        let markdown = MarkdownReporter().render(report)
        #expect(markdown.contains("Protocol versions: 1.0 \\(original\\)"))
        #expect(markdown.contains("\\(version 1.0 or 2.0 or 3.0\\) The protocol version for this patient cannot be told"))
        let html = HTMLReporter().render(report)
        #expect(html.contains("<span class=\"version\">version 2.0</span>"))
        let json = JSONReporter().render(report)
        #expect(json.contains("\"version_date\" : \"consent\"") || json.contains("\"version_date\": \"consent\""))
        let decoded = try JSONReporter.decode(Data(json.utf8))
        #expect(decoded.findings.map(\.version) == report.findings.map(\.version))
        #expect(decoded.protocol.versions == report.protocol.versions)
    }

    @Test("Amendment problems are located", arguments: [
        ("    effective: 2026-03\n", "'effective': expected a complete date"),
        ("    effective: 2025-01-01\n", "not after the amendment before it"),
    ])
    func problems(_ effective: String, _ expected: String) {
        let yaml = Self.protocolText().replacingOccurrences(of: "    effective: 2026-06-01\n", with: effective)
        var found: [ProtocolProblem] = []
        do { _ = try ProtocolLoader(registry: TestSupport.registry).load(yaml: yaml, path: "t.yaml") } catch { found = error.problems }
        #expect(found.contains { $0.message.contains(expected) && $0.location.line != nil }, "\(found.map(\.description))")
    }

    @Test("version_date without amendments, and an amendment that changes nothing, are errors")
    func pointless() {
        let yaml = """
            id: T
            title: T
            version: "1"
            version_date: consent
            checks:
              - {id: age, kind: age-range, criterion: a, severity: major, min: 18}

            """
        var found: [ProtocolProblem] = []
        do { _ = try ProtocolLoader(registry: TestSupport.registry).load(yaml: yaml, path: "t.yaml") } catch { found = error.problems }
        #expect(found.map(\.message) == ["'version_date' chooses which of the protocol's 'amendments' judges a patient, and the protocol has none"])
        let empty = yaml.replacingOccurrences(of: "version_date: consent\n", with: "") + "amendments:\n  - {version: \"2\", effective: 2026-01-01}\n"
        found = []
        do { _ = try ProtocolLoader(registry: TestSupport.registry).load(yaml: empty, path: "t.yaml") } catch { found = error.problems }
        #expect(found.contains { $0.message.contains("changes nothing") }, "\(found.map(\.description))")
    }
}
