import Foundation
import TrialCheckCore
import Yams

/// A protocol's top-level settings and checks, gathered from its file and the files it
/// extends: a setting of the file replaces the base's, a check replaces the base's check
/// of the same id (in its place) or is added after them, and `remove` drops base checks.
struct AssembledProtocol {
    /// The file's root mapping.
    let root: Located
    /// Each top-level setting but `checks`, `extends` and `remove`, from the file that sets it last.
    var settings: [String: Located]
    /// The checks in order; `nil` when no file of the chain has `checks`.
    var checks: [Located]?
    /// The SHA-256 of the file, and for a protocol that extends another, of the file's
    /// digest followed by its base's.
    var sha256: String
    /// The ids of the protocols extended, nearest first.
    var bases: [String]
}

extension ProtocolParse {
    /// The top-level keys a protocol file may have.
    static let topLevelKeys = [
        "id", "title", "version", "source", "sponsor", "arms", "reads", "checks", "manual",
        "extends", "remove", "amendments", "version_date", "quality_tolerance_limits",
    ]

    /// Parses `source` and, recursively, the protocols it extends.
    /// - Parameter chain: the real paths of the files that extend this one, to find a cycle.
    mutating func assemble(_ source: SourceFile, chain: [String] = []) -> AssembledProtocol? {
        use(source)
        let root: Node?
        do {
            root = try YAMLNodeComposer.compose(source.text)
        } catch {
            problems.append(ProtocolProblem(location: error.position.location(in: source.path), message: error.message))
            return nil
        }
        guard let root else {
            problems.append(ProtocolProblem(location: SourceLocation(file: source.path, line: 1, column: 1), message: "the protocol file is empty"))
            return nil
        }
        guard case .mapping(let mapping) = root else {
            problem(root, "expected a protocol definition (a mapping with 'id', 'title', 'version' and 'checks'), found \(describe(root))")
            return nil
        }
        reportUnknownKeys(in: mapping, allowed: Self.topLevelKeys, context: "the protocol")
        let sha256 = ProtocolLoader.sha256(of: source.text)
        var own: [String: Located] = [:]
        for (key, value) in mapping {
            guard let name = key.string, !["checks", "extends", "remove"].contains(name) else { continue }
            own[name] = Located(value: value, source: source)
        }
        let checks = mapping.value(named: "checks").map { checkItems($0, source: source) }
        let located = Located(value: root, source: source)
        guard let extendsNode = mapping.value(named: "extends") else {
            if let remove = mapping.value(named: "remove") {
                problem(remove, "'remove' drops checks of the protocol named by 'extends', and this protocol extends none")
            }
            return AssembledProtocol(root: located, settings: own, checks: checks, sha256: sha256, bases: [])
        }
        guard var base = baseProtocol(extendsNode, of: source, chain: chain) else { return nil }
        use(source)
        let merged = merging(base.checks ?? [], adding: checks ?? [], removing: mapping.value(named: "remove"))
        base.settings.merge(own) { _, mine in mine }
        return AssembledProtocol(
            root: located, settings: base.settings, checks: base.checks == nil && checks == nil ? nil : merged,
            sha256: ProtocolLoader.sha256(of: sha256 + base.sha256), bases: base.bases
        )
    }

    /// The items of a `checks` list (none, with a problem, when it is not a list).
    mutating func checkItems(_ node: Node, source: SourceFile) -> [Located] {
        guard case .sequence(let items) = node else {
            problem(node, "'checks': expected a list of checks, found \(describe(node))")
            return []
        }
        return items.map { Located(value: $0, source: source) }
    }

    /// `base` with the checks `remove` names dropped, then each of `added` in place of the
    /// check of the same id, or after them all.
    mutating func merging(_ base: [Located], adding added: [Located], removing remove: Node?) -> [Located] {
        var merged = remove.map { removing($0, from: base) } ?? base
        // An id listed twice in `added` stays twice, so that it is reported as a duplicate.
        var replaced: Set<String> = []
        for item in added {
            if let id = item.value.mapping?.value(named: "id")?.string, replaced.insert(id).inserted,
               let index = merged.firstIndex(where: { $0.value.mapping?.value(named: "id")?.string == id }) {
                merged[index] = item
            } else {
                merged.append(item)
            }
        }
        return merged
    }

    /// `checks` without those `remove` names; a problem for a name that is no check of them.
    mutating func removing(_ node: Node, from checks: [Located]) -> [Located] {
        guard case .sequence(let items) = node else {
            problem(node, "'remove': expected a list of check ids, found \(describe(node))")
            return checks
        }
        var kept = checks
        let ids = checks.compactMap { $0.value.mapping?.value(named: "id")?.string }
        for item in items {
            guard let id = item.string, !id.isEmpty else {
                problem(item, "'remove': expected a check id, found \(describe(item))")
                continue
            }
            guard ids.contains(id) else {
                let hint = Suggestion.closest(to: id, among: ids).map { "; did you mean '\($0)'?" } ?? ""
                problem(item, "'remove': there is no check '\(ControlEscaping.excerpt(id))'\(hint)")
                continue
            }
            kept.removeAll { $0.value.mapping?.value(named: "id")?.string == id }
        }
        return kept
    }

    /// The protocol `extends` names: a path relative to the extending file, or a protocol
    /// id looked up as `--protocol` looks it up.
    private mutating func baseProtocol(_ node: Node, of source: SourceFile, chain: [String]) -> AssembledProtocol? {
        guard let reference = node.string?.trimmingWhitespace(), !reference.isEmpty else {
            problem(node, "'extends': expected a protocol id or a path, found \(describe(node))")
            return nil
        }
        let folder = (source.path as NSString).deletingLastPathComponent
        let relative = reference.hasPrefix("/") ? reference : (folder.isEmpty ? reference : folder + "/" + reference)
        let path: String
        if FileManager.default.fileExists(atPath: relative) {
            path = relative
        } else if ProtocolLocator.isID(reference) {
            switch ProtocolLocator.resolve(reference, environment: environment) {
            case .success(let found): path = found
            case .failure(let notFound):
                problem(node, "'extends': \(notFound.description), nor as \(ControlEscaping.escape(relative))")
                return nil
            }
        } else {
            problem(node, "'extends': no protocol file \(ControlEscaping.escape(relative))")
            return nil
        }
        let real = (path as NSString).resolvingSymlinksInPath
        let here = (source.path as NSString).resolvingSymlinksInPath
        let visited = chain + [here]
        if let start = visited.firstIndex(of: real) {
            let cycle = (visited[start...] + [real]).joined(separator: " -> ")
            problem(node, "'extends' forms a cycle: \(ControlEscaping.escape(cycle))")
            return nil
        }
        let text: String
        switch ProtocolLoader.readText(path: path) {
        case .success(let read): text = read
        case .failure(let failure):
            problem(node, "'extends': " + failure.problems.map(\.message).joined(separator: "; "))
            return nil
        }
        guard var base = assemble(SourceFile(path: path, text: text), chain: visited) else { return nil }
        base.bases.insert(base.settings["id"]?.value.string ?? path, at: 0)
        return base
    }
}
