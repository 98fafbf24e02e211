import TrialCheckCore

/// The external plugins a protocol declares, each described by its own handshake: what
/// `trialcheck checks --protocol P` prints.
public struct ExternalPluginListing: Sendable {
    /// One declared plugin and what came of asking it to describe itself.
    public struct Entry: Sendable {
        /// The check's id.
        public let id: String
        /// The criterion it enforces.
        public let criterion: String
        /// The command, as one line.
        public let command: String
        /// The folder it runs in.
        public let directory: String?
        /// The parameters passed to it, as JSON.
        public let parameters: String
        /// The handshake's answer, or why there was none.
        public let result: Result<PluginInfo, PluginFailure>
    }

    /// The protocol's id.
    public let protocolID: String
    /// The external plugins, in protocol order.
    public let entries: [Entry]

    /// Starts each external plugin of `definition`, runs the handshake, and stops it.
    public init(definition: ProtocolDefinition) {
        protocolID = definition.id
        entries = definition.checks.compactMap { configured -> Entry? in
            guard let check = configured.check as? ExternalCheck else { return nil }
            let result = check.describePlugin()
            _ = check.finishAudit()
            return Entry(
                id: configured.id, criterion: configured.criterion, command: check.commandLine,
                directory: check.directory, parameters: check.pluginParametersJSON, result: result
            )
        }
    }

    /// Whether a plugin could not describe itself.
    public var hasFailures: Bool {
        entries.contains { if case .failure = $0.result { true } else { false } }
    }

    /// Plain text for a terminal.
    public func text() -> String {
        guard !entries.isEmpty else { return "\(protocolID) declares no external plugins.\n" }
        var out = "External plugins declared by \(protocolID):\n"
        for entry in entries {
            out += "\n\(entry.id): \(entry.criterion)\n"
            out += "  command: \(entry.command)" + (entry.directory.map { " (in \($0))" } ?? "") + "\n"
            out += "  parameters: \(entry.parameters)\n"
            switch entry.result {
            case .success(let info):
                out += "  plugin: \(info.title.isEmpty ? "(no name given)" : info.title), protocol version \(info.protocolVersion)\n"
                if let description = info.description { out += "  \(description)\n" }
            case .failure(let failure):
                out += "  error: \(failure)\n"
            }
        }
        return out
    }

    /// Markdown: one table row per plugin.
    public func markdown() -> String {
        guard !entries.isEmpty else { return "\(protocolID) declares no external plugins.\n" }
        var out = "# External plugins declared by \(protocolID)\n\n| check | command | plugin | description |\n| --- | --- | --- | --- |\n"
        for entry in entries {
            let plugin: String
            let description: String
            switch entry.result {
            case .success(let info):
                plugin = info.title.isEmpty ? "(no name given)" : info.title
                description = info.description ?? ""
            case .failure(let failure):
                plugin = "**error**"
                description = failure.description
            }
            out += "| `\(entry.id)` | `\(entry.command)` | \(cell(plugin)) | \(cell(description)) |\n"
        }
        return out
    }

    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
