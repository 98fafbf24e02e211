import Foundation
import TrialCheckCore

/// `external`: a check run by a separate program (Python, R, SAS, a Swift executable)
/// that speaks the plugin protocol over its standard input and output.
///
/// One process serves the whole audit: it starts on the first batch of patients, gets
/// them in batches, and is shut down when the audit ends. A plugin cannot crash or stall
/// the audit: its failure makes this check's unanswered patients not evaluable (with the
/// reason) and the audit incomplete (exit code 2), and every other check is unaffected.
public struct ExternalCheck: BatchCheck, AuditSessionCheck {
    /// The YAML parameters.
    public struct Parameters: Decodable, Sendable {
        /// The program and its arguments (`[python3, ecog_check.py]`).
        public var command: [String]
        /// The plugin's own parameters, passed to it in the handshake.
        var parameters: [String: ParameterValue]?
        /// The longest one batch (and the handshake) may take, in seconds.
        public var timeoutSeconds: Double?
        /// Patients per batch.
        public var batchSize: Int?
        /// The plugin's memory (address space) limit in MiB; 0 for none.
        public var memoryLimitMB: Int?
        /// Environment variables set for the plugin.
        public var environment: [String: String]?
        /// What the plugin reads of a record, for the audit's data coverage.
        var reads: InputDeclaration?

        enum CodingKeys: String, CodingKey {
            case command, parameters, environment, reads
            case timeoutSeconds = "timeout_seconds"
            case batchSize = "batch_size"
            case memoryLimitMB = "memory_limit_mb"
        }
    }

    /// The default time allowed per batch, in seconds.
    public static let defaultTimeout = 30.0
    /// The default batch size.
    public static let defaultBatchSize = 256
    /// The default memory limit, in MiB.
    public static let defaultMemoryLimitMB = 2048

    public static let description = CheckDescription(
        kind: "external",
        name: "External plugin",
        summary: """
            Runs a separate program (Python, R, SAS, any executable) that judges patients and \
            speaks the plugin protocol (docs/plugin-protocol.md): newline-delimited JSON on its \
            standard input and output. One process serves the whole audit, getting \
            patient-history v1 records in batches and answering each with a verdict, a message \
            and evidence. The command runs in the protocol file's folder (a name without a slash \
            is found on PATH). A plugin that fails to start, crashes, exits early, writes \
            malformed output, answers for the wrong patient or takes longer than \
            `timeout_seconds` over a batch is stopped: the patients it has not answered are \
            not evaluable with the reason, the report lists a diagnostic, and the audit exits 2 \
            (incomplete); other checks are unaffected. Its standard error is kept as diagnostics.
            """,
        parameters: [
            .required("command", "list of text", "The program and its arguments, such as `[python3, ecog_check.py]`."),
            .optional("parameters", "mapping", default: "{}", "The plugin's own parameters, passed to it in the handshake as JSON."),
            .optional("timeout_seconds", "number (seconds)", default: "30", "The longest the plugin may take to answer one batch (or the handshake)."),
            .optional("batch_size", "integer", default: "256", "Patients sent per batch (the plugin may ask for fewer)."),
            .optional("memory_limit_mb", "integer (MiB)", default: "2048", "The plugin's address-space limit (RLIMIT_AS, Linux); 0 for none."),
            .optional("environment", "mapping of text", default: nil, "Environment variables set for the plugin."),
            .optional("reads", "mapping", default: nil, "What the plugin reads of a record, for the data coverage report: `{events: {<type>: [keys]}, record: [keys]}`; what no check reads is reported."),
        ],
        exampleParameters: "command: [python3, ecog_check.py]\nparameters: {max: 2}\ntimeout_seconds: 10",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: performance-status, date: 2026-01-12, scale: ECOG, score: 1}]}",
        ],
        deviatingExamples: [
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: performance-status, date: 2026-01-12, scale: ECOG, score: 3}]}",
        ],
        inputs: .nothing
    )

    private let session: PluginSession
    public let inputs: CheckInputs

    public init(parameters: Parameters, context: CheckContext) throws(ParameterProblem) {
        guard let program = parameters.command.first, !program.trimmingWhitespace().isEmpty else {
            throw ParameterProblem("'command' must name a program, such as [python3, my_check.py]", parameter: "command")
        }
        let timeout = parameters.timeoutSeconds ?? Self.defaultTimeout
        inputs = parameters.reads?.inputs ?? .nothing
        guard timeout > 0, timeout <= 86_400 else {
            throw ParameterProblem("'timeout_seconds' must be more than 0 and at most 86400", parameter: "timeout_seconds")
        }
        let batchSize = parameters.batchSize ?? Self.defaultBatchSize
        guard batchSize >= 1 else { throw ParameterProblem("'batch_size' must be at least 1", parameter: "batch_size") }
        let memory = parameters.memoryLimitMB ?? Self.defaultMemoryLimitMB
        guard memory >= 0, memory <= 1 << 30 else {
            throw ParameterProblem("'memory_limit_mb' must be a whole number of MiB, or 0 for no limit", parameter: "memory_limit_mb")
        }
        let directory = context.protocolPath.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        session = PluginSession(configuration: PluginConfiguration(
            command: parameters.command,
            directory: directory,
            environment: parameters.environment ?? [:],
            timeout: timeout,
            batchSize: batchSize,
            memoryLimitBytes: memory == 0 ? nil : memory << 20,
            hello: PluginProtocol.Hello(
                checkID: context.checkID, protocolID: context.protocolID,
                parameters: (parameters.parameters ?? [:]).mapValues(\.value), batchSize: batchSize
            )
        ))
    }

    /// The command, as one line (`python3 ecog_check.py`).
    public var commandLine: String { session.configuration.commandLine }

    /// The folder the plugin runs in.
    public var directory: String? { session.configuration.directory }

    /// The parameters passed to the plugin, as JSON.
    public var pluginParametersJSON: String {
        var writer = JSONWriter()
        writer.value(.map(session.configuration.hello.parameters))
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Judges one patient (a batch of one).
    public func judge(_ patient: PatientHistory) -> Judgement {
        session.judge([patient]).first ?? .notEvaluable("The plugin returned no verdict.")
    }

    /// Judges a batch of patients through the plugin, in order.
    public func judge(batch: [PatientHistory]) -> [Judgement] {
        session.judge(batch)
    }

    /// Starts the plugin if need be and returns what it says about itself in the handshake
    /// (for `trialcheck checks --protocol`). Call ``finishAudit()`` afterwards.
    public func describePlugin() -> Result<PluginInfo, PluginFailure> {
        session.describe()
    }

    /// Shuts the plugin down and returns its diagnostics.
    public func finishAudit() -> [Diagnostic] {
        session.finish()
    }
}
