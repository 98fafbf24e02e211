import CPluginProcess
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running plugin: its process, its pipes, and the buffers between them.
///
/// All I/O is non-blocking and driven by `poll` with a deadline: the engine writes the
/// plugin's input while it reads its output and its standard error, so neither side can
/// fill a pipe and wait for the other, and a plugin that stops answering costs at most
/// the time allowed. Not thread-safe: ``PluginSession`` owns it under a lock.
final class PluginProcess {
    /// The longest line of output accepted (1 MiB): a verdict is a few hundred bytes.
    static let maximumLineLength = 1 << 20

    /// Why reading a line stopped.
    enum ReadProblem: Error {
        /// The deadline passed.
        case timedOut
        /// A line grew past ``maximumLineLength``.
        case lineTooLong
    }

    /// The process id (also its process group id).
    let pid: Int32
    private var inputFD: Int32
    private var outputFD: Int32
    private var errorFD: Int32
    private var pendingInput: [UInt8] = []
    private var pendingOffset = 0
    private var closeInputWhenWritten = false
    private var output: [UInt8] = []
    private var outputStart = 0
    private var scannedUpTo = 0
    private var scratch = [UInt8](repeating: 0, count: 1 << 16)
    /// What the plugin wrote to its standard error.
    var standardError = StandardErrorLog()
    /// How it ended, once it has.
    private(set) var exitStatus: PluginExitStatus?
    /// Whether the process group has been sent SIGKILL (once: its id may be reused after).
    private var groupKilled = false
    /// Whether the plugin's escaped descendants have been ended (once it has exited).
    private var treeEnded = false

    /// Starts `executable` (an absolute path) with `arguments` (the first is its name).
    /// - Throws: ``PluginFailure/notStarted(reason:)`` naming the step that failed.
    init(
        executable: String, arguments: [String], environment: [String: String], directory: String?, memoryLimitBytes: Int?
    ) throws(PluginFailure) {
        Self.ignoreBrokenPipes
        let environmentLines = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [PluginTree.marker]
        var child = tc_child(pid: 0, stdin_fd: -1, stdout_fd: -1, stderr_fd: -1)
        var errorNumber: Int32 = 0
        let stage = PluginTree.starting { () -> (stage: tc_spawn_stage, pid: Int32?) in
            let stage = Self.withCStrings(arguments) { argv in
                Self.withCStrings(environmentLines) { envp in
                    tc_spawn(executable, argv, envp, directory, Int64(memoryLimitBytes ?? 0), &child, &errorNumber)
                }
            }
            return (stage, stage == TC_SPAWN_OK ? child.pid : nil)
        }
        guard stage == TC_SPAWN_OK else {
            let reason = String(cString: strerror(errorNumber))
            let what = switch stage {
            case TC_SPAWN_CHDIR: "cannot enter the folder '\(directory ?? "")': \(reason)"
            case TC_SPAWN_RLIMIT: "cannot limit its memory: \(reason)"
            case TC_SPAWN_EXEC: "cannot run '\(executable)': \(reason)"
            default: "cannot create the process: \(reason)"
            }
            throw .notStarted(reason: what)
        }
        pid = child.pid
        inputFD = child.stdin_fd
        outputFD = child.stdout_fd
        errorFD = child.stderr_fd
    }

    deinit {
        kill()
        for fd in [inputFD, outputFD, errorFD] where fd >= 0 { close(fd) }
    }

    /// Writing to a plugin that has exited must be an error (EPIPE), not the end of
    /// `trialcheck`: SIGPIPE is ignored once, before the first plugin starts.
    private static let ignoreBrokenPipes: Void = tc_ignore_sigpipe()

    /// Whether the process is still running as far as the engine knows.
    var isRunning: Bool { exitStatus == nil }

    /// Queues `bytes` for the plugin's standard input; they are written while output is read.
    func send(_ bytes: [UInt8]) {
        guard inputFD >= 0 else { return }
        if pendingOffset == pendingInput.count {
            pendingInput = bytes
            pendingOffset = 0
        } else {
            pendingInput.append(contentsOf: bytes)
        }
    }

    /// Closes the plugin's standard input once everything queued is written.
    func closeInput() {
        closeInputWhenWritten = true
        if pendingOffset == pendingInput.count { closeInputNow() }
    }

