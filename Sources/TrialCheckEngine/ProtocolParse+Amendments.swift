import TrialCheckCore
import Yams

extension ProtocolParse {
    /// The date that chooses a patient's version (`version_date:`): consent unless the
    /// protocol says `enrollment` (or its synonym `registration`).
    mutating func versionAnchor(_ assembled: AssembledProtocol) -> ProtocolVersioning.Anchor {
        guard let node = setting("version_date", assembled) else { return .consent }
        switch node.string {
        case "consent": return .consent
        case "enrollment", "registration": return .enrollment
        default:
            problem(node, "'version_date': expected consent or enrollment, found \(describe(node))")
            return .consent
        }
    }

    /// The checks of a protocol with amendments, each version's checks being the previous
    /// version's with the amendment's checks added or replaced and its `remove` dropped.
    ///
    /// A check the same in every version is reported as it is; one whose form differs
    /// (including a composition whose members differ) is a ``VersionedCheck``.
    mutating func versionedChecks(
        _ original: [Located], amendments node: Node, original name: String, anchor: ProtocolVersioning.Anchor, context: CheckContext
    ) -> (reported: [ConfiguredCheck], components: [ConfiguredCheck], versioning: ProtocolVersioning)? {
        guard case .sequence(let items) = node, !items.isEmpty else {
            problem(node, "'amendments': expected a list of amendments ({version, effective, checks, remove}), found \(describe(node))")
            return nil
        }
        let amendmentsSource = SourceFile(path: path, text: text)
        var versions = [ProtocolVersioning.Version(version: name, effective: nil)]
        var lists = [original]
        for item in items {
            use(amendmentsSource)
            guard case .mapping(let mapping) = item else {
                problem(item, "an amendment: expected {version, effective, checks, remove}, found \(describe(item))")
                continue
            }
            reportUnknownKeys(in: mapping, allowed: ["version", "effective", "checks", "remove"], context: "an amendment")
            let version = requiredText("version", in: mapping, of: item, context: "an amendment")
            let label = version.map { "amendment '\($0)'" } ?? "an amendment"
            if let version, versions.contains(where: { $0.version == version }), let at = mapping.value(named: "version") {
                problem(at, "\(label): the version '\(version)' is named twice")
            }
            let effective = effectiveDate(mapping, of: item, label: label)
            if let effective, let previous = versions.last?.effective, effective <= previous, let at = mapping.value(named: "effective") {
                problem(at, "\(label): takes effect on \(PartialDate(effective)), not after the amendment before it (\(PartialDate(previous))); list amendments in order")
            }
            let added = mapping.value(named: "checks").map { checkItems($0, source: amendmentsSource) } ?? []
            if mapping.value(named: "checks") == nil, mapping.value(named: "remove") == nil {
                problem(item, "\(label) changes nothing: give 'checks' (added or replaced by id) and/or 'remove'")
            }
            let list = merging(lists.last ?? [], adding: added, removing: mapping.value(named: "remove"))
            guard let version, let effective else { continue }
            versions.append(ProtocolVersioning.Version(version: version, effective: effective))
            lists.append(list)
        }
        guard versions.count == items.count + 1 else { return nil }
        let versioning = ProtocolVersioning(versions: versions, anchor: anchor)

        var cache: [String: ParsedCheck?] = [:]
        var perVersion: [[ParsedCheck]] = []
        var resolved: [(reported: [ConfiguredCheck], components: [ConfiguredCheck])] = []
        var signatures: [[String: String]] = []
        for list in lists {
            let parsed = parsedChecks(list, context: context, cache: &cache)
            let identities = Dictionary(zip(list.compactMap { $0.value.mapping?.value(named: "id")?.string }, list.map(Self.identity)), uniquingKeysWith: { first, _ in first })
            perVersion.append(parsed)
            resolved.append(resolveCompositions(parsed))
            signatures.append(Self.signatures(parsed, identities: identities))
        }

        // Every id, in the order versions first list them.
        var order: [String] = []
        for parsed in perVersion { for check in parsed where !order.contains(check.id) { order.append(check.id) } }
        var reported: [ConfiguredCheck] = []
        var components: [ConfiguredCheck] = []
        for id in order {
            let forms = resolved.map { version in (version.reported + version.components).first { $0.id == id } }
            let isReported = resolved.map { version in version.reported.contains { $0.id == id } }
            let distinct = Set(signatures.indices.map { signatures[$0][id] ?? "" })
            guard let latest = forms.last(where: { $0 != nil }) ?? nil else { continue }
            guard distinct.count > 1 else {
                (isReported.contains(true) ? reported.append(latest) : components.append(latest))
                continue
            }
            if forms.contains(where: { $0?.check is ExternalCheck }) {
                problems.append(ProtocolProblem(location: latest.location, message: "check '\(id)': an amendment cannot add, replace or remove an external check (it judges patients in batches in its own process)"))
                continue
            }
            if Set(isReported.indices.filter { forms[$0] != nil }.map { isReported[$0] }).count > 1 {
                problems.append(ProtocolProblem(location: latest.location, message: "check '\(id)': 'report' must be the same in every version"))
                continue
            }
            let versioned = VersionedCheck(versioning: versioning, forms: forms.indices.map { index in
                forms[index].map { VersionedCheck.Form(check: $0.check, criterion: $0.criterion, signature: signatures[index][id] ?? "") }
            })
            let configured = ConfiguredCheck(
                id: id, kind: latest.kind, criterion: latest.criterion, severity: latest.severity, category: latest.category,
                check: versioned, location: latest.location
            )
            (isReported.contains(true) ? reported.append(configured) : components.append(configured))
        }
        return (reported, components, versioning)
    }

    /// The day an amendment takes effect: a complete date.
    private mutating func effectiveDate(_ mapping: Node.Mapping, of item: Node, label: String) -> CalendarDay? {
        guard let text = requiredText("effective", in: mapping, of: item, context: label), let node = mapping.value(named: "effective") else { return nil }
        guard let date = PartialDate(iso8601: text.trimmingWhitespace()), date.span.first == date.span.last else {
            problem(node, "\(label): 'effective': expected a complete date (such as 2026-03-01), found \(describe(node))")
            return nil
        }
        return date.span.first
    }

    /// For each check of one version, what tells its form apart from another version's:
    /// where it is written, and for a composition, the forms of the checks it names.
    private static func signatures(_ parsed: [ParsedCheck], identities: [String: String]) -> [String: String] {
        let byID = Dictionary(parsed.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var memo: [String: String] = [:]
        func signature(_ id: String, _ visiting: Set<String>) -> String {
            if let known = memo[id] { return known }
            guard let check = byID[id], !visiting.contains(id) else { return id }
            var text = identities[id] ?? id
            if case .composite(let spec) = check.body {
                text += "[" + references(spec).map { signature($0, visiting.union([id])) }.joined(separator: ",") + "]"
            }
            memo[id] = text
            return text
        }
        return Dictionary(parsed.map { ($0.id, signature($0.id, [])) }, uniquingKeysWith: { first, _ in first })
    }

    /// The ids a composition names, at any depth.
    private static func references(_ spec: CompositeSpec) -> [String] {
        spec.members.flatMap { member -> [String] in
            switch member.body {
            case .reference(let id, _): [id]
            case .inline: []
            case .composite(let nested): references(nested)
            }
        }
    }
}
