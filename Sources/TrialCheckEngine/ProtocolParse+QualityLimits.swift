import TrialCheckCore
import Yams

extension ProtocolParse {
    /// The keys of the `quality_tolerance_limits:` section.
    static let qualitySectionKeys = ["enrollment_anchor", "limits"]
    /// The keys of one limit.
    static let qualityLimitKeys = ["id", "title", "measure", "category", "check", "threshold", "per_site", "min_patients"]

    /// The `quality_tolerance_limits:` section: `{enrollment_anchor, limits: [...]}`, each
    /// limit checked against the closed set of measures and the protocol's checks.
    mutating func qualityPlan(_ node: Node, checks: [ConfiguredCheck]) -> QualityPlan? {
        let context = "'quality_tolerance_limits'"
        guard case .mapping(let mapping) = node else {
            problem(node, "\(context): expected a mapping with 'limits' (and optionally 'enrollment_anchor'), found \(describe(node))")
            return nil
        }
        reportUnknownKeys(in: mapping, allowed: Self.qualitySectionKeys, context: context)
        var anchor: TimelineAnchor?
        if let anchorNode = mapping.value(named: "enrollment_anchor") {
            let names = TimelineAnchor.allCases.filter { $0 != .enrollment }.map(\.rawValue)
            if let text = anchorNode.string, let chosen = TimelineAnchor(rawValue: text), chosen != .enrollment {
                anchor = chosen
            } else {
                let hint = anchorNode.string.flatMap { Suggestion.closest(to: $0, among: names) }.map { "; did you mean '\($0)'?" } ?? ""
                problem(anchorNode, "\(context): 'enrollment_anchor' expected one of \(names.joined(separator: ", ")), found \(describe(anchorNode))\(hint)")
            }
        }
        guard let limitsNode = mapping.value(named: "limits") else {
            problem(node, "\(context) has no 'limits'")
            return nil
        }
        guard case .sequence(let items) = limitsNode else {
            problem(limitsNode, "\(context): 'limits' expected a list of limits, found \(describe(limitsNode))")
            return nil
        }
        var limits: [QualityToleranceLimit] = []
        var seen: [String: SourceLocation] = [:]
        for item in items {
            guard let limit = qualityLimit(item, checks: checks) else { continue }
            if let first = seen[limit.id] {
                problem(item, "\(context): the limit id '\(ControlEscaping.excerpt(limit.id))' is used twice (first at \(first))")
                continue
            }
            seen[limit.id] = limit.location
            limits.append(limit)
        }
        return QualityPlan(limits: limits, enrollmentAnchor: anchor)
    }

    /// One limit; `nil` (with problems) when it is not valid.
    private mutating func qualityLimit(_ item: Node, checks: [ConfiguredCheck]) -> QualityToleranceLimit? {
        guard case .mapping(let fields) = item else {
            problem(item, "a quality tolerance limit: expected a mapping with 'id', 'title', 'measure' and 'threshold', found \(describe(item))")
            return nil
        }
        let id = requiredText("id", in: fields, of: item, context: "a quality tolerance limit")
        let context = "quality tolerance limit '\(ControlEscaping.excerpt(id ?? "?"))'"
        reportUnknownKeys(in: fields, allowed: Self.qualityLimitKeys, context: context)
        let title = requiredText("title", in: fields, of: item, context: context)
        var measure: QualityMeasure?
        if let node = fields.value(named: "measure") {
            let names = QualityMeasure.allCases.map(\.rawValue)
            if let text = node.string, let chosen = QualityMeasure(rawValue: text) {
                measure = chosen
            } else {
                let hint = node.string.flatMap { Suggestion.closest(to: $0, among: names) }.map { "; did you mean '\($0)'?" } ?? ""
                problem(node, "\(context): 'measure' expected one of \(names.joined(separator: ", ")), found \(describe(node))\(hint)")
            }
        } else {
            problem(item, "\(context) has no 'measure'")
        }
        var category: CheckCategory?
        if let node = fields.value(named: "category") {
            let names = CheckCategory.allCases.map(\.rawValue)
            if let text = node.string, let chosen = CheckCategory(rawValue: text) {
                category = chosen
                if !checks.contains(where: { $0.category == chosen }) {
                    problem(node, "\(context): no check of the protocol is of category '\(text)', so the limit would count nothing")
                }
            } else {
                let hint = node.string.flatMap { Suggestion.closest(to: $0, among: names) }.map { "; did you mean '\($0)'?" } ?? ""
                problem(node, "\(context): 'category' expected one of \(names.joined(separator: ", ")), found \(describe(node))\(hint)")
            }
        }
        let check = optionalText("check", in: fields)
        if let check, let node = fields.value(named: "check") {
            let ids = checks.map(\.id)
            if !ids.contains(check) {
                let hint = Suggestion.closest(to: check, among: ids).map { "; did you mean '\($0)'?" } ?? ""
                problem(node, "\(context): 'check': there is no check '\(ControlEscaping.excerpt(check))'\(hint)")
            } else if let category, checks.first(where: { $0.id == check })?.category != category {
                problem(node, "\(context): check '\(check)' is not of category '\(category.rawValue)', so the limit would count nothing")
            }
        }
        let threshold = fields.value(named: "threshold").flatMap { qualityThreshold($0, context: context) }
        if fields.value(named: "threshold") == nil { problem(item, "\(context) has no 'threshold'") }
        var perSite = true
        if let node = fields.value(named: "per_site") {
            switch node.string {
            case "true": perSite = true
            case "false": perSite = false
            default: problem(node, "\(context): 'per_site' expected true or false, found \(describe(node))")
            }
        }
        var minimum = QualityToleranceLimit.defaultMinimumPatients
        if let node = fields.value(named: "min_patients") {
            if let text = node.string, let value = Int(text), value >= 1 {
                minimum = value
            } else {
                problem(node, "\(context): 'min_patients' expected a whole number of patients, at least 1, found \(describe(node))")
            }
        }
        guard let id, let title, let measure, let threshold else { return nil }
        return QualityToleranceLimit(
            id: id, title: title, measure: measure, category: category, check: check, threshold: threshold,
            perSite: perSite, minimumPatients: minimum, location: location(item)
        )
    }

    /// A threshold: a percentage (`5%`, `2.5%`) from 0% to 100%.
    private mutating func qualityThreshold(_ node: Node, context: String) -> Double? {
        let expected = "\(context): 'threshold' expected a percentage from 0% to 100%, such as 5%"
        guard let text = node.string?.trimmingWhitespace(), text.hasSuffix("%") else {
            let isBareNumber = node.string.flatMap { Double($0.trimmingWhitespace()) } != nil
            problem(node, "\(expected), found \(describe(node))\(isBareNumber ? " (a bare number could be a share or a percentage: write the % sign)" : "")")
            return nil
        }
        guard let percent = Double(String(text.dropLast()).trimmingWhitespace()), percent.isFinite, (0...100).contains(percent) else {
            problem(node, "\(expected), found \(describe(node))")
            return nil
        }
        return percent / 100
    }
}
