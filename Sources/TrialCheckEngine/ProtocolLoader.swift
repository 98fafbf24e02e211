import Crypto
import TrialCheckCore
import Yams

/// Loads and validates protocol files before any record is read.
///
/// Every problem is collected (not just the first), each with file:line:column: a
/// syntax error, an unknown or misspelt key or kind (with "did you mean"), a missing or
/// wrongly typed parameter, a duplicate check id, inconsistent parameters.
public struct ProtocolLoader: Sendable {
    /// The kinds a protocol may use.
    public let registry: CheckRegistry

    /// Whether the protocols' external checks may run, and with what of this computer's
    /// environment (see ``ExternalPolicy``).
    public let externalPolicy: ExternalPolicy

    /// A loader for the kinds in `registry`. External checks are built under
    /// `externalPolicy`: by default they are listed but never start a program.
    public init(registry: CheckRegistry, externalPolicy: ExternalPolicy = .refused) {
        self.registry = registry
        self.externalPolicy = externalPolicy
    }

    static let topLevelKeys = ["id", "title", "version", "source", "sponsor", "arms", "reads", "checks", "manual"]
    static let commonCheckKeys = ["id", "kind", "criterion", "severity", "category"]

    /// Loads the protocol file at `path`.
    /// - Throws: ``ProtocolError`` listing every problem found.
    public func load(path: String) throws(ProtocolError) -> ProtocolDefinition {
        let bytes: [UInt8]
        do {
            let source = try ByteSource(path: path)
            bytes = try source.readAll()
        } catch {
            throw ProtocolError(problems: [ProtocolProblem(location: error.location, message: error.reason)])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ProtocolError(problems: [ProtocolProblem(location: SourceLocation(file: path), message: "the file is not UTF-8 text")])
        }
        return try load(yaml: text, path: path)
    }

    /// Loads a protocol from YAML text; `path` is used in locations.
    public func load(yaml text: String, path: String) throws(ProtocolError) -> ProtocolDefinition {
        var parse = ProtocolParse(path: path, registry: registry, externalPolicy: externalPolicy, text: text)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let syntax = YAMLSyntaxParser.syntaxError(from: error, in: text)
            throw ProtocolError(problems: [ProtocolProblem(location: syntax.position.location(in: path), message: syntax.message)])
        }
        guard let root else {
            throw ProtocolError(problems: [ProtocolProblem(location: SourceLocation(file: path, line: 1, column: 1), message: "the protocol file is empty")])
        }
        do {
            try YAMLSyntaxParser.checkExpansion(of: root, sourceBytes: text.utf8.count)
        } catch {
            throw ProtocolError(problems: [ProtocolProblem(location: error.position.location(in: path), message: error.message)])
        }
        let definition = parse.definition(from: root, sha256: Self.sha256(of: text))
        guard parse.problems.isEmpty, let definition else {
            throw ProtocolError(problems: parse.problems.sorted { $0.location < $1.location })
        }
        return definition
    }

    static func sha256(of text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).lowercaseHex
    }
}

/// The state of one protocol file's validation: the problems found so far.
private struct ProtocolParse {
    let path: String
    let registry: CheckRegistry
    let externalPolicy: ExternalPolicy
    var problems: [ProtocolProblem] = []

    /// The file's text, to quote a value from the line it starts on.
    let text: String

    init(path: String, registry: CheckRegistry, externalPolicy: ExternalPolicy, text: String) {
        self.path = path
        self.registry = registry
        self.externalPolicy = externalPolicy
        self.text = text
    }

    private func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    private mutating func problem(_ node: Node, _ message: String) {
        problems.append(ProtocolProblem(location: location(node), message: message))
    }

    private func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "'\(excerpt(scalar.string, at: node.mark))'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }

    /// A short quote of a scalar: the rest of the line of the file it starts on when YAML
    /// folded it from several lines, so a message never quotes more than one line of a file.
    private func excerpt(_ value: String, at mark: Mark?) -> String {
        guard let mark, mark.line >= 1,
              let line = text.split(separator: "\n", maxSplits: mark.line, omittingEmptySubsequences: false).dropFirst(mark.line - 1).first
        else { return ControlEscaping.excerpt(value) }
        let rest = String(line.dropFirst(max(mark.column - 1, 0)))
        let lineText = rest.hasSuffix("\r") ? String(rest.dropLast()) : rest
        guard value.count > lineText.count, value.hasPrefix(lineText.trimmingWhitespace()) else { return ControlEscaping.excerpt(value) }
        let quote = ControlEscaping.excerpt(lineText.trimmingWhitespace())
        return quote.hasSuffix("…") ? quote : quote + "…"
    }

