import TrialCheckCore

/// The outcome of one part of a lab criterion: a verdict, a clause that says why (no final
/// full stop, so clauses can be joined), and the evidence.
///
/// The clause and the evidence are written when read (most results pass, and a pass's
/// wording is never reported): the expressions given to ``init(verdict:text:evidence:)``
/// are kept, not evaluated.
struct LabFinding: Sendable {
    let verdict: Verdict
    private let writeText: @Sendable () -> String
    private let writeEvidence: @Sendable () -> [Evidence]

    /// The clause.
    var text: String { writeText() }
    /// The evidence.
    var evidence: [Evidence] { writeEvidence() }

    init(verdict: Verdict, text: @autoclosure @escaping @Sendable () -> String, evidence: @autoclosure @escaping @Sendable () -> [Evidence]) {
        self.verdict = verdict
        writeText = text
        writeEvidence = evidence
    }

    /// How the findings of alternatives (`or`) or of requirements that must all hold
    /// (`all`, `tests`) combine: as a protocol's `any_of` and `all_of` do, in Kleene's
    /// strong logic (see ``Verdict/anyOf(_:)``).
    enum Combination: Sendable, Hashable {
        case any, all
    }

    /// Combines the members' findings (the verdict as ``Verdict/anyOf(_:)`` and
    /// ``Verdict/allOf(_:)`` give it); the clause names the members that decide it.
    ///
    /// Only the verdict is worked out here: which members the clause names is found when
    /// the clause is read (most combinations pass, and a pass's wording is never read).
    static func combine(_ members: [LabFinding], _ combination: Combination) -> LabFinding {
        let verdicts = members.map(\.verdict)
        let verdict = combination == .any ? Verdict.anyOf(verdicts) : Verdict.allOf(verdicts)
        @Sendable func text() -> String {
            let passed = members.filter { $0.verdict == .pass }
            let deviated = members.filter { $0.verdict == .deviation }
            let undecided = members.filter { !$0.verdict.isDecided }
            switch (combination, verdict) {
            case (.any, .pass): return join(passed)
            case (.any, .deviation): return "No alternative is met: " + inSentence(join(deviated))
            case (.any, .indeterminate), (.any, .notEvaluable):
                return "No alternative is met for certain: " + inSentence(join(undecided + deviated))
            // The undecided members are named too: the monitor will query them anyway.
            case (.all, .deviation): return join(deviated + undecided)
            case (.all, .pass): return join(passed)
            case (.all, .indeterminate), (.all, .notEvaluable): return join(undecided)
            }
        }
        return LabFinding(verdict: verdict, text: text(), evidence: unique(members.flatMap(\.evidence)))
    }

    /// Several findings of one verdict (the possible latest results of one test): the
    /// distinct clauses, joined.
    static func merge(_ findings: [LabFinding]) -> LabFinding? {
        guard let first = findings.first else { return nil }
        return LabFinding(verdict: first.verdict, text: join(findings), evidence: unique(findings.flatMap(\.evidence)))
    }

    /// The clauses, without repeats, joined by semicolons; a clause after the first starts
    /// in lower case unless its first word is an acronym (`ALT`, `HBV DNA`).
    static func join(_ findings: [LabFinding]) -> String {
        guard let first = findings.first?.text else { return "" }
        var texts = [first]
        if findings.count <= linearLimit {
            // Clauses are few: comparing them beats hashing them.
            for finding in findings.dropFirst() where !texts.contains(finding.text) { texts.append(finding.text) }
        } else {
            // Many clauses (thousands of results on one day): hashing keeps it linear.
            var seen: Set<String> = [first]
            for finding in findings.dropFirst() where seen.insert(finding.text).inserted { texts.append(finding.text) }
        }
        var joined = first
        for text in texts.dropFirst() {
            joined += "; "
            joined += inSentence(text)
        }
        return joined
    }

    /// `text` for the middle of a sentence: `Platelets ...` becomes `platelets ...`, `ALT ...` stays.
    static func inSentence(_ text: String) -> String {
        // Clauses start with ASCII letters: then the first two bytes are the first two
        // characters (no byte of them a carriage return, which could join a line feed).
        let start = text.utf8.prefix(3)
        if start.count >= 2, start.allSatisfy({ $0 < 0x80 }), !start.prefix(2).contains(0x0D) {
            let second = start[start.index(after: start.startIndex)]
            return second >= UInt8(ascii: "a") && second <= UInt8(ascii: "z") ? text.lowercasingFirstLetter : text
        }
        let characters = Array(text.prefix(2))
        guard characters.count == 2, characters[1].isLowercase else { return text }
        return text.lowercasingFirstLetter
    }

    /// Up to this many items, repeats are found by comparing items pairwise; past it, by
    /// hashing, so a record of thousands of same-day results stays linear.
    static let linearLimit = 32

    /// The evidence without repeats, in first-seen order.
    static func unique(_ evidence: [Evidence]) -> [Evidence] {
        // Lists are short: a linear scan beats hashing every string. Usually nothing
        // repeats, and the list is returned as it is, without copying its evidence.
        guard evidence.count > 1 else { return evidence }
        guard evidence.count <= linearLimit else {
            // A long list (thousands of results on one day): hashing keeps it linear.
            var seen = Set<Evidence>(minimumCapacity: evidence.count)
            let kept = evidence.filter { seen.insert($0).inserted }
            return kept.count == evidence.count ? evidence : kept
        }
        let repeats = evidence.indices.dropFirst().contains { index in evidence[..<index].contains(evidence[index]) }
        guard repeats else { return evidence }
        var kept: [Evidence] = []
        kept.reserveCapacity(evidence.count)
        for item in evidence where !kept.contains(item) { kept.append(item) }
        return kept
    }
}
