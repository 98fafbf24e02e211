import Testing
@testable import TrialCheckEngine

/// A string found again in the table is the string its bytes spell, whatever else the
/// table met in between (collisions, other lengths, long strings).
@Suite("JSON string table")
struct JSONStringTableTests {
    static func string(_ table: JSONStringTable, _ text: String) -> String {
        Array(text.utf8).withUnsafeBufferPointer(table.string)
    }

    @Test("Thousands of strings, each read twice among the others: always its own text")
    func manyStrings() {
        let table = JSONStringTable()
        let texts = [""] + (0..<10_000).map { "k\($0 % 997)-\(String(repeating: "x", count: $0 % 60))" }
        for text in texts + texts.reversed() {
            #expect(Self.string(table, text) == text)
        }
    }

    @Test("Strings that differ only in their last byte, or in length")
    func nearStrings() {
        let table = JSONStringTable()
        let texts = ["http://loinc.org", "http://loinc.orh", "http://loinc.or", "http://loinc.org/", "a", "b", "ab"]
        for _ in 0..<3 {
            for text in texts { #expect(Self.string(table, text) == text) }
        }
    }

    @Test("The parser gives the same tree with and without a table")
    func parserAgrees() throws {
        let table = JSONStringTable()
        let lines = [
            #"{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"6690-2"}]},"value":6.2}"#,
            #"{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"751-8"}]},"value":6.20}"#,
            #"{"resourceType":"Condition","note":"Zoë \"quoted\"","value":-1e3}"#,
        ]
        for line in lines + lines {
            let plain = try JSONSyntaxParser.parse(Array(line.utf8))
            let tabled = try JSONSyntaxParser.parse(Array(line.utf8), strings: table)
            #expect(plain.value == tabled.value)
        }
    }
}
