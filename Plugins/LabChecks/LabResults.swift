import TrialCheckCore

/// A patient's lab results and the test each names (folded), read once for every
/// criterion of a check: a check of several tests (`tests: [alt, ast, alp]`, `or`, `all`)
/// looks each result's test name up once, not once per test.
struct LabResults {
    /// The patient's events.
    private let events: [Event]
    /// The lab events that name a test: their positions in `events`, and the names folded.
    private let named: [(position: Int, test: String)]

    /// Reads the lab events of `patient`; the others are passed over without being copied.
    init(of patient: PatientHistory) {
        let events = patient.events
        self.events = events
        var named: [(position: Int, test: String)] = []
        named.reserveCapacity(events.count)
        // The typed accessor reads the one key (`attributes` would build every key's value).
        for position in events.indices where events[position].type == .lab {
            guard let test = events[position].string("test") else { continue }
            named.append((position, TermMatcher.normalized(test)))
        }
        self.named = named
    }

    /// The results of `test`, in record order, each with its place among the lab results
    /// that name a test.
    func results(of test: LabTest) -> [(order: Int, event: Event)] {
        named.enumerated().compactMap { order, result in
            test.reports(foldedName: result.test) ? (order, events[result.position]) : nil
        }
    }
}
