import TrialCheckCore

/// Adds up the patients' coverage observations, input by input, into the report's
/// ``DataCoverage``.
struct CoverageTally {
    private struct Key: Hashable {
        let status: CoverageElement.Status
        let kind: CoverageElement.Kind
        let value: String
        let key: String?

        init(_ observation: CoverageObservation) {
            (status, kind, value, key) = (observation.status, observation.kind, observation.value, observation.key)
        }
    }

    /// What makes an element's sentence and suggestion, and each check's event types.
    private let collector: CoverageCollector
    /// The elements of the input being read, in the order first seen, with the serial
    /// number of the last patient seen with each (so a patient is counted once without a
    /// set per patient).
    private var elements: [(element: CoverageElement, lastPatient: Int)] = []
    /// Each element's identity, at its position in ``elements``.
    private var keys: [Key] = []
    /// The position of each identity in ``elements``.
    private var positions: [Key: Int] = [:]
    /// Where the previous patient's observations were counted, in its record's order:
    /// patients of one export tend to hold the same elements in the same order, give or
    /// take an event, so an observation is first looked for a few places on from where
    /// the last one matched there, and its identity hashed only when it is not found.
    private var previousPositions: [Int] = []
    /// The positions of the patient being added, in its record's order (kept to reuse its
    /// storage: it becomes ``previousPositions``).
    private var currentPositions: [Int] = []
    /// How far past the last match the previous patient's positions are searched: enough
    /// for a few events more or fewer than the previous patient's.
    private static let searchWindow = 8
    /// The serial number of the patient being added.
    private var patientSerial = 0
    /// The finished inputs.
    private var inputs: [InputCoverage] = []
    /// Per check, patients with data it reads.
    private var withData: [Int]

    init(collector: CoverageCollector) {
        self.collector = collector
        withData = Array(repeating: 0, count: collector.checkTypeMasks.count)
    }

    /// Adds one audited patient's observations.
    mutating func add(_ patient: PatientCoverage) {
        for (index, mask) in collector.checkTypeMasks.enumerated() where mask == 0 || mask & patient.typesPresent != 0 {
            withData[index] += 1
        }
        guard !patient.observations.isEmpty else { return }
        patientSerial += 1
        currentPositions.removeAll(keepingCapacity: true)
        var cursor = 0
        for observation in patient.observations {
            let key = Key(observation)
            // Each identity has one position, so finding the key among the previous
            // patient's positions finds the position the table holds for it.
            let position = previousPosition(of: key, from: &cursor) ?? positions[key] ?? newElement(key, for: observation)
            currentPositions.append(position)
            elements[position].element.count += observation.count
            if elements[position].lastPatient != patientSerial {
                elements[position].lastPatient = patientSerial
                elements[position].element.patients = (elements[position].element.patients ?? 0) + 1
            }
        }
        swap(&previousPositions, &currentPositions)
    }

    /// The position of `key` among the previous patient's positions, looked for from
    /// `cursor` on (moved past it when found), or `nil`.
    private func previousPosition(of key: Key, from cursor: inout Int) -> Int? {
        let end = min(previousPositions.count, cursor + Self.searchWindow)
        var index = cursor
        while index < end {
            let position = previousPositions[index]
            if keys[position] == key {
                cursor = index + 1
                return position
            }
            index += 1
        }
        return nil
    }

    /// Adds an element, counted nowhere yet, for the first observation of `key`.
    private mutating func newElement(_ key: Key, for observation: CoverageObservation) -> Int {
        var element = collector.element(for: observation)
        element.count = 0
        element.patients = 0
        elements.append((element, 0))
        keys.append(key)
        positions[key] = elements.count - 1
        return elements.count - 1
    }

    /// Closes the input at `path`: its elements, not understood first, then by kind and value.
    mutating func finishInput(path: String) {
        let sorted = elements.map(\.element).sorted {
            ($0.status, $0.kind, $0.value) < ($1.status, $1.kind, $1.value)
        }
        inputs.append(InputCoverage(path: path, elements: sorted))
        elements = []
        keys = []
        positions = [:]
        previousPositions = []
        currentPositions = []
    }

    /// The coverage, with each check's count of evaluable patients from `checks`.
    func coverage(checks: [AuditReport.CheckSummary]) -> DataCoverage {
        DataCoverage(
            inputs: inputs,
            checks: checks.enumerated().map { index, check in
                CheckCoverage(id: check.id, patientsWithData: index < withData.count ? withData[index] : 0, evaluable: check.evaluated - check.notEvaluable)
            }
        )
    }
}
