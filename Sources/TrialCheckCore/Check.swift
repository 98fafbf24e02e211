/// A check: one rule of a protocol, built from its YAML parameters, that judges one
/// patient at a time.
///
/// Requirements on an implementation:
/// - `judge(_:)` is a pure function of the patient and the check's own configuration:
///   no I/O, no global or shared mutable state, no dependence on other patients. The
///   engine may call it from any thread, in any order, any number of times.
/// - Missing or unusable data yields `.notEvaluable` with a message naming what is
///   missing, never `.pass`.
/// - Comparisons on partial dates decide only when every possible day agrees, and
///   otherwise yield `.indeterminate`.
/// - Every non-pass judgement says why in a sentence a monitor understands and lists
///   the values and dates it used as ``Evidence``.
/// - Invalid parameters are rejected in `init` with a ``ParameterProblem`` naming the
///   parameter, so configuration errors surface before any record is read.
public protocol Check: Sendable {
    /// What this kind does, its parameters, and examples: the single source of truth for
    /// `trialcheck checks`, the README catalogue and the generic example test.
    static var description: CheckDescription { get }

    /// The kind's identifier, as written in a protocol file (`age-range`): the description's
    /// ``CheckDescription/kind``. A kind that declares it (`static let identifier = "age-range"`,
    /// and `kind: identifier` in its description) is registered without building its
    /// description, which then waits until a protocol uses the kind.
    static var identifier: String { get }

    /// Builds the check from its parameters, decoded by the declarations its description
    /// lists (``Parameter``): read each as `try parameters[Self.someParameter]`.
    /// - Throws: ``ParameterProblem`` when the parameters are inconsistent (say `min > max`).
    init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem)

    /// Judges one patient.
    func judge(_ patient: PatientHistory) -> Judgement

    /// What this check reads of a record: by default what its kind declares
    /// (``CheckDescription/inputs``); a kind whose parameters name event types or keys
    /// declares them here. An audit reports what no check reads, so a declaration that
    /// misses an input makes the audit report data the check in fact used.
    var inputs: CheckInputs { get }

    /// The check as a ``BatchCheck`` if it judges in batches, else `nil`. Every batch check
    /// answers itself (``BatchCheck`` says so); there is nothing to implement. The engine
    /// asks this instead of casting, since a failed cast to a protocol searches every
    /// conformance in the process, once per check type, at every start.
    var asBatchCheck: (any BatchCheck)? { get }

    /// Whether the check holds resources for the length of an audit (an external plugin's
    /// process) that the engine releases at its end. The engine's session protocol answers
    /// `true` for its checks; there is nothing to implement. The engine asks this before it
    /// casts, for the reason ``asBatchCheck`` gives.
    var holdsAuditSession: Bool { get }
}

extension Check {
    public static var identifier: String { description.kind }

    public var inputs: CheckInputs { Self.description.inputs }

    public var asBatchCheck: (any BatchCheck)? { nil }

    public var holdsAuditSession: Bool { false }
}

/// What a check may know about the protocol it belongs to.
public struct CheckContext: Sendable {
    /// The protocol's registry id (`NCT07177794`).
    public let protocolID: String
    /// The arms, by code.
    public let arms: [String: Arm]
    /// The id of the check being built (`enrollment-window`), when it is known.
    public let checkID: String?
    /// The path of the protocol file, when the check comes from one: external plugins
    /// run in its folder.
    public let protocolPath: String?

    /// Creates a context.
    public init(protocolID: String, arms: [String: Arm] = [:], checkID: String? = nil, protocolPath: String? = nil) {
        self.protocolID = protocolID
        self.arms = arms
        self.checkID = checkID
        self.protocolPath = protocolPath
    }

    /// The same context, for the check `id`.
    public func forCheck(_ id: String?) -> CheckContext {
        CheckContext(protocolID: protocolID, arms: arms, checkID: id, protocolPath: protocolPath)
    }
}

/// A study arm.
public struct Arm: Sendable, Hashable, Codable {
    /// What people call the arm.
    public let label: String
    /// `experimental`, `active-comparator`, `no-intervention`, ...
    public let type: String?
    /// Other names records use for the arm (`Arm A`, `Experimental`), besides its code and label.
    public let aliases: [String]

    /// Creates an arm.
    public init(label: String, type: String? = nil, aliases: [String] = []) {
        self.label = label
        self.type = type
        self.aliases = aliases
    }

    private enum CodingKeys: String, CodingKey { case label, type, aliases }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decode(String.self, forKey: .label)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
    }
}

/// A check's parameters are inconsistent: which parameter, and what is wrong.
public struct ParameterProblem: Error, Sendable, Hashable {
    /// The parameter at fault, if one is.
    public let parameter: String?
    /// What is wrong, in a sentence.
    public let message: String

    /// Creates a problem report.
    public init(_ message: String, parameter: String? = nil) {
        self.parameter = parameter
        self.message = message
    }
}
