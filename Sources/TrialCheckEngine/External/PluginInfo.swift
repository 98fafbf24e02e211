/// What a plugin says about itself in the handshake.
public struct PluginInfo: Sendable, Hashable {
    /// The protocol version it speaks.
    public let protocolVersion: Int
    /// Its name (`ecog-check`), if it gives one.
    public let name: String?
    /// Its version, if it gives one.
    public let version: String?
    /// What it checks, in a sentence or two, if it says.
    public let description: String?
    /// The largest batch it accepts, if it limits them.
    public let maximumBatchSize: Int?

    /// Creates the description of a plugin.
    public init(protocolVersion: Int, name: String?, version: String?, description: String?, maximumBatchSize: Int?) {
        self.protocolVersion = protocolVersion
        self.name = name
        self.version = version
        self.description = description
        self.maximumBatchSize = maximumBatchSize
    }

    /// `ecog-check 1.0.0`, or what there is of it.
    public var title: String {
        [name, version].compactMap { $0 }.joined(separator: " ")
    }
}
