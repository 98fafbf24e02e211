import TrialCheckCore

/// One FHIR resource read from an input, with where it was read.
struct FHIRResource: Sendable {
    /// The resource's JSON.
    let node: SyntaxNode
    /// `resourceType`.
    let type: String
    /// The logical id, if any.
    let id: String?
    /// The Bundle entry's `fullUrl`, if any.
    let fullUrl: String?

    /// Where the resource starts.
    var position: TextPosition { node.position }

    /// `Type/id`, as references name it.
    var reference: String? { id.map { "\(type)/\($0)" } }

    /// The resource's profiles (`meta.profile`).
    var profiles: [String] { node["meta"]?["profile"]?.elements.compactMap(\.text) ?? [] }

    /// Whether a profile's URL ends with `/StructureDefinition/<name>`.
    func hasProfile(_ name: String) -> Bool {
        profiles.contains { $0.hasSuffix("/StructureDefinition/" + name) }
    }
}
