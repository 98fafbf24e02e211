import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The HTML report over the example site: each finding drawn where it happened (the dose
/// that is off ringed, the gap between doses and a treatment past its limit bracketed, the
/// limit crossed marked), labels inside the drawing, a phone layout, writing that streams
/// spilled findings, and the large-cohort layout with its pages.
@Suite("HTML: violations drawn, phones, large cohorts")
struct HTMLViolationsTests {
    static func report(storage: FindingStorage = .memory) throws -> AuditReport {
        let definition = try TestSupport.loadProtocol(path: TestSupport.packageRoot.appendingPathComponent("Protocols/NCT07177794.yaml").path)
        let input = TestSupport.packageRoot.appendingPathComponent("Examples/NCT07177794/site-records.yaml").path
        return Auditor(definition: definition).audit(inputs: [input], jobs: 2, details: .timelines, findingStorage: storage)
    }

    /// The `<section>` of one patient.
    static func section(_ html: String, patient: String) throws -> String {
        let start = try #require(html.range(of: "\">\(patient)</h3>"))
        let end = try #require(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.lowerBound])
    }

    @Test("BJ-0011: the 29-day gap between toripalimab doses is bracketed, the late dose ringed, the window's edge marked")
    func gapBetweenDoses() throws {
        let section = try Self.section(HTMLReporter().render(try Self.report()), patient: "BJ-0011")
        #expect(section.contains("class=\"tl-span\""))
        #expect(section.contains("toripalimab interval 2026-04-02 to 2026-05-01: 29 days"))
        #expect(section.contains("class=\"tl-off\""))
        #expect(section.contains("class=\"tl-limit\""))
    }

    @Test("GZ-0001: the treatment that ran past the one-year limit is bracketed against the limit line")
    func limitCrossed() throws {
        let section = try Self.section(HTMLReporter().render(try Self.report()), patient: "GZ-0001")
        #expect(section.contains("class=\"tl-span\""))
        #expect(section.contains("capecitabine 2025-09-25..2026-10-15"))
        #expect(section.contains("class=\"tl-limit\""))
    }

    @Test("CD-0015: the 200 mg dose is ringed on the study drug lane")
    func doseThatIsOff() throws {
        let section = try Self.section(HTMLReporter().render(try Self.report()), patient: "CD-0015")
        #expect(section.contains("class=\"tl-off\""))
    }

    @Test("Every label of every timeline lies inside the drawing")
    func labelsFit() throws {
        let html = HTMLReporter().render(try Self.report())
        var checked = 0
        for piece in html.components(separatedBy: "<text class=\"").dropFirst() {
            guard let close = piece.firstIndex(of: ">"), piece.hasPrefix("tl-") else { continue }
            let attributes = String(piece[..<close])
            guard let x = Self.attribute("x", in: attributes).flatMap(Double.init) else { continue }
            var content = String(piece[piece.index(after: close)...].prefix { $0 != "<" })
            if content.isEmpty, let title = piece.range(of: "</title>") {
                content = String(piece[title.upperBound...].prefix { $0 != "<" })
            }
            let text = content.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            // Lane labels are 10 px, the drawing's annotations 10.5 px; bold as the style sheet sets.
            let className = String(attributes.prefix { $0 != "\"" && $0 != " " })
            let size = ["tl-gap-label", "tl-window-label", "tl-enrol-label"].contains(className) ? 10.5 : 10
            let bold = ["tl-gap-label", "tl-window-label", "tl-enrol-label", "tl-span-label", "tl-flag-label"].contains(className)
            let width = SVGNumber.textWidth(text, size: size, bold: bold)
            if attributes.contains("text-anchor=\"end\"") {
                #expect(x - width >= 0, "\(text) runs past the left edge")
            } else if !attributes.contains("text-anchor") {
                #expect(x + width <= 880, "\(text) runs past the right edge (x \(x), width \(width))")
            }
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test("An indeterminate finding's window says 'certainly allowed' in the drawing and in the detail")
    func certainlyAllowed() throws {
        let window = DateWindow("allowed enrollment", from: try #require(CalendarDay(year: 2026, month: 8, day: 1)), to: try #require(CalendarDay(year: 2026, month: 8, day: 12)))
        #expect(HTMLTimeline.windowLabel(window, status: .indeterminate) == "certainly allowed enrollment")
        #expect(HTMLTimeline.windowLabel(window, status: .deviation) == "allowed enrollment")
        let html = HTMLReporter().render(try Self.report())
        if html.contains("<li class=\"indeterminate\">") {
            #expect(!html.contains("Allowed enrollment: 2026-08-01") || html.contains("Certainly allowed"))
        }
    }

    @Test("A phone layout: cards for the tables, timelines at a readable scale")
    func phoneLayout() throws {
        let html = HTMLReporter().render(try Self.report())
        #expect(html.contains("@media (max-width: 640px)"))
        #expect(html.contains("td[data-label]::before"))
        #expect(html.contains("figure.timeline svg { width: 720px; max-width: none; }"))
        #expect(html.contains("<td class=\"message\" data-label=\"Message\">"))
    }

    @Test("Written from spilled findings, the report has the same bytes as from findings in memory")
    func streamed() throws {
        let inMemory = HTMLReporter().render(try Self.report())
        let spilled = try Self.report(storage: .temporaryFile)
        #expect(spilled.findings.isEmpty)
        #expect(HTMLReporter().render(spilled) == inMemory)
    }

    @Test("Above the large-cohort threshold: a summary by site and check, and pages of patients beside it")
    func largeCohort() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("html-pages-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = HTMLOptions()
        options.largeCohort = 10
        options.pageSize = 7
        options.pages = HTMLOptions.PageFolder(path: folder.path, href: "report-pages/", summaryHref: "../report.html")
        let report = try Self.report(storage: .temporaryFile)
        let main = ReportOutput.collecting { output in try? HTMLReporter(options: options).write(report, to: output) }
        #expect(main.contains("<section id=\"sites\""))
        #expect(!main.contains("<section class=\"patient\""))
        #expect(main.contains("href=\"report-pages/site-1-1.html\""))
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".html") }
        #expect(pages.count > 6)
        var patients: [String] = []
        for page in pages {
            let html = try String(contentsOfFile: folder.appendingPathComponent(page).path, encoding: .utf8)
            let sections = html.components(separatedBy: "<section class=\"patient\"").count - 1
            #expect((1...7).contains(sections), "\(page) holds \(sections) patients")
            #expect(html.contains("href=\"../report.html\""))
            for piece in html.components(separatedBy: "-title\">").dropFirst() where piece.contains("</h3>") {
                patients.append(String(piece.prefix { $0 != "<" }))
            }
        }
        let expected = Set(Array(report.allFindings).map(\.patient))
        #expect(patients.count == expected.count)
        #expect(Set(patients) == expected)

        // Without a folder (standard output), the summary says the pages were not written.
        options.pages = nil
        let alone = HTMLReporter(options: options).render(report)
        #expect(alone.contains("The pages were not written"))
    }

    static func attribute(_ name: String, in attributes: String) -> String? {
        guard let start = attributes.range(of: " \(name)=\"") else { return nil }
        return String(attributes[start.upperBound...].prefix { $0 != "\"" })
    }
}
