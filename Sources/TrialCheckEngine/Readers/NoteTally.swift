import TrialCheckCore

/// Counts what a reader met but could not use, one entry per kind, with where the first
/// was: the material of ``FormatReader/notes`` sentences that say what, how many, and
/// where first.
struct NoteTally: Sendable {
    private struct Entry: Sendable {
        var what: String
        var noun: String
        var count: Int
        var first: SourceLocation?
        var example: String?
    }

    private var entries: [Entry] = []
    private var indexByKey: [String: Int] = [:]

    /// Counts one occurrence of `what` (a sentence fragment that names the thing, with
    /// user values in single quotes), counted in `noun`s, at `location`; `example` is the
    /// user's value there (the first one is quoted in the note).
    mutating func add(_ what: String, example: String? = nil, noun: String = "value(s)", at location: SourceLocation?) {
        if let index = indexByKey[what] {
            entries[index].count += 1
            if entries[index].first == nil {
                entries[index].first = location
                entries[index].example = example
            }
            return
        }
        indexByKey[what] = entries.count
        entries.append(Entry(what: what, noun: noun, count: 1, first: location, example: example))
    }

    /// Makes sure `what` is noted even if nothing is counted for it (a column with no
    /// values, say), at `location`.
    mutating func declare(_ what: String, noun: String, at location: SourceLocation?) {
        guard indexByKey[what] == nil else { return }
        indexByKey[what] = entries.count
        entries.append(Entry(what: what, noun: noun, count: 0, first: location, example: nil))
    }

    /// Whether nothing was counted or declared.
    var isEmpty: Bool { entries.isEmpty }

    /// One sentence per kind, in the order first met:
    /// `<what>: <count> <noun>, first ['<example>'] at <file:line:column>`.
    var notes: [String] {
        entries.map { entry in
            let example = entry.example.map { " '\($0)'" } ?? ""
            let place = entry.first.map { ", first\(example) at \($0)" } ?? ""
            return "\(entry.what): \(entry.count) \(entry.noun)\(place)"
        }
    }
}
