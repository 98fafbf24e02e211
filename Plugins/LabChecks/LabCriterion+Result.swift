import TrialCheckCore

extension LabCriterion {
    /// Judges one result against the criterion, whatever its date, with its wording: the
    /// general reading of every form of result (``judge(_:)`` comes to the same verdict).
    func judgeWorded(_ event: Event) -> LabFinding {
        let value = event["value"]
        let writtenUnit = event.string("unit")
        // The wording, written when a report reads it.
        @Sendable func day() -> String {
            event.date == nil && event.start == nil && event.end == nil ? "(undated)" : "on \(event.datesDescription)"
        }
        @Sendable func resultEvidence() -> Evidence {
            Evidence(resultName, Self.describe(value: value, unit: writtenUnit, dates: event.datesDescription), from: event)
        }
        func unusable(_ text: @autoclosure @escaping @Sendable () -> String) -> LabFinding {
            LabFinding(verdict: .notEvaluable, text: text(), evidence: [resultEvidence()])
        }
        guard let raw = value, raw != .null else {
            return unusable("The \(self.noun) result \(day()) has no value recorded")
        }
        let parsed: (reading: LabReading, unit: String?)
        switch LabReading.parse(raw, undetectedTerms: undetectedTerms, detectedTerms: detectedTerms) {
        case .success(let reading): parsed = reading
        case .failure(let unreadable):
            let expected = detectable == nil ? "a number" : "a number or a recognised qualitative result (such as 'not detected')"
            return unusable("The \(self.noun) result '\(unreadable.text)' \(day()) is not \(expected)")
        }
        let recordedUnit = writtenUnit?.trimmingWhitespace()
        let unit = recordedUnit.flatMap { $0.isEmpty ? nil : $0 } ?? parsed.unit
        if let recordedUnit, !recordedUnit.isEmpty, let written = parsed.unit,
           ClinicalUnit.canonical(recordedUnit) != ClinicalUnit.canonical(written) {
            return unusable("The \(self.noun) result \(day()) gives the unit '\(written)' in its value but '\(recordedUnit)' as its unit")
        }
        let reading = parsed.reading
        @Sendable func valueText() -> String {
            switch reading {
            case .magnitude(let magnitude): unit.map { "\(magnitude.description) \($0)" } ?? magnitude.description
            case .undetected, .detected: "'\(raw.display)'"
            }
        }
        if let detectable {
            return judgeDetectability(reading, required: detectable, subject: "\(self.test.display) \(valueText()) \(day())", evidence: resultEvidence())
        }
        return judgeLimits(reading, unit: unit, event: event, valueText: valueText, day: day, evidence: resultEvidence)
    }

    private func judgeDetectability(
        _ reading: LabReading, required: Bool, subject: @autoclosure @escaping @Sendable () -> String,
        evidence: @autoclosure @escaping @Sendable () -> Evidence
    ) -> LabFinding {
        let detected: Bool?
        switch reading {
        case .undetected: detected = false
        case .detected: detected = true
        case .magnitude(.exact(let value)): detected = value > 0 ? true : (value == 0 ? false : nil)
        // Reported below a limit (`<15`): below the assay's limit, so not detectable.
        case .magnitude(.below): detected = false
        case .magnitude(.above(let value, let orEqual)): detected = value > 0 || (value == 0 && !orEqual) ? true : nil
        }
        guard let detected else {
            return LabFinding(verdict: .notEvaluable, text: "\(subject()) cannot be read as detected or not detected", evidence: [evidence()])
        }
        let state = detected ? "detectable" : "not detectable"
        if detected == required {
            return LabFinding(verdict: .pass, text: "\(subject()) is \(state), as required", evidence: [evidence()])
        }
        return LabFinding(verdict: .deviation, text: "\(subject()) is \(state), but must be \(self.requirement)", evidence: [evidence()])
    }

