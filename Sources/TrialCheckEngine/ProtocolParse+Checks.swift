import TrialCheckCore
import Yams

/// A check as written, its kind built, before compositions are resolved.
struct ParsedCheck {
    let id: String
    let kind: String
    let criterion: String
    let severity: Severity
    let category: CheckCategory
    let body: Body
    let location: SourceLocation
    /// Whether the check is reported on its own (`report: false`: only as a member of
    /// compositions).
    let isReported: Bool

    /// What judges the check.
    enum Body {
        /// A kind, built from its parameters.
        case built(any Check)
        /// A composition, its members still to resolve.
        case composite(CompositeSpec)
    }
}

extension ProtocolParse {
    /// The checks, in file order, each judged as it is written (compositions resolved), and
    /// the checks that are only members of compositions (`report: false`).
    mutating func checks(_ items: [Located], context: CheckContext) -> (reported: [ConfiguredCheck], components: [ConfiguredCheck]) {
        var cache: [String: ParsedCheck?] = [:]
        return resolveCompositions(parsedChecks(items, context: context, cache: &cache))
    }

    /// The checks of `items` that are valid, each parsed once across calls sharing `cache`
    /// (the versions of an amended protocol share most of their checks); a duplicate id
    /// is a problem.
    mutating func parsedChecks(_ items: [Located], context: CheckContext, cache: inout [String: ParsedCheck?]) -> [ParsedCheck] {
        var parsed: [ParsedCheck] = []
        var seen: [String: SourceLocation] = [:]
        for item in items {
            use(item.source)
            let key = Self.identity(of: item)
            let check: ParsedCheck?
            if let cached = cache[key] {
                check = cached
            } else {
                check = self.check(item.value, context: context)
                cache[key] = check
            }
            guard let check else { continue }
            if let first = seen[check.id] {
                problem(item.value, "duplicate check id '\(check.id)' (first defined at \(first))")
                continue
            }
            seen[check.id] = check.location
            parsed.append(check)
        }
        return parsed
    }

    /// Where a check is written: the same for the same entry of the same file.
    static func identity(of item: Located) -> String {
        "\(item.source.path):\(item.value.mark?.line ?? 0):\(item.value.mark?.column ?? 0)"
    }

    mutating func check(_ node: Node, context: CheckContext) -> ParsedCheck? {
        guard case .mapping(let mapping) = node else {
            problem(node, "expected a check (a mapping with 'id', 'kind', 'criterion', 'severity'), found \(describe(node))")
            return nil
        }
        let id = requiredText("id", in: mapping, of: node, context: "a check")
        let label = id.map { "check '\($0)'" } ?? "a check"
        if let id, !Self.isValidID(id), let idNode = mapping.value(named: "id") {
            problem(idNode, "check id '\(id)' must be lower-case letters, digits and hyphens (such as 'enrollment-window')")
        }
        let criterion = requiredText("criterion", in: mapping, of: node, context: label)
        var severity: Severity?
        if let text = requiredText("severity", in: mapping, of: node, context: label), let severityNode = mapping.value(named: "severity") {
            severity = Severity(rawValue: text)
            if severity == nil {
                let names = Severity.allCases.map(\.rawValue)
                problem(severityNode, "\(label): unknown severity '\(ControlEscaping.excerpt(text))'\(Suggestion.hint(for: text, among: names))")
            }
        }
        var category: CheckCategory?
        if let categoryNode = mapping.value(named: "category") {
            let text = categoryNode.string ?? ""
            category = CheckCategory(rawValue: text)
            if category == nil {
                let names = CheckCategory.allCases.map(\.rawValue)
                problem(categoryNode, "\(label): unknown category '\(ControlEscaping.excerpt(text))'\(Suggestion.hint(for: text, among: names))")
            }
        }
        let isReported = flag("report", in: mapping, label: label) ?? true
        let kindName: String
        let body: ParsedCheck.Body
        if let connective = compositionConnective(in: mapping, label: label) {
            kindName = connective.rawValue
            reportUnknownKeys(in: mapping, allowed: ProtocolLoader.commonCheckKeys + [connective.rawValue], context: "\(label) (\(connective.rawValue))")
            guard let spec = compositeSpec(connective, mapping, label: label, context: context.forCheck(id)) else { return nil }
            body = .composite(spec)
        } else {
            guard let name = requiredText("kind", in: mapping, of: node, context: label) else { return nil }
            guard let check = instantiate(kindName: name, node: node, mapping: mapping, label: label, allowedKeys: ProtocolLoader.commonCheckKeys, context: context.forCheck(id))
            else { return nil }
            kindName = name
            body = .built(check)
        }
        guard let id, let criterion, let severity else { return nil }
        return ParsedCheck(
            id: id, kind: kindName, criterion: criterion, severity: severity,
            category: category ?? CheckCategory.inferred(fromCriterion: criterion),
            body: body, location: location(node), isReported: isReported
        )
    }

    /// `true` or `false` under `key`, or `nil` when absent (a problem when it is neither).
    mutating func flag(_ key: String, in mapping: Node.Mapping, label: String) -> Bool? {
        guard let node = mapping.value(named: key) else { return nil }
        switch node.string {
        case "true": return true
        case "false": return false
        default:
            problem(node, "\(label): '\(key)': expected true or false, found \(describe(node))")
            return nil
        }
    }

