import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Generates random JSON documents (as text), with a variety of whitespace, escapes,
/// non-ASCII and astral characters, and numbers in every syntactic form.
private struct DocumentGenerator {
    var random: SeededGenerator

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }

    mutating func whitespace() -> String {
        guard chance(40) else { return "" }
        let pieces = [" ", "  ", "\t", "\n", "\r\n", "\n  "]
        return (0..<int(1...2)).map { _ in pieces[int(0...pieces.count - 1)] }.joined()
    }

    mutating func number() -> String {
        var text = chance(30) ? "-" : ""
        text += chance(20) ? "0" : String(int(1...9)) + (0..<int(0...8)).map { _ in String(int(0...9)) }.joined()
        if chance(35) { text += "." + (0..<int(1...6)).map { _ in String(int(0...9)) }.joined() }
        if chance(20) {
            text += ["e", "E"][int(0...1)] + ["", "+", "-"][int(0...2)] + String(int(0...30))
        }
        return text
    }

    /// A string's JSON text and the value it stands for.
    mutating func string() -> (json: String, value: String) {
        var json = "\""
        var value = ""
        for _ in 0..<int(0...12) {
            switch int(0...11) {
            case 0:
                let escapes: [(String, String)] = [
                    ("\\\"", "\""), ("\\\\", "\\"), ("\\/", "/"), ("\\b", "\u{08}"), ("\\f", "\u{0C}"),
                    ("\\n", "\n"), ("\\r", "\r"), ("\\t", "\t"),
                ]
                let escape = escapes[int(0...escapes.count - 1)]
                json += escape.0
                value += escape.1
            case 1:
                // A BMP \u escape, avoiding surrogates.
                var code = int(0x01...0xFFFD)
                if (0xD800...0xDFFF).contains(code) { code = 0x263A }
                let hex = String(code, radix: 16, uppercase: chance(50))
                json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                value.unicodeScalars.append(Unicode.Scalar(UInt32(code))!)
            case 2:
                // An astral character as a surrogate-pair escape.
                let code = int(0x10000...0x10FFFF)
                let high = 0xD800 + ((code - 0x10000) >> 10)
                let low = 0xDC00 + ((code - 0x10000) & 0x3FF)
                json += "\\u" + String(high, radix: 16) + "\\u" + String(low, radix: 16, uppercase: true)
                value.unicodeScalars.append(Unicode.Scalar(UInt32(code))!)
            case 3:
                let raw = ["é", "ü", "中", "文", "ß", "Ω", "😀", "𝄞", "ก", "\u{7F}"][int(0...9)]
                json += raw
                value += raw
            default:
                let ascii = "abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789-_.:;!?#$%&'()*+,<=>@[]^`{|}~"
                let character = ascii[ascii.index(ascii.startIndex, offsetBy: int(0...ascii.count - 1))]
                json.append(character)
                value.append(character)
            }
        }
        return (json + "\"", value)
    }

    mutating func value(depth: Int) -> String {
        let pick = depth >= 4 ? int(0...5) : int(0...8)
        switch pick {
        case 0: return "null"
        case 1: return "true"
        case 2: return "false"
        case 3, 4: return number()
        case 5: return string().json
        case 6, 7:
            var keys = Set<String>()
            var members: [String] = []
            for _ in 0..<int(0...5) {
                let key = string()
                guard keys.insert(key.value).inserted else { continue }
                members.append(whitespace() + key.json + whitespace() + ":" + whitespace() + value(depth: depth + 1) + whitespace())
            }
            return "{" + (members.isEmpty ? whitespace() : members.joined(separator: ",")) + "}"
        default:
            let items = (0..<int(0...5)).map { _ in whitespace() + value(depth: depth + 1) + whitespace() }
            return "[" + (items.isEmpty ? whitespace() : items.joined(separator: ",")) + "]"
        }
    }

    mutating func document() -> String {
        whitespace() + value(depth: 0) + whitespace()
    }
}

/// Compares a parsed tree with Foundation's parse of the same text; returns the first
/// difference, or `nil`.
private func difference(_ node: SyntaxNode, _ foundation: Any, path: String = "$") -> String? {
    switch node.content {
    case .null:
        return foundation is NSNull ? nil : "\(path): null vs \(foundation)"
    case .bool(let flag):
        guard let other = foundation as? Bool, other == flag else { return "\(path): \(flag) vs \(foundation)" }
        return nil
    case .number(let text):
        guard let number = foundation as? NSNumber, let expected = Double(text) else {
            return "\(path): number \(text) vs \(foundation)"
        }
        // Foundation may round long mantissas with exponents through Decimal: allow for its
        // rounding, not ours (we keep the text).
        let actual = number.doubleValue
        let tolerance = 1e-12 * max(abs(actual), abs(expected))
        return abs(actual - expected) <= tolerance ? nil : "\(path): number \(text) vs \(number)"
    case .string(let text):
        guard let other = foundation as? String else { return "\(path): string vs \(foundation)" }
        return Array(other.unicodeScalars) == Array(text.unicodeScalars) ? nil : "\(path): \(text.debugDescription) vs \(other.debugDescription)"
    case .array(let items):
        guard let other = foundation as? [Any], other.count == items.count else { return "\(path): array vs \(foundation)" }
        for (index, item) in items.enumerated() {
            if let found = difference(item, other[index], path: "\(path)[\(index)]") { return found }
        }
        return nil
    case .object(let members):
        guard let other = foundation as? [String: Any], other.count == members.count else {
            return "\(path): object vs \(foundation)"
        }
        for member in members {
            guard let value = other[member.key] else { return "\(path): key \(member.key.debugDescription) missing" }
            if let found = difference(member.value, value, path: "\(path).\(member.key)") { return found }
        }
        return nil
    }
}

