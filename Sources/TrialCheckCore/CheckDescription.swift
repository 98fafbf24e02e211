/// Everything a user or a test needs to know about a check kind.
///
/// One value per kind feeds `trialcheck checks`, the README's generated catalogue, report
/// metadata, and the generic test that runs every kind's examples.
public struct CheckDescription: Sendable {
    /// The kind's identifier, as written in a protocol file (`age-range`).
    public let kind: String
    /// A short title (`Age range`).
    public let name: String
    /// What the kind checks, in a sentence or two.
    public let summary: String
    /// The kind's parameters (beyond the common `id`, `kind`, `criterion`, `severity`),
    /// as declared: what decoding reads.
    public let declarations: [any ParameterDeclaration]
    /// The kind's parameters, as the catalogue shows them.
    public var parameters: [ParameterDescription] { declarations.map(\.documentation) }
    /// The kind's parameters for an example configuration, as YAML (a mapping).
    public let exampleParameters: String
    /// Patient records (YAML) that pass under the example configuration.
    public let passingExamples: [String]
    /// Patient records (YAML) that deviate under the example configuration.
    public let deviatingExamples: [String]
    /// What the kind reads of a record; a configured check may read more or less, as its
    /// parameters say (``Check/inputs``).
    public let inputs: CheckInputs

    /// Creates a description.
    public init(
        kind: String,
        name: String,
        summary: String,
        parameters: [any ParameterDeclaration],
        exampleParameters: String,
        passingExamples: [String],
        deviatingExamples: [String],
        inputs: CheckInputs
    ) {
        self.kind = kind
        self.name = name
        self.summary = summary
        self.declarations = parameters
        self.exampleParameters = exampleParameters
        self.passingExamples = passingExamples
        self.deviatingExamples = deviatingExamples
        self.inputs = inputs
    }
}

/// One parameter of a check kind, as the catalogue shows it (declared by a ``Parameter``).
public struct ParameterDescription: Sendable, Hashable {
    /// The key in the protocol file.
    public let name: String
    /// The expected type, as a person reads it (`integer`, `quantity`, `list of strings`).
    public let type: String
    /// Whether the key must be present.
    public let isRequired: Bool
    /// The value used when the key is absent, as written in YAML.
    public let defaultValue: String?
    /// What the parameter means.
    public let summary: String
}
