import TrialCheckCore

/// The drug a check is about, with the other names records may use for it.
///
/// Names match as the drug terminology compares them (``DrugTerminology/key(_:)``); a
/// synonym (`JS001` for toripalimab), given by the protocol or by the terminology, matches
/// as the drug.
struct DrugName: Sendable {
    /// The drug, as the protocol file names it.
    let drug: String
    private let names: Set<String>

    /// Builds the names from a check's `drug` and `synonyms` parameters.
    /// - Throws: ``ParameterProblem`` for an empty name, or synonyms of another drug.
    init(_ drug: String, synonyms: [String: [String]]?) throws(ParameterProblem) {
        let name = drug.trimmingWhitespace()
        guard !name.isEmpty else { throw ParameterProblem("the drug name is empty", parameter: "drug") }
        var names: Set<String> = [Self.key(name)]
        names.formUnion((DrugTerminology.entry(named: name)?.names ?? []).map(Self.key))
        for (other, spellings) in (synonyms ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard Self.key(other) == Self.key(name) else {
                throw ParameterProblem(
                    "synonyms are given for '\(other)', which is not the drug of this check\(Suggestion.hint(for: other, among: [name]))",
                    parameter: "synonyms"
                )
            }
            for spelling in spellings {
                let key = Self.key(spelling)
                guard !key.isEmpty else { throw ParameterProblem("an empty synonym is given for '\(other)'", parameter: "synonyms") }
                names.insert(key)
            }
        }
        self.drug = name
        self.names = names
    }

    /// Whether `event` is an administration of the drug.
    func isAdministration(_ event: Event) -> Bool {
        guard event.type == .administration, let given = event.string("drug") else { return false }
        return names.contains(Self.key(given))
    }

    private static func key(_ name: String) -> String {
        DrugTerminology.key(name)
    }
}