    /// The key node for `key` in `mapping` (for locating problems with the key itself).
    private func keyNode(_ key: String, in mapping: Node.Mapping) -> Node? {
        mapping.first { $0.key.string == key }?.key
    }

    private mutating func requiredText(_ key: String, in mapping: Node.Mapping, of owner: Node, context: String) -> String? {
        guard let node = mapping[key] else {
            problem(owner, "\(context) has no '\(key)'")
            return nil
        }
        guard case .scalar(let scalar) = node, !scalar.string.trimmingWhitespace().isEmpty else {
            problem(node, "'\(key)': expected text, found \(describe(node))")
            return nil
        }
        return scalar.string
    }

    private mutating func optionalText(_ key: String, in mapping: Node.Mapping) -> String? {
        guard let node = mapping[key] else { return nil }
        guard case .scalar(let scalar) = node else {
            problem(node, "'\(key)': expected text, found \(describe(node))")
            return nil
        }
        return scalar.string
    }

    private mutating func reportUnknownKeys(in mapping: Node.Mapping, allowed: [String], context: String) {
        for (key, _) in mapping {
            guard let name = key.string else {
                problem(key, "\(context): expected a key (text), found \(describe(key))")
                continue
            }
            if !allowed.contains(name) {
                problem(key, "unknown key '\(ControlEscaping.excerpt(name))' in \(context)\(Suggestion.hint(for: name, among: allowed))")
            }
        }
    }

    mutating func definition(from root: Node, sha256: String) -> ProtocolDefinition? {
        guard case .mapping(let mapping) = root else {
            problem(root, "expected a protocol definition (a mapping with 'id', 'title', 'version' and 'checks'), found \(describe(root))")
            return nil
        }
        reportUnknownKeys(in: mapping, allowed: ProtocolLoader.topLevelKeys, context: "the protocol")
        let id = requiredText("id", in: mapping, of: root, context: "the protocol")
        let title = requiredText("title", in: mapping, of: root, context: "the protocol")
        let version = requiredText("version", in: mapping, of: root, context: "the protocol")
        let source = optionalText("source", in: mapping)
        let arms = self.arms(mapping["arms"])
        let context = CheckContext(
            protocolID: id ?? "", arms: Dictionary(arms.map { ($0.code, $0.arm) }, uniquingKeysWith: { first, _ in first }),
            protocolPath: path
        )
        let checks = self.checks(mapping["checks"], in: root, context: context)
        let manual = manualCriteria(mapping["manual"])
        let reads = mapping["reads"].map { inputDeclaration($0, context: "'reads'") } ?? .nothing
        guard let id, let title, let version else { return nil }
        return ProtocolDefinition(
            id: id, title: title, version: version, source: source, arms: arms, checks: checks,
            manualCriteria: manual, path: path, sha256: sha256, declaredInputs: reads
        )
    }

    private mutating func arms(_ node: Node?) -> [(code: String, arm: Arm)] {
        guard let node else { return [] }
        guard case .mapping(let mapping) = node else {
            problem(node, "'arms': expected a mapping of arm codes to {label, type}, found \(describe(node))")
            return []
        }
        var arms: [(code: String, arm: Arm)] = []
        var armByName: [String: String] = [:]
        for (key, value) in mapping {
            guard let code = key.string else { continue }
            let arm: Arm
            switch value {
            case .scalar(let scalar):
                arm = Arm(label: scalar.string)
            case .mapping(let fields):
                reportUnknownKeys(in: fields, allowed: ["label", "type", "aliases"], context: "arm '\(code)'")
                guard let label = requiredText("label", in: fields, of: value, context: "arm '\(code)'") else { continue }
                let aliases = textList("aliases", in: fields, context: "arm '\(code)'") ?? []
                arm = Arm(label: label, type: optionalText("type", in: fields), aliases: aliases)
            default:
                problem(value, "arm '\(code)': expected {label, type, aliases}, found \(describe(value))")
                continue
            }
            // A record's arm is read by code, label or alias: one name must not stand for two arms.
            for name in [code, arm.label] + arm.aliases {
                let folded = TextKey.collapsedLowercased(name)
                if let other = armByName[folded], other != code {
                    problem(value, "arm '\(code)': the name '\(name)' already names arm '\(other)', so a record's arm would be ambiguous")
                }
                armByName[folded] = armByName[folded] ?? code
            }
            arms.append((code, arm))
        }
        return arms
    }

