/// A check kind, with its type erased: what a plugin hands to the engine's registry.
///
/// Registering a kind reads its identifier only; the description (parameters, examples)
/// is built the first time something asks for it, so a command that uses a few kinds does
/// not build the others'.
public struct CheckKind: Sendable {
    /// The kind's identifier (`age-range`).
    public let identifier: String
    private let describe: @Sendable () -> CheckDescription
    private let make: @Sendable (any ParameterSource, CheckContext) throws -> any Check

    /// Erases a ``Check`` type.
    public init<C: Check>(_ type: C.Type) {
        identifier = C.identifier
        describe = { C.description }
        make = { source, context in
            try C(parameters: ParameterValues(of: C.self, from: source), context: context)
        }
    }

    /// The kind's description.
    public var description: CheckDescription { describe() }

    /// Decodes the parameters from `source` and builds a check.
    /// - Throws: the source's decoding errors, or ``ParameterProblem``.
    public func instantiate(parameters source: any ParameterSource, context: CheckContext) throws -> any Check {
        try make(source, context)
    }
}

/// Where a check's parameters come from (a YAML node of a protocol file, a JSON object).
public protocol ParameterSource {
    /// Decodes the parameters as `type`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T
}

/// A plugin: a module that provides check kinds.
public protocol CheckPlugin {
    /// The plugin's name, for listings.
    static var name: String { get }
    /// The kinds the plugin provides.
    static var kinds: [CheckKind] { get }
}