    /// The next line of output (without its line break), or `nil` once the plugin closed its
    /// output; writes queued input meanwhile and keeps reading standard error.
    /// - Throws: ``ReadProblem`` when `deadline` (uptime nanoseconds) passes first, or
    ///   when a line is too long.
    func nextLine(deadline: UInt64) throws(ReadProblem) -> [UInt8]? {
        while true {
            if let line = takeLine() { return line }
            if outputFD < 0 {
                // The output closed: a last line without a line break still counts.
                guard outputStart < output.count else { return nil }
                let line = Array(output[outputStart...])
                output.removeAll()
                outputStart = 0
                scannedUpTo = 0
                return line
            }
            if output.count - outputStart > Self.maximumLineLength { throw .lineTooLong }
            // In short rounds, so that an exit is seen by waitpid even while a process the
            // plugin started keeps its output open.
            guard pump(deadline: Swift.min(deadline, Self.now + Self.exitPollInterval)) || Self.now < deadline else { throw .timedOut }
            closeOutputIfExited()
        }
    }

    /// How often a read looks whether the plugin has exited, in nanoseconds.
    private static let exitPollInterval: UInt64 = 50_000_000

    /// Once the plugin has exited (seen by `waitpid`), reads what its output still holds and
    /// treats the output as closed: a process it left behind does not speak for it.
    private func closeOutputIfExited() {
        guard outputFD >= 0, reap() else { return }
        readOutput()
        readStandardError()
        if outputFD >= 0 {
            close(outputFD)
            outputFD = -1
        }
        if errorFD >= 0 {
            close(errorFD)
            errorFD = -1
        }
    }