/// Checks that every node's position points at the first character of its text in
/// `lines` (each line as an array of characters, so columns count Unicode scalars).
private func misplaced(_ node: SyntaxNode, in lines: [[Unicode.Scalar]], path: String = "$") -> String? {
    func character(at position: TextPosition) -> Unicode.Scalar? {
        guard lines.indices.contains(position.line - 1) else { return nil }
        let line = lines[position.line - 1]
        return line.indices.contains(position.column - 1) ? line[position.column - 1] : nil
    }
    let expected: Set<Unicode.Scalar>
    switch node.content {
    case .null: expected = ["n"]
    case .bool(let flag): expected = [flag ? "t" : "f"]
    case .number(let text): expected = [text.unicodeScalars.first ?? "?"]
    case .string: expected = ["\""]
    case .array: expected = ["["]
    case .object: expected = ["{"]
    }
    guard let found = character(at: node.position), expected.contains(found) else {
        return "\(path) at \(node.position.line):\(node.position.column) found \(String(describing: character(at: node.position)))"
    }
    switch node.content {
    case .array(let items):
        for (index, item) in items.enumerated() {
            if let problem = misplaced(item, in: lines, path: "\(path)[\(index)]") { return problem }
        }
    case .object(let members):
        for member in members {
            guard character(at: member.keyPosition) == "\"" else {
                return "\(path).\(member.key) key at \(member.keyPosition.line):\(member.keyPosition.column)"
            }
            if let problem = misplaced(member.value, in: lines, path: "\(path).\(member.key)") { return problem }
        }
    default:
        break
    }
    return nil
}

/// Splits text into lines of scalars the way the parser counts them (LF ends a line; CR is
/// a character like any other).
private func scalarLines(_ text: String) -> [[Unicode.Scalar]] {
    var lines: [[Unicode.Scalar]] = [[]]
    for scalar in text.unicodeScalars {
        if scalar == "\n" { lines.append([]) } else { lines[lines.count - 1].append(scalar) }
    }
    return lines
}

@Suite("JSONSyntaxParser: randomized comparison with Foundation")
struct JSONSyntaxParserPropertyTests {
    static let documentCount = 3_000

    @Test("Generated documents parse to the same tree as JSONSerialization, and every position points at its value")
    func agreesWithFoundation() throws {
        var generator = DocumentGenerator(random: SeededGenerator(seed: 0x7121_A1C4_EC4E_2025))
        var failures = 0
        for index in 0..<Self.documentCount {
            let text = generator.document()
            let node: SyntaxNode
            do {
                node = try JSONSyntaxParser.parse(Array(text.utf8))
            } catch {
                Issue.record("document \(index) did not parse: \(error.message) at \(error.position): \(text.debugDescription)")
                failures += 1
                if failures > 5 { return }
                continue
            }
            let foundation = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            if let found = difference(node, foundation) {
                Issue.record("document \(index) differs from Foundation at \(found): \(text.debugDescription)")
                failures += 1
            }
            if let problem = misplaced(node, in: scalarLines(text)) {
                Issue.record("document \(index): position wrong for \(problem): \(text.debugDescription)")
                failures += 1
            }
            if failures > 5 { return }
        }
    }

    @Test("Damaged documents that Foundation rejects are rejected too")
    func rejectsWhatFoundationRejects() throws {
        var generator = DocumentGenerator(random: SeededGenerator(seed: 0x5EED_0000_0000_0042))
        var checked = 0
        for _ in 0..<Self.documentCount {
            var bytes = Array(generator.document().utf8)
            guard bytes.count > 1 else { continue }
            // Damage one byte: delete it, or replace it with a structural character.
            let position = generator.int(0...bytes.count - 1)
            if generator.chance(50) {
                bytes.remove(at: position)
            } else {
                let damage = Array("{}[],:\"\\x0".utf8)
                bytes[position] = damage[generator.int(0...damage.count - 1)]
            }
            let foundation = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            let ours = try? JSONSyntaxParser.parse(bytes)
            if foundation == nil {
                checked += 1
                #expect(ours == nil, "accepted what Foundation rejects: \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            } else if let ours, let foundation {
                // Duplicate keys (which damage can create) are kept by us and merged by Foundation.
                #expect(
                    difference(ours, foundation) == nil || hasDuplicateKeys(ours),
                    "differs from Foundation: \(String(decoding: bytes, as: UTF8.self).debugDescription)"
                )
            }
        }
        #expect(checked > 100)
    }
}

private func hasDuplicateKeys(_ node: SyntaxNode) -> Bool {
    switch node.content {
    case .object(let members):
        Set(members.map(\.key)).count != members.count || members.contains { hasDuplicateKeys($0.value) }
    case .array(let items):
        items.contains(where: hasDuplicateKeys)
    default:
        false
    }
}
