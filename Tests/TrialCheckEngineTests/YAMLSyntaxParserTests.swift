import Testing
import TrialCheckCore
@testable import TrialCheckEngine

@Suite("YAMLSyntaxParser")
struct YAMLSyntaxParserTests {
    @Test("Plain scalars are typed by the core schema; quoted scalars stay text", arguments: [
        ("no", Value.string("no")),
        ("yes", .string("yes")),
        ("off", .string("off")),
        ("'no'", .string("no")),
        ("\"yes\"", .string("yes")),
        ("true", .bool(true)),
        ("True", .bool(true)),
        ("FALSE", .bool(false)),
        ("'true'", .string("true")),
        ("~", .null),
        ("null", .null),
        ("", .null),
        ("'null'", .string("null")),
        ("0012", .number("0012")),
        ("'0012'", .string("0012")),
        ("42", .number("42")),
        ("-7", .number("-7")),
        ("50.4", .number("50.4")),
        ("1e3", .number("1e3")),
        ("\"50.4\"", .string("50.4")),
        ("50.4 Gy", .string("50.4 Gy")),
        ("2025-01-20", .string("2025-01-20")),
        ("2025-01", .string("2025-01")),
        ("2026-01-20T09:30:00Z", .string("2026-01-20T09:30:00Z")),
        ("'2025-01-20'", .string("2025-01-20")),
        ("GZ-0001", .string("GZ-0001")),
        (".inf", .string(".inf")),
        ("10^9/L", .string("10^9/L")),
    ])
    func scalarTyping(yaml: String, expected: Value) throws {
        let root = try YAMLSyntaxParser.parse("value: \(yaml)\n")
        #expect(try #require(root["value"]).value == expected)
    }

    @Test("A year alone is number text, which still reads as its digits")
    func yearIsNumberText() throws {
        let root = try YAMLSyntaxParser.parse("birth_date: 1961\n")
        #expect(root["birth_date"]?.scalarText == "1961")
    }

