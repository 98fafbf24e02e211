import Crypto
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
    /// The program and its arguments (`[python3, ecog_check.py]`).
    public static let command = Parameter<[String]>(required: "command", "list of text", "The program and its arguments, such as `[python3, ecog_check.py]`.")
    /// The plugin's own parameters, passed to it in the handshake.
    static let pluginParameters = Parameter<[String: ParameterValue]?>("parameters", "mapping", defaultText: "{}", "The plugin's own parameters, passed to it in the handshake as JSON.")
    /// The longest one batch (and the handshake) may take, in seconds.
    static let timeoutSeconds = Parameter<Double>(
        "timeout_seconds", "number (seconds)", default: defaultTimeout,
        "The longest the plugin may take to answer one batch (or the handshake); at most 30 (a protocol may only lower it)."
    )
    /// Patients per batch.
    static let batchSize = Parameter<Int>("batch_size", "integer", default: defaultBatchSize, "Patients sent per batch (the plugin may ask for fewer); at most 256.")
    /// The plugin's memory (address space) limit in MiB (at most the host's default).
    static let memoryLimitMB = Parameter<Int>(
        "memory_limit_mb", "integer (MiB)", default: defaultMemoryLimitMB,
        "The plugin's address-space limit (RLIMIT_AS, Linux); from 1 to 2048 (it cannot be disabled)."
    )
    /// Environment variables set for the plugin (never `PATH`).
    static let environment = Parameter<[String: String]?>(
        "environment", "mapping of text",
        "Environment variables set for the plugin, beyond the few passed from the host (PATH, HOME, LANG, LC_*, TMPDIR, and --plugin-env names); never PATH."
    )
    /// What the plugin reads of a record, for the audit's data coverage.
    static let reads = Parameter<InputDeclaration?>(
        "reads", "mapping",
        "What the plugin reads of a record, for the data coverage report: `{events: {<type>: [keys]}, record: [keys]}`; what no check reads is reported."
    )

    /// The default time allowed per batch, in seconds.
    public static let defaultTimeout = 30.0
    /// The default batch size.
    public static let defaultBatchSize = 256
    /// The default memory limit, in MiB.
    public static let defaultMemoryLimitMB = 2048

    public static let identifier = "external"

    public static let description = CheckDescription(
        kind: identifier,
        name: "External plugin",
        summary: """
            Runs a separate program (Python, R, SAS, any executable) that judges patients and \
            speaks the plugin protocol (docs/plugin-protocol.md): newline-delimited JSON on its \
            standard input and output. One process serves the whole audit, getting \
            patient-history v1 records in batches and answering each with a verdict, a message \
            and evidence. A plugin is code: it runs only when the user allows it \
            (`trialcheck audit --allow-external`), with a scrubbed environment (PATH, HOME, LANG, \
            LC_*, TMPDIR, the variables named with `--plugin-env`, and its `environment`), and \
            every report records its command and the SHA-256 of its script. The command runs in \
            the protocol file's folder (a name without a slash is found on the host's PATH). A plugin that fails to start, crashes, exits early, writes \
            malformed output, answers for the wrong patient or takes longer than \
            `timeout_seconds` over a batch is stopped: the patients it has not answered are \
            not evaluable with the reason, the report lists a diagnostic, and the audit exits 2 \
            (incomplete); other checks are unaffected. Its standard error is kept as diagnostics.
            """,
        parameters: [command, pluginParameters, timeoutSeconds, batchSize, memoryLimitMB, environment, reads],
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
    /// The check's id in its protocol, when known.
    private let checkID: String?
    public let inputs: CheckInputs

    /// Builds the check from its YAML parameters, under ``ExternalPolicy/refused``: it
    /// starts no program until ``permitted(by:)`` gives it a policy that allows it (a
    /// ``ProtocolLoader`` does so with its own policy).
    /// - Throws: ``ParameterProblem`` for an empty command, a limit outside the host's
    ///   (``defaultTimeout``, ``defaultMemoryLimitMB``, ``defaultBatchSize``: a protocol
    ///   may lower them, never raise or disable them), or a `PATH` in `environment`.
    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let command = try parameters[Self.command]
        let pluginParameters = try parameters[Self.pluginParameters]
        let timeoutSeconds = try parameters[Self.timeoutSeconds]
        let givenBatchSize = try parameters[Self.batchSize]
        let memory = try parameters[Self.memoryLimitMB]
        let givenEnvironment = try parameters[Self.environment]
        let reads = try parameters[Self.reads]
        guard let program = command.first, !program.trimmingWhitespace().isEmpty else {
            throw ParameterProblem("'command' must name a program, such as [python3, my_check.py]", parameter: "command")
        }
        let timeout = timeoutSeconds
        inputs = reads?.inputs ?? .nothing
        guard timeout > 0, timeout <= Self.defaultTimeout else {
            throw ParameterProblem(
                "'timeout_seconds' must be more than 0 and at most \(PluginFailure.format(Self.defaultTimeout)) (the host's limit; a protocol may only lower it)",
                parameter: "timeout_seconds"
            )
        }
        let batchSize = givenBatchSize
        guard batchSize >= 1, batchSize <= Self.defaultBatchSize else {
            throw ParameterProblem(
                "'batch_size' must be at least 1 and at most \(Self.defaultBatchSize) (the host's limit; a protocol may only lower it)",
                parameter: "batch_size"
            )
        }
        guard memory >= 1, memory <= Self.defaultMemoryLimitMB else {
            throw ParameterProblem(
                "'memory_limit_mb' must be a whole number of MiB from 1 to \(Self.defaultMemoryLimitMB) (the host's limit; a protocol may only lower it, never disable it)",
                parameter: "memory_limit_mb"
            )
        }
        let environment = givenEnvironment ?? [:]
        if let reserved = ExternalPolicy.reservedVariables.first(where: { environment[$0] != nil }) {
            throw ParameterProblem(
                "'environment' must not set '\(reserved)': the plugin's program is found on this computer's \(reserved), never on one a protocol chooses",
                parameter: "environment"
            )
        }
        let directory = context.protocolPath.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        checkID = context.checkID
        session = PluginSession(configuration: PluginConfiguration(
            command: command,
            directory: directory,
            environment: environment,
            timeout: timeout,
            batchSize: batchSize,
            memoryLimitBytes: memory << 20,
            hello: PluginProtocol.Hello(
                checkID: context.checkID, protocolID: context.protocolID,
                parameters: (pluginParameters ?? [:]).mapValues(\.value), batchSize: batchSize
            )
        ))
    }

    private init(session: PluginSession, inputs: CheckInputs, checkID: String?) {
        self.session = session
        self.inputs = inputs
        self.checkID = checkID
    }

    /// The same check under `policy`: whether its program may start, and what of this
    /// computer's environment it gets. The check starts no program until given a policy
    /// that allows it.
    public func permitted(by policy: ExternalPolicy) -> ExternalCheck {
        var configuration = session.configuration
        configuration.policy = policy
        return ExternalCheck(session: PluginSession(configuration: configuration), inputs: inputs, checkID: checkID)
    }

    /// Whether the check's policy lets it start its program.
    public var isPermitted: Bool { session.configuration.policy.allowsExternalChecks }

    /// The program and its arguments, as the protocol gives them.
    public var command: [String] { session.configuration.command }

    /// What the report records of the plugin: its command and the SHA-256 of its script
    /// (the first argument naming an existing file in the protocol's folder, else the
    /// program found on `PATH`), when there is such a file.
    public func fingerprint() -> AuditReport.Plugin {
        let sha256 = session.configuration.scriptPath.flatMap(ExternalCheck.sha256(ofFile:))
        return AuditReport.Plugin(check: checkID ?? "", command: command, sha256: sha256)
    }

    /// The SHA-256 of a file's bytes, in lower-case hex, or `nil` when it cannot be read.
    static func sha256(ofFile path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                return nil
            }
            guard let chunk, !chunk.isEmpty else { break } // nil or empty: the end of the file
            hasher.update(data: chunk)
        }
        return hasher.finalize().lowercaseHex
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
