import Foundation
import Yams

/// Decodes a check's parameters from its protocol node as Yams's `YAMLDecoder` does (the
/// same values from the same scalars, the same errors with the same coding paths), at a
/// fraction of the cost: a key is found by its text without building and resolving a node
/// for it, a scalar type is built by its own constructor without dynamic casts, and no
/// decoder reads the process environment for its default encoding.
///
/// Only plain trees are decoded here: a tree with a merge key (`<<`), a value key (`=`), an
/// anchor Yams still holds, or a collection with an explicit tag is given to `YAMLDecoder`
/// (``decodes(_:)``).
struct ProtocolNodeDecoder: Decoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: Node, codingPath: [any CodingKey] = []) {
        self.node = node
        self.codingPath = codingPath
    }

    /// Whether `node` and everything under it is decoded here as `YAMLDecoder` would.
    static func decodes(_ node: Node) -> Bool {
        switch node {
        case .scalar(let scalar):
            return scalar.anchor == nil
        case .sequence(let sequence):
            return sequence.anchor == nil && isPlainCollection(sequence.tag, Tag.Name.seq) && sequence.allSatisfy(decodes)
        case .mapping(let mapping):
            return mapping.anchor == nil && isPlainCollection(mapping.tag, Tag.Name.map)
                && mapping.indices.allSatisfy { index in
                    let pair = mapping[index]
                    // YAMLDecoder merges `<<` keys and retags `=` keys in place.
                    let tag = pair.key.tag.description
                    return tag != Tag.Name.merge.rawValue && tag != Tag.Name.value.rawValue && decodes(pair.key) && decodes(pair.value)
                }
        case .alias:
            return false
        }
    }

    /// Whether a collection's tag is its kind's own (or not yet resolved to it).
    static func isPlainCollection(_ tag: Tag, _ kind: Tag.Name) -> Bool {
        let name = tag.description
        return name == Tag.Name.implicit.rawValue || name == kind.rawValue
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let mapping) = node else {
            throw Self.typeMismatch(at: codingPath, expectation: Node.Mapping.self, reality: node)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, mapping: mapping))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else {
            throw Self.typeMismatch(at: codingPath, expectation: Node.Sequence.self, reality: node)
        }
        return UnkeyedContainer(decoder: self, sequence: sequence)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decoder(for node: Node, as key: any CodingKey) -> ProtocolNodeDecoder {
        ProtocolNodeDecoder(node: node, codingPath: codingPath + [key])
    }

    // MARK: Errors, as YAMLDecoder words them

    static func typeMismatch(at codingPath: [any CodingKey], expectation: Any.Type, reality: Any) -> DecodingError {
        let description = "Expected to decode \(expectation) but found \(type(of: reality)) instead."
        return .typeMismatch(expectation, DecodingError.Context(codingPath: codingPath, debugDescription: description))
    }
}

extension ProtocolNodeDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool {
        node.null == NSNull()
    }

    func scalar() throws -> Node.Scalar {
        switch node {
        case .scalar(let scalar): return scalar
        case .mapping(let mapping): throw Self.typeMismatch(at: codingPath, expectation: Node.Scalar.self, reality: mapping)
        case .sequence(let sequence): throw Self.typeMismatch(at: codingPath, expectation: Node.Scalar.self, reality: sequence)
        case .alias(let alias): throw Self.typeMismatch(at: codingPath, expectation: Node.Scalar.self, reality: alias)
        }
    }

    /// A scalar type built by its Yams constructor, or the type mismatch YAMLDecoder reports.
    func construct<T: ScalarConstructible>(_ type: T.Type) throws -> T {
        let scalar = try scalar()
        guard let value = type.construct(from: scalar) else {
            throw Self.typeMismatch(at: codingPath, expectation: type, reality: scalar)
        }
        return value
    }

    func decode(_ type: Bool.Type) throws -> Bool { try construct(type) }
    func decode(_ type: String.Type) throws -> String { try construct(type) }
    func decode(_ type: Double.Type) throws -> Double { try construct(type) }
    func decode(_ type: Float.Type) throws -> Float { try construct(type) }
    func decode(_ type: Int.Type) throws -> Int { try construct(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try construct(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try construct(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try construct(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try construct(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try construct(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try construct(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try construct(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try construct(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try construct(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // YAMLDecoder builds every type Yams can build from a scalar (URL, Date, ...) that way.
        if let constructible = YamsScalarTypes.constructible(type) {
            let scalar = try scalar()
            guard let value = constructible.construct(from: scalar) as? T else {
                throw Self.typeMismatch(at: codingPath, expectation: type, reality: scalar)
            }
            return value
        }
        return try T(from: self)
    }
}

/// A mapping's values by key, found as `Node.Mapping`'s subscript finds them (the last
/// pair with the key's text and the tag the text resolves to).
private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ProtocolNodeDecoder
    let mapping: Node.Mapping

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        mapping.keys.compactMap { key in
            key.string.flatMap { $0 == "yamlTag" || $0 == "yamlAnchor" ? nil : Key(stringValue: $0) }
        }
    }

    func contains(_ key: Key) -> Bool {
        value(for: key.stringValue) != nil
    }

    /// The value of `key`, found as `Node.Mapping`'s subscript finds it.
    func value(for key: String) -> Node? {
        mapping.value(named: key)
    }

    func decoder(for key: any CodingKey) throws -> ProtocolNodeDecoder {
        guard let node = value(for: key.stringValue) else {
            let context = DecodingError.Context(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\").")
            throw DecodingError.keyNotFound(key, context)
        }
        return decoder.decoder(for: node, as: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try decoder(for: key).decodeNil() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder(for: key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder(for: key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder(for: key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder(for: key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder(for: key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder(for: key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder(for: key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder(for: key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder(for: key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder(for: key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder(for: key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder(for: key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder(for: key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder(for: key).decode(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder(for: key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        try decoder(for: IndexKey.super)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(for: key) }
}

/// A sequence's items in order; like YAMLDecoder's, `decodeNil()` moves past the item.
private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: ProtocolNodeDecoder
    let sequence: Node.Sequence
    var currentIndex = 0

    init(decoder: ProtocolNodeDecoder, sequence: Node.Sequence) {
        self.decoder = decoder
        self.sequence = sequence
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { sequence.count }
    var isAtEnd: Bool { currentIndex >= sequence.count }

    mutating func decodeNil() throws -> Bool { try next(reporting: Any?.self) { $0.decodeNil() } }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(reporting: T.self) { try $0.decode(type) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next(reporting: KeyedDecodingContainer<NestedKey>.self) { try $0.container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next(reporting: (any UnkeyedDecodingContainer).self) { try $0.unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder { try next(reporting: (any Decoder).self) { $0 } }

    /// Reads the current item with `read`, then moves past it; past the end, the value of
    /// type `missing` is not found.
    private mutating func next<T>(reporting missing: Any.Type, _ read: (ProtocolNodeDecoder) throws -> T) throws -> T {
        let key = IndexKey(index: currentIndex)
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(missing, DecodingError.Context(codingPath: codingPath + [key], debugDescription: "Unkeyed container is at end."))
        }
        let value = try read(decoder.decoder(for: sequence[currentIndex], as: key))
        currentIndex += 1
        return value
    }
}

/// An item's place in a sequence (or `super`), named as YAMLDecoder names it.
private struct IndexKey: CodingKey {
    static let `super` = IndexKey(name: "super")

    let stringValue: String
    let intValue: Int?

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init(name: String) {
        stringValue = name
        intValue = nil
    }

    init?(stringValue: String) {
        self.init(name: stringValue)
    }

    init?(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
}
