import TrialCheckCore

/// A patient's lab results and the test each names (folded), read once per patient and
/// shared by every lab criterion of every lab check (``of(_:)``): each name is hashed once,
/// and each criterion finds its test's results by comparing that hash with its test's
/// identifiers' (``LabTest/reports(foldedName:hash:)``), instead of reading, folding and
/// hashing every result's `test` again.
///
/// A class, immutable: every lab check of the patient gets it from the history's derived
/// values, and keeps it in its judgement's wording, by one reference rather than three.
final class LabResults: Sendable {
    /// A lab event that names a test.
    private struct Named: Sendable {
        /// Its position in the patient's events.
        let position: Int
        /// The test's name, folded (``TermMatcher/normalized(_:)``).
        let test: String
        /// The name's ``LabTest/nameHash(_:)``.
        let hash: UInt64
    }

    /// The patient's events: ``nextResult(of:from:)`` gives positions among them.
    let events: [Event]
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

    /// Reads the `test` of the lab events of `patient`, in place: the other events are
    /// passed over without being copied.
    private init(reading patient: borrowing PatientHistory) {
        let events = patient.events
        self.events = events
        var named: [Named] = []
        var unnamed: [Int] = []
        for position in events.indices where Self.isLab(events[position].type) {
            guard let test = Self.testName(of: events[position]) else {
                unnamed.append(position)
                continue
            }
            if named.isEmpty { named.reserveCapacity(events.count - position) }
            named.append(Named(position: position, test: test, hash: LabTest.nameHash(test)))
            // The folded name is blank exactly when the name as written is.
            if Self.isBlank(test) { unnamed.append(position) }
        }
        self.named = named
        unnamedPositions = unnamed
    }

    /// The `test` of a lab event, folded (``TermMatcher/normalized(_:)``); `nil` when
    /// absent or not text.
    ///
    /// The event is borrowed, and this is never inlined: an event of an array handed to a
    /// function is read where it lies, while reading its attributes in the loop copies it
    /// whole first (its type, dates, attribute source and location).
    @inline(never)
    private static func testName(of event: borrowing Event) -> String? {
        event["test"]?.text.map(TermMatcher.normalized)
    }

    /// Whether `type` is ``EventType/lab``: its length is compared first, which tells most
    /// other types apart without comparing texts (a text equal to `lab` is those 3 bytes).
    private static func isLab(_ type: EventType) -> Bool {
        type.rawValue.utf8.count == 3 && type == .lab
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

    /// The first result of `test` from the `start`th lab result that names a test on: its
    /// place among those results and its position in ``events``; `nil` past the last.
    func nextResult(of test: LabTest, from start: Int) -> (order: Int, position: Int)? {
        named.withUnsafeBufferPointer { named in
            var order = start
            while order < named.count {
                // The hash alone tells most names apart, without touching the text.
                if test.mayReport(hash: named[order].hash), test.reports(foldedName: named[order].test, hash: named[order].hash) {
                    return (order, named[order].position)
                }
                order += 1
            }
            return nil
        }
    }

    /// Whether some lab result names no test (``unnamed``), without listing them.
    var hasUnnamed: Bool { !unnamedPositions.isEmpty }

    /// The lab results that name no test (absent, not text, or blank), in record order: any
    /// of them may be a result of any test.
    var unnamed: [Event] {
        unnamedPositions.map { events[$0] }
    }
}
