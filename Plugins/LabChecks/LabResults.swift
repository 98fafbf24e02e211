import TrialCheckCore

/// A patient's lab results and the test each names (folded), read once per patient and
/// shared by every lab criterion of every lab check (``of(_:)``): each name is hashed once,
/// and each criterion finds its test's results by comparing that hash with its test's
/// identifiers' (``LabTest/reports(foldedName:hash:)``), instead of reading, folding and
/// hashing every result's `test` again.
struct LabResults: Sendable {
    /// A lab event that names a test.
    private struct Named: Sendable {
        /// Its position in the patient's events.
        let position: Int
        /// The test's name, folded (``TermMatcher/normalized(_:)``).
        let test: String
        /// The name's `hashValue`.
        let hash: Int
    }

    /// The patient's events.
    private let events: [Event]
    /// The lab events that name a test, in record order.
    private let named: [Named]
    /// The positions of the lab events whose `test` is absent, not text, or blank.
    private let unnamedPositions: [Int]

    /// The key the shared reading is kept under in a history's derived values.
    private struct Key: Hashable, Sendable {}

    /// The lab results of `patient`, read the first time a lab check asks and shared by
    /// the others (dropped when the history's events change).
    static func of(_ patient: PatientHistory) -> LabResults {
        patient.derived(Key()) { LabResults(reading: patient) }
    }

    /// Reads the lab events of `patient` through its index of folded texts; the others are
    /// passed over without being copied.
    private init(reading patient: borrowing PatientHistory) {
        events = patient.events
        var named: [Named] = []
        var unnamed: [Int] = []
        for entry in patient.normalizedTexts(ofType: .lab, key: "test") {
            guard let test = entry.text else {
                unnamed.append(entry.position)
                continue
            }
            named.append(Named(position: entry.position, test: test, hash: test.hashValue))
            // The folded name is blank exactly when the name as written is.
            if Self.isBlank(test) { unnamed.append(entry.position) }
        }
        self.named = named
        unnamedPositions = unnamed
    }

    /// Whether `text` is empty or only whitespace (as ``Swift/StringProtocol/trimmingWhitespace()`` trims it).
    private static func isBlank(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return true }
        switch first {
        case 0x20, 0x09, 0x0A, 0x0D: return text.trimmingWhitespace().isEmpty
        default: return false
        }
    }

    /// The results of `test`, in record order, each with its place among the lab results
    /// that name a test.
    func results(of test: LabTest) -> [(order: Int, event: Event)] {
        var found: [(order: Int, event: Event)] = []
        named.withUnsafeBufferPointer { named in
            for order in named.indices where test.reports(foldedName: named[order].test, hash: named[order].hash) {
                found.append((order, events[named[order].position]))
            }
        }
        return found
    }

    /// The result of `test`, when the patient has exactly one (the usual record): found
    /// without building the list ``results(of:)`` gives.
    func onlyResult(of test: LabTest) -> Event? {
        var found: Int?
        for entry in named where test.reports(foldedName: entry.test, hash: entry.hash) {
            guard found == nil else { return nil }
            found = entry.position
        }
        return found.map { events[$0] }
    }

    /// The lab results that name no test (absent, not text, or blank), in record order: any
    /// of them may be a result of any test.
    var unnamed: [Event] {
        unnamedPositions.map { events[$0] }
    }
}
