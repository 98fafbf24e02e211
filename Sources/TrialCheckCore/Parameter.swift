/// One parameter of a check kind, declared once: its key in the protocol file, the type a
/// person reads, its default and what it means. Decoding, the catalogue (`trialcheck
/// checks`, docs/checks.md, the README) and the protocol loader's unknown-key check all
/// come from this one value.
///
/// Declare a kind's parameters as static constants and list them in its
/// ``CheckDescription``; read them in `init(parameters:context:)`:
///
/// ```swift
/// static let minimum = Parameter<Int?>("min", "integer (years)", "Least age allowed.")
/// static let scale = Parameter("scale", "text", default: "ECOG", "The scale.")
/// static let drug = Parameter<String>(required: "drug", "drug name", "The drug.")
/// ...
/// let least = try parameters[Self.minimum]
/// ```
///
/// `Value` is only `Sendable` at the type; each initializer asks for `Decodable` where it
/// builds the decoder, so the type's metadata is instantiated without a conformance look-up
/// (a search of every conformance record of the process, once per parameter type).
public struct Parameter<Value: Sendable>: ParameterDeclaration {
    /// How the parameter reads in the catalogue.
    public let documentation: ParameterDescription
    private let decodeValue: @Sendable (KeyedDecodingContainer<ParameterKey>, ParameterKey) throws -> Value
    /// The value when the key is absent; `nil` for a required parameter.
    let absentValue: Value?

    /// The key in the protocol file (`window_days`).
    public var key: String { documentation.name }

    /// A parameter the protocol must give.
    /// - Parameters:
    ///   - key: the key in the protocol file.
    ///   - type: the expected type, as a person reads it (`integer (days)`).
    ///   - summary: what the parameter means.
    public init(required key: String, _ type: String, _ summary: String) where Value: Decodable {
        documentation = ParameterDescription(name: key, type: type, isRequired: true, defaultValue: nil, summary: summary)
        absentValue = nil
        decodeValue = { container, key in try container.decode(Value.self, forKey: key) }
    }

    /// An optional parameter with a default, which the catalogue shows as YAML.
    public init(_ key: String, _ type: String, default defaultValue: Value, _ summary: String) where Value: ParameterDefault {
        documentation = ParameterDescription(name: key, type: type, isRequired: false, defaultValue: defaultValue.yamlText, summary: summary)
        absentValue = defaultValue
        decodeValue = { container, key in try container.decodeIfPresent(Value.self, forKey: key) ?? defaultValue }
    }

    /// An optional parameter without a default: absent, it reads as `nil`.
    public init<Wrapped: Decodable & Sendable>(_ key: String, _ type: String, _ summary: String) where Value == Wrapped? {
        documentation = ParameterDescription(name: key, type: type, isRequired: false, defaultValue: nil, summary: summary)
        absentValue = .some(nil)
        decodeValue = { container, key in try container.decodeIfPresent(Wrapped.self, forKey: key) }
    }

    /// An optional parameter whose default the kind works out from its other parameters:
    /// absent, it reads as `nil`; `defaultText` says what applies (`by scale`).
    public init<Wrapped: Decodable & Sendable>(_ key: String, _ type: String, defaultText: String, _ summary: String) where Value == Wrapped? {
        documentation = ParameterDescription(name: key, type: type, isRequired: false, defaultValue: defaultText, summary: summary)
        absentValue = .some(nil)
        decodeValue = { container, key in try container.decodeIfPresent(Wrapped.self, forKey: key) }
    }

    /// Decodes the parameter from a check's entry (or a nested mapping with the same keys).
    /// - Throws: `DecodingError`, with the coding path to the bad value.
    public func decode(from container: KeyedDecodingContainer<ParameterKey>) throws -> Value {
        try decodeValue(container, ParameterKey(key))
    }

    /// Decodes the parameter, its type erased.
    public func decodeAny(from container: KeyedDecodingContainer<ParameterKey>) throws -> any Sendable {
        try decode(from: container)
    }
}

/// A declared parameter, with its value type erased: what a ``CheckDescription`` lists.
public protocol ParameterDeclaration: Sendable {
    /// How the parameter reads in the catalogue (its key is `documentation.name`).
    var documentation: ParameterDescription { get }
    /// Decodes the parameter's value, applying its default.
    func decodeAny(from container: KeyedDecodingContainer<ParameterKey>) throws -> any Sendable
    /// The value `given` in code, or the default; `nil` when the parameter is required
    /// and not given.
    func value(given: ParameterSetting?) -> (any Sendable)?
}

extension Parameter {
    public func value(given: ParameterSetting?) -> (any Sendable)? {
        if let given, let value = given.value as? Value { return value }
        return absentValue
    }
}

/// One parameter set in code (tests, examples): ``ParameterValues/init(of:_:)``.
public struct ParameterSetting: Sendable {
    /// The parameter's key.
    public let key: String
    let value: any Sendable

    /// Sets `parameter` to `value`.
    public init<Value>(_ parameter: Parameter<Value>, _ value: Value) {
        key = parameter.key
        self.value = value
    }
}

/// A key of a check's entry in a protocol file.
public struct ParameterKey: CodingKey, Sendable {
    public let stringValue: String
    public var intValue: Int? { nil }

    /// The key `name`.
    public init(_ name: String) { stringValue = name }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}
