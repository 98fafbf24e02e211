import Foundation
import TrialCheckEngine

/// SIGINT and SIGTERM end a run cleanly: the temporary files of reports being written are
/// removed (every report file holds its old content or a whole new report), a line on
/// standard error says so, and the exit code is 128 + the signal (130, 143).
///
/// The signal handler only writes the signal's number to a pipe (async-signal-safe); a
/// thread waiting on the pipe does the rest.
enum SignalHandling {
    /// The pipe's write end, for the handler; -1 until installed.
    nonisolated(unsafe) private static var writeEnd: Int32 = -1

    /// Installs the handlers for SIGINT and SIGTERM (once).
    static func install() {
        guard writeEnd < 0 else { return }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        writeEnd = ends[1]
        let readEnd = ends[0]
        let thread = Thread {
            var number: UInt8 = 0
            while true {
                let count = read(readEnd, &number, 1)
                if count == 1 { break }
                if count < 0 && errno == EINTR { continue }
                return
            }
            finish(signal: Int32(number))
        }
        thread.start()
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(SignalHandling.writeEnd, &byte, 1)
            }
            #else
            action.__sigaction_u.__sa_handler = { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(SignalHandling.writeEnd, &byte, 1)
            }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
        // A parent may have started this process with the signals blocked (a mask is
        // inherited): unblock them, so they reach the handler rather than wait forever.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGINT)
        sigaddset(&unblocked, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }

    /// Removes the reports' temporary files, says why the run ended, and exits.
    private static func finish(signal number: Int32) -> Never {
        ReportOutput.removeTemporaryFiles()
        let name = number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
        Console.error("trialcheck: interrupted by \(name); stopped, and no report was left partly written")
        // _exit: the main thread is still running; no exit handlers or destructors race it.
        // Standard error and the reports' writes are unbuffered, so nothing is lost.
        _exit(128 + number)
    }
}
