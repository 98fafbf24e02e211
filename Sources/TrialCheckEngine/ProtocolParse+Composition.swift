import TrialCheckCore
import Yams

/// A composition as written: how its members combine, and each member, references not
/// yet resolved.
struct CompositeSpec {
    let connective: CompositeCheck.Connective
    let members: [MemberSpec]
}

/// One member of a composition as written.
struct MemberSpec {
    /// What messages call it.
    let label: String
    let body: Body

    indirect enum Body {
        /// A check of the protocol, by id, and where the reference is.
        case reference(String, SourceLocation)
        /// An inline condition: a kind with its parameters.
        case inline(any Check)
        /// A nested composition.
        case composite(CompositeSpec)
    }
}

extension ProtocolParse {
    /// The connective a check or member is written with (`any_of`, `all_of`, `not`), if any;
    /// a problem when it has more than one, or one and a `kind`.
    mutating func compositionConnective(in mapping: Node.Mapping, label: String) -> CompositeCheck.Connective? {
        let present = CompositeCheck.Connective.allCases.filter { mapping.value(named: $0.rawValue) != nil }
        guard let first = present.first else { return nil }
        if present.count > 1, let node = mapping.value(named: present[1].rawValue) {
            problem(node, "\(label): give one of 'any_of', 'all_of' or 'not' (found \(present.map { "'\($0.rawValue)'" }.joined(separator: " and "))); nest one inside the other to combine them")
        }
        if let kind = mapping.value(named: "kind") {
            problem(kind, "\(label): give either 'kind' or '\(first.rawValue)', not both")
        }
        return first
    }

    /// The members of a composition under `mapping[connective]`.
    mutating func compositeSpec(_ connective: CompositeCheck.Connective, _ mapping: Node.Mapping, label: String, context: CheckContext) -> CompositeSpec? {
        guard let node = mapping.value(named: connective.rawValue) else { return nil }
        let items: [Node]
        switch (connective, node) {
        case (.not, .sequence):
            problem(node, "\(label): 'not' takes one check id or condition, found a list")
            return nil
        case (.not, _):
            items = [node]
        case (_, .sequence(let sequence)):
            items = Array(sequence)
            guard items.count >= 2 else {
                problem(node, "\(label): '\(connective.rawValue)' lists \(items.count == 0 ? "no members" : "one member"); it combines two or more check ids or conditions")
                return nil
            }
        default:
            problem(node, "\(label): '\(connective.rawValue)' expected a list of check ids or conditions, found \(describe(node))")
            return nil
        }
        var members: [MemberSpec] = []
        for (index, item) in items.enumerated() {
            let name = connective == .not ? "The condition" : "\(connective.memberNoun) \(index + 1)"
            let path = connective == .not ? "\(label): 'not'" : "\(label): '\(connective.rawValue)[\(index)]'"
            guard let body = memberBody(item, path: path, context: context) else { continue }
            let described: String = switch body {
            case .reference(let id, _): "'\(id)'"
            case .inline: "\(name) (\(item.mapping?.value(named: "kind")?.string ?? "condition"))"
            case .composite(let spec): "\(name) (\(spec.connective.rawValue))"
            }
            members.append(MemberSpec(label: described, body: body))
        }
        guard members.count == items.count else { return nil }
        return CompositeSpec(connective: connective, members: members)
    }

    /// One member: a check id, an inline condition (`{kind: ..., <parameters>}`) or a nested
    /// composition (`{any_of: [...]}`).
    private mutating func memberBody(_ node: Node, path: String, context: CheckContext) -> MemberSpec.Body? {
        switch node {
        case .scalar(let scalar) where !scalar.string.trimmingWhitespace().isEmpty:
            return .reference(scalar.string.trimmingWhitespace(), location(node))
        case .mapping(let mapping):
            if let connective = compositionConnective(in: mapping, label: path) {
                reportUnknownKeys(in: mapping, allowed: [connective.rawValue], context: "\(path) (\(connective.rawValue))")
                return compositeSpec(connective, mapping, label: path, context: context).map { .composite($0) }
            }
            guard let kindName = requiredText("kind", in: mapping, of: node, context: "\(path) (a condition)") else { return nil }
            guard let check = instantiate(kindName: kindName, node: node, mapping: mapping, label: path, allowedKeys: ["kind"], context: context)
            else { return nil }
            if check is ExternalCheck {
                problem(node, "\(path): an external check cannot be part of a composition (it judges patients in batches in its own process); make it a check of its own")
                return nil
            }
            return .inline(check)
        default:
            problem(node, "\(path): expected a check id, a condition ({kind: ..., <parameters>}) or a nested 'any_of', 'all_of' or 'not', found \(describe(node))")
            return nil
        }
    }

