import TrialCheckCore

/// One allowed chemotherapy regimen: a combination of agents, each place filled by a drug,
/// one of several drugs, a drug of a class, or any drug (`oxaliplatin-based doublet`:
/// oxaliplatin and any partner).
///
/// In YAML: `{name: cisplatin + 5-FU, agents: [cisplatin, fluorouracil]}`; a place is a drug
/// name, `any`, a list of alternative drugs (`[cisplatin, carboplatin]`), or a mapping with
/// `drugs` and/or `classes` (`{classes: [fluoropyrimidine]}`).
public struct AllowedRegimen: Decodable, Sendable {
    /// The regimen's name for messages; built from its places when absent.
    public var name: String?
    /// The places, one per agent.
    public var agents: [Place]

    /// One place of a regimen, as written.
    public enum Place: Decodable, Sendable {
        /// Any drug.
        case any
        /// One of these drugs, or a drug of these classes.
        case drugs([String], classes: [String])

        private enum Key: String, CodingKey { case drugs, classes }

        public init(from decoder: any Decoder) throws {
            if let single = try? decoder.singleValueContainer() {
                if let name = try? single.decode(String.self) {
                    self = TermMatcher.normalized(name) == "any" ? .any : .drugs([name], classes: [])
                    return
                }
                if let names = try? single.decode([String].self) {
                    self = .drugs(names, classes: [])
                    return
                }
            }
            let container = try decoder.container(keyedBy: Key.self)
            self = .drugs(
                try container.decodeIfPresent([String].self, forKey: .drugs) ?? [],
                classes: try container.decodeIfPresent([String].self, forKey: .classes) ?? []
            )
        }
    }
}

/// An allowed regimen read against the drug terminology, ready to match a recorded one.
struct RegimenPattern: Sendable {
    /// The regimen's name for messages.
    let name: String
    /// Each place: `nil` for any drug.
    let places: [DrugSelection?]

    init(_ regimen: AllowedRegimen) throws(ParameterProblem) {
        guard !regimen.agents.isEmpty else { throw ParameterProblem("a regimen lists no agents", parameter: "regimens") }
        var places: [DrugSelection?] = []
        var words: [String] = []
        for place in regimen.agents {
            switch place {
            case .any:
                places.append(nil)
                words.append("any agent")
            case let .drugs(drugs, classes):
                let selection = try DrugSelection(drugs: drugs, classes: classes, parameter: "regimens")
                places.append(selection)
                words.append(selection.description)
            }
        }
        self.places = places
        name = regimen.name?.trimmingWhitespace() ?? words.joined(separator: " + ")
    }

    /// Whether the distinct `agents` fill the places one to one: `.unknown` where it depends
    /// on agents the terminology does not know.
    func matches(_ agents: [String]) -> Truth {
        guard agents.count == places.count else { return .no }
        let fits = agents.map { agent in places.map { $0?.contains(agent) ?? .yes } }
        return Self.assign(fits, row: 0, used: [])
    }

    /// The best truth over the assignments of rows `row...` to unused places.
    private static func assign(_ fits: [[Truth]], row: Int, used: Set<Int>) -> Truth {
        guard row < fits.count else { return .yes }
        var best = Truth.no
        for place in fits[row].indices where !used.contains(place) && fits[row][place] != .no {
            best = best || (fits[row][place] && assign(fits, row: row + 1, used: used.union([place])))
            if best == .yes { return .yes }
        }
        return best
    }
}
