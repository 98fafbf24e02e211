import TrialCheckCore

/// Judges the definitive course's total dose and total number of fractions together against
/// allowed regimens (`radiotherapy-fractionation` with `regimens`): 59.4 Gy in 33
/// fractions is neither 50.4 Gy in 28 nor 60 Gy in 30.
///
/// The totals add up over the course's events (a boost recorded as its own event counts).
/// Events whose partial start dates leave their membership open are judged both ways: the
/// verdict is indeterminate where the two readings differ. A finding is dated on the
/// course's last fraction.
struct CourseRegimenRule {
    let selection: RadiotherapyCourse.Selection
    let table: RegimenTable

    func judge(_ patient: PatientHistory) -> Judgement {
        let enrollment = Evidence.enrollmentDate(of: patient)
        guard let course = RadiotherapyCourse(of: patient, selection: selection) else {
            return .notEvaluable(selection.noCourseSentence, evidence: [enrollment])
        }
        var certain = (gray: 0.0, fractions: 0)
        var all = (gray: 0.0, fractions: 0)
        var evidence: [Evidence] = []
        for event in course.allEvents {
            let read: (gray: Double, fractions: Int)
            switch Self.read(event) {
            case .failure(let missing): return missing.dated(event.endDate ?? event.startDate)
            case .success(let values): read = values
            }
            evidence.append(Evidence("radiotherapy (\(event.datesDescription))", "\(Quantity(read.gray, "Gy")) in \(read.fractions) fractions", from: event))
            all.gray += read.gray
            all.fractions += read.fractions
            if course.events.contains(event) {
                certain.gray += read.gray
                certain.fractions += read.fractions
            }
        }
        let totalText = "\(Quantity(all.gray, "Gy")) in \(all.fractions) fractions"
        if course.allEvents.count > 1 { evidence.append(Evidence("course total", totalText)) }
        guard !course.events.isEmpty else {
            return .indeterminate(
                "The only definitive radiotherapy recorded has a partial start date that may fall \(selection.otherSide).",
                evidence: evidence + [enrollment]
            )
        }
        let completion = course.completion == nil ? nil : course.completingEvent?.endDate
        let certainMatch = table.regimen(forDose: certain.gray, fractions: certain.fractions)
        let possibleMatch = table.regimen(forDose: all.gray, fractions: all.fractions)
        if (certainMatch == nil) != (possibleMatch == nil) {
            return Judgement.indeterminate(
                "The definitive course is \(Quantity(certain.gray, "Gy")) in \(certain.fractions) fractions or \(totalText), depending on whether radiotherapy with a partial start date started \(selection.placement); the protocol allows \(table.text).",
                evidence: evidence + [enrollment]
            ).dated(completion)
        }
        if let possibleMatch {
            return .pass("The definitive course, \(totalText), is the allowed regimen \(possibleMatch.text).", evidence: evidence)
        }
        return Judgement.deviation(
            "The definitive course, \(totalText), is none of the allowed regimens (\(table.text)).",
            evidence: evidence
        ).dated(completion)
    }

    /// An event's dose in Gy and its number of fractions, or the not-evaluable judgement
    /// that says what is missing.
    private static func read(_ event: Event) -> Result<(gray: Double, fractions: Int), Unreadable> {
        let dates = event.datesDescription
        guard let raw = event["dose"] else {
            return .failure(Unreadable("The radiotherapy course \(dates) has no dose recorded.", [Evidence("radiotherapy", dates, from: event)]))
        }
        guard let dose = raw.quantity else {
            return .failure(Unreadable("The radiotherapy dose '\(raw.display)' is not a quantity with a unit.", [Evidence("radiotherapy dose", raw.display, from: event)]))
        }
        guard ClinicalUnit.definition(of: dose.unit)?.dimension == .absorbedDose, let gray = dose.converted(to: "Gy") else {
            return .failure(Unreadable("The radiotherapy dose unit '\(dose.unit)' is not an absorbed-dose unit (Gy, cGy, mGy).", [Evidence("radiotherapy dose", dose.description, from: event)]))
        }
        guard let rawFractions = event["fractions"] else {
            return .failure(Unreadable("The radiotherapy course \(dates) has no number of fractions recorded.", [Evidence("radiotherapy dose (\(dates))", dose.description, from: event)]))
        }
        guard let fractions = rawFractions.int, fractions > 0 else {
            return .failure(Unreadable("The number of fractions '\(rawFractions.display)' of radiotherapy \(dates) is not a whole number above 0.", [Evidence("fractions (\(dates))", rawFractions.display, from: event)]))
        }
        return .success((gray.value, fractions))
    }

    /// Why an event's dose or fractions cannot be read: a not-evaluable judgement.
    private struct Unreadable: Error {
        let judgement: Judgement
        init(_ message: String, _ evidence: [Evidence]) { judgement = .notEvaluable(message, evidence: evidence) }
        func dated(_ date: PartialDate?) -> Judgement { judgement.dated(date) }
    }
}