    private func judgeLimits(
        _ reading: LabReading, unit: String?, event: Event, valueText: @escaping @Sendable () -> String,
        day: @escaping @Sendable () -> String, evidence resultEvidence: @escaping @Sendable () -> Evidence
    ) -> LabFinding {
        // What the comparisons show (converted values, reference limits), in limit order,
        // written when read: most results pass, and a pass's wording is never reported.
        var shown: [@Sendable () -> Shown] = []
        // The limits met, failed and left open, by position in `limits`.
        var met: [Int] = []
        var failed: [Int] = []
        var problems: [String] = []
        var open: [Int] = []
        // The result's unit is looked up once, for all the limits that are quantities.
        let resolvedUnit = hasQuantityLimit ? unit.map(ClinicalUnit.Resolved.init) : nil
        for (index, limit) in limits.enumerated() {
            switch compare(reading, unit: unit, resolvedUnit: resolvedUnit, with: limit, event: event) {
            case .failure(let problem):
                problems.append("\(test.display) \(valueText()) \(day()) cannot be compared with \(limit.requirement): \(problem.reason)")
                if !problem.evidence.isEmpty { shown.append { Shown(note: nil, evidence: problem.evidence) } }
            case .success(let comparison):
                if let show = comparison.show { shown.append(show) }
                switch comparison.met {
                case .yes: met.append(index)
                case .no: failed.append(index)
                case .unknown: open.append(index)
                }
            }
        }
        // The wording, written when a report reads it.
        let shownFound = shown
        @Sendable func subject() -> String {
            var notesFound: [String] = []
            for show in shownFound {
                if let note = show().note, !notesFound.contains(note) { notesFound.append(note) }
            }
            return notesFound.isEmpty
                ? "\(test.display) \(valueText()) \(day())"
                : "\(test.display) \(valueText()) (\(Self.joined(notesFound, "; "))) \(day())"
        }
        @Sendable func evidence() -> [Evidence] { LabFinding.unique([resultEvidence()] + shownFound.flatMap { $0().evidence }) }
        @Sendable func phrases(_ indices: [Int], _ phrase: (LabLimit) -> String) -> String {
            Self.joined(indices.map { phrase(limits[$0]) }, " and ")
        }
        if !failed.isEmpty {
            let failed = failed
            return LabFinding(verdict: .deviation, text: "\(subject()) \(phrases(failed, \.failedPhrase))", evidence: evidence())
        }
        if let problem = problems.first {
            return LabFinding(verdict: .notEvaluable, text: problem, evidence: evidence())
        }
        if !open.isEmpty {
            let requirement = phrases(open, \.requirement)
            let how = if case .detected = reading { "is reported as detected without a number" } else { "is reported only as a bound" }
            return LabFinding(verdict: .notEvaluable, text: "\(subject()) \(how), so it cannot be judged against \(requirement)", evidence: evidence())
        }
        let metFound = met
        return LabFinding(verdict: .pass, text: "\(subject()) \(phrases(metFound, \.metPhrase))", evidence: evidence())
    }

    /// `parts` joined by `separator`; a single part as it is.
    private static func joined(_ parts: [String], _ separator: String) -> String {
        parts.count == 1 ? parts[0] : parts.joined(separator: separator)
    }

    /// A result compared with one limit: whether it is met, and how to write what to show
    /// beside the result (`nil`: nothing to show).
    private struct Comparison {
        let met: Truth
        let show: (@Sendable () -> Shown)?
    }

    /// What a comparison shows beside the result: the converted value or multiple of the
    /// reference limit, and its evidence.
    private struct Shown {
        let note: String?
        let evidence: [Evidence]
    }

    /// Why a result could not be compared with a limit: the end of a sentence that starts
    /// with the result and the limit.
    private struct Problem: Error {
        let reason: String
        let evidence: [Evidence]
        init(_ reason: String, evidence: [Evidence] = []) {
            self.reason = reason
            self.evidence = evidence
        }
    }

