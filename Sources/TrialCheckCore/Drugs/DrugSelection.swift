/// The drugs a criterion is about: drugs by name (with the protocol's own synonyms, and
/// every name the shipped terminology gives the same substance) and classes
/// (`classes: [L01FF]`, `classes: [platinum]`), read against ``DrugTerminology``.
///
/// A recorded name that the terminology does not know can belong to no listed drug by
/// name, but may belong to a class: ``contains(_:)`` answers `.unknown` for it, so a
/// criterion by class never passes on a name it cannot place.
public struct DrugSelection: Sendable {
    /// The drugs named, as the protocol file writes them.
    public let drugs: [String]
    /// The classes named.
    public let classes: [DrugClass]
    /// Keys of the drugs' names and synonyms, to the drug named.
    private let lookup: [String: String]

    /// Builds the selection from a check's parameters.
    /// - Parameters:
    ///   - drugs: drug names (may be empty when `classes` is not).
    ///   - synonyms: other names of drugs in `drugs`, by drug.
    ///   - classes: ATC codes (`L01FF`) or named classes (`fluoropyrimidine`).
    ///   - parameter: the parameter that lists the drugs, for problems.
    /// - Throws: ``ParameterProblem`` for nothing selected, an empty name, a synonym of a drug
    ///   not listed, or a class the terminology does not know (with a suggestion).
    public init(drugs: [String], synonyms: [String: [String]]? = nil, classes: [String] = [], parameter: String = "drugs") throws(ParameterProblem) {
        let names = drugs.map { $0.trimmingWhitespace() }
        guard !names.isEmpty || !classes.isEmpty else {
            throw ParameterProblem("name at least one drug in '\(parameter)' or one class in 'classes'", parameter: parameter)
        }
        guard !names.contains(where: \.isEmpty) else { throw ParameterProblem("a drug name is empty", parameter: parameter) }
        var lookup: [String: String] = [:]
        for name in names {
            lookup[DrugTerminology.key(name)] = name
            for other in DrugTerminology.entry(named: name)?.names ?? [] {
                lookup[DrugTerminology.key(other)] = lookup[DrugTerminology.key(other)] ?? name
            }
        }
        for (drug, others) in (synonyms ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let canonical = names.first(where: { DrugTerminology.key($0) == DrugTerminology.key(drug) }) else {
                throw ParameterProblem("synonyms are given for '\(drug)', which is not a drug of this check\(Suggestion.hint(for: drug, among: names))", parameter: "synonyms")
            }
            for other in others {
                let key = DrugTerminology.key(other)
                guard !key.isEmpty else { throw ParameterProblem("an empty synonym is given for '\(drug)'", parameter: "synonyms") }
                lookup[key] = canonical
            }
        }
        var resolved: [DrugClass] = []
        for reference in classes {
            guard let found = DrugTerminology.drugClass(named: reference) else {
                throw ParameterProblem(
                    "unknown drug class '\(reference)': write an ATC code (L01FF) or one of \(DrugTerminology.namedClasses.map(\.name).joined(separator: ", "))\(Suggestion.hint(for: reference, among: DrugTerminology.classNames))",
                    parameter: "classes"
                )
            }
            resolved.append(found)
        }
        self.drugs = names
        self.classes = resolved
        self.lookup = lookup
    }

    /// Whether a recorded name or code is one of the drugs or belongs to one of the classes:
    /// `.unknown` when only a class could hold it and the terminology does not know it.
    public func contains(_ recorded: String) -> Truth {
        if lookup[DrugTerminology.key(recorded)] != nil { return .yes }
        let identity = DrugTerminology.identify(recorded)
        if case .drug(let entry) = identity, lookup[DrugTerminology.key(entry.name)] != nil { return .yes }
        return classes.reduce(Truth.no) { $0 || $1.contains(identity) }
    }

    /// The drugs and classes for a sentence: `atezolizumab or PD-1/PD-L1 inhibitors (ATC L01FF)`.
    public var description: String {
        let parts = drugs + classes.map(\.label)
        guard let last = parts.last else { return "" }
        return parts.count == 1 ? last : parts.dropLast().joined(separator: ", ") + " or " + last
    }
}