    /// Builds a check of the kind named `kindName` from `mapping`.
    ///
    /// Every parameter problem is reported in one pass: after a parameter that cannot be
    /// decoded, the others are decoded without it (a missing required parameter ends the
    /// search, since the kind cannot be built without it). Problems found by the kind once
    /// its parameters decode (`min` above `max`) are reported only when every parameter
    /// decoded.
    /// - Parameter allowedKeys: the keys allowed besides the kind's parameters.
    mutating func instantiate(
        kindName: String, node: Node, mapping: Node.Mapping, label: String, allowedKeys: [String], context: CheckContext
    ) -> (any Check)? {
        guard let kind = registry.kind(kindName) else {
            problem(mapping.value(named: "kind") ?? node, "\(label): unknown check kind '\(ControlEscaping.excerpt(kindName))'\(Suggestion.hint(for: kindName, among: registry.identifiers))")
            return nil
        }
        let parameterNames = kind.description.parameters.map(\.name)
        reportUnknownKeys(in: mapping, allowed: allowedKeys + parameterNames, context: "\(label) (kind '\(kindName)')")
        var remaining = mapping
        var set: Set<String> = []
        while true {
            do {
                var check = try kind.instantiate(parameters: YAMLParameterSource(node: .mapping(remaining)), context: context)
                guard set.isEmpty else { return nil }
                if let external = check as? ExternalCheck {
                    check = external.permitted(by: externalPolicy)
                }
                return check
            } catch let error as ParameterProblem {
                if set.isEmpty {
                    let at = error.parameter.flatMap { keyNode($0, in: mapping) } ?? node
                    problem(at, "\(label): \(error.message)")
                }
                return nil
            } catch let error as DecodingError {
                let path = Self.codingPath(of: error)
                // A required parameter missing because an undecodable one was set aside.
                if case .keyNotFound(let key, let context) = error, context.codingPath.isEmpty, set.contains(key.stringValue) { return nil }
                reportDecodingError(error, in: node, label: label, kind: kind)
                guard let top = path.first?.stringValue, remaining[top] != nil else { return nil }
                set.insert(top)
                remaining = Node.Mapping(remaining.filter { $0.key.string != top }, remaining.tag, remaining.style, remaining.mark)
            } catch {
                problem(node, "\(label): \(error)")
                return nil
            }
        }
    }

    /// Where a decoding error is: the coding path, with the missing key for a missing one.
    static func codingPath(of error: DecodingError) -> [any CodingKey] {
        switch error {
        case .keyNotFound(let key, let context): context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context.codingPath
        @unknown default: []
        }
    }

    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, IDCharacters.lowerAlphanumeric.contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { IDCharacters.lowerAlphanumeric.contains($0) || $0 == "-" }
    }

    /// Reports a parameter decoding error at the node its coding path leads to.
    mutating func reportDecodingError(_ error: DecodingError, in node: Node, label: String, kind: CheckKind) {
        func parameterType(_ path: [any CodingKey]) -> String {
            guard let name = path.first?.stringValue,
                  let parameter = kind.description.parameters.first(where: { $0.name == name })
            else { return "" }
            return " (\(parameter.type))"
        }
        func name(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let path = context.codingPath + [key]
            let owner = Self.node(at: context.codingPath, in: node)
            problem(owner, "\(label): missing required parameter '\(name(path))'\(parameterType(path))")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let target = Self.node(at: context.codingPath, in: node)
            problem(target, "\(label): '\(name(context.codingPath))': expected \(Self.friendlyName(of: type))\(parameterType(context.codingPath)), found \(describe(target))")
        case .dataCorrupted(let context):
            let target = Self.node(at: context.codingPath, in: node)
            problem(target, "\(label): '\(name(context.codingPath))': \(context.debugDescription)")
        @unknown default:
            problem(node, "\(label): \(error)")
        }
    }

    /// The node a coding path leads to from `root` (the deepest that exists).
    static func node(at path: [any CodingKey], in root: Node) -> Node {
        var current = root
        for key in path {
            if let index = key.intValue, case .sequence(let items) = current, items.indices.contains(index) {
                current = items[index]
            } else if case .mapping(let mapping) = current, let next = mapping.value(named: key.stringValue) {
                current = next
            } else {
                break
            }
        }
        return current
    }

    static func friendlyName(of type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int?.Type: "a whole number"
        case is Double.Type, is Double?.Type: "a number"
        case is String.Type, is String?.Type: "text"
        case is Bool.Type, is Bool?.Type: "true or false"
        case is Quantity.Type, is Quantity?.Type: "a quantity with a unit (such as '50.4 Gy')"
        default:
            String(describing: type).hasPrefix("Array") || String(describing: type) == "Sequence"
                ? "a list" : "a value of type \(type)"
        }
    }
}
private enum IDCharacters {
    static let lowerAlphanumeric = Set("abcdefghijklmnopqrstuvwxyz0123456789".unicodeScalars)
}
