import TrialCheckCore

extension LabCondition {
    /// The settings a member of `or` or `all` takes from the conditions around it, unless
    /// it sets them itself.
    struct Inherited: Sendable {
        var windowDays: Int?
        var whenUntested: UntestedPolicy
        var undetectedTerms: [String]
        var detectedTerms: [String]

        /// The kind's defaults.
        static let defaults = Inherited(
            windowDays: nil,
            whenUntested: .notEvaluable,
            undetectedTerms: LabCondition.defaultUndetectedTerms,
            detectedTerms: LabCondition.defaultDetectedTerms
        )
    }

    /// Result texts read as "not detected" unless `undetected_terms` says otherwise.
    static let defaultUndetectedTerms = [
        "not detected", "not detectable", "undetectable", "undetected", "negative", "none detected",
        "target not detected", "TND", "below detection limit", "below the limit of detection",
    ]

    /// Result texts read as "detected" unless `detected_terms` says otherwise.
    static let defaultDetectedTerms = ["detected", "detectable", "positive"]

    /// Validates the condition and builds its requirement.
    /// - Parameters:
    ///   - path: where the condition sits (`""` at the top, `or[1]` inside), for messages.
    ///   - parameter: the top-level key to point at (`or`), or `nil` at the top.
    ///   - outer: the settings inherited from the enclosing conditions.
    func requirement(at path: String = "", parameter: String? = nil, inheriting outer: Inherited = .defaults) throws(ParameterProblem) -> LabRequirement {
        func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
        func problem(_ message: String, _ name: String) -> ParameterProblem {
            ParameterProblem(message, parameter: parameter ?? name)
        }
        if let windowDays, windowDays < 0 {
            throw problem("'\(key("window_days"))' must not be negative", "window_days")
        }
        let inherited = Inherited(
            windowDays: windowDays ?? outer.windowDays,
            whenUntested: whenUntested ?? outer.whenUntested,
            undetectedTerms: try terms(undetectedTerms, key("undetected_terms"), problem) ?? outer.undetectedTerms,
            detectedTerms: try terms(detectedTerms, key("detected_terms"), problem) ?? outer.detectedTerms
        )
        if let clash = Set(inherited.undetectedTerms.map(TermMatcher.normalized)).intersection(inherited.detectedTerms.map(TermMatcher.normalized)).sorted().first {
            throw problem("'\(clash)' is listed both as detected and as not detected", undetectedTerms == nil ? "detected_terms" : "undetected_terms")
        }

        let forms = [("test", test != nil), ("tests", tests != nil), ("or", anyOf != nil), ("all", allOf != nil)].filter(\.1).map(\.0)
        guard forms.count == 1, let form = forms.first else {
            let found = forms.isEmpty ? "none" : forms.map { "'\(key($0))'" }.joined(separator: " and ")
            throw problem("give exactly one of 'test', 'tests', 'or' or 'all'\(path.isEmpty ? "" : " in '\(path)'") (found \(found))", forms.last ?? "test")
        }

        switch form {
        case "or", "all":
            let members = (form == "or" ? anyOf : allOf) ?? []
            let limitKeys = [("codes", codes != nil), ("min", min != nil), ("max", max != nil), ("min_lln", minLLN != nil),
                             ("max_uln", maxULN != nil), ("exclusive", exclusive != nil), ("detectable", detectable != nil)]
            if let misplaced = limitKeys.first(where: \.1)?.0 {
                throw problem("'\(key(misplaced))' belongs inside each condition of '\(key(form))', not beside it", misplaced)
            }
            guard !members.isEmpty else { throw problem("'\(key(form))' lists no conditions", form) }
            var built: [LabRequirement] = []
            for (index, member) in members.enumerated() {
                built.append(try member.requirement(at: "\(key(form))[\(index)]", parameter: parameter ?? form, inheriting: inherited))
            }
            return form == "or" ? .any(built) : .all(built)
        case "tests":
            let names = tests ?? []
            guard !names.isEmpty else { throw problem("'\(key("tests"))' lists no tests", "tests") }
            if codes != nil {
                throw problem("'\(key("codes"))' applies to a single 'test'; with several tests, give each its own condition under 'all'", "codes")
            }
            var built: [LabRequirement] = []
            for name in names {
                built.append(.criterion(try criterion(for: try labTest(name, codes: nil, key("tests"), problem), path: path, problem, inherited)))
            }
            return built.count == 1 ? built[0] : .all(built)
        default:
            let resolved = try labTest(test ?? "", codes: codes, key("test"), problem)
            return .criterion(try criterion(for: resolved, path: path, problem, inherited))
        }
    }