    /// A list of texts (`[Arm A, Experimental]`), or `nil` with a problem when it is not one.
    private mutating func textList(_ key: String, in mapping: Node.Mapping, context: String) -> [String]? {
        guard let node = mapping[key] else { return nil }
        guard case .sequence(let items) = node else {
            problem(node, "\(context): '\(key)' expected a list of text, found \(describe(node))")
            return nil
        }
        var texts: [String] = []
        for item in items {
            guard case .scalar(let scalar) = item, !scalar.string.trimmingWhitespace().isEmpty else {
                problem(item, "\(context): '\(key)' expected text, found \(describe(item))")
                continue
            }
            texts.append(scalar.string.trimmingWhitespace())
        }
        return texts
    }

    /// What a protocol (`reads:`) says its checks or plugins read beyond what their kinds
    /// declare: `{events: {<type>: [keys]}, record: [keys]}`.
    private mutating func inputDeclaration(_ node: Node, context: String) -> CheckInputs {
        guard case .mapping(let mapping) = node else {
            problem(node, "\(context): expected a mapping with 'events' and/or 'record', found \(describe(node))")
            return .nothing
        }
        reportUnknownKeys(in: mapping, allowed: ["events", "record"], context: context)
        var inputs = CheckInputs.nothing
        if let events = mapping["events"] {
            if case .mapping(let types) = events {
                for (typeNode, keysNode) in types {
                    guard let type = typeNode.string, !type.trimmingWhitespace().isEmpty else {
                        problem(typeNode, "\(context): expected an event type, found \(describe(typeNode))")
                        continue
                    }
                    var keys: [String] = []
                    switch keysNode {
                    case .sequence(let items):
                        keys = items.compactMap { item in
                            if case .scalar(let scalar) = item, !scalar.string.isEmpty { return scalar.string }
                            problem(item, "\(context): expected a key of '\(type)' events, found \(describe(item))")
                            return nil
                        }
                    case .scalar(let scalar) where scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null":
                        break
                    default:
                        problem(keysNode, "\(context): '\(type)' expected a list of keys, found \(describe(keysNode))")
                    }
                    inputs = inputs.reading(EventType(recorded: type), keys: Set(keys))
                }
            } else {
                problem(events, "\(context): 'events' expected a mapping of event types to lists of keys, found \(describe(events))")
            }
        }
        if let record = textList("record", in: mapping, context: context) {
            for key in record {
                if let field = RecordField(rawValue: key) {
                    inputs = inputs.reading(fields: [field])
                } else {
                    inputs.recordKeys.insert(key)
                }
            }
        }
        return inputs
    }

    private mutating func manualCriteria(_ node: Node?) -> [ManualCriterion] {
        guard let node else { return [] }
        guard case .sequence(let items) = node else {
            problem(node, "'manual': expected a list of criteria, found \(describe(node))")
            return []
        }
        var criteria: [ManualCriterion] = []
        for item in items {
            switch item {
            case .scalar(let scalar):
                criteria.append(ManualCriterion(criterion: scalar.string, reason: nil))
            case .mapping(let fields):
                reportUnknownKeys(in: fields, allowed: ["criterion", "reason"], context: "a manual criterion")
                guard let criterion = requiredText("criterion", in: fields, of: item, context: "a manual criterion") else { continue }
                criteria.append(ManualCriterion(criterion: criterion, reason: optionalText("reason", in: fields)))
            default:
                problem(item, "a manual criterion: expected text or {criterion, reason}, found \(describe(item))")
            }
        }
        return criteria
    }

