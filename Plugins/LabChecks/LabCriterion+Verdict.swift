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

    /// The verdict ``evaluate(_:_:)`` gives, worked out without its wording for the usual
    /// records: no result of the test in scope ("not tested"), or one result in scope that
    /// ``verdict(of:)`` decides, every other certainly out of scope. `nil` for anything else
    /// (a result that may or may not be in scope, several in scope, an unusual result), which
    /// ``evaluate(_:_:)`` judges.
    /// - Parameter enrollment: the days the enrollment date may be.
    func verdict(_ enrollment: DaySpan, _ results: LabResults) -> Verdict? {
        guard let inScope = verdictInScope(enrollment, results, results.events) else { return nil }
        if let inScope { return inScope }
        // No result in scope: "not tested", decided as the general reading decides it.
        switch whenUntested {
        case .pass: return results.hasUnnamed ? .notEvaluable : .pass
        case .notEvaluable: return .notEvaluable
        }
    }

    /// The verdict of the one result of the test in scope, every other certainly out of it
    /// (`.some(nil)`: none in scope); `nil` when a result may or may not be in scope, more
    /// than one is, or ``verdict(of:)`` does not decide the one.
    ///
    /// `events` are the results' events, handed over as an argument and each result to
    /// ``place(_:_:)`` likewise, and neither is inlined: so each result is read where it
    /// lies (read through the results' property, or in the loop, it would be copied whole).
    @inline(never)
    private func verdictInScope(_ enrollment: DaySpan, _ results: LabResults, _ events: [Event]) -> Verdict?? {
        var inScope: Verdict?
        var next = 0
        while let (order, position) = results.nextResult(of: test, from: next) {
            next = order + 1
            switch place(events[position], enrollment) {
            case (.no, _):
                continue
            case (.unknown, _):
                return nil
            case (.yes, let verdict):
                guard inScope == nil, let verdict else { return nil }
                inScope = verdict
            }
        }
        return .some(inScope)
    }

    /// Whether `result` lies in the criterion's scope (undated: unknown) and, when it
    /// certainly does, the verdict ``verdict(of:)`` gives it. Borrowed and not inlined: see
    /// ``verdictInScope(_:_:_:)``.
    @inline(never)
    private func place(_ result: borrowing Event, _ enrollment: DaySpan) -> (inScope: Truth, verdict: Verdict?) {
        guard let span = result.startSpan else { return (.unknown, nil) }
        let inScope = enrollment.days(since: span).lies(within: scopeDays)
        return (inScope, inScope == .yes ? verdict(of: result) : nil)
    }

    /// The verdict ``judgeWorded(_:)`` gives `event`, for a result whose `value` is a number
    /// that every limit can be compared with: `nil` for anything else (no value, text,
    /// a bound such as `<15`, a value with its unit, no unit or an unknown one, a reference
    /// limit missing, not a plain positive number), which the general reading judges.
    func verdict(of event: Event) -> Verdict? {
        // A number as written (not a text holding one), read as ``LabReading/parse`` reads it.
        let value = event["value"]
        guard case .number? = value, let number = value?.double, number.isFinite else { return nil }
        let magnitude = LabReading.Magnitude.exact(number)
        if let detectable {
            // As ``judgeWorded(_:)`` reads a number: above zero detected, zero not, below zero unreadable.
            guard number >= 0 else { return nil }
            return (number > 0) == detectable ? .pass : .deviation
        }
        // A number carries no unit of its own: the recorded unit is the result's, read only
        // for a quantity to convert it to (a multiple of a reference limit needs none).
        var resolvedUnit: ClinicalUnit.Resolved?
        if hasQuantityLimit, let written = event.string("unit") {
            let trimmed = written.trimmingWhitespace()
            if !trimmed.isEmpty { resolvedUnit = ClinicalUnit.Resolved(trimmed) }
        }
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
