import TrialCheckCore

/// Whether the unit table knows a unit, remembered per unit text: the table's look-up
/// first canonicalizes the text, and a reader mapping records meets the same few units
/// on every record.
struct KnownUnits {
    private var known: [String: Bool] = [:]
    /// How many unit texts are remembered at most (an input of ever new units stays bounded).
    private static let limit = 4096

    /// A unit text and whether the table knows it.
    private struct Answer {
        let unit: String
        let isKnown: Bool
    }

    /// The answers given last, newest first: compared before ``known`` hashes the text (a
    /// patient's records repeat a handful of units).
    private var recent: [Answer] = []
    private static let recentLimit = 8

    /// Whether ``ClinicalUnit/definition(of:)`` knows `unit`.
    mutating func knows(_ unit: String) -> Bool {
        for index in recent.indices where recent[index].unit == unit { return recent[index].isKnown }
        let answer: Bool
        if let remembered = known[unit] {
            answer = remembered
        } else {
            answer = ClinicalUnit.definition(of: unit) != nil
            if known.count < Self.limit { known[unit] = answer }
        }
        if recent.count == Self.recentLimit { recent.removeLast() }
        recent.insert(Answer(unit: unit, isKnown: answer), at: 0)
        return answer
    }
}