    /// Resolves each composition's references to the checks they name, and splits the
    /// checks into those reported and those that are only members of compositions.
    ///
    /// A reference to an unknown id, a composition that (through others) contains itself,
    /// a member that is an external check, and a `report: false` check that no composition
    /// uses are problems.
    mutating func resolveCompositions(_ parsed: [ParsedCheck]) -> (reported: [ConfiguredCheck], components: [ConfiguredCheck]) {
        var resolver = CompositionResolver(parsed: parsed)
        var reported: [ConfiguredCheck] = []
        var components: [ConfiguredCheck] = []
        for check in parsed {
            guard let built = resolver.resolve(check.id) else { continue }
            let configured = ConfiguredCheck(
                id: check.id, kind: check.kind, criterion: check.criterion, severity: check.severity,
                category: check.category, check: built, location: check.location
            )
            if check.isReported {
                reported.append(configured)
            } else if resolver.referenced.contains(check.id) {
                components.append(configured)
            } else {
                problems.append(ProtocolProblem(
                    location: check.location,
                    message: "check '\(check.id)' has 'report: false' but no 'any_of', 'all_of' or 'not' names it, so it would judge nothing"
                ))
            }
        }
        problems += resolver.problems
        return (reported, components)
    }
}

/// Builds compositions from their specifications, each check once, following references
/// in any order and finding cycles.
private struct CompositionResolver {
    let byID: [String: ParsedCheck]
    var built: [String: any Check] = [:]
    /// The compositions being built, innermost last (to find and show a cycle).
    var building: [String] = []
    /// Ids that some composition names.
    var referenced: Set<String> = []
    var problems: [ProtocolProblem] = []
    /// Ids already reported as part of a cycle or broken, not reported again.
    var failed: Set<String> = []

    init(parsed: [ParsedCheck]) {
        byID = Dictionary(parsed.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func resolve(_ id: String) -> (any Check)? {
        if let check = built[id] { return check }
        guard !failed.contains(id), let parsed = byID[id] else { return nil }
        switch parsed.body {
        case .built(let check):
            built[id] = check
            return check
        case .composite(let spec):
            building.append(id)
            defer { building.removeLast() }
            guard let check = composite(spec) else {
                failed.insert(id)
                return nil
            }
            built[id] = check
            return check
        }
    }

    private mutating func composite(_ spec: CompositeSpec) -> CompositeCheck? {
        var members: [CompositeCheck.Member] = []
        for member in spec.members {
            switch member.body {
            case .inline(let check):
                members.append(CompositeCheck.Member(label: member.label, check: check))
            case .composite(let nested):
                guard let check = composite(nested) else { return nil }
                members.append(CompositeCheck.Member(label: member.label, check: check))
            case .reference(let id, let location):
                referenced.insert(id)
                if let start = building.firstIndex(of: id) {
                    let cycle = (building[start...] + [id]).map { "'\($0)'" }.joined(separator: " -> ")
                    problems.append(ProtocolProblem(location: location, message: "check '\(building.last ?? id)': the compositions name each other in a cycle: \(cycle)"))
                    failed.formUnion(building[start...])
                    return nil
                }
                guard let target = byID[id] else {
                    let hint = Suggestion.closest(to: id, among: byID.keys).map { "; did you mean '\($0)'?" } ?? ""
                    problems.append(ProtocolProblem(location: location, message: "check '\(building.last ?? id)': no check '\(ControlEscaping.excerpt(id))' in this protocol\(hint)"))
                    return nil
                }
                if case .built(let check) = target.body, check is ExternalCheck {
                    problems.append(ProtocolProblem(location: location, message: "check '\(building.last ?? id)': '\(id)' is an external check, which cannot be part of a composition (it judges patients in batches in its own process)"))
                    return nil
                }
                guard let check = resolve(id) else { return nil }
                members.append(CompositeCheck.Member(label: member.label, check: check))
            }
        }
        return CompositeCheck(spec.connective, members: members)
    }
}
