import TrialCheckCore

extension LabCriterion {
    /// Judges one result against the criterion, whatever its date.
    ///
    /// The usual result (a number, in a unit the limits convert from, with the reference
    /// limits a multiple needs) is judged by ``verdict(of:)`` alone, without the wording's
    /// closures and lists; its clause and evidence are written by ``judgeWorded(_:)`` when a
    /// report reads them (most results pass, and a pass's wording is never read). Any other
    /// result is judged by ``judgeWorded(_:)`` at once.
    func judge(_ event: Event) -> LabFinding {
        guard let verdict = verdict(of: event) else { return judgeWorded(event) }
        return LabFinding(verdict: verdict, text: self.judgeWorded(event).text, evidence: self.judgeWorded(event).evidence)
    }

    /// The verdict ``judgeWorded(_:)`` gives `event`, for a result whose `value` is a number
    /// that every limit can be compared with: `nil` for anything else (no value, text,
    /// a bound such as `<15`, a value with its unit, no unit or an unknown one, a reference
    /// limit missing, not a plain positive number), which the general reading judges.
    func verdict(of event: Event) -> Verdict? {
        guard case .number(let text)? = event["value"],
              let number = DecimalText.double(text.trimmingWhitespace()), number.isFinite
        else { return nil }
        let magnitude = LabReading.Magnitude.exact(number)
        if let detectable {
            // As ``judgeWorded(_:)`` reads a number: above zero detected, zero not, below zero unreadable.
            guard number >= 0 else { return nil }
            return (number > 0) == detectable ? .pass : .deviation
        }
        // A number carries no unit of its own: the recorded unit is the result's.
        var unit: String?
        if let written = event.string("unit") {
            let trimmed = written.trimmingWhitespace()
            if !trimmed.isEmpty { unit = trimmed }
        }
        let resolvedUnit = hasQuantityLimit ? unit.map(ClinicalUnit.Resolved.init) : nil
        var failed = false
        for limit in limits {
            let scaled: LabReading.Magnitude
            switch limit.bound {
            case .quantity(let bound):
                guard let resolvedUnit, resolvedUnit.definition != nil else { return nil }
                let boundUnit = limit.unit ?? ClinicalUnit.Resolved(bound.unit)
                guard let factor = resolvedUnit.factor(to: boundUnit, analyte: test.name) else { return nil }
                scaled = magnitude.scaled(by: factor)
            case .uln, .lln:
                let key = if case .uln = limit.bound { "uln" } else { "lln" }
                guard let reference = event[key]?.double, reference.isFinite, reference > 0 else { return nil }
                scaled = magnitude.scaled(by: 1 / reference)
            }
            switch limit.isMet(by: scaled) {
            case .yes: break
            case .no: failed = true
            // An exact number meets a limit or fails it; the general reading says why not.
            case .unknown: return nil
            }
        }
        return failed ? .deviation : .pass
    }
}