    private mutating func checks(_ node: Node?, in root: Node, context: CheckContext) -> [ConfiguredCheck] {
        guard let node else {
            problem(root, "the protocol has no 'checks'")
            return []
        }
        guard case .sequence(let items) = node else {
            problem(node, "'checks': expected a list of checks, found \(describe(node))")
            return []
        }
        var checks: [ConfiguredCheck] = []
        var seen: [String: SourceLocation] = [:]
        for item in items {
            guard let check = self.check(item, context: context) else { continue }
            if let first = seen[check.id] {
                problem(item, "duplicate check id '\(check.id)' (first defined at \(first))")
                continue
            }
            seen[check.id] = check.location
            checks.append(check)
        }
        return checks
    }

    private mutating func check(_ node: Node, context: CheckContext) -> ConfiguredCheck? {
        guard case .mapping(let mapping) = node else {
            problem(node, "expected a check (a mapping with 'id', 'kind', 'criterion', 'severity'), found \(describe(node))")
            return nil
        }
        let id = requiredText("id", in: mapping, of: node, context: "a check")
        let label = id.map { "check '\($0)'" } ?? "a check"
        if let id, !Self.isValidID(id), let idNode = mapping["id"] {
            problem(idNode, "check id '\(id)' must be lower-case letters, digits and hyphens (such as 'enrollment-window')")
        }
        let criterion = requiredText("criterion", in: mapping, of: node, context: label)
        var severity: Severity?
        if let text = requiredText("severity", in: mapping, of: node, context: label), let severityNode = mapping["severity"] {
            severity = Severity(rawValue: text)
            if severity == nil {
                let names = Severity.allCases.map(\.rawValue)
                problem(severityNode, "\(label): unknown severity '\(ControlEscaping.excerpt(text))'\(Suggestion.hint(for: text, among: names))")
            }
        }
        var category: CheckCategory?
        if let categoryNode = mapping["category"] {
            let text = categoryNode.string ?? ""
            category = CheckCategory(rawValue: text)
            if category == nil {
                let names = CheckCategory.allCases.map(\.rawValue)
                problem(categoryNode, "\(label): unknown category '\(ControlEscaping.excerpt(text))'\(Suggestion.hint(for: text, among: names))")
            }
        }
        guard let kindName = requiredText("kind", in: mapping, of: node, context: label) else { return nil }
        guard let kind = registry.kind(kindName) else {
            problem(mapping["kind"] ?? node, "\(label): unknown check kind '\(ControlEscaping.excerpt(kindName))'\(Suggestion.hint(for: kindName, among: registry.identifiers))")
            return nil
        }
        let parameterNames = kind.description.parameters.map(\.name)
        reportUnknownKeys(in: mapping, allowed: ProtocolLoader.commonCheckKeys + parameterNames, context: "\(label) (kind '\(kindName)')")
        var check: any Check
        do {
            check = try kind.instantiate(parameters: YAMLParameterSource(node: node), context: context.forCheck(id))
        } catch let error as ParameterProblem {
            let at = error.parameter.flatMap { keyNode($0, in: mapping) } ?? node
            problem(at, "\(label): \(error.message)")
            return nil
        } catch let error as DecodingError {
            reportDecodingError(error, in: node, label: label, kind: kind)
            return nil
        } catch {
            problem(node, "\(label): \(error)")
            return nil
        }
        if let external = check as? ExternalCheck {
            check = external.permitted(by: externalPolicy)
        }
        guard let id, let criterion, let severity else { return nil }
        return ConfiguredCheck(
            id: id, kind: kindName, criterion: criterion, severity: severity,
            category: category ?? CheckCategory.inferred(fromCriterion: criterion),
            check: check, location: location(node)
        )
    }

    private static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, CharacterSet.lowerAlphanumeric.contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { CharacterSet.lowerAlphanumeric.contains($0) || $0 == "-" }
    }

    /// Reports a parameter decoding error at the node its coding path leads to.
    private mutating func reportDecodingError(_ error: DecodingError, in node: Node, label: String, kind: CheckKind) {
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
    private static func node(at path: [any CodingKey], in root: Node) -> Node {
        var current = root
        for key in path {
            if let index = key.intValue, case .sequence(let items) = current, items.indices.contains(index) {
                current = items[index]
            } else if case .mapping(let mapping) = current, let next = mapping[key.stringValue] {
                current = next
            } else {
                break
            }
        }
        return current
    }

    private static func friendlyName(of type: Any.Type) -> String {
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

private enum CharacterSet {
    static let lowerAlphanumeric = Set("abcdefghijklmnopqrstuvwxyz0123456789".unicodeScalars)
}
