import TrialCheckCore

/// The check kinds an audit can use, by identifier.
public struct CheckRegistry: Sendable {
    private let kindsByIdentifier: [String: CheckKind]
    /// Every kind, sorted by identifier.
    public let kinds: [CheckKind]

    /// A registry of `kinds`; when two kinds share an identifier the first wins, and
    /// ``conflicts`` names the identifier.
    public init(kinds: [CheckKind]) {
        var byIdentifier: [String: CheckKind] = [:]
        var conflicts: [String] = []
        for kind in kinds {
            if byIdentifier[kind.identifier] == nil {
                byIdentifier[kind.identifier] = kind
            } else {
                conflicts.append(kind.identifier)
            }
        }
        kindsByIdentifier = byIdentifier
        self.kinds = byIdentifier.values.sorted { $0.identifier < $1.identifier }
        self.conflicts = conflicts
    }

    /// Identifiers provided by more than one plugin (a packaging error a test catches).
    public let conflicts: [String]

    /// The kind named `identifier`.
    public func kind(_ identifier: String) -> CheckKind? {
        kindsByIdentifier[identifier]
    }

    /// Every identifier.
    public var identifiers: [String] { kinds.map(\.identifier) }
}
