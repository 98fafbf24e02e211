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
    static func outcome<T>(_ decode: () throws -> T) -> String {
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

    /// Every other type Yams builds from a scalar, alone and in lists (which decode each
    /// item through the generic route).
    struct Scalars: Decodable, Equatable {
        let url: URL?
        let amount: Decimal?
        let id: UUID?
        let bytes: Data?
        let ratio: Float?
        let small: Int8?
        let count: UInt16?
        let wide: UInt64?
        let smalls: [Int8]?
        let ratios: [Float]?
        let urls: [URL]?
        let days: [Date]?
    }

    @Test("Yams's other scalar types: the same value or the same error as YAMLDecoder", arguments: [
        "url: https://example.org/a\namount: 12.50\nid: 3F2504E0-4F89-11D3-9A0C-0305E82C3301\n",
        "bytes: aGVsbG8=\nratio: 0.5\nsmall: -3\ncount: 65535\nwide: 18446744073709551615\n",
        "small: 300\n",
        "count: -1\n",
        "amount: lots\n",
        "id: not-a-uuid\n",
        "url: [a]\n",
        "amount: {a: 1}\n",
        "smalls: [1, 2, -128]\nratios: [0.25, .inf]\nurls: [https://example.org]\ndays: [2026-01-20]\n",
        "smalls: [1, 999]\n",
        "ratios: [x]\n",
        "days: [soon]\n",
    ])
    func sameScalarOutcome(yaml: String) throws {
        let node = try #require(try Yams.compose(yaml: yaml))
        let reference = Self.outcome { try YAMLDecoder().decode(Scalars.self, from: node) }
        #expect(ProtocolNodeDecoder.decodes(node))
        #expect(Self.outcome { try ProtocolNodeDecoder(node: node).decode(Scalars.self) } == reference)
    }

    enum Unit: String, Decodable { case gy = "Gy" }

    @Test("The scalar types are found without a cast, as the cast finds them", arguments: [
        (String.self as Any.Type, true), (Bool.self, true), (Double.self, true), (Float.self, true),
        (Decimal.self, true), (Int.self, true), (Int8.self, true), (Int16.self, true),
        (Int32.self, true), (Int64.self, true), (UInt.self, true), (UInt8.self, true),
        (UInt16.self, true), (UInt32.self, true), (UInt64.self, true), (Date.self, true),
        (Data.self, true), (URL.self, true), (UUID.self, true),
        (String?.self, false), ([Int].self, false), ([String: Int].self, false), (Quantity.self, false),
        (Unit.self, false), (Sample.self, false), (Substring.self, false), (Character.self, false),
    ])
    func scalarTypes(type: Any.Type, constructible: Bool) {
        #expect((type as? any ScalarConstructible.Type != nil) == constructible)
        #expect((YamsScalarTypes.constructible(type) != nil) == constructible)
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
