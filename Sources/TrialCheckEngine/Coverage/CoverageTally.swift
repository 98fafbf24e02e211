import TrialCheckCore

/// Adds up the patients' coverage observations, input by input, into the report's
/// ``DataCoverage``.
struct CoverageTally {
    private struct Key: Hashable {
        let status: CoverageElement.Status
        let kind: CoverageElement.Kind
        let value: String
        let key: String?
    }

    /// What makes an element's sentence and suggestion, and each check's event types.
    private let collector: CoverageCollector
    /// The elements of the input being read, by identity, with the serial number of the
    /// last patient seen with each (so a patient is counted once without a set per patient).
    private var elements: [Key: (element: CoverageElement, lastPatient: Int)] = [:]
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
        for observation in patient.observations {
            let key = Key(status: observation.status, kind: observation.kind, value: observation.value, key: observation.key)
            guard let index = elements.index(forKey: key) else {
                var element = collector.element(for: observation)
                element.count = observation.count
                element.patients = 1
                elements[key] = (element, patientSerial)
                continue
            }
            elements.values[index].element.count += observation.count
            if elements.values[index].lastPatient != patientSerial {
                elements.values[index].lastPatient = patientSerial
                elements.values[index].element.patients = (elements.values[index].element.patients ?? 0) + 1
            }
        }
    }

    /// Closes the input at `path`: its elements, not understood first, then by kind and value.
    mutating func finishInput(path: String) {
        let sorted = elements.values.map(\.element).sorted {
            ($0.status, $0.kind, $0.value) < ($1.status, $1.kind, $1.value)
        }
        inputs.append(InputCoverage(path: path, elements: sorted))
        elements = [:]
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
