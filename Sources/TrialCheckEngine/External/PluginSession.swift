import Synchronization
import TrialCheckCore

/// One external check's plugin over an audit: starts the process on first use, runs the
/// handshake, sends batches and reads verdicts, and shuts it down at the end.
///
/// A failure (a crash, a hang past the timeout, malformed output, a verdict for the wrong
/// patient, an early exit) stops the process; every patient the plugin has not answered
/// is then not evaluable with the reason, for the rest of the audit, and
/// ``finish()`` reports it as an error. Verdicts received before the failure stand.
final class PluginSession: Sendable {
    /// How the plugin is run.
    let configuration: PluginConfiguration
    private let state = Mutex(State())

    /// The mutable part, under the lock.
    private struct State {
        var process: PluginProcess?
        var info: PluginInfo?
        var failure: PluginFailure?
        var unjudged = 0
        var batches = 0
        var notes: [Diagnostic] = []
        var standardErrorLines = 0
        var droppedStandardErrorLines = 0
        /// Verdicts whose message or evidence was cut to the limits.
        var truncatedAnswers = 0
        /// The first patient whose verdict was cut.
        var firstTruncated: String?
    }

    init(configuration: PluginConfiguration) {
        self.configuration = configuration
    }

    /// One judgement per patient, in order.
    func judge(_ patients: [PatientHistory]) -> [Judgement] {
        guard !patients.isEmpty else { return [] }
        return state.withLock { state in
            if let failure = state.failure {
                state.unjudged += patients.count
                return Array(repeating: notEvaluable(failure, earlier: true), count: patients.count)
            }
            var judgements: [Judgement] = []
            judgements.reserveCapacity(patients.count)
            do throws(PluginFailure) {
                let (process, info) = try start(&state)
                try exchange(patients, with: process, info: info, state: &state, into: &judgements)
            } catch {
                fail(error, state: &state)
                let missing = patients.count - judgements.count
                state.unjudged += missing
                judgements += Array(repeating: notEvaluable(error, earlier: false), count: missing)
            }
            return judgements
        }
    }

    /// Starts the plugin if need be and returns what it said in the handshake.
    func describe() -> Result<PluginInfo, PluginFailure> {
        state.withLock { state in
            if let failure = state.failure { return .failure(failure) }
            do throws(PluginFailure) {
                return .success(try start(&state).1)
            } catch {
                fail(error, state: &state)
                return .failure(error)
            }
        }
    }

    /// Ends the audit: sends `end`, waits for the plugin to exit (killing it after a grace
    /// period), and returns the diagnostics (failure first, then shut-down warnings, then
    /// standard error). The next use starts a new process.
    func finish() -> [Diagnostic] {
        state.withLock { state in
            var diagnostics: [Diagnostic] = []
            if let failure = state.failure {
                let count = state.unjudged
                let consequence = count == 0 ? "" : "; \(count) patient\(count == 1 ? " was" : "s were") not judged by this check and "
                    + "\(count == 1 ? "is" : "are") reported as not evaluable"
                diagnostics.append(Diagnostic(
                    level: .error,
                    message: "Plugin error: \(failure) (command: \(configuration.commandLine))\(consequence).",
                    patient: failure.patient
                ))
            }
            if let process = state.process {
                process.send(PluginProtocol.end)
                let deadline = PluginProcess.now + UInt64(configuration.shutdownGrace * 1e9)
                let (extraLines, killed) = process.shutDown(deadline: deadline)
                if extraLines > 0 {
                    // A second answer for a patient (or output after the last answer): the
                    // plugin broke the protocol, so its verdicts cannot be trusted as complete.
                    diagnostics.append(Diagnostic(
                        level: .error,
                        message: "Plugin error: the plugin wrote \(extraLines) line\(extraLines == 1 ? "" : "s") of output after its last answer "
                            + "(more answers than patients: a second answer for a patient, or output that answered nothing); "
                            + "a plugin must answer each patient exactly once (command: \(configuration.commandLine))."
                    ))
                }
                if killed {
                    diagnostics.append(Diagnostic(
                        level: .warning,
                        message: "The plugin did not exit within \(PluginFailure.format(configuration.shutdownGrace)) of the end of the audit, so it was stopped."
                    ))
                } else if let status = process.exitStatus, !status.isSuccess {
                    diagnostics.append(Diagnostic(level: .warning, message: "The plugin \(status) at the end of the audit."))
                }
                collectStandardError(of: process, into: &state)
            }
            if state.truncatedAnswers > 0 {
                let count = state.truncatedAnswers
                diagnostics.append(Diagnostic(
                    level: .warning,
                    message: "The plugin's answer\(count == 1 ? " was" : "s for \(count) patients were") longer than trialcheck keeps "
                        + "(a message of \(PluginProtocol.maximumMessageLength) characters, \(PluginProtocol.maximumEvidenceCount) pieces of evidence "
                        + "of \(PluginProtocol.maximumEvidenceLength) characters); the rest was cut off and marked.",
                    patient: state.firstTruncated
                ))
            }
            diagnostics += state.notes
            let dropped = state.droppedStandardErrorLines
            if dropped > 0 {
                diagnostics.append(Diagnostic(
                    level: .note,
                    message: "The plugin wrote \(dropped) more line\(dropped == 1 ? "" : "s") to standard error than the \(StandardErrorLog.maximumLines) kept."
                ))
            }
            state = State()
            return diagnostics
        }
    }

