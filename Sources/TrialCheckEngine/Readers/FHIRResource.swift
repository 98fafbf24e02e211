import TrialCheckCore

/// One FHIR resource read from an input, with where it was read.
struct FHIRResource: Sendable {
    /// The resource's JSON, read in place.
    let node: FHIRNode
    /// `resourceType`.
    let type: String
    /// The Bundle entry's `fullUrl`, if any.
    let fullUrl: String?

    /// The logical id, if any: read when asked (a resource's id is read for references
    /// only, which most mappings do not follow).
    var id: String? { node["id"]?.text }

    /// Where the resource starts.
    var position: TextPosition { node.position }

    /// `Type/id`, as references name it.
    var reference: String? { id.map { "\(type)/\($0)" } }

    /// Whether one of the resource's profiles (`meta.profile`) has a URL that ends with
    /// `/StructureDefinition/<name>`.
    func hasProfile(_ name: StaticString) -> Bool {
        // Most resources name no profile: nothing is built for them.
        guard let profiles = node["meta"]?["profile"] else { return false }
        return profiles.elements.contains { $0.textHasSuffix("/StructureDefinition/", name) }
    }
}
