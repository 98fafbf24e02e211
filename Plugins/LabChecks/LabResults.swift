import TrialCheckCore

/// A patient's lab results and the test each names (folded), read once for every
/// criterion of a check: a check of several tests (`tests: [alt, ast, alp]`, `or`, `all`)
/// looks each result's test name up once, not once per test.
struct LabResults {
    /// The patient's events.
    private let events: [Event]
    /// The lab events that name a test: their positions in `events`, and the names folded.
    private let named: [(position: Int, test: String)]

    /// Reads the lab events of `patient` through its index of folded texts (read once per
    /// patient, whichever checks ask); the others are passed over without being copied.
    init(of patient: PatientHistory) {
        events = patient.events
        named = patient.normalizedTexts(ofType: .lab, key: "test").compactMap { entry in entry.text.map { (entry.position, $0) } }
    }

    /// The results of `test`, in record order, each with its place among the lab results
    /// that name a test.
    func results(of test: LabTest) -> [(order: Int, event: Event)] {
        named.enumerated().compactMap { order, result in
            test.reports(foldedName: result.test) ? (order, events[result.position]) : nil
        }
    }
}
