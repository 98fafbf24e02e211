import TrialCheckCore
import Yams

/// A protocol file's path and text (to locate problems and quote values).
struct SourceFile: Sendable {
    let path: String
    let text: String
}

/// A node of a protocol, with the file it comes from (a protocol that extends another
/// holds nodes of both files).
struct Located {
    let value: Node
    let source: SourceFile
}

/// The state of one protocol's validation: the problems found so far, and the file whose
/// nodes are being read.
struct ProtocolParse {
    let registry: CheckRegistry
    let externalPolicy: ExternalPolicy
    /// Where protocol ids named by `extends` are looked up (``ProtocolLocator``).
    let environment: [String: String]
    var problems: [ProtocolProblem] = []

    /// The file being read: its path, for locations, and its text, to quote a value from
    /// the line it starts on.
    private(set) var path: String
    private(set) var text: String

    init(source: SourceFile, registry: CheckRegistry, externalPolicy: ExternalPolicy, environment: [String: String]) {
        path = source.path
        text = source.text
        self.registry = registry
        self.externalPolicy = externalPolicy
        self.environment = environment
    }

    /// Reads nodes of `source` from now on.
    mutating func use(_ source: SourceFile) {
        path = source.path
        text = source.text
    }

    func location(_ node: Node) -> SourceLocation {
        node.location(in: path)
    }

    mutating func problem(_ node: Node, _ message: String) {
        problems.append(ProtocolProblem(location: location(node), message: message))
    }

    func describe(_ node: Node) -> String {
        node.kindDescription { excerpt($0, at: node.mark) }
    }

