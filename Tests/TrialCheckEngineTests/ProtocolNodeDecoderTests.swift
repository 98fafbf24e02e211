import Foundation
import Testing
import TrialCheckCore
import Yams
@testable import TrialCheckEngine

@Suite("ProtocolNodeDecoder: YAMLDecoder's values and errors from a protocol node")
struct ProtocolNodeDecoderTests {
    struct Inner: Decodable, Equatable {
        let name: String
        let count: Int?
    }

    struct Sample: Decodable, Equatable {
        let min: Int?
        let max: Double?
        let flag: Bool?
        let label: String?
        let dose: Quantity?
        let items: [String]?
        let inner: Inner?
        let nested: [[Int]]?
        let map: [String: Int]?
        let when: Date?
        /// A key Yams's resolver reads as a Boolean when plain.
        let on: Int?
    }

    /// Both decoders' outcome as text: the value, or the error's case, coding path and description.
    static func outcome(_ decode: () throws -> Sample) -> String {
        do {
            return "\(try decode())"
        } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                return "keyNotFound \(key.stringValue) at \(path(context.codingPath)): \(context.debugDescription)"
            case .typeMismatch(let type, let context):
                return "typeMismatch \(type) at \(path(context.codingPath)): \(context.debugDescription)"
            case .valueNotFound(let type, let context):
                return "valueNotFound \(type) at \(path(context.codingPath)): \(context.debugDescription)"
            case .dataCorrupted(let context):
                return "dataCorrupted at \(path(context.codingPath)): \(context.debugDescription)"
            @unknown default:
                return "\(error)"
            }
        } catch {
            return "other \(error)"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { "\($0.stringValue)/\($0.intValue.map(String.init) ?? "-")" }.joined(separator: ".")
    }

    @Test("The same value or the same error as YAMLDecoder", arguments: [
        "min: 1\nmax: 2.5\nflag: true\nlabel: text\n",
        "min: 0x1f\nmax: 1_000.5\nflag: yes\nlabel: 12\n",
        "min: ~\nmax: null\nflag:\nlabel: ''\n",
        "min: '1'\n",
        "min: 1.5\n",
        "max: '2.5'\n",
        "flag: 'true'\n",
        "flag: maybe\n",
        "label: [a]\n",
        "label: {a: 1}\n",
        "dose: 50.4 Gy\n",
        "dose: {value: 50, unit: Gy}\n",
        "dose: 50\n",
        "dose: {value: x, unit: Gy}\n",
        "items: [a, 'b', 3]\nnested: [[1, 2], [3]]\n",
        "items: a\n",
        "items: [a, [b]]\n",
        "nested: [[1, x]]\n",
        "inner: {name: n, count: 2}\n",
        "inner: {count: 2}\n",
        "inner: [1]\n",
        "map: {a: 1}\n",
        "map: {a: x}\n",
        "'min': 3\n\"max\": 4\n",
        "when: 2026-01-20\n",
        "when: soon\n",
        "{}\n",
        "[]\n",
        "plain\n",
        "min: !!str 5\n",
        "base: &b 1\nmin: *b\n",
        "<<: {min: 3}\nmax: 1\n",
        "yes: 1\nmin: 2\n",
        "on: 1\n",
        "'on': 1\n",
    ])
    func sameOutcome(yaml: String) throws {
        let node = try #require(try Yams.compose(yaml: yaml))
        let reference = Self.outcome { try YAMLDecoder().decode(Sample.self, from: node) }
        let source = Self.outcome { try YAMLParameterSource(node: node).decode(Sample.self) }
        #expect(source == reference)
        if ProtocolNodeDecoder.decodes(node) {
            #expect(Self.outcome { try ProtocolNodeDecoder(node: node).decode(Sample.self) } == reference)
        }
    }

    @Test("Trees with merge keys, `=` keys or tags are left to YAMLDecoder", arguments: [
        "<<: {min: 3}\n",
        "a: !custom {b: 1}\n",
        "=: 1\n",
    ])
    func givesWay(yaml: String) throws {
        let node = try #require(try Yams.compose(yaml: yaml))
        #expect(!ProtocolNodeDecoder.decodes(node))
    }

    @Test("Plain trees are decoded here")
    func decodesPlainTrees() throws {
        let node = try #require(try Yams.compose(yaml: "min: 1\nitems: [a, {b: 'c'}]\n"))
        #expect(ProtocolNodeDecoder.decodes(node))
    }
}
