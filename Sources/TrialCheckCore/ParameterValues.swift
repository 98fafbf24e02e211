/// A check's parameters, decoded from its entry by the kind's declarations
/// (``Parameter``), each with its default applied.
public struct ParameterValues: Sendable {
    private let values: [String: any Sendable]

    /// Decodes every declared parameter from a mapping, in declaration order; keys
    /// not declared are left to the caller (the protocol loader reports them).
    /// - Throws: the first `DecodingError`, with the coding path to the bad value.
    public init(_ declarations: [any ParameterDeclaration], from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ParameterKey.self)
        var values: [String: any Sendable] = [:]
        for declaration in declarations {
            values[declaration.documentation.name] = try declaration.decodeAny(from: container)
        }
        self.values = values
    }

    /// Decodes the parameters of `kind` from `source`.
    /// - Throws: the source's decoding errors.
    public init<C: Check>(of kind: C.Type, from source: any ParameterSource) throws {
        self = try source.decode(NestedParameters<C>.self).values
    }

    /// The parameters of `kind` set in code (tests, examples); the others take their defaults.
    /// - Throws: ``ParameterProblem`` for a required parameter not set, or a setting of a
    ///   key the kind does not declare.
    public init<C: Check>(of kind: C.Type, _ settings: [ParameterSetting]) throws(ParameterProblem) {
        let declarations = C.description.declarations
        if let unknown = settings.first(where: { setting in !declarations.contains { $0.documentation.name == setting.key } }) {
            throw ParameterProblem("'\(unknown.key)' is not a parameter of '\(C.description.kind)'", parameter: unknown.key)
        }
        var values: [String: any Sendable] = [:]
        for declaration in declarations {
            let key = declaration.documentation.name
            guard let value = declaration.value(given: settings.last { $0.key == key }) else {
                throw ParameterProblem("missing required parameter '\(key)'", parameter: key)
            }
            values[key] = value
        }
        self.values = values
    }

    /// The value of `parameter`, or its default.
    /// - Throws: ``ParameterProblem`` when the kind reads a parameter its description does not list.
    public subscript<Value>(_ parameter: Parameter<Value>) -> Value {
        get throws(ParameterProblem) {
            guard let stored = values[parameter.key], let value = stored as? Value else {
                throw ParameterProblem("parameter '\(parameter.key)' is read but not declared by the kind's description", parameter: parameter.key)
            }
            return value
        }
    }
}

/// The parameters of a kind `C`, decoded from a mapping: a check's entry, or a mapping
/// nested in another kind's parameters (`tnm`'s `groups` holds `cancer-stage`'s).
public struct NestedParameters<C: Check>: Decodable, Sendable {
    /// The decoded values.
    public let values: ParameterValues

    public init(from decoder: any Decoder) throws {
        values = try ParameterValues(C.description.declarations, from: decoder)
    }
}

/// A value a parameter's default can take, written as YAML for the catalogue.
public protocol ParameterDefault: Decodable, Sendable {
    /// The value as a protocol file would write it (`[adjuvant]`, `30`, `false`).
    var yamlText: String { get }
}

extension String: ParameterDefault {
    /// The string, quoted where YAML would read it otherwise (`"*lymph-node*"`).
    public var yamlText: String {
        let plain = !isEmpty && !contains(": ") && !contains(" #") && !contains(",")
            && !"*&!|>'\"%@`[]{}#?-:".contains(self[startIndex]) && !contains("[") && !contains("]")
        return plain ? self : "\"" + replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

extension Int: ParameterDefault {
    public var yamlText: String { String(self) }
}

extension Double: ParameterDefault {
    public var yamlText: String {
        rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}

extension Bool: ParameterDefault {
    public var yamlText: String { self ? "true" : "false" }
}

extension Array: ParameterDefault where Element: ParameterDefault {
    public var yamlText: String { "[" + map(\.yamlText).joined(separator: ", ") + "]" }
}

extension Dictionary: ParameterDefault where Key == String, Value: ParameterDefault {
    public var yamlText: String {
        "{" + sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.yamlText)" }.joined(separator: ", ") + "}"
    }
}

extension ParameterDefault where Self: RawRepresentable, RawValue == String {
    public var yamlText: String { rawValue }
}