    /// A short quote of a scalar: the rest of the line of the file it starts on when YAML
    /// folded it from several lines, so a message never quotes more than one line of a file.
    func excerpt(_ value: String, at mark: Mark?) -> String {
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
    func keyNode(_ key: String, in mapping: Node.Mapping) -> Node? {
        mapping.first { $0.key.string == key }?.key
    }

    mutating func requiredText(_ key: String, in mapping: Node.Mapping, of owner: Node, context: String) -> String? {
        guard let node = mapping.value(named: key) else {
            problem(owner, "\(context) has no '\(key)'")
            return nil
        }
        guard case .scalar(let scalar) = node, !scalar.string.trimmingWhitespace().isEmpty else {
            problem(node, "'\(key)': expected text, found \(describe(node))")
            return nil
        }
        return scalar.string
    }

    mutating func optionalText(_ key: String, in mapping: Node.Mapping) -> String? {
        guard let node = mapping.value(named: key) else { return nil }
        guard case .scalar(let scalar) = node else {
            problem(node, "'\(key)': expected text, found \(describe(node))")
            return nil
        }
        return scalar.string
    }

    mutating func reportUnknownKeys(in mapping: Node.Mapping, allowed: [String], context: String) {
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

    /// The definition an assembled protocol (its file and the files it extends) gives.
    mutating func definition(from assembled: AssembledProtocol) -> ProtocolDefinition? {
        let id = settingText("id", assembled, required: true)
        let title = settingText("title", assembled, required: true)
        let version = settingText("version", assembled, required: true)
        let source = settingText("source", assembled, required: false)
        let arms = setting("arms", assembled).map { self.arms($0) } ?? []
        let context = CheckContext(
            protocolID: id ?? "", arms: Dictionary(arms.map { ($0.code, $0.arm) }, uniquingKeysWith: { first, _ in first }),
            protocolPath: assembled.root.source.path
        )
        let manual = setting("manual", assembled).map { manualCriteria($0) } ?? []
        let reads = setting("reads", assembled).map { inputDeclaration($0, context: "'reads'") } ?? .nothing
        guard let checkItems = assembled.checks else {
            use(assembled.root.source)
            problem(assembled.root.value, "the protocol has no 'checks'")
            return nil
        }
        let checks: (reported: [ConfiguredCheck], components: [ConfiguredCheck])
        var versioning: ProtocolVersioning?
        if let amendments = setting("amendments", assembled) {
            let anchor = versionAnchor(assembled)
            guard let version, let versioned = versionedChecks(
                checkItems, amendments: amendments, original: version, anchor: anchor, context: context
            ) else { return nil }
            (checks, versioning) = ((versioned.reported, versioned.components), versioned.versioning)
        } else {
            if let anchor = setting("version_date", assembled) {
                problem(anchor, "'version_date' chooses which of the protocol's 'amendments' judges a patient, and the protocol has none")
            }
            checks = self.checks(checkItems, context: context)
        }
        let quality = setting("quality_tolerance_limits", assembled).flatMap { qualityPlan($0, checks: checks.reported) }
        use(assembled.root.source)
        guard let id, let title, let version else { return nil }
        return ProtocolDefinition(
            id: id, title: title, version: version, source: source, arms: arms, checks: checks.reported,
            manualCriteria: manual, path: assembled.root.source.path, sha256: assembled.sha256, declaredInputs: reads,
            components: checks.components, bases: assembled.bases, versioning: versioning, qualityPlan: quality
        )
    }

    /// The value of a top-level setting, read from its file from now on.
    mutating func setting(_ name: String, _ assembled: AssembledProtocol) -> Node? {
        guard let located = assembled.settings[name] else { return nil }
        use(located.source)
        return located.value
    }

    /// A top-level setting's text; a problem when it is required and absent, or not text.
    mutating func settingText(_ name: String, _ assembled: AssembledProtocol, required: Bool) -> String? {
        guard let node = setting(name, assembled) else {
            if required {
                use(assembled.root.source)
                problem(assembled.root.value, "the protocol has no '\(name)'")
            }
            return nil
        }
        guard case .scalar(let scalar) = node, !required || !scalar.string.trimmingWhitespace().isEmpty else {
            problem(node, "'\(name)': expected text, found \(describe(node))")
            return nil
        }
        return scalar.string
    }

    mutating func arms(_ node: Node?) -> [(code: String, arm: Arm)] {
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
    mutating func textList(_ key: String, in mapping: Node.Mapping, context: String) -> [String]? {
        guard let node = mapping.value(named: key) else { return nil }
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
    mutating func inputDeclaration(_ node: Node, context: String) -> CheckInputs {
        guard case .mapping(let mapping) = node else {
            problem(node, "\(context): expected a mapping with 'events' and/or 'record', found \(describe(node))")
            return .nothing
        }
        reportUnknownKeys(in: mapping, allowed: ["events", "record"], context: context)
        var inputs = CheckInputs.nothing
        if let events = mapping.value(named: "events") {
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

    mutating func manualCriteria(_ node: Node?) -> [ManualCriterion] {
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
                reportUnknownKeys(in: fields, allowed: ["criterion", "reason", "basis"], context: "a manual criterion")
                guard let criterion = requiredText("criterion", in: fields, of: item, context: "a manual criterion") else { continue }
                var basis = ManualCriterion.Basis.notDecidableFromData
                if let node = fields.value(named: "basis") {
                    let names = ManualCriterion.Basis.allCases.map(\.rawValue)
                    if let text = node.string, let chosen = ManualCriterion.Basis(rawValue: text) {
                        basis = chosen
                    } else {
                        problem(node, "a manual criterion: 'basis': expected \(names.joined(separator: " or ")), found \(describe(node))\(node.string.map { Suggestion.closest(to: $0, among: names).map { "; did you mean '\($0)'?" } ?? "" } ?? "")")
                    }
                }
                criteria.append(ManualCriterion(criterion: criterion, reason: optionalText("reason", in: fields), basis: basis))
            default:
                problem(item, "a manual criterion: expected text or {criterion, reason, basis}, found \(describe(item))")
            }
        }
        return criteria
    }
}
