/// A class of drugs a criterion names: an ATC code at any level (`L01FF`, `L01XA`, `L01`)
/// or one of the table's named classes (`platinum`, `fluoropyrimidine`,
/// `anti-PD-1/PD-L1`), each defined by ATC codes.
public struct DrugClass: Sendable, Hashable, CustomStringConvertible {
    /// The name a protocol writes (`fluoropyrimidine`), or the ATC code itself.
    public let name: String
    /// What the class is, for sentences (`PD-1/PD-L1 inhibitors (ATC L01FF)`).
    public let label: String
    /// The ATC codes whose substances belong (a group, or single substance codes for a
    /// class narrower than a group).
    public let codes: [String]
    /// Substances of the table without an ATC substance code that belong, by name, where
    /// `codes` name single substances.
    public let members: [String]

    /// Creates a class.
    public init(name: String, label: String, codes: [String], members: [String] = []) {
        self.name = name
        self.label = label
        self.codes = codes
        self.members = members
    }

    /// Whether the drug a record names belongs: `.unknown` for a name the table does not know.
    public func contains(_ drug: RecordedDrug) -> Truth {
        if case .drug(let entry) = drug, members.contains(entry.name) { return .yes }
        return codes.reduce(Truth.no) { $0 || drug.isClassified(under: $1) }
    }

    public var description: String { label }
}
