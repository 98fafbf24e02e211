/// One anticancer or immunomodulating substance of the shipped terminology
/// (``DrugTerminology``): its international non-proprietary name, its WHO ATC codes, its
/// RxNorm ingredient concept where one is given, and the other names records use for it.
public struct DrugEntry: Sendable, Hashable {
    /// The international non-proprietary name (`fluorouracil`).
    public let name: String
    /// The ATC level-4 group, five characters (`L01BC`): the chemical subgroup the WHO
    /// index places the substance in.
    public let group: String
    /// The ATC substance code, seven characters (`L01BC02`), where the table gives one;
    /// `nil` for a substance the table places in its group only.
    public let code: String?
    /// The RxNorm ingredient concept (RXCUI), where the table gives one.
    public let rxnorm: String?
    /// Brand names, code names and abbreviations (`5-FU`, `Adrucil`).
    public let synonyms: [String]

    /// Creates an entry.
    public init(_ name: String, group: String, code: String? = nil, rxnorm: String? = nil, synonyms: [String] = []) {
        self.name = name
        self.group = group
        self.code = code
        self.rxnorm = rxnorm
        self.synonyms = synonyms
    }

    /// The name and every synonym.
    public var names: [String] { [name] + synonyms }

    /// Whether the substance lies under the ATC code `prefix` (`L01`, `L01F`, `L01FF`,
    /// `L01FF05`): its substance code, or its group, starts with it.
    public func isClassified(under prefix: String) -> Bool {
        (code ?? group).hasPrefix(prefix)
    }
}
