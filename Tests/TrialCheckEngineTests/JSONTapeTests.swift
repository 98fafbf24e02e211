import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// A line's JSON read in place (``JSONTape/read(_:line:file:)``) gives what its parsed tree
/// gives, positions and key positions included, or gives up on it; what it gives up on
/// includes everything the parser rejects.
@Suite("JSON tapes read in place")
struct JSONTapeTests {
    typealias Support = ReaderTestSupport

    /// Every value, key and position of a tree, spelled out.
    static func spelled(_ node: SyntaxNode) -> String {
        let at = "@\(node.position.line):\(node.position.column)\(node.position.file ?? "")"
        switch node.content {
        case .null: return "null" + at
        case .bool(let flag): return "\(flag)" + at
        case .number(let text): return "#\(text)" + at
        case .string(let text): return "'\(text)'" + at
        case .array(let items): return "[" + items.map(spelled).joined(separator: ",") + "]" + at
        case .object(let members):
            return "{" + members.map { "\($0.key)@\($0.keyPosition.line):\($0.keyPosition.column)=\(spelled($0.value))" }
                .joined(separator: ",") + "}" + at
        }
    }

    /// Expects the in-place read of `line` to give its tree, or to give up; whether it read it.
    @discardableResult
    static func expectAgrees(_ line: String, number: Int = 7, file: String? = "Observation.ndjson") -> Bool {
        let bytes = Array(line.utf8)
        let parsed = try? JSONSyntaxParser.parse(bytes, firstLine: number, file: file)
        guard let tape = JSONTape.read(bytes, line: number, file: file) else { return false }
        #expect(parsed != nil, "read in place a line the parser rejects: \(line)")
        guard let parsed else { return true }
        #expect(spelled(tape.root.syntax) == spelled(parsed), "\(line)")
        #expect(spelled(JSONTape(parsed).root.syntax) == spelled(parsed), "\(line)")
        return true
    }

    @Test("Values, nesting, spaces, texts not in ASCII: read in place as parsed", arguments: [
        #"{"a":1,"b":[true,false,null,-0.5e+3,"x"],"c":{},"d":[],"e":{"f":{"g":[[]]}}}"#,
        #"  { "resourceType" : "Observation" , "id":"o1" }  "#,
        "{\"text\":\"é ☃ 𝄞\",\"after\":{\"x\":\"y\"},\"n\":12}",
        "\t{\"a\":\"\"}\r",
        #"{"a":"x","a":"y"}"#,
        #"[1,{"k":[2,3]},"z"]"#,
        #""just a string""#, "42", "null",
    ])
    func readsAsParsed(line: String) {
        #expect(Self.expectAgrees(line))
    }

    @Test("What the parser rejects, or reads with an escape, is left to the parser", arguments: [
        #"{"a":"\u00e9"}"#, #"{"a\n":1}"#, #"{"a":1"#, #"{"a":1,}"#, #"{"a" 1}"#, #"[1,]"#, #"{"a":01}"#, #"{"a":-}"#,
        #"{"a":1.}"#, #"{"a":tru}"#, #"{"a":nul}"#, "{\"a\":\"\u{1}\"}", #"{} {}"#, "", "   ", #"{'a':1}"#,
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func leftToParser(line: String) {
        #expect(!Self.expectAgrees(line))
    }

    @Test("Invalid UTF-8 in a string is left to the parser")
    func invalidUTF8() {
        let bytes: [UInt8] = Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(JSONTape.read(bytes, line: 1, file: nil) == nil)
    }

    @Test("Every line of the FHIR fixtures and examples reads in place as parsed")
    func fixtures() throws {
        var read = 0
        for folder in [Support.fixture("fhir/bulk"), Support.repositoryRoot.appendingPathComponent("Examples/formats/fhir").path] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".ndjson") {
                let text = try String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8)
                for (offset, line) in text.split(separator: "\n").enumerated() where Self.expectAgrees(String(line), number: offset + 1, file: name) {
                    read += 1
                }
            }
        }
        #expect(read > 100)
    }

    @Test("A node's text tests are its text's")
    func textTests() throws {
        let plain = #"{"a":"mg","b":" mg ","c":"K","d":"\#u{212A}","e":5,"f":true,"g":null,"h":"","i":{"x":1},"l":"a/mg","m":"é/mg"}"#
        // Escapes: parsed only.
        let escaped = #"{"a":" \t","b":"\r\n","c":"\n","d":"x\r","e":"\u212A"}"#
        let roots = [
            try #require(JSONTape.read(Array(plain.utf8), line: 1, file: nil)).root,
            JSONTape(try JSONSyntaxParser.parse(Array(plain.utf8))).root,
            JSONTape(try JSONSyntaxParser.parse(Array(escaped.utf8))).root,
        ]
        #expect(JSONTape.read(Array(escaped.utf8), line: 1, file: nil) == nil)
        for root in roots {
            for key: StaticString in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "l", "m"] {
                guard let node = root[key] else { continue }
                #expect(node.hasText == (node.text != nil), "\(key)")
                for other in ["mg", " mg", "K", "\u{212A}", "5", "true", "", "x", "/mg", "\n"] {
                    #expect(node.isText(other) == (node.text == other), "\(key) \(other)")
                    #expect(node.textHasSuffix(other) == (node.text?.hasSuffix(other) ?? false), "\(key) \(other)")
                }
                // One of several texts is any of them.
                let lists: [[StaticString]] = [["mg", "K"], ["x", "\u{212A}"], ["5", "true", "a/mg"], ["é/mg"], []]
                for others in lists {
                    #expect(node.isText(oneOf: others) == others.contains { node.text == "\($0)" }, "\(key) \(others)")
                }
                // A suffix in two parts is the two spelled together.
                let parts: [(StaticString, StaticString)] = [("/", "mg"), ("a/", "mg"), ("", "mg"), ("/", ""), ("x", "mg"), ("\n", "x")]
                for (head, tail) in parts {
                    #expect(node.textHasSuffix(head, tail) == (node.text?.hasSuffix("\(head)\(tail)") ?? false), "\(key) \(head) \(tail)")
                }
            }
        }
    }
}
