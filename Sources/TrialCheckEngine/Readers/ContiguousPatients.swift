import TrialCheckCore

/// Catches a patient whose rows of a streamed file are not contiguous, so it is never
/// judged on part of its rows.
///
/// Keeps every id read (compactly, with the first and last line of its first block). When
/// an id comes back, the patient is known to be split only then: the result is a
/// ``ReadItem/replacing(_:earlier:)`` rejection naming every block of its rows, which takes
/// back what its first block gave (a third block replaces that rejection in turn).
struct ContiguousPatients {
    private var seen = SeenIDs()
    /// The blocks of rows of each patient found split (few: each is a rejection).
    private var split: [String: [ClosedRange<Int>]] = [:]

    /// Records the block of `id`'s rows on `lines` of `file`: `nil` for its first block,
    /// else the rejection that replaces what its earlier blocks gave. `sortBy` names the
    /// column to sort the file by.
    mutating func add(_ id: String, lines: ClosedRange<Int>, file: String, sortBy column: String) -> ReadItem? {
        guard let earlier = seen.insert(id, numbers: lines.lowerBound, lines.upperBound) else { return nil }
        let blocks = split[id, default: [earlier.0...earlier.1]] + [lines]
        split[id] = blocks
        let listed = blocks.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
        let named = listed.dropLast().joined(separator: ", ") + " and " + (listed.last ?? "")
        return .replacing(
            RecordRejection(
                location: SourceLocation(file: file, line: lines.lowerBound),
                reason: "rows of patient '\(id)' are not contiguous: lines \(named); expected each patient's rows together (sort by \(column))",
                patient: id
            ),
            earlier: SourceLocation(file: file, line: earlier.0)
        )
    }
}