    /// Nested aliases, each level nine times the one below: `levels` levels expand to 9^levels nodes.
    static func aliasBomb(levels: Int) -> String {
        var lines = [#"a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]"#]
        for level in 1..<levels {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\npatients:\n  - {id: P1, enrollment: {date: 2026-01-20}, bomb: *a\(levels - 1)}\n"
    }

    @Test("An alias bomb is a located error, refused in bounded time", arguments: [6, 9])
    func aliasBomb(levels: Int) throws {
        let text = Self.aliasBomb(levels: levels)
        #expect(text.utf8.count < 700)
        let error = try #require(throws: SyntaxError.self) { try YAMLSyntaxParser.parse(text) }
        #expect(error.message.contains("alias bomb"))
        #expect(error.position.line <= levels + 3)
    }

    @Test("Aliases that expand within bounds are read, expanded")
    func modestAliases() throws {
        let text = "base: &base {site: S1, arm: A}\npatients:\n  - {id: P1, enrollment: {date: 2026-01-20}, extra: *base}\n  - {id: P2, enrollment: {date: 2026-01-20}, extra: *base}\n"
        let root = try YAMLSyntaxParser.parse(text)
        guard case .object(let members) = root.content, let patients = members.first(where: { $0.key == "patients" })?.value,
              case .array(let items) = patients.content, items.count == 2 else {
            Issue.record("expected two patients, found \(root)")
            return
        }
    }

    @Test("A protocol file that is an alias bomb is a located protocol error")
    func protocolAliasBomb() throws {
        let text = Self.aliasBomb(levels: 7).replacingOccurrences(of: "patients:", with: "checks:")
        #expect(throws: ProtocolError.self) { try ProtocolLoader(registry: TestSupport.registry).load(yaml: text, path: "bomb.yaml") }
    }

    @Test("An empty document is null")
    func emptyDocument() throws {
        #expect(try YAMLSyntaxParser.parse("").value == .null)
        #expect(try YAMLSyntaxParser.parse("# only a comment\n").value == .null)
    }

    @Test("Nodes and keys carry 1-based line and column")
    func positions() throws {
        let yaml = """
            patients:
              - id: P1
                enrollment: {date: 2026-01-20, arm: A}
            """
        let root = try YAMLSyntaxParser.parse(yaml)
        guard case .object(let top) = root.content else {
            Issue.record("expected a mapping")
            return
        }
        #expect(top[0].keyPosition == TextPosition(line: 1, column: 1))
        let patients = try #require(root["patients"])
        guard case .array(let records) = patients.content, let record = records.first else {
            Issue.record("expected a list")
            return
        }
        #expect(record.position == TextPosition(line: 2, column: 5))
        guard case .object(let members) = record.content else {
            Issue.record("expected a mapping")
            return
        }
        #expect(members.map(\.key) == ["id", "enrollment"])
        #expect(members[0].keyPosition == TextPosition(line: 2, column: 5))
        #expect(members[0].value.position == TextPosition(line: 2, column: 9))
        #expect(members[1].keyPosition == TextPosition(line: 3, column: 5))
        let enrollment = members[1].value
        #expect(enrollment.position == TextPosition(line: 3, column: 17))
        #expect(enrollment["date"]?.position == TextPosition(line: 3, column: 24))
        #expect(enrollment["arm"]?.position == TextPosition(line: 3, column: 41))
    }

    @Test("Columns count characters after non-ASCII text")
    func unicodeColumns() throws {
        let root = try YAMLSyntaxParser.parse("{名前: Zoë, n: 5}\n")
        #expect(root["n"]?.position == TextPosition(line: 1, column: 14))
    }

    @Test("A syntax error has the position libyaml reports and a message", arguments: [
        // An unclosed flow sequence: libyaml finds the problem at the next ':'.
        ("a: [1, 2\nb: 3\n", 2, 2, "did not find expected ',' or ']'"),
        // A key at a deeper indentation than its sibling.
        ("a: 1\n  b: 2\n", 2, 4, "mapping values are not allowed"),
        // A tab used for indentation.
        ("a:\n\tb: 1\n", 2, 1, "invalid YAML"),
        // An unterminated quoted scalar.
        ("a: \"open\nb: 2\n", 3, 1, "invalid YAML"),
    ] as [(String, Int, Int, String)])
    func syntaxError(yaml: String, line: Int, column: Int, message: String) throws {
        do {
            let node = try YAMLSyntaxParser.parse(yaml)
            Issue.record("expected a syntax error, parsed \(node.value)")
        } catch {
            #expect(error.position == TextPosition(line: line, column: column), "\(error.message)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    /// Like the JSON record decoder (which reports a duplicate at the repeated key), the
    /// error must point at the key that repeats, not at the start of its mapping.
    @Test("A duplicate key is an error naming the key, located at the repeated key", arguments: [
        ("id: P1\nsite: A\nid: P2\n", 3, 1),
        ("- id: P1\n  enrollment: {date: 2026-01-20}\n  id: P2\n", 3, 3),
        ("patients:\n  - id: P1\n    enrollment: {date: 2026-01-20, arm: A, date: 2026-01-21}\n", 3, 44),
    ])
    func duplicateKey(yaml: String, line: Int, column: Int) throws {
        do {
            let node = try YAMLSyntaxParser.parse(yaml)
            Issue.record("expected a duplicate-key error, parsed \(node.value)")
        } catch {
            #expect(error.message.contains("duplicate key"), "\(error.message)")
            #expect(error.position == TextPosition(line: line, column: column), "\(error.message)")
        }
    }

    /// The parser's documentation promises YAML's core schema (1.2); forms that only YAML 1.1
    /// reads as numbers (digit separators, base-60) must stay text.
    @Test("YAML 1.1-only number forms stay text", arguments: ["1_000", "12:30", "190:20:30"])
    func yaml11NumbersStayText(yaml: String) throws {
        let root = try YAMLSyntaxParser.parse("value: \(yaml)\n")
        #expect(root["value"]?.value == .string(yaml))
    }

    @Test("Core-schema number forms are number text", arguments: ["0x1A", "0o17", "+12", ".5", "017"])
    func coreNumbers(yaml: String) throws {
        let root = try YAMLSyntaxParser.parse("value: \(yaml)\n")
        #expect(root["value"]?.value == .number(yaml))
    }

    @Test("A duplicate key in a nested mapping is an error too")
    func nestedDuplicateKey() throws {
        let yaml = """
            - id: P1
              enrollment: {date: 2026-01-20, date: 2026-01-21}
            """
        #expect(throws: SyntaxError.self) { try YAMLSyntaxParser.parse(yaml) }
    }

    @Test("Plain scalars that are not core-schema numbers stay text", arguments: [
        "0x", "0xG1", "0o8", "1_000", "12:30", "1e", "1e+", "-", "+", ".", "1.2.3", "١٢", "2026-01-20", "50.4 Gy", "e5", "0b101",
    ])
    func notCoreNumbers(yaml: String) throws {
        #expect(!YAMLSyntaxParser.isCoreSchemaNumber(yaml))
    }

    @Test("Core-schema numbers, signs, fractions and exponents included", arguments: [
        "0", "-0", "+7", "12", "1.", ".5", "-1.5e3", "2E-2", "1e+9", "0x1f", "0o0",
    ])
    func coreNumberForms(yaml: String) throws {
        #expect(YAMLSyntaxParser.isCoreSchemaNumber(yaml))
    }

    @Test("Plain scalars are typed by the core schema's words, in their three spellings only", arguments: [
        ("", "null"), ("~", "null"), ("null", "null"), ("Null", "null"), ("NULL", "null"),
        ("true", "true"), ("True", "true"), ("TRUE", "true"), ("false", "false"), ("False", "false"), ("FALSE", "false"),
        ("nULL", "text"), ("nul", "text"), ("nulls", "text"), ("~~", "text"), ("tRUE", "text"), ("truE", "text"), ("Falsy", "text"),
        ("yes", "text"), ("no", "text"), ("n", "text"), ("t", "text"), ("f", "text"), ("FALSE ", "text"), ("nullé", "text"),
        ("12", "number"), ("-1.5e3", "number"), ("0x1f", "number"), ("50.4 Gy", "text"),
    ])
    func plainScalarKinds(text: String, kind: String) {
        let found = switch YAMLSyntaxParser.content(of: text, isPlain: true) {
        case .null: "null"
        case .bool(true): "true"
        case .bool(false): "false"
        case .number(let number): number == text ? "number" : "number changed"
        case .string(let string): string == text ? "text" : "text changed"
        case .array, .object: "collection"
        }
        #expect(found == kind)
        if case .string(let quoted) = YAMLSyntaxParser.content(of: text, isPlain: false) {
            #expect(quoted == text)
        } else {
            Issue.record("a quoted scalar is text")
        }
    }
}


@Suite("YAML records' repeated keys: looked for once, by the route that read them")
struct YAMLRecordRepeatedKeyTests {
    @Test("The direct routes vouch for unique keys; the Yams route does not", arguments: [
        ("- id: P1\n  enrollment: {date: 2026-01-20}\n", true),
        ("- {id: P1, enrollment: {date: 2026-01-20}, events: [{type: lab, test: anc}]}\n", true),
        ("- &p {id: P1, enrollment: {date: 2026-01-20}}\n", false),
        ("- id: !!str P1\n  enrollment: {date: 2026-01-20}\n", false),
    ])
    func vouches(text: String, unique: Bool) throws {
        #expect(try YAMLSyntaxParser.parseDocument(text).keysAreUnique == unique)
    }

    @Test("Keys only tags tell apart, read through Yams, are still rejected in a record")
    func taggedKeysThroughYams() throws {
        // The explicit tag sends the document to Yams, which keeps `!!int 1` and `1` (a
        // string to its basic resolver) apart; the record's decoder sees the same text twice.
        let text = """
            - id: P1
              enrollment: {date: 2026-01-20}
              events:
                - {type: lab, test: anc, !!int 1: a, 1: b}
            """
        let rejection = try #require(TestSupport.rejections(try TestSupport.readAll(text + "\n", name: "tagged.yaml")).first)
        #expect(rejection.reason == "duplicate key '1'")
        #expect(rejection.location.line == 4)
    }

    @Test("Records read directly decode as before: every key, every event")
    func directRecords() throws {
        let text = """
            - id: P1
              enrollment: {date: 2026-01-20, arm: A}
              events:
                - {type: lab, date: 2026-01-10, test: anc, value: 1.5, unit: 10^9/L}
                - type: radiotherapy
                  start: 2025-10-01
                  end: 2025-11-10
                  dose_gy: 50.4
            """
        let items = try TestSupport.readAll(text + "\n", name: "direct.yaml")
        let patient = try #require(TestSupport.patients(items).first)
        #expect(TestSupport.rejections(items).isEmpty)
        #expect(patient.events.count == 2)
        #expect(patient.events.first?["unit"]?.text == "10^9/L")
    }
}
