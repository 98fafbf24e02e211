import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Text from data never reaches a terminal or a flat file as a control character, a formula
/// or Markdown syntax: hostile ids and values in every flat format.
@Suite("Output hygiene")
struct OutputHygieneTests {
    /// Every escaped kind: ESC, NUL, CR, LF, TAB, DEL, a C1 control (CSI) and the bidi marks.
    static let hostile = "\u{1B}[2J\u{0}\r\n\t\u{7F}\u{9B}\u{202A}\u{202E}\u{2066}\u{2069}"

    /// One patient whose id, site and a rejected record's text carry control characters.
    static func report() throws -> AuditReport {
        let records = #"""
            {"id": "EVIL\u001b[2J\nDEVIATION  forged", "site": "S\u202e1\u0007", "birth_date": "1930-01-01", "enrollment": {"date": "2026-01-20"}, "events": []}
            {"id": "BAD\u001b]0;title\u0007", "birth_date": "1960-01-01", "enrollment": {"date": "2026-02-30\u001b[31m"}, "events": []}

            """#
        let path = try TestSupport.writeTemporary(records, name: "hostile.ndjson")
        return Auditor(definition: try TestSupport.shippedProtocol()).audit(inputs: [path])
    }

    /// The characters no flat report may hold.
    static func hasControl(_ text: String, allowing allowed: Set<Unicode.Scalar> = []) -> Bool {
        text.unicodeScalars.contains { ControlEscaping.isEscaped($0) && !allowed.contains($0) }
    }

    @Test("Each escaped character becomes a visible escape; other text is unchanged")
    func escaping() {
        #expect(ControlEscaping.escape(Self.hostile) == #"\u{1B}[2J\u{00}\u{0D}\u{0A}\u{09}\u{7F}\u{9B}\u{202A}\u{202E}\u{2066}\u{2069}"#)
        #expect(ControlEscaping.escape("Café 50.4 Gy ≥ 18 \u{1F}") == #"Café 50.4 Gy ≥ 18 \u{1F}"#)
        // The boundaries: the last C0, space, the last C1 and the first character after it,
        // the scalars either side of each bidi range.
        #expect(ControlEscaping.escape("\u{1F}\u{20}\u{9F}\u{A0}\u{2027}\u{202F}\u{2065}\u{206A}") == "\\u{1F} \\u{9F}\u{A0}\u{2027}\u{202F}\u{2065}\u{206A}")
        #expect(ControlEscaping.escape("ab\u{1B}cd", limit: 5) == "ab")
        #expect(ControlEscaping.escape("ab\u{1B}cd", limit: 8) == #"ab\u{1B}"#)
        #expect(ControlEscaping.escapeKeepingLines("a\u{1B}\nb") == "a\\u{1B}\nb")
    }

    /// The invisible formatting characters beyond the embeddings and isolates: the marks
    /// (LRM, RLM, ALM), zero-width space, word joiner, byte order mark, line and paragraph
    /// separators.
    static let invisible = "\u{200E}\u{200F}\u{061C}\u{200B}\u{2060}\u{FEFF}\u{2028}\u{2029}"

    @Test("Bidirectional marks and invisible formatting characters are escaped too; joiners inside emoji are kept")
    func invisibleFormatting() {
        #expect(ControlEscaping.escape("a" + Self.invisible + "b")
            == #"a\u{200E}\u{200F}\u{61C}\u{200B}\u{2060}\u{FEFF}\u{2028}\u{2029}b"#)
        #expect(ControlEscaping.escape("\u{200C}\u{200D}\u{2061}") == "\u{200C}\u{200D}\u{2061}")
    }

    /// A patient whose id and site carry bidi overrides, marks and invisible characters.
    static func invisibleReport() throws -> AuditReport {
        let records = #"""
            {"id": "RLO\u202egnp.exe\u200f\u061c", "site": "S\u2066\u200e1\u2028x", "birth_date": "1930-01-01", "enrollment": {"date": "2026-01-20"}, "events": []}

            """#
        let path = try TestSupport.writeTemporary(records, name: "bidi.ndjson")
        return Auditor(definition: try TestSupport.shippedProtocol()).audit(inputs: [path])
    }

    @Test("HTML, JUnit, JSON and SARIF show invisible formatting characters from data as escapes, never raw")
    func invisibleInMarkupAndJSON() throws {
        let report = try Self.invisibleReport()
        let outputs = [
            "text": TextReporter().render(report), "csv": CSVReporter().render(report), "markdown": MarkdownReporter().render(report),
            "html": HTMLReporter().render(report), "junit": JUnitReporter(timestamp: "2026-11-25T00:00:00").render(report),
            "json": JSONReporter().render(report), "sarif": SARIFReporter().render(report),
        ]
        for (name, output) in outputs {
            #expect(!output.unicodeScalars.contains(where: ControlEscaping.isInvisibleFormatting), "\(name) holds a raw formatting character")
        }
        #expect(outputs["html"]?.contains(#"RLO\u{202E}gnp.exe\u{200F}\u{61C}"#) == true)
        #expect(outputs["json"]?.contains(#""patient" : "RLO\u202egnp.exe\u200f\u061c""#) == true)
        // The JSON still reads back as the same id.
        let json: String = try #require(outputs["json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let findings = decoded?["findings"] as? [[String: Any]]
        #expect(findings?.first?["patient"] as? String == "RLO\u{202E}gnp.exe\u{200F}\u{061C}")
    }

    @Test("The text report escapes ids and values from data, and a record cannot forge a line")
    func text() throws {
        let text = TextReporter().render(try Self.report())
        #expect(!Self.hasControl(text, allowing: ["\n"]))
        #expect(text.contains(#"EVIL\u{1B}[2J\u{0A}DEVIATION  forged · site S\u{202E}1\u{07}"#))
        #expect(!text.contains("\nDEVIATION  forged"))
        #expect(text.contains(#"BAD\u{1B}]0;title\u{07}"#))
        // Colour is the reporter's own, and still there.
        #expect(TextReporter(colour: true).render(try Self.report()).contains("\u{1B}[31;1mDEVIATION"))
    }

    @Test("CSV and SDTM DV: one line per row, control characters escaped")
    func csv() throws {
        let report = try Self.report()
        for csv in [CSVReporter().render(report), SDTMDeviationReporter().render(report)] {
            #expect(!Self.hasControl(csv, allowing: ["\r", "\n"]))
            for line in csv.split(separator: "\r\n") { #expect(!line.contains("\n") && !line.contains("\r")) }
            #expect(csv.contains(#"EVIL\u{1B}[2J\u{0A}DEVIATION  forged"#))
        }
    }

    @Test("The CSV formula guard covers = + - @ tab, carriage return and line feed", arguments: ["=", "+", "-", "@", "\t", "\r", "\n"])
    func formulaGuard(leader: String) {
        let field = CSVReporter.field(leader + "HYPERLINK(\"http://x\")")
        #expect(field.hasPrefix("\"'") || field.hasPrefix("'"))
        #expect(!Self.hasControl(field))
    }

    @Test("Numbers and ordinary text are not guarded")
    func formulaGuardBoundaries() {
        #expect(CSVReporter.field("-5") == "-5")
        #expect(CSVReporter.field("+1.5") == "+1.5")
        #expect(CSVReporter.field("a=b") == "a=b")
        #expect(CSVReporter.field(" =1") == " =1")
        #expect(CSVReporter.field("\r=1") == #"'\u{0D}=1"#)
    }

    @Test("Markdown escapes every inline syntax character from data")
    func markdownLiteral() {
        #expect(MarkdownReporter.literal("[x](javascript:alert(1))") == #"\[x\]\(javascript:alert\(1\)\)"#)
        #expect(MarkdownReporter.literal(##"*b* _e_ `c` <img> #h !i |p ~s~ \ end"##) == ##"\*b\* \_e\_ \`c\` \<img\> \#h \!i \|p \~s\~ \\ end"##)
        #expect(MarkdownReporter.literal("&lt; x@y.org http://e.org www.e.org") == #"&amp;lt; x\@y.org http\://e.org www\.e.org"#)
        #expect(MarkdownReporter.literal("- item") == #"\- item"#)
        #expect(MarkdownReporter.literal("a-b 18-75") == "a-b 18-75")
        #expect(MarkdownReporter.literal("a\u{1B}[2J\nb") == #"a\\u{1B}\[2J\\u{0A}b"#)
        #expect(MarkdownReporter.codeSpan("age") == "`age`")
        #expect(MarkdownReporter.codeSpan("a`b|c") == "`` a`b\\|c ``")
        #expect(MarkdownReporter.codeSpan("x\u{1B}") == #"`x\u{1B}`"#)
    }

    @Test("The Markdown report carries no link, emphasis or control character from data")
    func markdown() throws {
        let records = #"""
            {"id": "[x](javascript:alert(1)) **b** <https://evil.example>\u001b", "birth_date": "1930-01-01", "enrollment": {"date": "2026-01-20"}, "events": []}

            """#
        let path = try TestSupport.writeTemporary(records, name: "hostile-md.ndjson")
        let report = Auditor(definition: try TestSupport.shippedProtocol()).audit(inputs: [path])
        let markdown = MarkdownReporter().render(report)
        #expect(!Self.hasControl(markdown, allowing: ["\n"]))
        #expect(!markdown.contains("[x](javascript"))
        #expect(!markdown.contains("**b**"))
        #expect(!markdown.contains(" <https"))
        #expect(markdown.contains(#"| \[x\]\(javascript:alert\(1\)\) \*\*b\*\* \<https\://evil.example\>\\u{1B} |"#))
    }
}
