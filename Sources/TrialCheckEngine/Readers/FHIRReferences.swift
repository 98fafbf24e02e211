import TrialCheckCore

/// Resolves the references between the FHIR resources of one input.
///
/// A reference names: a resource contained in the referring one (`#med`, as large EHR
/// vendors export a Medication); a Bundle entry by its `fullUrl` (`urn:uuid:...`, or an
/// absolute URL); or a resource by type and id, relative (`Medication/123`), absolute
/// (`https://ehr.example/fhir/Medication/123`) or versioned (`Medication/123/_history/2`),
/// anywhere in the input (a Bundle, NDJSON, or a Bulk Data folder's files).
final class FHIRReferences {
    private let resources: [FHIRResource]
    /// Where names this index does not have are looked up.
    private let shared: FHIRReferences?
    /// `resources` by `Type/id` and by `fullUrl` (the first of a name wins), built at the
    /// first look-up: most patients' mappings follow no reference.
    private lazy var byName: [String: FHIRResource] = {
        var byName: [String: FHIRResource] = [:]
        byName.reserveCapacity(resources.count)
        for resource in resources {
            if let reference = resource.reference, byName[reference] == nil { byName[reference] = resource }
            if let fullUrl = resource.fullUrl, byName[fullUrl] == nil { byName[fullUrl] = resource }
        }
        return byName
    }()

    /// An index of `resources` (one patient's), then of `shared` (the resources that belong
    /// to no patient), if given.
    init(_ resources: [FHIRResource], shared: FHIRReferences? = nil) {
        self.resources = resources
        self.shared = shared
    }

    private func named(_ name: String) -> FHIRResource? { byName[name] ?? shared?.named(name) }

    /// The resource `reference` names, read from `container`, or `nil` if the input does
    /// not hold it.
    func resolve(_ reference: String, from container: FHIRResource) -> FHIRResource? {
        if reference.hasPrefix("#") { return Self.contained(String(reference.dropFirst()), in: container) }
        if let resource = named(reference) { return resource }
        var parts = reference.split(separator: "/").map(String.init)
        if let history = parts.lastIndex(of: "_history") { parts = Array(parts[..<history]) }
        guard parts.count >= 2 else { return nil }
        return named("\(parts[parts.count - 2])/\(parts[parts.count - 1])")
    }

    /// The resource in `container.contained` whose id is `id`.
    static func contained(_ id: String, in container: FHIRResource) -> FHIRResource? {
        guard !id.isEmpty else { return nil }
        for node in container.node.elements(of: "contained") where node["id"]?.text == id {
            guard let type = node["resourceType"]?.text else { return nil }
            return FHIRResource(node: node, type: type, fullUrl: nil)
        }
        return nil
    }
}
