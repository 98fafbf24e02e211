import TrialCheckCore

/// Whether the unit table knows a unit, remembered per unit text: the table's look-up
/// first canonicalizes the text, and a reader mapping records meets the same few units
/// on every record.
struct KnownUnits {
    private var known: [String: Bool] = [:]
    /// How many unit texts are remembered at most (an input of ever new units stays bounded).
    private static let limit = 4096

    /// Whether ``ClinicalUnit/definition(of:)`` knows `unit`.
    mutating func knows(_ unit: String) -> Bool {
        if let answer = known[unit] { return answer }
        let answer = ClinicalUnit.definition(of: unit) != nil
        if known.count < Self.limit { known[unit] = answer }
        return answer
    }
}
