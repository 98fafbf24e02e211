import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Parses UTF-8 text.
private func parse(_ text: String, firstLine: Int = 1) throws(SyntaxError) -> SyntaxNode {
    try JSONSyntaxParser.parse(Array(text.utf8), firstLine: firstLine)
}

/// The error parsing `bytes` throws, or a recorded failure.
private func parseError(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> SyntaxError? {
    do {
        let node = try JSONSyntaxParser.parse(bytes)
        Issue.record("expected a syntax error, parsed \(node.value)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

private func member(_ node: SyntaxNode, _ key: String) -> (keyPosition: TextPosition, value: SyntaxNode)? {
    guard case .object(let members) = node.content, let found = members.first(where: { $0.key == key }) else { return nil }
    return (found.keyPosition, found.value)
}

private func items(_ node: SyntaxNode) -> [SyntaxNode] {
    if case .array(let items) = node.content { return items }
    return []
}

@Suite("JSONSyntaxParser: values")
struct JSONSyntaxParserValueTests {
    @Test("Scalars parse to their values", arguments: [
        ("null", Value.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("\"text\"", .string("text")),
        ("\"\"", .string("")),
        ("0", .number("0")),
        ("  42  ", .number("42")),
        ("\n\t\r 7 \r\n", .number("7")),
    ])
    func scalars(text: String, expected: Value) throws {
        #expect(try parse(text).value == expected)
    }

    @Test("Numbers keep the text they were written as", arguments: [
        "0", "-0", "7", "-12", "1.50", "0.000", "1e5", "1E+2", "-3.25e-10", "12345678901234567890123456789",
        "0.1000000000000000055511151231257827",
    ])
    func numbersAsText(text: String) throws {
        #expect(try parse(text).value == .number(text))
        #expect(try parse("[\(text)]").value == .list([.number(text)]))
    }

    @Test("Objects and arrays nest, and keys keep document order")
    func containers() throws {
        let node = try parse(#"{"b": [1, {"c": null}], "a": {}, "d": [], "e": false}"#)
        guard case .object(let members) = node.content else {
            Issue.record("expected an object")
            return
        }
        #expect(members.map(\.key) == ["b", "a", "d", "e"])
        #expect(node.value == .map([
            "b": .list([.number("1"), .map(["c": .null])]),
            "a": .map([:]),
            "d": .list([]),
            "e": .bool(false),
        ]))
    }

    @Test("Duplicate keys are kept for the decoder to judge")
    func duplicateKeysKept() throws {
        let node = try parse(#"{"a": 1, "a": 2}"#)
        guard case .object(let members) = node.content else {
            Issue.record("expected an object")
            return
        }
        #expect(members.map(\.key) == ["a", "a"])
    }

    @Test("Escapes decode", arguments: [
        (#""\"\\\/""#, "\"\\/"),
        (#""\b\f\n\r\t""#, "\u{08}\u{0C}\n\r\t"),
        (#""\u0041\u00e9\u4E2D""#, "Aé中"),
        (#""\u0000x""#, "\u{0}x"),
        (#""a\nb""#, "a\nb"),
        (#""é\tü""#, "é\tü"),
    ])
    func escapes(text: String, expected: String) throws {
        #expect(try parse(text).value == .string(expected))
    }

    @Test("Surrogate pairs decode to one scalar", arguments: [
        (#""\ud83d\ude00""#, "😀"),
        (#""\uD834\uDD1E""#, "𝄞"),
        (#""x\uDBFF\uDFFFy""#, "x\u{10FFFF}y"),
        (#""\ud800\udc00""#, "\u{10000}"),
    ])
    func surrogatePairs(text: String, expected: String) throws {
        let value = try parse(text).value
        #expect(value == .string(expected))
        #expect(value.text?.unicodeScalars.count == expected.unicodeScalars.count)
    }

    @Test("Raw non-ASCII text passes through")
    func rawUnicode() throws {
        #expect(try parse(#""Zoë 中文 😀""#).value == .string("Zoë 中文 😀"))
    }
}

@Suite("JSONSyntaxParser: positions")
struct JSONSyntaxParserPositionTests {
    @Test("Nested values and keys carry their line and column")
    func nestedPositions() throws {
        let text = """
            {
              "name": "Zoë",
              "list": [1, {"deep": true}],
                "after": null
            }
            """
        let root = try parse(text)
        #expect(root.position == TextPosition(line: 1, column: 1))
        let name = try #require(member(root, "name"))
        #expect(name.keyPosition == TextPosition(line: 2, column: 3))
        #expect(name.value.position == TextPosition(line: 2, column: 11))
        let list = try #require(member(root, "list"))
        #expect(list.keyPosition == TextPosition(line: 3, column: 3))
        #expect(list.value.position == TextPosition(line: 3, column: 11))
        let listItems = items(list.value)
        #expect(listItems.map(\.position) == [TextPosition(line: 3, column: 12), TextPosition(line: 3, column: 15)])
        let deep = try #require(member(listItems[1], "deep"))
        #expect(deep.keyPosition == TextPosition(line: 3, column: 16))
        #expect(deep.value.position == TextPosition(line: 3, column: 24))
        let after = try #require(member(root, "after"))
        #expect(after.keyPosition == TextPosition(line: 4, column: 5))
        #expect(after.value.position == TextPosition(line: 4, column: 14))
    }

    @Test("Columns count characters, not bytes, after non-ASCII text")
    func columnsCountCharacters() throws {
        // Two-, three- and four-byte characters before the positions measured.
        let root = try parse(#"{"ключ": "значение", "中文": "😀😀", "n": 5}"#)
        let key = try #require(member(root, "ключ"))
        #expect(key.keyPosition.column == 2)
        #expect(key.value.position.column == 10)
        let chinese = try #require(member(root, "中文"))
        #expect(chinese.keyPosition.column == 22)
        #expect(chinese.value.position.column == 28)
        let n = try #require(member(root, "n"))
        #expect(n.keyPosition.column == 34)
        #expect(n.value.position.column == 39)
    }

    @Test("Columns count characters after a string with escapes")
    func columnsAfterEscapes() throws {
        let root = try parse(#"{"a": "é\n\u00e9", "b": 1}"#)
        let b = try #require(member(root, "b"))
        #expect(b.keyPosition == TextPosition(line: 1, column: 20))
        #expect(b.value.position == TextPosition(line: 1, column: 25))
    }

    @Test("Non-ASCII text on one line does not shift columns on the next")
    func columnsResetPerLine() throws {
        let root = try parse("{\"a\": \"ééé\",\n \"b\": 2}")
        let b = try #require(member(root, "b"))
        #expect(b.keyPosition == TextPosition(line: 2, column: 2))
        #expect(b.value.position == TextPosition(line: 2, column: 7))
    }

    @Test("CRLF line endings count one line each")
    func crlf() throws {
        let root = try parse("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}\r\n")
        #expect(member(root, "a")?.value.position == TextPosition(line: 2, column: 8))
        #expect(member(root, "b")?.value.position == TextPosition(line: 3, column: 8))
    }

    @Test("The first line number is configurable, for a line of a stream")
    func firstLine() throws {
        let root = try parse(#"{"a": [true]}"#, firstLine: 41)
        #expect(root.position == TextPosition(line: 41, column: 1))
        #expect(member(root, "a")?.value.position == TextPosition(line: 41, column: 7))
        do {
            _ = try parse(#"{"a": tru}"#, firstLine: 41)
            Issue.record("expected an error")
        } catch {
            #expect(error.position == TextPosition(line: 41, column: 10))
        }
    }
}

/// One malformed document: where the error must be and what the message must say.
struct JSONErrorCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let line: Int
    let column: Int
    let message: String

    init(_ name: String, _ text: String, _ line: Int, _ column: Int, _ message: String) {
        self.init(name, Array(text.utf8), line, column, message)
    }

    init(_ name: String, _ bytes: [UInt8], _ line: Int, _ column: Int, _ message: String) {
        self.name = name
        self.bytes = bytes
        self.line = line
        self.column = column
        self.message = message
    }

    var testDescription: String { name }
}

@Suite("JSONSyntaxParser: errors")
struct JSONSyntaxParserErrorTests {
    static let cases: [JSONErrorCase] = [
        JSONErrorCase("trailing comma in an object", #"{"a": 1,}"#, 1, 9, "expected a key in double quotes, found '}'"),
        JSONErrorCase("trailing comma in an array", "[1, 2,]", 1, 7, "expected a JSON value, found ']'"),
        JSONErrorCase("trailing comma on a later line", "{\n  \"a\": 1,\n}", 3, 1, "expected a key in double quotes"),
        JSONErrorCase("missing colon", #"{"a" 1}"#, 1, 6, "expected ':' after the key 'a', found '1'"),
        JSONErrorCase("missing comma", "[1 2]", 1, 4, "expected ',' or ']', found '2'"),
        JSONErrorCase("missing comma between members", #"{"a": 1 "b": 2}"#, 1, 9, "expected ',' or '}'"),
        JSONErrorCase("unquoted key", "{a: 1}", 1, 2, "expected a key in double quotes, found 'a'"),
        JSONErrorCase("unterminated string", #"{"a": "abc"#, 1, 11, "unterminated string"),
        JSONErrorCase("unterminated string after a backslash", #""abc\"#, 1, 6, "unterminated string"),
        JSONErrorCase("unterminated string on a later line", "[\n  \"ab", 2, 6, "unterminated string"),
        JSONErrorCase("bad escape", #"["a\qb"]"#, 1, 5, "unknown escape '\\q'"),
        JSONErrorCase("bad unicode escape digits", #""\u12G4""#, 1, 6, "expected four hex digits after \\u, found 'G'"),
        JSONErrorCase("truncated unicode escape", #""\u12"#, 1, 4, "expected four hex digits after \\u"),
        JSONErrorCase("lone high surrogate", #""\ud83d""#, 1, 8, "unpaired UTF-16 surrogate"),
        JSONErrorCase("lone low surrogate", #""\ude00""#, 1, 8, "unpaired UTF-16 surrogate"),
        JSONErrorCase("high surrogate followed by a non-surrogate", #""\ud83d\u0041""#, 1, 14, "invalid UTF-16 surrogate pair"),
        JSONErrorCase("leading zero", "012", 1, 2, "a number must not start with 0"),
        JSONErrorCase("leading zero in a member", #"{"n": -007}"#, 1, 9, "a number must not start with 0"),
        JSONErrorCase("minus without digits", "-", 1, 2, "expected a digit, found the end of the input"),
        JSONErrorCase("fraction without digits", "[1.]", 1, 4, "expected a digit after '.', found ']'"),
        JSONErrorCase("exponent without digits", "1e+", 1, 4, "expected a digit in the exponent"),
        JSONErrorCase("leading plus", "+1", 1, 1, "expected a JSON value, found '+'"),
        JSONErrorCase("leading dot", ".5", 1, 1, "expected a JSON value, found '.'"),
        JSONErrorCase("tab in a string", "\"a\tb\"", 1, 3, "control character in a string"),
        JSONErrorCase("newline in a string", "[\"a\nb\"]", 1, 4, "control character in a string"),
        JSONErrorCase("control character after an escape", "\"\\n\u{01}\"", 1, 4, "control character in a string"),
        JSONErrorCase("empty input", "", 1, 1, "expected a JSON value, found the end of the input"),
        JSONErrorCase("whitespace only", " \n ", 2, 2, "expected a JSON value, found the end of the input"),
        JSONErrorCase("truncated object", #"{"a": [1, 2"#, 1, 12, "expected ',' or ']', found the end of the input"),
        JSONErrorCase("truncated after a key", #"{"a""#, 1, 5, "expected ':' after the key 'a', found the end of the input"),
        JSONErrorCase("truncated after a colon", #"{"a":"#, 1, 6, "expected a JSON value, found the end of the input"),
        JSONErrorCase("truncated before a key", "{", 1, 2, "expected a key in double quotes, found the end of the input"),
        JSONErrorCase("truncated literal", "[tru", 1, 5, "expected 'true', found the end of the input"),
        JSONErrorCase("misspelt literal", "nul1", 1, 4, "expected 'null', found '1'"),
        JSONErrorCase("text after the value", #"{"a": 1} x"#, 1, 10, "expected the end of the JSON value, found 'x'"),
        JSONErrorCase("two values", "1 2", 1, 3, "expected the end of the JSON value, found '2'"),
        JSONErrorCase("single quotes", "['a']", 1, 2, "expected a JSON value, found '''"),
        JSONErrorCase("byte-order mark is not a value", [0xEF, 0xBB, 0xBF, 0x31], 1, 1, "found byte 0xEF"),
        JSONErrorCase("non-ASCII byte outside a string", [0x5B, 0xC3, 0xA9, 0x5D], 1, 2, "expected a JSON value, found byte 0xC3"),
    ]

    @Test("Each error names its position and what was expected", arguments: cases)
    func errorCase(_ errorCase: JSONErrorCase) throws {
        let error = try #require(parseError(errorCase.bytes))
        #expect(error.position == TextPosition(line: errorCase.line, column: errorCase.column), "\(error.message)")
        #expect(error.message.contains(errorCase.message), "message: \(error.message)")
    }

    @Test("Error columns count characters after non-ASCII text")
    func errorColumnAfterUnicode() throws {
        let error = try #require(parseError(Array(#"{"名前": "Zoë", "x" 1}"#.utf8)))
        #expect(error.position == TextPosition(line: 1, column: 19))
        #expect(error.message.contains("expected ':' after the key 'x'"))
    }

    /// Invalid UTF-8 inside a string: the error must point into that string (at its opening
    /// quote or at the bad byte), not past it.
    @Test("Invalid UTF-8 in a string is located inside the string", arguments: [
        // "a<FF>b": string at column 2, bad byte at column 4.
        ([0x5B, 0x22, 0x61, 0xFF, 0x62, 0x22, 0x5D], 2, 4),
        // A truncated two-byte sequence: "<C3>" then a comma.
        ([0x5B, 0x22, 0xC3, 0x22, 0x2C, 0x31, 0x5D], 2, 3),
        // A lone continuation byte after an escape: "\n<80>".
        ([0x5B, 0x22, 0x5C, 0x6E, 0x80, 0x22, 0x5D], 2, 5),
    ] as [([UInt8], Int, Int)])
    func invalidUTF8(bytes: [UInt8], stringColumn: Int, badByteColumn: Int) throws {
        let error = try #require(parseError(bytes))
        #expect(error.message.contains("invalid UTF-8"), "message: \(error.message)")
        #expect(error.position.line == 1)
        #expect(
            error.position.column == stringColumn || error.position.column == badByteColumn,
            "invalid UTF-8 reported at column \(error.position.column); the string starts at \(stringColumn), the bad byte is at \(badByteColumn)"
        )
    }

    @Test("Invalid UTF-8 in a key is an error")
    func invalidUTF8Key() throws {
        let error = try #require(parseError([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]))
        #expect(error.message.contains("invalid UTF-8"))
    }

    @Test("Nesting up to 512 levels parses; 513 is an error at the 513th bracket", arguments: ["[", "{\"k\":"])
    func nestingDepth(opener: String) throws {
        let closer = opener == "[" ? "]" : "}"
        let deepest = String(repeating: opener, count: 512) + "1" + String(repeating: closer, count: 512)
        _ = try parse(deepest)

        let tooDeep = String(repeating: opener, count: 513) + "1" + String(repeating: closer, count: 513)
        let error = try #require(parseError(Array(tooDeep.utf8)))
        #expect(error.message.contains("nesting deeper than 512 levels"))
        #expect(error.position == TextPosition(line: 1, column: 512 * opener.count + 1))
    }

    @Test("Very deep input fails without exhausting the stack")
    func veryDeep() throws {
        let error = try #require(parseError(Array(String(repeating: "[", count: 100_000).utf8)))
        #expect(error.message.contains("nesting deeper"))
    }

    @Test("Mixed arrays and objects count toward one depth limit")
    func mixedDepth() throws {
        let ok = String(repeating: "[{\"a\":", count: 256) + "0" + String(repeating: "}]", count: 256)
        _ = try parse(ok)
        let tooDeep = "[" + ok + "]"
        let error = try #require(parseError(Array(tooDeep.utf8)))
        #expect(error.message.contains("nesting deeper than 512 levels"))
    }
}

@Suite("JSONSyntaxParser: truncated input")
struct JSONSyntaxParserTruncationTests {
    /// A resource line with every kind of value: escapes, a surrogate pair, non-ASCII
    /// text, numbers with fractions and exponents, literals, nesting.
    static let line = #"{"resourceType":"Observation","id":"o-1","text":{"div":"<div>Ü \"q\" \\ \/ \u00e9 \ud83d\ude00</div>"},"#
        + #""valueQuantity":{"value":-12.5e+3,"unit":"mg"},"flags":[true,false,null,0,[],{}],"note":"ß"}"#

    @Test("Every proper prefix of a document is an error located within it, at the end of the text or before")
    func everyPrefixIsLocatedError() throws {
        let bytes = Array(Self.line.utf8)
        _ = try JSONSyntaxParser.parse(bytes)
        for count in 0..<bytes.count {
            let prefix = Array(bytes[..<count])
            let error = try #require(parseError(prefix))
            #expect(error.position.line == 1)
            #expect(error.position.column >= 1 && error.position.column <= prefix.count + 1, "prefix of \(count) bytes: \(error.message)")
        }
    }
}