    /// The running process and its handshake, starting it if need be.
    private func start(_ state: inout State) throws(PluginFailure) -> (PluginProcess, PluginInfo) {
        if let process = state.process, let info = state.info { return (process, info) }
        guard configuration.policy.allowsExternalChecks else { throw .notStarted(reason: ExternalPolicy.refusal) }
        let environment = configuration.processEnvironment()
        let executable = try configuration.resolveExecutable()
        let process = try PluginProcess(
            executable: executable, arguments: configuration.command, environment: environment,
            directory: configuration.directory, memoryLimitBytes: configuration.memoryLimitBytes
        )
        state.process = process
        process.send(PluginProtocol.hello(configuration.hello))
        let during = "in the handshake"
        let line = try readLine(from: process, deadline: deadline(), during: during)
        let info = try PluginProtocol.ready(from: line)
        state.info = info
        return (process, info)
    }

    /// Sends `patients` in batches (all at once: the plugin reads while it answers) and
    /// reads one verdict per patient, in order. The deadline restarts with each batch.
    private func exchange(
        _ patients: [PatientHistory], with process: PluginProcess, info: PluginInfo, state: inout State,
        into judgements: inout [Judgement]
    ) throws(PluginFailure) {
        let size = max(1, min(configuration.batchSize, info.maximumBatchSize ?? Int.max))
        var batches: [(number: Int, range: Range<Int>)] = []
        for start in stride(from: 0, to: patients.count, by: size) {
            state.batches += 1
            batches.append((state.batches, start..<min(start + size, patients.count)))
        }
        // Two batches ahead of the answers: the plugin always has the next batch to read
        // while this side encodes the one after it.
        let ahead = 2
        for batch in batches.prefix(ahead) {
            process.send(PluginProtocol.batch(batch.number, patients: patients[batch.range]))
        }
        for (position, batch) in batches.enumerated() {
            let during = "during batch \(batch.number) (patients '\(patients[batch.range.lowerBound].id)' to '\(patients[batch.range.upperBound - 1].id)')"
            let deadline = deadline()
            for index in batch.range {
                let line = try readLine(from: process, deadline: deadline, during: during)
                var truncated = false
                judgements.append(try PluginProtocol.verdict(
                    from: line, on: patients[index], batch: batch.number, during: during, truncated: &truncated
                ))
                if truncated {
                    state.truncatedAnswers += 1
                    state.firstTruncated = state.firstTruncated ?? patients[index].id
                }
            }
            if position + ahead < batches.count {
                let next = batches[position + ahead]
                process.send(PluginProtocol.batch(next.number, patients: patients[next.range]))
            }
        }
        if let extra = process.unreadOutput {
            throw .malformedOutput(problem: "more answers than patients", line: extra)
        }
        collectStandardError(of: process, into: &state)
    }

    /// The next line of output, or the failure that stands for its absence.
    private func readLine(from process: PluginProcess, deadline: UInt64, during: String) throws(PluginFailure) -> [UInt8] {
        let line: [UInt8]?
        do {
            line = try process.nextLine(deadline: deadline)
        } catch .timedOut {
            throw .timedOut(seconds: configuration.timeout, during: during)
        } catch {
            throw .lineTooLong(limit: PluginProcess.maximumLineLength, during: during)
        }
        guard let line else {
            let status = process.waitForExit(deadline: PluginProcess.now + 1_000_000_000)
            throw .exited(status, during: "before it answered, \(during)")
        }
        return line
    }

    private func deadline() -> UInt64 {
        PluginProcess.now + UInt64(configuration.timeout * 1e9)
    }

    /// Stops the process after a failure and keeps what it wrote to standard error.
    private func fail(_ failure: PluginFailure, state: inout State) {
        state.failure = failure
        if let process = state.process {
            process.kill()
            process.drainStandardError(deadline: PluginProcess.now + 200_000_000)
            collectStandardError(of: process, into: &state)
        }
        state.process = nil
        state.info = nil
    }

    /// Moves the plugin's standard error into the notes, up to ``StandardErrorLog/maximumLines``
    /// over the audit (the rest is counted).
    private func collectStandardError(of process: PluginProcess, into state: inout State) {
        let (lines, dropped) = process.standardError.take()
        let room = max(0, StandardErrorLog.maximumLines - state.standardErrorLines)
        state.notes += lines.prefix(room).map { Diagnostic(level: .note, source: .stderr, message: $0) }
        state.standardErrorLines += min(room, lines.count)
        state.droppedStandardErrorLines += dropped + max(0, lines.count - room)
    }

    /// The judgement for a patient the plugin could not judge.
    private func notEvaluable(_ failure: PluginFailure, earlier: Bool) -> Judgement {
        .notEvaluable(
            "Plugin error\(earlier ? " (earlier in this audit)" : ""): \(failure). The check could not judge this patient.",
            evidence: [Evidence("plugin command", configuration.commandLine), Evidence("plugin error", failure.description)]
        )
    }
}