    /// Output already read but not taken as a line, if it holds more than spaces and line breaks.
    var unreadOutput: String? {
        let rest = output[outputStart...]
        guard rest.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }) else { return nil }
        return String(decoding: rest.prefix(400), as: UTF8.self)
    }

    /// After the end message: writes what is queued, closes standard input, reads output
    /// (returning how many non-blank lines there were) and standard error until the plugin
    /// closes them, and waits for it to exit, until `deadline`. A plugin still running then
    /// is killed.
    /// - Returns: the lines of output read after the end, and whether the plugin had to be killed.
    func shutDown(deadline: UInt64) -> (extraLines: Int, killed: Bool) {
        closeInput()
        var extraLines = 0
        while outputFD >= 0 || errorFD >= 0 || (inputFD >= 0 && pendingOffset < pendingInput.count) {
            while let line = takeLine() {
                if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { extraLines += 1 }
            }
            guard pump(deadline: Swift.min(deadline, Self.now + Self.exitPollInterval)) || Self.now < deadline else { break }
            closeOutputIfExited()
        }
        if unreadOutput != nil { extraLines += 1 }
        while exitStatus == nil, Self.now < deadline {
            if reap() { break }
            _ = poll(nil, 0, 5)
        }
        let killed = exitStatus == nil
        kill()
        return (extraLines, killed)
    }

    /// Waits up to `deadline` for the process to exit (after it closed its output), and
    /// returns how it ended; kills it if it is still running then.
    func waitForExit(deadline: UInt64) -> PluginExitStatus? {
        while exitStatus == nil, Self.now < deadline {
            // Drain standard error meanwhile: a traceback often comes last.
            if errorFD >= 0 {
                _ = pump(deadline: Swift.min(deadline, Self.now + 5_000_000))
            } else {
                _ = poll(nil, 0, 5)
            }
            if reap() { break }
        }
        if exitStatus == nil {
            kill()
            return nil
        }
        drainStandardError(deadline: Swift.min(deadline, Self.now + 100_000_000))
        return exitStatus
    }

    /// Stops the whole process group at once (SIGKILL), even when the plugin itself has
    /// exited (what it started in its group goes too), and reaps the process; then ends
    /// its descendants that left the group (``PluginTree``).
    func kill() {
        if !groupKilled {
            groupKilled = true
            signal(-pid, SIGKILL)
        }
        if exitStatus == nil {
            signal(pid, SIGKILL)
            let deadline = Self.now + 2_000_000_000
            while exitStatus == nil, !reap(), Self.now < deadline {
                _ = poll(nil, 0, 2)
            }
        }
        if !treeEnded, exitStatus != nil {
            treeEnded = true
            PluginTree.ended(pid)
        }
        closeInputNow()
    }

    /// Reads what standard error still holds, until it closes or `deadline` passes.
    func drainStandardError(deadline: UInt64) {
        closeInputNow()
        while errorFD >= 0 || outputFD >= 0 {
            guard pump(deadline: deadline) else { return }
        }
    }

    /// Uptime in nanoseconds: the clock deadlines are on.
    static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Collects the exit status without blocking; true once the process has ended.
    @discardableResult
    private func reap() -> Bool {
        guard exitStatus == nil else { return true }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid {
            var value: Int32 = 0
            if tc_exited(status, &value) != 0 {
                exitStatus = .exited(value)
            } else if tc_signaled(status, &value) != 0 {
                exitStatus = .signaled(value)
            } else {
                return false
            }
            return true
        }
        if result < 0 && errno == ECHILD {
            exitStatus = .exited(-1)
            return true
        }
        return false
    }

    private func closeInputNow() {
        if inputFD >= 0 {
            close(inputFD)
            inputFD = -1
        }
        pendingInput = []
        pendingOffset = 0
    }

    /// A complete line from the output buffer, if there is one.
    private func takeLine() -> [UInt8]? {
        guard let newline = output[scannedUpTo...].firstIndex(of: 0x0A) else {
            scannedUpTo = output.count
            return nil
        }
        var end = newline
        if end > outputStart, output[end - 1] == 0x0D { end -= 1 }
        let line = Array(output[outputStart..<end])
        outputStart = newline + 1
        scannedUpTo = outputStart
        if outputStart == output.count {
            output.removeAll(keepingCapacity: true)
            outputStart = 0
            scannedUpTo = 0
        } else if outputStart > 1 << 16, outputStart > output.count / 2 {
            output.removeFirst(outputStart)
            scannedUpTo -= outputStart
            outputStart = 0
        }
        return line
    }

    /// One round of I/O: waits (until `deadline`) for any pipe to be ready, then writes what
    /// it can and reads what there is. Returns false when the deadline has passed.
    private func pump(deadline: UInt64) -> Bool {
        var descriptors: [pollfd] = []
        let writing = inputFD >= 0 && pendingOffset < pendingInput.count
        if writing { descriptors.append(pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0)) }
        if outputFD >= 0 { descriptors.append(pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)) }
        if errorFD >= 0 { descriptors.append(pollfd(fd: errorFD, events: Int16(POLLIN), revents: 0)) }
        let now = Self.now
        guard now < deadline else { return false }
        guard !descriptors.isEmpty else { return true }
        let milliseconds = Int32(clamping: (deadline - now + 999_999) / 1_000_000)
        let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
        if ready < 0 { return errno == EINTR || Self.now < deadline }
        if ready == 0 { return Self.now < deadline }
        for descriptor in descriptors where descriptor.revents != 0 {
            switch descriptor.fd {
            case inputFD: writeInput()
            case outputFD: readOutput()
            case errorFD: readStandardError()
            default: break
            }
        }
        return true
    }

    private func writeInput() {
        while inputFD >= 0, pendingOffset < pendingInput.count {
            let written = pendingInput.withUnsafeBytes { buffer in
                write(inputFD, buffer.baseAddress.map { $0 + pendingOffset }, pendingInput.count - pendingOffset)
            }
            if written > 0 {
                pendingOffset += written
            } else if written < 0 && (errno == EAGAIN || errno == EINTR) {
                return
            } else {
                // EPIPE: the plugin closed its input or exited; what it answered is still read.
                closeInputNow()
                return
            }
        }
        if pendingOffset == pendingInput.count {
            pendingInput.removeAll(keepingCapacity: true)
            pendingOffset = 0
            if closeInputWhenWritten { closeInputNow() }
        }
    }

    private func readOutput() {
        while outputFD >= 0 {
            let count = scratch.withUnsafeMutableBytes { read(outputFD, $0.baseAddress, $0.count) }
            if count > 0 {
                output.append(contentsOf: scratch[0..<count])
                if output.count - outputStart > Self.maximumLineLength { return }
            } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
                return
            } else {
                close(outputFD)
                outputFD = -1
            }
        }
    }

    private func readStandardError() {
        while errorFD >= 0 {
            let count = scratch.withUnsafeMutableBytes { read(errorFD, $0.baseAddress, $0.count) }
            if count > 0 {
                standardError.append(scratch[0..<count])
            } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
                return
            } else {
                close(errorFD)
                errorFD = -1
            }
        }
    }

    /// Calls `body` with a NULL-terminated C array of `strings`.
    private static func withCStrings<Result>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> Result
    ) -> Result {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// Sends `signalNumber` to a process (or, with a negative id, a process group).
    private func signal(_ target: Int32, _ signalNumber: Int32) {
        #if canImport(Glibc)
        _ = Glibc.kill(target, signalNumber)
        #elseif canImport(Darwin)
        _ = Darwin.kill(target, signalNumber)
        #endif
    }
}
