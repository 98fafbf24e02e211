import Foundation
import TrialCheckEngine

/// Standard output and error for the commands.
enum Console {
    /// Writes `text` to standard error, with a newline. No control character reaches the
    /// terminal: every one but a line feed is written as a visible escape (a message's data
    /// parts escape their line feeds with ``data(_:)``).
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((ControlEscaping.escapeKeepingLines(text) + "\n").utf8))
    }

    /// Text from data for a message line: every control character, line feeds included,
    /// as a visible escape, so a record cannot forge a line.
    static func data(_ text: String) -> String { ControlEscaping.escape(text) }

    /// Writes `text` to standard output as is.
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes a notice to standard error as one line, every control character in it a
    /// visible escape.
    static func notice(_ notice: Notice) {
        FileHandle.standardError.write(Data((ControlEscaping.escape(notice.description) + "\n").utf8))
    }

    /// Whether standard output is a terminal that wants colour: a `NO_COLOR` that is set and
    /// not empty turns colour off (no-color.org).
    static var wantsColour: Bool {
        wantsColour(terminal: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
    }

    /// Whether a terminal (`terminal`) in `environment` wants colour.
    static func wantsColour(terminal: Bool, environment: [String: String]) -> Bool {
        terminal && (environment["NO_COLOR"] ?? "").isEmpty
    }
}
