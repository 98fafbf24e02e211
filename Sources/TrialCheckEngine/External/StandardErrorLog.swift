/// A plugin's standard error, split into lines, with a cap on what is kept: a plugin
/// that writes without end costs the audit a counter, not memory.
struct StandardErrorLog: Sendable {
    /// The most lines kept.
    static let maximumLines = 200
    /// The most bytes of one line kept (the rest is cut, with an ellipsis).
    static let maximumLineLength = 2000

    /// The lines kept, in order.
    private(set) var lines: [String] = []
    /// Lines written beyond those kept.
    private(set) var droppedLines = 0
    private var partial: [UInt8] = []

    /// Adds bytes read from the plugin's standard error.
    mutating func append(_ bytes: some Collection<UInt8>) {
        for byte in bytes {
            if byte == 0x0A {
                finishLine()
            } else if partial.count < Self.maximumLineLength + 4 {
                partial.append(byte)
            }
        }
    }

    /// Ends the last line, if the plugin wrote one without a line break.
    mutating func flush() {
        if !partial.isEmpty { finishLine() }
    }

    /// Takes the lines (and the count of those dropped), leaving the log empty.
    mutating func take() -> (lines: [String], dropped: Int) {
        flush()
        defer {
            lines = []
            droppedLines = 0
        }
        return (lines, droppedLines)
    }

    private mutating func finishLine() {
        defer { partial.removeAll(keepingCapacity: true) }
        if partial.last == 0x0D { partial.removeLast() }
        guard !partial.isEmpty else { return }
        guard lines.count < Self.maximumLines else {
            droppedLines += 1
            return
        }
        var text = String(decoding: partial.prefix(Self.maximumLineLength), as: UTF8.self)
        if partial.count > Self.maximumLineLength { text += "…" }
        lines.append(text)
    }
}
