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

    /// Whether standard output is a terminal that wants colour (honours `NO_COLOR`).
    static var wantsColour: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
