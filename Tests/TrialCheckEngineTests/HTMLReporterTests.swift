import BuiltinPlugins
import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The HTML report: a golden file over a fixed audit, and the properties a monitor's
/// mail client relies on (self-contained, escaped, deterministic), and the timeline's
/// window band.
///
/// Regenerate the golden file after an intended change with
/// `UPDATE_GOLDEN=1 swift test --filter HTMLReporterTests`.
@Suite("HTML reporter")
struct HTMLReporterTests {
    /// The fixtures as copied into the test bundle.
    static func fixture(_ name: String, _ fileExtension: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: fileExtension, subdirectory: "Fixtures"), "missing fixture \(name).\(fileExtension)")
    }

    /// Where the golden file lives in the source tree (written when regenerating).
    static let sourceGolden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden/html-report.html")

    static func definition() throws -> ProtocolDefinition {
        let registry = CheckRegistry(kinds: BuiltinPlugins.kinds)
        return try ProtocolLoader(registry: registry).load(path: try fixture("golden-protocol", "yaml").path)
    }

    /// The fixed audit: the golden protocol over html-cohort.yaml, with one waiver and a
    /// baseline that lacks H-001's finding.
    static func report() throws -> AuditReport {
        let cohort = try fixture("html-cohort", "yaml")
        var report = Auditor(definition: try definition()).audit(inputs: [cohort.path])
        let waivers = [
            Waiver(patient: "H-005", check: "enrollment-window", reason: "Enrollment delayed by a holiday closure; accepted by the sponsor",
                   approvedBy: "Sponsor medical monitor", expires: "2027-01-31", location: SourceLocation(file: "waivers.yaml", line: 2)),
            Waiver(patient: "H-002", check: "radiotherapy-dose", reason: "Dose confirmed from the treatment plan",
                   approvedBy: "Principal investigator", expires: nil, location: SourceLocation(file: "waivers.yaml", line: 7)),
        ]
        report.apply(waivers: waivers, asOf: try #require(CalendarDay(year: 2026, month: 11, day: 25)))
        var baseline = report
        baseline.findings.removeAll { $0.patient == "H-001" }
        report.compare(toBaseline: baseline, path: "previous.json")
        let folder = cohort.deletingLastPathComponent().path + "/"
        return report.relativizingPaths(under: folder, as: "Fixtures/")
    }

    @Test("The report matches its golden file byte for byte")
    func golden() throws {
        let rendered = HTMLReporter().render(try Self.report())
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try Data(rendered.utf8).write(to: Self.sourceGolden)
            return
        }
        let golden = try String(contentsOf: try Self.fixture("golden/html-report", "html"), encoding: .utf8)
        #expect(rendered == golden, "html-report.html differs from its golden file; if the change is intended, run UPDATE_GOLDEN=1 swift test --filter HTMLReporterTests")
    }

    @Test("The same report renders to the same bytes")
    func deterministic() throws {
        let report = try Self.report()
        var reordered = report
        reordered.timelines = Dictionary(uniqueKeysWithValues: report.timelines.sorted { $0.key > $1.key }.map { ($0.key, $0.value) })
        let first = HTMLReporter().render(report)
        #expect(first == HTMLReporter().render(report))
        #expect(first == HTMLReporter().render(reordered))
    }

    @Test("The file loads nothing: no remote references, external scripts or style sheets")
    func selfContained() throws {
        for html in [HTMLReporter().render(try Self.report()), try Self.hostileReport()] {
            #expect(!html.contains("http://"))
            #expect(!html.contains("https://"))
            #expect(!html.contains("<link"))
            #expect(!html.contains("@import"))
            #expect(!html.contains(" src=\""))
            #expect(!html.contains("<iframe"))
            #expect(!html.contains("xlink:href"))
            #expect(html.components(separatedBy: "<script").count == 2, "one inline script only")
            #expect(html.components(separatedBy: "<style").count == 2, "one inline style sheet only")
            #expect(html.contains("<script>\(HTMLAssets.script)</script>"))
            #expect(html.contains("<style>\(HTMLAssets.styleSheet)</style>"))
            // Every url() in the style sheet points into the document (the SVG patterns).
            let urls = html.components(separatedBy: "url(").dropFirst()
            #expect(urls.allSatisfy { $0.hasPrefix("#") })
            #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"))
        }
    }

    @Test("It reads without scripting: the filter controls start hidden and the table is complete")
    func noScript() throws {
        let report = try Self.report()
        let html = HTMLReporter().render(report)
        #expect(html.contains("<div class=\"filters\" id=\"filters\" hidden>"))
        let rows = html.components(separatedBy: "<tr data-status=").count - 1
        #expect(rows == report.findings.count)
        #expect(html.contains("@media print"))
        #expect(html.contains("@page { size: A4"))
    }

    @Test("Hostile text in ids, sites and events is escaped")
    func escaping() throws {
        let html = try Self.hostileReport()
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("</text><script"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
        // Anchors are numbered, never built from ids.
        #expect(html.contains("id=\"patient-1\""))
    }

    @Test("An enrollment-window deviation draws the allowed band with enrollment outside it")
    func windowBand() throws {
        let html = HTMLReporter().render(try Self.report())
        let section = try #require(Self.patientSection(html, "patient-1"))
        #expect(section.contains("<h3 id=\"patient-1-title\">H-001</h3>"))
        #expect(section.contains("Allowed enrollment: 2025-11-27 to 2026-01-07 (enrollment-window)"))
        #expect(section.contains("Enrollment 44 days after the allowed enrollment window"))
        let band = try #require(Self.numbers(in: section, after: "<rect class=\"tl-window\" x=\"", count: 4))
        let bandLeft = band[0]
        let bandRight = band[0] + band[2]
        let enrolment = try #require(Self.numbers(in: section, after: "<line class=\"tl-enrol violation\" x1=\"", count: 1))
        #expect(bandRight > bandLeft)
        #expect(enrolment[0] > bandRight, "enrollment is drawn after the band")
        // The ongoing capecitabine runs to the axis end with an open end, and the hypertension
        // known since 2014 is cut at the axis start.
        #expect(section.contains("capecitabine 500 mg BID: since 2026-02-23, ongoing"))
        #expect(section.contains("hypertension (from 2014-06-01), ongoing"))
        #expect(section.contains("toripalimab 240 mg Q3W ×3"))
    }

    @Test("An indeterminate window shows the days certainly allowed, not a deviation")
    func indeterminateWindow() throws {
        let html = HTMLReporter().render(try Self.report())
        let section = try #require(Self.patientSection(html, "patient-3"))
        #expect(section.contains("<h3 id=\"patient-3-title\">H-003</h3>"))
        #expect(section.contains("<line class=\"tl-enrol\" "))
        #expect(!section.contains("tl-enrol violation"))
        #expect(section.contains("partial dates: undecided"))
    }

    @Test("Events before the axis are listed at its edge with their dates")
    func offAxis() throws {
        let html = HTMLReporter().render(try Self.report())
        let section = try #require(Self.patientSection(html, "patient-2"))
        #expect(section.contains("◂ earlier: adjuvant chemotherapy capecitabine 2017-03-01 to 2017-08-30"))
    }

    @Test("Summary, waivers, baseline, rejected records and manual criteria are shown")
    func sections() throws {
        let html = HTMLReporter().render(try Self.report())
        #expect(html.contains("<span class=\"label\">Deviations</span><span class=\"value\">4</span>"))
        #expect(html.contains("<span>2 major</span><span>2 minor</span>"))
        #expect(html.contains("<span class=\"tag waived\">Waived</span>"))
        #expect(html.contains("<span class=\"tag new\">New</span>"))
        #expect(html.contains("<span class=\"badge applied\">Applied</span>"))
        #expect(html.contains("<span class=\"badge unmatched\">Unmatched</span>"))
        #expect(html.contains("id=\"rejected\""))
        #expect(html.contains("2026-02-30"))
        #expect(html.contains("Inclusion 6: estimated life expectancy &gt; 6 months"))
        #expect(html.contains("<code>previous.json</code>"))
    }

    @Test("Pseudonymized reports keep their timelines and leak no id")
    func pseudonymized() throws {
        var report = try Self.report()
        report.pseudonymize(key: Array("a key of at least sixteen bytes".utf8))
        let html = HTMLReporter().render(report)
        for id in ["H-001", "H-002", "H-003", "H-004", "H-005"] {
            #expect(!html.contains(id), "\(id) leaked into a pseudonymized report")
        }
        let sections = html.components(separatedBy: "<section class=\"patient\"").count - 1
        let timelines = html.components(separatedBy: "<svg class=\"timeline\"").count - 1
        #expect(sections == 5)
        #expect(timelines == sections)
    }

    @Test("A report without findings says so and has no patient sections")
    func noFindings() throws {
        var report = try Self.report()
        report.findings = []
        report.timelines = [:]
        let html = HTMLReporter().render(report)
        #expect(html.contains("No findings: every check passed for every patient audited."))
        #expect(!html.contains("<section class=\"patient\""))
    }

    @Test("The html format is a full report with its reporter")
    func format() {
        #expect(ReportFormat(rawValue: "html") == .html)
        #expect(ReportFormat.html.isFullReport)
        #expect(ReportFormat.html.requiredDetails.contains(.timelines), "the audit must keep timelines for the HTML report")
        #expect(ReportFormat.html.reporter(ReportFormat.Options()) is HTMLReporter)
        #expect(HTMLReporter.identifier == "html")
    }

    // MARK: - Helpers

    /// The HTML of a cohort whose id, site and event text are markup.
    static func hostileReport() throws -> String {
        let yaml = """
            patients:
              - id: "<script>alert(1)</script>"
                site: "<img src=x onerror=alert(2)>"
                birth_date: 1940-01-01
                enrollment: {date: 2026-01-20, arm: "A\\" onmouseover=\\"alert(4)"}
                events:
                  - {type: diagnosis, date: 2025-09-01, histology: "</text><script>alert(3)</script>"}
                  - {type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy}
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("html-hostile-\(UUID().uuidString).yaml")
        try Data(yaml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let report = Auditor(definition: try definition()).audit(inputs: [file.path])
        #expect(report.findings.contains { $0.patient == "<script>alert(1)</script>" })
        return HTMLReporter().render(report)
    }

    /// The markup of one patient's section.
    static func patientSection(_ html: String, _ anchor: String) -> String? {
        guard let start = html.range(of: "<section class=\"patient\" id=\"\(anchor)\""),
              let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// The first `count` numbers of the attributes that follow `marker`.
    static func numbers(in text: String, after marker: String, count: Int) -> [Double]? {
        guard let range = text.range(of: marker) else { return nil }
        var values: [Double] = []
        var current = ""
        for character in text[range.upperBound...] {
            if character.isNumber || character == "." || character == "-" {
                current.append(character)
            } else if !current.isEmpty {
                guard let value = Double(current) else { return nil }
                values.append(value)
                current = ""
                if values.count == count { return values }
            }
        }
        return nil
    }
}
