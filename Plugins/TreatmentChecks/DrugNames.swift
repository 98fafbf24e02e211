import TrialCheckCore

/// The drugs a check is about, with the other names records may use for them.
///
/// Names match as the drug terminology compares them (``DrugTerminology/key(_:)``: case,
/// spaces and punctuation aside); a synonym (`JS001` for toripalimab), given by the
/// protocol or by the terminology, matches as the drug it stands for.
struct DrugNames: Sendable {
    /// The drugs, as the protocol file names them.
    let drugs: [String]
    /// Drug classes of the terminology whose drugs count too (`no-study-drug`'s `classes`).
    let classes: [DrugClass]
    private let lookup: [String: String]
    /// The same look-up as a list, by key, where it is short (a drug and its other names):
    /// a few comparisons of short texts cost less than hashing one.
    private let keyed: [(key: String, drug: String)]?
    /// What decides which recorded names match which drug (the drugs, the classes and
    /// every name each drug matches by), as one text: equal for two checks whose names
    /// match alike, so they can share what they read of a patient, and cheap to hash.
    let identity: String
    /// The hash of ``identity``, computed once.
    let identityHash: Int
    /// Each of ``drugs`` alone, as a list: what an administration of it gives (shared, not
    /// built for every administration).
    private let aloneLists: [[String]]

    /// Builds the names from a check's `drug`/`drugs` and `synonyms` parameters.
    /// - Parameter parameter: the name of the parameter that lists the drugs, for problems.
    /// - Throws: ``ParameterProblem`` for an empty name, a synonym of a drug the check does
    ///   not name, or one synonym given to two drugs.
    init(_ drugs: [String], synonyms: [String: [String]]?, classes: [String] = [], parameter: String) throws(ParameterProblem) {
        let names = drugs.map { $0.trimmingWhitespace() }
        guard !names.isEmpty || !classes.isEmpty else { throw ParameterProblem("name at least one drug", parameter: parameter) }
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
        self.classes = resolved
        guard !names.contains(where: \.isEmpty) else { throw ParameterProblem("a drug name is empty", parameter: parameter) }
        var lookup: [String: String] = [:]
        for name in names { lookup[Self.key(name)] = name }
        for name in names {
            for other in DrugTerminology.entry(named: name)?.names ?? [] where lookup[Self.key(other)] == nil {
                lookup[Self.key(other)] = name
            }
        }
        for (drug, others) in (synonyms ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let canonical = lookup[Self.key(drug)], Self.key(canonical) == Self.key(drug) else {
                throw ParameterProblem(
                    "synonyms are given for '\(drug)', which is not a drug of this check\(Suggestion.hint(for: drug, among: names))",
                    parameter: "synonyms"
                )
            }
            for other in others {
                let key = Self.key(other)
                guard !key.isEmpty else { throw ParameterProblem("an empty synonym is given for '\(drug)'", parameter: "synonyms") }
                if let existing = lookup[key], existing != canonical {
                    throw ParameterProblem("'\(other)' is given as a name of both '\(existing)' and '\(canonical)'", parameter: "synonyms")
                }
                lookup[key] = canonical
            }
        }
        self.drugs = names
        self.lookup = lookup
        // Each part after its length, so no two selections write the same text.
        let parts = ["\(names.count)"] + names + ["\(resolved.count)"] + resolved.map(\.name)
            + lookup.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
        identity = parts.map { "\($0.utf8.count):\($0)" }.joined()
        identityHash = identity.hashValue
        keyed = lookup.count <= 32 ? lookup.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } : nil
        aloneLists = names.map { [$0] }
    }

    /// The drug `name` stands for, or `nil` if it is none of them.
    func drug(named name: String) -> String? {
        drug(forKey: Self.key(name))
    }

    /// The drug a name stands for, given the name's key (``DrugTerminology/key(_:)``), or
    /// `nil` if it is none of them.
    func drug(forKey key: String) -> String? {
        guard let keyed else { return lookup[key] }
        for entry in keyed where entry.key == key { return entry.drug }
        return nil
    }

    /// What a recorded name is to a selection with classes: a listed drug (its name as the
    /// protocol writes it), a drug of a listed class (the name as recorded), none of them,
    /// or a name the terminology does not know, whose class cannot be told.
    enum Match { case drug(String), none, unclassified }

    /// What `name`, whose key (``DrugTerminology/key(_:)``) is `key`, is: see ``Match``.
    func match(_ name: String, key: String) -> Match {
        if let drug = drug(forKey: key) { return .drug(drug) }
        guard !classes.isEmpty else { return .none }
        let identity = DrugTerminology.identify(name)
        switch classes.reduce(Truth.no, { $0 || $1.contains(identity) }) {
        case .yes: return .drug(name.trimmingWhitespace())
        case .unknown: return .unclassified
        case .no: return .none
        }
    }

    /// `drug` alone in a list: shared, for one of the drugs.
    func alone(_ drug: String) -> [String] {
        drugs.firstIndex(of: drug).map { aloneLists[$0] } ?? [drug]
    }

    /// The drugs (and classes) joined for a sentence: `toripalimab or capecitabine`.
    var orList: String { Self.join(drugs + classes.map(\.label), "or") }

    /// The drugs joined for a sentence: `toripalimab and capecitabine`.
    var andList: String { Self.join(drugs, "and") }

    private static func key(_ name: String) -> String {
        DrugTerminology.key(name)
    }

    private static func join(_ names: [String], _ conjunction: String) -> String {
        guard let last = names.last else { return "" }
        guard names.count > 1 else { return last }
        return names.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}