    private func terms(
        _ list: [String]?, _ name: String, _ problem: (String, String) -> ParameterProblem
    ) throws(ParameterProblem) -> [String]? {
        guard let list else { return nil }
        let bare = String(name.split(separator: ".").last ?? Substring(name))
        if list.contains(where: { $0.trimmingWhitespace().isEmpty }) { throw problem("'\(name)' holds an empty term", bare) }
        return list
    }

    private func labTest(
        _ name: String, codes: [String]?, _ keyName: String, _ problem: (String, String) -> ParameterProblem
    ) throws(ParameterProblem) -> LabTest {
        let bare = String(keyName.split(separator: ".").last ?? Substring(keyName))
        let trimmed = name.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw problem("'\(keyName)' is empty", bare) }
        let extra = (codes ?? []).map { $0.trimmingWhitespace() }
        if extra.contains(where: \.isEmpty) { throw problem("'codes' holds an empty code", "codes") }
        if let known = LabTest.known(trimmed) { return known.adding(codes: extra) }
        guard codes != nil else {
            throw problem(
                "unknown test '\(trimmed)' in '\(keyName)'\(Suggestion.hint(for: trimmed, among: LabTest.knownNames)); for a test not built in, list the names or codes its results carry in 'codes'",
                bare
            )
        }
        return LabTest(name: trimmed, display: trimmed, codes: extra)
    }

    private func criterion(
        for test: LabTest, path: String, _ problem: (String, String) -> ParameterProblem, _ inherited: Inherited
    ) throws(ParameterProblem) -> LabCriterion {
        func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
        let strict = exclusive ?? false
        var limits: [LabLimit] = []
        for (name, quantity, side) in [("min", min, LabLimit.Side.min), ("max", max, LabLimit.Side.max)] {
            guard let quantity else { continue }
            guard quantity.value.isFinite else { throw problem("'\(key(name))' is not a finite number", name) }
            guard ClinicalUnit.definition(of: quantity.unit) != nil else {
                throw problem("'\(key(name))': unknown unit '\(quantity.unit)'", name)
            }
            limits.append(LabLimit(side: side, bound: .quantity(quantity), exclusive: strict))
        }
        if let min, let max {
            guard let factor = ClinicalUnit.factor(from: min.unit, to: max.unit, analyte: test.name) else {
                throw problem("'\(key("min"))' (\(min.unit)) and '\(key("max"))' (\(max.unit)) are not in convertible units", "min")
            }
            let lower = min.value * factor
            if strict ? Tolerance.isAtLeast(lower, max.value) : Tolerance.isAbove(lower, max.value) {
                throw problem("'\(key("min"))' (\(min)) is not below '\(key("max"))' (\(max))", "min")
            }
        }
        for (name, multiple, side) in [("min_lln", minLLN, LabLimit.Side.min), ("max_uln", maxULN, LabLimit.Side.max)] {
            guard let multiple else { continue }
            guard multiple.isFinite, multiple > 0 else { throw problem("'\(key(name))' must be a positive number", name) }
            limits.append(LabLimit(side: side, bound: side == .min ? .lln(multiple) : .uln(multiple), exclusive: strict))
        }
        if detectable != nil {
            if !limits.isEmpty {
                throw problem("'\(key("detectable"))' cannot be combined with limits; use 'all' with one condition for each", "detectable")
            }
            if exclusive != nil { throw problem("'\(key("exclusive"))' applies to limits, not to 'detectable'", "exclusive") }
        } else if limits.isEmpty {
            throw problem("give a limit for '\(test.name)'\(path.isEmpty ? "" : " in '\(path)'"): 'min', 'max', 'min_lln', 'max_uln' or 'detectable'", "min")
        }
        return LabCriterion(
            test: test,
            limits: limits,
            detectable: detectable,
            windowDays: inherited.windowDays,
            whenUntested: inherited.whenUntested,
            undetectedTerms: Set(inherited.undetectedTerms.map(TermMatcher.normalized)),
            detectedTerms: Set(inherited.detectedTerms.map(TermMatcher.normalized))
        )
    }
}
