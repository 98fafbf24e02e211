import Foundation

/// A progress line on standard error for long audits: records read and the rate. Shown
/// only on a terminal, never in CI logs (`CI` set) or when standard error is redirected.
final class ProgressLine {
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// A progress line, or `nil` where it must not show.
    static func forStandardError() -> ProgressLine? {
        let environment = ProcessInfo.processInfo.environment
        guard isatty(STDERR_FILENO) == 1, environment["CI"] == nil, environment["TERM"] != "dumb" else { return nil }
        return ProgressLine()
    }

    /// Redraws at most ten times a second.
    func update(_ count: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Int(Double(count) / elapsed)
        FileHandle.standardError.write(Data("\r\u{1B}[2Kaudited \(count) records (\(rate)/s)".utf8))
        drawn = true
    }

    /// Clears the line.
    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