    /// Compares a reading in `unit` with `limit`; `resolvedUnit` is `unit` looked up in the
    /// unit table (when some limit is a quantity).
    private func compare(
        _ reading: LabReading, unit: String?, resolvedUnit: ClinicalUnit.Resolved?, with limit: LabLimit, event: Event
    ) -> Result<Comparison, Problem> {
        let magnitude: LabReading.Magnitude
        switch reading {
        // Not detected lies below any positive limit; detected says nothing about a number.
        case .undetected:
            return .success(Comparison(met: limit.limitValue > 0 ? (limit.side == .max ? .yes : .no) : .unknown, show: nil))
        case .detected:
            return .success(Comparison(met: .unknown, show: nil))
        case .magnitude(let value):
            magnitude = value
        }
        switch limit.bound {
        case .quantity(let bound):
            guard let unit else {
                return .failure(Problem("no unit is recorded"))
            }
            let resolved = resolvedUnit ?? ClinicalUnit.Resolved(unit)
            let boundUnit = limit.unit ?? ClinicalUnit.Resolved(bound.unit)
            guard resolved.definition != nil else {
                return .failure(Problem("'\(unit)' is not a unit the checker knows"))
            }
            guard let factor = resolved.factor(to: boundUnit, analyte: test.name) else {
                return .failure(Problem("'\(unit)' cannot be converted to \(bound.unit)"))
            }
            let converted = magnitude.scaled(by: factor)
            guard resolved.canonical != boundUnit.canonical else {
                return .success(Comparison(met: limit.isMet(by: converted), show: nil))
            }
            let display = test.display
            return .success(Comparison(met: limit.isMet(by: converted), show: {
                let text = "\(converted.rounded(near: bound.value)) \(bound.unit)"
                return Shown(note: text, evidence: [Evidence("\(display) in \(bound.unit)", text)])
            }))
        case .uln, .lln:
            let (name, key) = if case .uln = limit.bound { ("ULN", "uln") } else { ("LLN", "lln") }
            switch reference(name, key: key, unit: unit, event: event) {
            case .failure(let problem):
                return .failure(problem)
            case .success(let (reference, referenceText)):
                let ratio = magnitude.scaled(by: 1 / reference)
                let evidenceName = name == "ULN" ? ulnName : llnName
                return .success(Comparison(met: limit.isMet(by: ratio), show: {
                    let text = referenceText()
                    return Shown(note: "\(ratio.rounded(near: limit.limitValue)) x \(name), \(name) \(text)", evidence: [Evidence(evidenceName, text, from: event)])
                }))
            }
        }
    }

    /// The result's reference limit (`uln` or `lln`, named `name` in sentences) in the
    /// result's unit, and how to write it as shown.
    private func reference(_ name: String, key: String, unit: String?, event: Event) -> Result<(Double, @Sendable () -> String), Problem> {
        guard let raw = event[key], raw != .null else {
            return .failure(Problem("no \(name) recorded"))
        }
        var evidence: [Evidence] { [Evidence("\(test.display) \(name)", raw.display, from: event)] }
        let value: Double
        let text: @Sendable () -> String
        if let number = raw.double {
            value = number
            text = { unit.map { "\(Quantity.format(number)) \($0)" } ?? Quantity.format(number) }
        } else if let quantity = raw.quantity {
            guard let unit, let converted = quantity.converted(to: unit, analyte: test.name) else {
                return .failure(Problem("its \(name) '\(raw.display)' cannot be converted to the result's unit '\(unit ?? "none recorded")'", evidence: evidence))
            }
            value = converted.value
            text = { quantity.description }
        } else {
            return .failure(Problem("its \(name) '\(raw.display)' is not a number", evidence: evidence))
        }
        guard value.isFinite, value > 0 else {
            return .failure(Problem("its \(name) '\(raw.display)' is not a positive number", evidence: evidence))
        }
        return .success((value, text))
    }
}
